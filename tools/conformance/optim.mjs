// fixtures/optim: every optimizer (and scheduler) run 20 steps on PyTorch's gradients; parameters
// and state after every step, one row per optimizer. Same bound as packages/optim/test: 4 ULP, or
// 8 ULP of the tensor's largest value (state that passes near zero).
import * as torch from '@wick/torch';
import { compareTensors, decodeBase, loadFixture } from '@wick/testing';

const { optim } = torch;
const LAMBDAS = { 'pow0.95': (epoch) => 0.95 ** epoch, warmup5: (epoch) => Math.min(1.0, (epoch + 1) / 5) };

function scheduler(spec, opt) {
  if (spec === null) return null;
  const [a] = spec.args;
  if (spec.type === 'LambdaLR') return new optim.lr_scheduler.LambdaLR(opt, a.map((n) => LAMBDAS[n]), spec.kwargs);
  return new optim.lr_scheduler[spec.type](opt, a, spec.kwargs);
}

function check(total, actual, encoded) {
  const e = decodeBase(encoded);
  let maxAbs = 0;
  for (const v of e.numpy()) maxAbs = Math.max(maxAbs, Math.abs(v));
  const eps = e.dtype === 'float64' ? 2 ** -52 : 2 ** -23;
  const r = actual ? compareTensors(actual, e, { ulp: 4, atol: 8 * eps * maxAbs }) : { ok: false, worstUlp: 0, worstAbs: 0, problem: 'missing state' };
  total.worstUlp = Math.max(total.worstUlp, r.worstUlp);
  total.worstAbs = Math.max(total.worstAbs, r.worstAbs);
  if (!r.ok && total.ok) Object.assign(total, { ok: false, problem: r.problem });
}

function runCase(c) {
  const params = c.params.map((p) => decodeBase(p).requires_grad_(true));
  const groups = c.groups === null ? params : c.groups.map((g) => ({ ...g, params: g.params.map((i) => params[Number(i)]) }));
  const opt = new optim[c.optimizer](groups, { ...c.kwargs });
  const sched = scheduler(c.scheduler, opt);
  const total = { ok: true, worstUlp: 0, worstAbs: 0 };
  c.steps.forEach((expected, k) => {
    params.forEach((p, i) => (p.grad = c.grads[k][i] ? decodeBase(c.grads[k][i]) : null));
    opt.step();
    sched?.step();
    params.forEach((p, i) => {
      check(total, p, expected.params[i]);
      for (const [key, e] of Object.entries(expected.state[i])) check(total, opt.state.get(p)?.get(key), e);
    });
  });
  return total;
}

export function run(note) {
  for (const c of loadFixture('optim/optim.msgpack').cases) {
    note(c.scheduler ? `${c.optimizer} + ${c.scheduler.type}` : c.optimizer, () => runCase(c));
  }
}
