// F.multi_head_attention_forward: PyTorch's slow path (torch/nn/functional.py), which
// MultiheadAttention takes whenever autograd records and which its fast path agrees with.
// Inputs are (L, N, E) or unbatched (L, E); the weights path runs baddbmm + softmax, the other
// scaled_dot_product_attention, as PyTorch's does.
import { type DType, type PyArgs, ShapeError, type Tensor, ValueError, cat, defineFunction, functionalPad, linear, zeros, zeros_like } from '@wick/tensor';
import { pyTuple } from '../py-repr.js';
import { PY_FUNCTION } from '../signatures.js';
import { sizeRepr } from '../type-name.js';
import { sdpaImpl } from './attention.js';
import { dropoutImpl } from './dropout.js';

/** An AssertionError of PyTorch's Python checks. */
const assertion = (message: string): ShapeError => new ShapeError(message, 'AssertionError');

/**
 * PyTorch's _canonical_mask: a bool mask (true: do not attend) becomes the additive float mask
 * (-inf there, 0 elsewhere) in the inputs' dtype; a float mask is used as given.
 */
export function canonicalMask(mask: Tensor | null, name: string, dtype: DType): Tensor | null {
  if (mask === null) return null;
  if (mask.is_floating_point()) return mask;
  if (mask.dtype !== 'bool') throw assertion(`only bool and floating types of ${name} are supported`);
  return zeros_like(mask, { dtype }).masked_fill(mask, -Infinity);
}

/** PyTorch's _mha_shape_check: whether the call is batched, after checking every rank. */
function isBatched(query: Tensor, key: Tensor, value: Tensor, keyPaddingMask: Tensor | null, attnMask: Tensor | null, heads: number): boolean {
  const kind = query.ndim === 3 ? 'batched (3-D)' : 'unbatched (2-D)';
  if (query.ndim !== 3 && query.ndim !== 2) {
    throw assertion(`query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`);
  }
  const rank = query.ndim;
  if (key.ndim !== rank || value.ndim !== rank) {
    throw assertion(`For ${kind} \`query\`, expected \`key\` and \`value\` to be ${rank}-D but found ${key.ndim}-D and ${value.ndim}-D `
      + 'tensors respectively');
  }
  if (keyPaddingMask !== null && keyPaddingMask.ndim !== rank - 1) {
    throw assertion(`For ${kind} \`query\`, expected \`key_padding_mask\` to be \`None\` or ${rank - 1}-D but found `
      + `${keyPaddingMask.ndim}-D tensor instead`);
  }
  if (attnMask !== null) {
    if (attnMask.ndim !== 2 && attnMask.ndim !== 3) {
      throw assertion(`For ${kind} \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.ndim}-D tensor instead`);
    }
    const expected = [heads, query.size(0), key.size(0)];
    if (rank === 2 && attnMask.ndim === 3 && attnMask.shape.join() !== expected.join()) {
      throw assertion(`Expected \`attn_mask\` shape to be ${pyTuple(expected)} but got ${sizeRepr(attnMask.shape)}`);
    }
  }
  return rank === 3;
}

