// fixtures/nn/losses.msgpack: every loss's value and its input/target gradients, and the gradient
// clipping helpers, one row per loss, as packages/nn/test/losses.test.ts checks them.
import * as torch from '@wick/torch';
import { compareValue, decodeValue, loadFixture } from '@wick/testing';

const { nn } = torch;
const merge = (a, b) => ({ ok: a.ok && b.ok, worstUlp: Math.max(a.worstUlp, b.worstUlp), worstAbs: Math.max(a.worstAbs, b.worstAbs), problem: a.problem ?? b.problem });

function loss(c) {
  const m = Reflect.construct(nn[c.module], [decodeValue(c.kwargs ?? {}).value]);
  const [x, t] = c.inputs.map((v) => decodeValue(v).value);
  const input = x.clone().requires_grad_();
  const target = c.grads[1] !== null ? t.clone().requires_grad_() : t;
  const out = m.forward(input, target);
  let agreement = compareValue(out, c.out, c.tol ?? {});
  out.mul(decodeValue(c.grad_outputs[0]).value).sum().backward();
  const tol = { ulp: 4, atol: Number(c.grad_tol) };
  for (const [i, leaf] of [input, target].entries()) {
    if (c.grads[i] !== null) agreement = merge(agreement, compareValue(leaf.grad, c.grads[i], tol));
  }
  return agreement;
}

function clip(c) {
  const params = c.grads.map((g) => {
    const grad = decodeValue(g).value;
    const p = new nn.Parameter(grad.clone().zero_());
    p.grad = grad.clone();
    return p;
  });
  let agreement = { ok: true, worstUlp: 0, worstAbs: 0 };
  if (c.fn === 'clip_grad_norm_') agreement = compareValue(nn.utils.clip_grad_norm_(params, c.args[0], c.args[1]), c.out, c.tol ?? {});
  else nn.utils.clip_grad_value_(params, c.args[0]);
  return merge(agreement, compareValue(params.map((p) => p.grad), c.grads_after, c.tol ?? {}));
}

export function run(note) {
  for (const c of loadFixture('nn/losses.msgpack').cases) {
    if (c.kind === 'loss') note(`${c.module}`, () => loss(c));
    else if (c.kind === 'clip_grad') note(`nn.utils.${c.fn}`, () => clip(c));
  }
}
