// fixtures/nn: every module case (forward, then the gradients of the recorded weighting), nn.utils.rnn
// function, default initialisation and repr, one row per module, as packages/nn/test checks them.
import * as torch from '@wick/torch';
import { compareValue, decodeValue, loadFixture } from '@wick/testing';

const { nn } = torch;
const exact = { ok: true, worstUlp: 0, worstAbs: 0 };
const differs = (problem) => ({ ok: false, worstUlp: 0, worstAbs: 0, problem });

function construct(c) {
  const args = decodeValue(c.args ?? []).value;
  const kwargs = c.kwargs ?? {};
  return Reflect.construct(nn[c.module], Object.keys(kwargs).length > 0 ? [...args, decodeValue(kwargs).value] : args);
}

/** Fixture inputs as wick values: tensors, [h, c] lists, and {pack: ...} as a PackedSequence. */
function input(v) {
  return leafInput(v, false)[0];
}

/** [value, leaves shaped like the fixture's grads.inputs]; with `leaf`, float tensors require grad. */
function leafInput(v, leaf = true) {
  if (v !== null && typeof v === 'object' && 'pack' in v) {
    const p = v.pack;
    let padded = decodeValue(p.padded).value;
    if (leaf) padded = padded.clone().requires_grad_();
    const lengths = decodeValue(p.lengths).value;
    return [nn.utils.rnn.pack_padded_sequence(padded, lengths, { batch_first: p.batch_first, enforce_sorted: p.enforce_sorted }), padded];
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => leafInput(x, leaf));
    return [parts.map((p) => p[0]), parts.map((p) => p[1])];
  }
  const t = decodeValue(v).value;
  if (leaf && t instanceof torch.Tensor && t.is_floating_point()) {
    const l = t.clone().requires_grad_();
    return [l, l];
  }
  return [t, null];
}
const gradOf = (l) => (Array.isArray(l) ? l.map(gradOf) : l instanceof torch.Tensor ? l.grad : null);
const actual = (v) => (v instanceof nn.PackedSequence ? [v.data, v.batch_sizes, v.sorted_indices, v.unsorted_indices] : Array.isArray(v) ? v.map(actual) : v);
const expected = (v) => (v && typeof v === 'object' && 'packed_sequence' in v ? v.packed_sequence : Array.isArray(v) ? v.map(expected) : v);
const floats = (v) => (v instanceof nn.PackedSequence ? [v.data] : v instanceof torch.Tensor ? (v.is_floating_point() ? [v] : []) : Array.isArray(v) ? v.flatMap(floats) : []);

function loaded(c) {
  const m = construct(c);
  if (String(c.dtype) !== 'float32') m.to(String(c.dtype));
  m.load_state_dict(new Map(c.state_dict.map(([k, t]) => [k, decodeValue(t).value])));
  m.train(Boolean(c.training));
  return m;
}

/** A case that draws (dropout in training) was recorded right after manual_seed(seed). */
const reseed = (c) => c.seed !== undefined && torch.manual_seed(Number(c.seed));

function forward(c) {
  const m = loaded(c);
  const args = c.inputs.map(input);
  reseed(c);
  return compareValue(actual(m.forward(...args)), expected(c.out), c.tol ?? {});
}

function gradients(c) {
  const m = loaded(c);
  const pairs = c.inputs.map((v) => leafInput(v));
  reseed(c);
  const out = m.forward(...pairs.map((p) => p[0]));
  const ws = c.grad_outputs.map((w) => decodeValue(w).value);
  floats(out).map((f, i) => f.mul(ws[i]).sum()).reduce((a, b) => a.add(b)).backward();
  const named = new Map(m.named_parameters());
  const tol = { ulp: 4, atol: Number(c.grad_tol) };
  const got = [c.grads.params.map(([n]) => named.get(n).grad), pairs.map((p) => gradOf(p[1]))];
  return compareValue(got, [c.grads.params.map(([, t]) => t), c.grads.inputs], tol);
}

function error(c) {
  try {
    const m = construct(c);
    if (String(c.dtype) !== 'float32') m.to(String(c.dtype));
    if (c.inputs != null) m.forward(...c.inputs.map(input));
  } catch (e) {
    return e.message === c.error.message ? exact : differs(`threw ${String(e)}`);
  }
  return differs('no error');
}