/** PyTorch's _in_projection_packed: one matmul when q, k and v are the same tensor, two when k is v. */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): [Tensor, Tensor, Tensor] {
  const E = q.size(-1);
  // [.., n*E] -> [n, .., E]: the n projections as the first dim.
  const unpack = (proj: Tensor, n: number): Tensor => proj.unflatten(-1, [n, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
  if (k === v) {
    if (q === k) {
      const proj = unpack(linear(q, w, b), 3);
      return [proj.select(0, 0), proj.select(0, 1), proj.select(0, 2)];
    }
    const [wQ, wKV] = w.split([E, E * 2]) as [Tensor, Tensor];
    const [bQ, bKV] = b === null ? [null, null] : (b.split([E, E * 2]) as [Tensor, Tensor]);
    const kv = unpack(linear(k, wKV, bKV), 2);
    return [linear(q, wQ, bQ), kv.select(0, 0), kv.select(0, 1)];
  }
  const [wQ, wK, wV] = w.chunk(3) as [Tensor, Tensor, Tensor];
  const [bQ, bK, bV] = b === null ? [null, null, null] : (b.chunk(3) as [Tensor, Tensor, Tensor]);
  return [linear(q, wQ, bQ), linear(k, wK, bK), linear(v, wV, bV)];
}

/** PyTorch's _in_projection: separate q, k and v weights, each shape checked. */
function inProjection(
  q: Tensor, k: Tensor, v: Tensor, wQ: Tensor, wK: Tensor, wV: Tensor, bias: Tensor | null,
): [Tensor, Tensor, Tensor] {
  const [Eq, Ek, Ev] = [q.size(-1), k.size(-1), v.size(-1)];
  const check = (what: string, t: Tensor, shape: number[]): void => {
    if (t.shape.join() !== shape.join()) throw assertion(`expecting ${what} shape of ${pyTuple(shape)}, but got ${sizeRepr(t.shape)}`);
  };
  check('query weights', wQ, [Eq, Eq]);
  check('key weights', wK, [Eq, Ek]);
  check('value weights', wV, [Eq, Ev]);
  const [bQ, bK, bV] = bias === null ? [null, null, null] : (bias.chunk(3) as [Tensor, Tensor, Tensor]);
  for (const [what, b] of [['query', bQ], ['key', bK], ['value', bV]] as const) if (b !== null) check(`${what} bias`, b, [Eq]);
  return [linear(q, wQ, bQ), linear(k, wK, bK), linear(v, wV, bV)];
}

/** The arguments of multi_head_attention_forward, by PyTorch's names. */
export interface MhaArgs {
  query: Tensor;
  key: Tensor;
  value: Tensor;
  embed_dim_to_check: number;
  num_heads: number;
  in_proj_weight: Tensor | null;
  in_proj_bias: Tensor | null;
  bias_k: Tensor | null;
  bias_v: Tensor | null;
  add_zero_attn: boolean;
  dropout_p: number;
  out_proj_weight: Tensor;
  out_proj_bias: Tensor | null;
  training: boolean;
  key_padding_mask: Tensor | null;
  need_weights: boolean;
  attn_mask: Tensor | null;
  use_separate_proj_weight: boolean;
  q_proj_weight: Tensor | null;
  k_proj_weight: Tensor | null;
  v_proj_weight: Tensor | null;
  static_k: Tensor | null;
  static_v: Tensor | null;
  average_attn_weights: boolean;
  is_causal: boolean;
}

type MhaRequired = [query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check: number, num_heads: number,
  in_proj_weight: Tensor | null, in_proj_bias: Tensor | null, bias_k: Tensor | null, bias_v: Tensor | null, add_zero_attn: boolean,
  dropout_p: number, out_proj_weight: Tensor, out_proj_bias: Tensor | null];

export const multi_head_attention_forward = defineFunction<
  (...args: PyArgs<[...MhaRequired, training?: boolean, key_padding_mask?: Tensor | null, need_weights?: boolean,
    attn_mask?: Tensor | null, use_separate_proj_weight?: boolean, q_proj_weight?: Tensor | null, k_proj_weight?: Tensor | null,
    v_proj_weight?: Tensor | null, static_k?: Tensor | null, static_v?: Tensor | null, average_attn_weights?: boolean,
    is_causal?: boolean], Partial<MhaArgs>>) => [Tensor, Tensor | null]
>(
  'multi_head_attention_forward',
  'multi_head_attention_forward(Tensor query, Tensor key, Tensor value, int embed_dim_to_check, int num_heads, '
    + 'Tensor? in_proj_weight, Tensor? in_proj_bias, Tensor? bias_k, Tensor? bias_v, bool add_zero_attn, float dropout_p, '
    + 'Tensor out_proj_weight, Tensor? out_proj_bias, bool training=True, Tensor? key_padding_mask=None, bool need_weights=True, '
    + 'Tensor? attn_mask=None, bool use_separate_proj_weight=False, Tensor? q_proj_weight=None, Tensor? k_proj_weight=None, '
    + 'Tensor? v_proj_weight=None, Tensor? static_k=None, Tensor? static_v=None, bool average_attn_weights=True, bool is_causal=False)',
  (a) => mhaForward(a as MhaArgs),
  { ...PY_FUNCTION, namespace: 'nn.functional' },
);

/** Checks a static key or value: (N * num_heads, S, head_dim). */
function checkStatic(name: string, t: Tensor, heads: number, headDim: number): Tensor {
  if (t.size(0) !== heads) throw assertion(`expecting ${name}.size(0) of ${heads}, but got ${t.size(0)}`);
  if (t.size(2) !== headDim) throw assertion(`expecting ${name}.size(2) of ${headDim}, but got ${t.size(2)}`);
  return t;
}

export function mhaForward(a: MhaArgs): [Tensor, Tensor | null] {
  let { query, key, value, key_padding_mask: keyPaddingMask, attn_mask: attnMask, is_causal: isCausal } = a;
  const heads = a.num_heads;
  const batched = isBatched(query, key, value, keyPaddingMask, attnMask, heads);
  if (!batched) {
    query = query.unsqueeze(1);
    key = key.unsqueeze(1);
    value = value.unsqueeze(1);
    if (keyPaddingMask !== null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
  }
  const [tgtLen, bsz, embedDim] = query.shape as [number, number, number];
  keyPaddingMask = canonicalMask(keyPaddingMask, 'key_padding_mask', query.dtype);
  if (isCausal && attnMask === null) {
    throw new ValueError('Need attn_mask if specifying the is_causal hint. You may use the Transformer module method '
      + '`generate_square_subsequent_mask` to create this mask.');
  }
  // With is_causal and nothing else to add, scaled_dot_product_attention builds the causal mask itself.
  if (isCausal && keyPaddingMask === null && !a.need_weights) {
    attnMask = null;
  } else {
    attnMask = canonicalMask(attnMask, 'attn_mask', query.dtype);
    if (keyPaddingMask !== null) isCausal = false;
  }
  if (embedDim !== a.embed_dim_to_check) throw assertion(`was expecting embedding dimension of ${a.embed_dim_to_check}, but got ${embedDim}`);
  const headDim = Math.trunc(embedDim / heads);
  if (headDim * heads !== embedDim) throw assertion(`embed_dim ${embedDim} not divisible by num_heads ${heads}`);

  let q: Tensor;
  let k: Tensor;
  let v: Tensor;
  if (a.use_separate_proj_weight) {
    if (key.shape.slice(0, 2).join() !== value.shape.slice(0, 2).join()) {
      throw assertion(`key's sequence and batch dims ${sizeRepr(key.shape.slice(0, 2))} do not match value's ${sizeRepr(value.shape.slice(0, 2))}`);
    }
    if (a.q_proj_weight === null) throw assertion('use_separate_proj_weight is True but q_proj_weight is None');
    if (a.k_proj_weight === null) throw assertion('use_separate_proj_weight is True but k_proj_weight is None');
    if (a.v_proj_weight === null) throw assertion('use_separate_proj_weight is True but v_proj_weight is None');
    [q, k, v] = inProjection(query, key, value, a.q_proj_weight, a.k_proj_weight, a.v_proj_weight, a.in_proj_bias);
  } else {
    if (key.shape.join() !== value.shape.join()) throw assertion(`key shape ${sizeRepr(key.shape)} does not match value shape ${sizeRepr(value.shape)}`);
    if (a.in_proj_weight === null) throw assertion('use_separate_proj_weight is False but in_proj_weight is None');
    [q, k, v] = inProjectionPacked(query, key, value, a.in_proj_weight, a.in_proj_bias);
  }

  let srcLen = key.size(0);
  if (attnMask !== null) {
    if (attnMask.ndim === 2) {
      if (attnMask.shape.join() !== [tgtLen, srcLen].join()) {
        throw new ShapeError(`The shape of the 2D attn_mask is ${sizeRepr(attnMask.shape)}, but should be ${pyTuple([tgtLen, srcLen])}.`);
      }
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.ndim === 3) {
      const expected = [bsz * heads, tgtLen, srcLen];
      if (attnMask.shape.join() !== expected.join()) {
        throw new ShapeError(`The shape of the 3D attn_mask is ${sizeRepr(attnMask.shape)}, but should be ${pyTuple(expected)}.`);
      }
    } else {
      throw new ShapeError(`attn_mask's dimension ${attnMask.ndim} is not supported`);
    }
  }

  // One more key and value: the learnt bias_k / bias_v, attended by every query (the masks grow a column).
  if (a.bias_k !== null && a.bias_v !== null) {
    if (a.static_k !== null) throw assertion('bias cannot be added to static key.');
    if (a.static_v !== null) throw assertion('bias cannot be added to static value.');
    k = cat([k, a.bias_k.expand(1, bsz, a.bias_k.size(2))]);
    v = cat([v, a.bias_v.expand(1, bsz, a.bias_v.size(2))]);
    if (attnMask !== null) attnMask = functionalPad(attnMask, [0, 1]);
    if (keyPaddingMask !== null) keyPaddingMask = functionalPad(keyPaddingMask, [0, 1]);
  } else {
    if (a.bias_k !== null) throw assertion('bias_k is set but bias_v is None');
    if (a.bias_v !== null) throw assertion('bias_v is set but bias_k is None');
  }

  // Heads become batch entries: (N * num_heads, L, head_dim).
  q = q.view(tgtLen, bsz * heads, headDim).transpose(0, 1);
  k = a.static_k === null ? k.view(k.size(0), bsz * heads, headDim).transpose(0, 1) : checkStatic('static_k', a.static_k, bsz * heads, headDim);
  v = a.static_v === null ? v.view(v.size(0), bsz * heads, headDim).transpose(0, 1) : checkStatic('static_v', a.static_v, bsz * heads, headDim);

  if (a.add_zero_attn) {
    const shape = [bsz * heads, 1, headDim];
    k = cat([k, zeros(shape, { dtype: k.dtype, device: k.device })], 1);
    v = cat([v, zeros(shape, { dtype: v.dtype, device: v.device })], 1);
    if (attnMask !== null) attnMask = functionalPad(attnMask, [0, 1]);
    if (keyPaddingMask !== null) keyPaddingMask = functionalPad(keyPaddingMask, [0, 1]);
  }
  srcLen = k.size(1);

  if (keyPaddingMask !== null) {
    if (keyPaddingMask.size(0) !== bsz) throw assertion(`Expected key_padded_mask.shape[0] to be ${bsz}, but got ${keyPaddingMask.size(0)}`);
    if (keyPaddingMask.size(1) !== srcLen) throw assertion(`Expected key_padded_mask.shape[1] to be ${srcLen}, but got ${keyPaddingMask.size(1)}`);
    const perHead = keyPaddingMask.view(bsz, 1, 1, srcLen).expand(-1, heads, -1, -1).reshape(bsz * heads, 1, srcLen);
    attnMask = attnMask === null ? perHead : attnMask.add(perHead);
  }
  const dropoutP = a.training ? a.dropout_p : 0;

  if (a.need_weights) {
    const qScaled = q.mul(Math.sqrt(1 / headDim));
    // NOTE: PyTorch's own AssertionError, word for word (torch/nn/functional.py): is_causal with
    // need_weights needs an explicit mask there too.
    if (isCausal && attnMask === null) throw assertion('FIXME: is_causal not implemented for need_weights');
    let weights = attnMask !== null ? attnMask.baddbmm(qScaled, k.transpose(-2, -1)) : qScaled.bmm(k.transpose(-2, -1));
    weights = weights.softmax(-1);
    if (dropoutP > 0) weights = dropoutImpl(weights, dropoutP, true, false);
    let out = weights.bmm(v).transpose(0, 1).reshape(tgtLen * bsz, embedDim);
    out = linear(out, a.out_proj_weight, a.out_proj_bias);
    out = out.view(tgtLen, bsz, out.size(1));
    weights = weights.view(bsz, heads, tgtLen, srcLen);
    if (a.average_attn_weights) weights = weights.mean(1);
    if (!batched) {
      out = out.squeeze(1);
      weights = weights.squeeze(0);
    }
    return [out, weights];
  }
  if (attnMask !== null) {
    attnMask = attnMask.size(0) === 1 && attnMask.ndim === 3 ? attnMask.unsqueeze(0) : attnMask.view(bsz, heads, -1, srcLen);
  }
  q = q.view(bsz, heads, tgtLen, headDim);
  k = k.view(bsz, heads, srcLen, headDim);
  v = v.view(bsz, heads, srcLen, headDim);
  let out = sdpaImpl(q, k, v, attnMask, dropoutP, isCausal, null, false);
  out = out.permute(2, 0, 1, 3).reshape(bsz * tgtLen, embedDim);
  out = linear(out, a.out_proj_weight, a.out_proj_bias);
  out = out.view(tgtLen, bsz, out.size(1));
  return [batched ? out : out.squeeze(1), null];
}
