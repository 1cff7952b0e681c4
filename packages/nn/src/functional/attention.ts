// F.scaled_dot_product_attention as PyTorch's CPU math path computes it
// (_scaled_dot_product_attention_math in aten/src/ATen/native/transformers/attention.cpp, which the
// CPU dispatch picks for these inputs): q and k each scaled by sqrt(scale), the mask added, a
// softmax that gives zeros for fully masked rows, dropout, then the product with v. Built from
// table ops, so it runs on any device and autograd follows.
import { type DType, type PyArgs, DTypeError, ShapeError, type Tensor, ValueError, defineFunction, ones, zeros_like } from '@wick/tensor';
import { dropoutImpl } from './dropout.js';

// A C++ builtin in PyTorch (torch._C._nn): its argument parser's messages.
const BUILTIN = {
  namespace: 'nn.functional',
  differs: "torch/_C/_nn.pyi lists scale and enable_gqa as positional; PyTorch's parser (native_functions.yaml) takes them "
    + 'by name only, as declared here',
} as const;

/** ATen's names of the scalar types, as its messages print them. */
const CPP_TYPE: Record<string, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'long int', int32: 'int',
  int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};
const cppType = (d: DType): string => CPP_TYPE[d] ?? d;

export interface ScaledDotProductAttentionOptions {
  query?: Tensor;
  key?: Tensor;
  value?: Tensor;
  attn_mask?: Tensor | null;
  dropout_p?: number;
  is_causal?: boolean;
  scale?: number | null;
  enable_gqa?: boolean;
}

export const scaled_dot_product_attention = defineFunction<
  (...args: PyArgs<[query: Tensor, key: Tensor, value: Tensor, attn_mask?: Tensor | null, dropout_p?: number, is_causal?: boolean],
    ScaledDotProductAttentionOptions>) => Tensor
>(
  'scaled_dot_product_attention',
  'scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, float dropout_p=0.0, '
    + 'bool is_causal=False, *, float? scale=None, bool enable_gqa=False)',
  (a) => sdpaImpl(a.query, a.key, a.value, a.attn_mask, a.dropout_p, a.is_causal, a.scale, a.enable_gqa),
  BUILTIN,
);

/** PyTorch's validate_sdpa_input: dtypes, ranks and the mask's dtype, in its order and words. */
function validate(query: Tensor, key: Tensor, value: Tensor, mask: Tensor | null): void {
  if (query.dtype !== key.dtype || query.dtype !== value.dtype) {
    throw new DTypeError(`Expected query, key, and value to have the same dtype, but got query.dtype: ${cppType(query.dtype)} `
      + `key.dtype: ${cppType(key.dtype)} and value.dtype: ${cppType(value.dtype)} instead.`);
  }
  if (query.ndim < 2 || key.ndim < 2 || value.ndim < 2) {
    throw new ShapeError(`Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: ${query.ndim} `
      + `key.dim: ${key.ndim} and value.dim: ${value.ndim} instead.`);
  }
  if (mask !== null && mask.dtype !== 'bool' && mask.dtype !== query.dtype) {
    throw new DTypeError('Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: '
      + `${cppType(mask.dtype)} and  query.dtype: ${cppType(query.dtype)} instead.`);
  }
}

/** A boolean mask (true: attend) as the additive one: 0 where true, -inf where false. */
function additiveMask(mask: Tensor, dtype: DType): Tensor {
  return zeros_like(mask, { dtype }).masked_fill(mask.logical_not(), -Infinity);
}

/** Key and value heads repeated to the query's (grouped-query attention), as PyTorch's pre-processing does. */
function expandGroups(query: Tensor, key: Tensor, value: Tensor): [Tensor, Tensor] {
  const heads = query.size(-3);
  if (heads % key.size(-3) !== 0 || heads % value.size(-3) !== 0) {
    // NOTE: PyTorch's own message stops mid-sentence.
    throw new ValueError('Number of heads in key and value must divide the number of heads in ');
  }
  return [key.repeat_interleave(heads / key.size(-3), -3), value.repeat_interleave(heads / value.size(-3), -3)];
}

/**
 * ATen's _safe_softmax: softmax over the last dim, but zeros (not NaN) in rows that are all -inf.
 * Those rows are zeroed before the softmax too, so that no NaN reaches the gradient.
 */
export function safeSoftmax(x: Tensor): Tensor {
  const dead = x.eq(-Infinity).all(-1, true);
  return x.masked_fill(dead, 0).softmax(-1).masked_fill(dead, 0);
}

export function sdpaImpl(
  query: Tensor, key: Tensor, value: Tensor, attnMask: Tensor | null, dropoutP: number, isCausal: boolean, scale: number | null,
  enableGqa: boolean,
): Tensor {
  validate(query, key, value, attnMask);
  let mask = attnMask !== null && attnMask.dtype === 'bool' ? additiveMask(attnMask, query.dtype) : attnMask;
  if (isCausal) {
    if (mask !== null) throw new ValueError('_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True');
    const causal = ones([query.size(-2), key.size(-2)], { dtype: 'bool', device: query.device }).tril();
    mask = additiveMask(causal, query.dtype);
  }
  // NOTE: scaling q and k by sqrt(scale) each (PyTorch's "for stability") rounds differently from
  // scaling their product once; a negative scale puts its sign on q.
  const size = scale ?? 1 / Math.sqrt(query.size(-1));
  const factor = Math.sqrt(Math.abs(size));
  const q = query.mul(size < 0 ? 0 - factor : factor);
  const [k, v] = enableGqa ? expandGroups(query, key, value) : [key, value];
  let attn = q.matmul(k.transpose(-2, -1).mul(factor));
  if (mask !== null) {
    const sum = attn.add(mask);
    // PyTorch adds the mask in place: it may not grow the scores' shape.
    if (sum.shape.join() !== attn.shape.join()) {
      throw new ShapeError(`output with shape [${attn.shape.join(', ')}] doesn't match the broadcast shape [${sum.shape.join(', ')}]`);
    }
    attn = sum;
  }
  attn = safeSoftmax(attn);
  // at::dropout, called only for p > 0: its check refuses p > 1 (a negative p means no dropout).
  if (dropoutP > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${dropoutP}`);
  if (dropoutP > 0) attn = dropoutImpl(attn, dropoutP, true, false);
  return attn.matmul(v);
}