/** The function at a recorded path under nn: `nn.utils.rnn.pad_sequence`, `nn.functional.layer_norm`. */
const functionAt = (path) => path.split('.').slice(1).reduce((ns, part) => ns?.[part], nn);

const kwargsOf = (c) => (c.kwargs && Object.keys(c.kwargs).length > 0 ? [decodeValue(c.kwargs).value] : []);

function fn(c) {
  const args = (c.args ?? []).map((v) => input(v));
  reseed(c);
  return compareValue(actual(functionAt(c.fn)(...args, ...kwargsOf(c))), expected(c.out), c.tol ?? {});
}

/** A function case's gradients with respect to its arguments. */
function fnGradients(c) {
  const pairs = c.args.map((v) => leafInput(v));
  reseed(c);
  const out = functionAt(c.fn)(...pairs.map((p) => p[0]), ...kwargsOf(c));
  const ws = c.grad_outputs.map((w) => decodeValue(w).value);
  floats(out).map((f, i) => f.mul(ws[i]).sum()).reduce((a, b) => a.add(b)).backward();
  return compareValue(pairs.map((p) => gradOf(p[1])), c.grads.inputs, { ulp: 4, atol: Number(c.grad_tol) });
}

function fnError(c) {
  try {
    functionAt(c.fn)(...(c.args ?? []).map((v) => input(v)), ...kwargsOf(c));
  } catch (e) {
    return e.message === c.error.message ? exact : differs(`threw ${String(e)}`);
  }
  return differs('no error');
}

function initModule(c) {
  torch.manual_seed(Number(c.seed));
  const sd = construct(c).state_dict();
  if ([...sd.keys()].join() !== c.out.map(([k]) => k).join()) return differs('state_dict keys differ');
  return compareValue([...sd.values()], c.out.map(([, t]) => t), c.tol ?? {});
}

function initFn(c) {
  torch.manual_seed(Number(c.seed));
  const t = torch.empty(decodeValue(c.shape).value, { dtype: String(c.dtype) }).fill_(0.5);
  nn.init[c.fn](t, ...decodeValue(c.args ?? []).value);
  return compareValue(t, c.out, c.tol ?? {});
}

/** orthogonal_ after manual_seed (the QR-alone check on PyTorch's sample is in the nn tests). */
function orthogonal(c) {
  torch.manual_seed(Number(c.seed));
  const t = nn.init.orthogonal_(torch.empty(c.shape, { dtype: String(c.dtype) }), Number(c.gain));
  return compareValue(t, c.out, c.tol ?? {});
}

/** Several forward calls in a row (BatchNorm, InstanceNorm): each output and every buffer after it. */
function trainSteps(c) {
  const m = loaded(c);
  const got = [];
  const want = [];
  for (const step of c.steps) {
    m.train(step.training);
    // Copies: the buffers themselves move again at the next step.
    got.push(m.forward(input(step.input)), m.named_buffers().map(([, b]) => b.clone()));
    want.push(step.out, step.buffers.map(([, t]) => t));
  }
  return compareValue(got, want, c.tol ?? {});
}

export function run(note) {
  for (const family of ['rnn', 'layers', 'init', 'calls', 'activations', 'norm', 'embedding', 'conv', 'pool', 'attention']) {
    for (const c of loadFixture(`nn/${family}.msgpack`).cases) {
      if (c.kind === 'module') {
        note(`${c.module} forward`, () => forward(c));
        if (c.grads) note(`${c.module} gradients`, () => gradients(c));
      } else if (c.kind === 'error') note(`${c.module} errors`, () => error(c));
      else if (c.kind === 'function') {
        note(c.fn, () => fn(c));
        if (c.grads) note(`${c.fn} gradients`, () => fnGradients(c));
      } else if (c.kind === 'function_error') note(`${c.fn} errors`, () => fnError(c));
      else if (c.kind === 'init_module') note(`${c.module} default init`, () => initModule(c));
      else if (c.kind === 'init_fn') note(`nn.init.${c.fn}`, () => initFn(c));
      else if (c.kind === 'orthogonal') note('nn.init.orthogonal_', () => orthogonal(c));
      else if (c.kind === 'repr') note(`${c.module} repr`, () => (String(construct(c)) === c.out ? exact : differs('repr differs')));
      else if (c.kind === 'train_steps') note(`${c.module} running statistics`, () => trainSteps(c));
      // word_lm cases (a whole training run of the word_language_model port) run in the nn tests only.
    }
  }
}
