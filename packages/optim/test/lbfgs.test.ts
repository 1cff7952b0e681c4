// optim.LBFGS against PyTorch 2.13 (fixtures/optim/lbfgs.msgpack, written by
// tools/fixtures/optim_cases/lbfgs.py): quadratics, Rosenbrock in 2 and 6 dimensions and a small
// linear regression, in float64 and float32, with a fixed step and with the strong-Wolfe line
// search; after each step the parameters, the returned loss, the evaluation and iteration counts,
// and every loss the closure computed. Resuming from PyTorch's state_dict continues as PyTorch's.
//
// The `exact` cases (float64, two unknowns: no dot product or sum of more than two terms) must
// give PyTorch's bits: there wick's arithmetic is PyTorch's op sequence, rounding for rounding.
// Elsewhere PyTorch's dot products (MKL), sums (a vectorised cascade) and float32 sqrt (MKL's
// VML) round otherwise than wick's kernels, so a case allows four times PyTorch's own deviation
// when those operations round another valid way (recorded per step by the generator), and at
// least 8 ULP of the largest value; the counts must match exactly.
import { type Tensor } from '@wick/tensor';
import { install } from '@wick/autograd';
import { load } from '@wick/serialize';
import { compareTensors, decodeBase, type EncodedTensor, loadFixture } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { LBFGS } from '../src/index.js';
import { PROBLEMS } from './lbfgs-problems.js';

beforeAll(() => install());

interface LbfgsStep {
  params: EncodedTensor[];
  loss: number;
  func_evals: number;
  n_iter: number;
  losses: number[];
  deviation: { params: number; losses: number };
}
interface LbfgsCase {
  name: string;
  problem: string;
  dtype: string;
  kwargs: Record<string, unknown>;
  exact: boolean;
  consts: Record<string, EncodedTensor>;
  params: EncodedTensor[];
  steps: LbfgsStep[];
}
type ResumeCase = LbfgsCase & { checkpoint: Uint8Array };

const fixture = loadFixture('optim/lbfgs.msgpack') as unknown as { cases: LbfgsCase[]; resume: ResumeCase[] };
const FACTOR = 4;
const FLOOR_ULP = 8;

/** The worst disagreement over a case, in ULP of the value and in units of PyTorch's deviation. */
class Measure {
  ulp = 0;
  problems: string[] = [];

  check(actual: Tensor, expected: EncodedTensor, deviation: number, exact: boolean, where: string): void {
    const e = decodeBase(expected);
    const eps = e.dtype === 'float64' ? 2 ** -52 : 2 ** -23;
    const maxAbs = Math.max(...(e.tolist() as number[]).flat(2).map(Math.abs));
    const atol = exact ? undefined : FACTOR * deviation + FLOOR_ULP * eps * maxAbs;
    const r = compareTensors(actual, e, { ulp: 0, atol });
    this.ulp = Math.max(this.ulp, r.worstUlp, Math.round(r.worstAbs / (eps * maxAbs)));
    if (!r.ok && this.problems.length < 4) this.problems.push(`${where}: ${r.problem}`);
  }

  checkLoss(actual: number, expected: number, deviation: number, exact: boolean, eps: number, where: string): void {
    const diff = Math.abs(actual - expected);
    this.ulp = Math.max(this.ulp, Math.round(diff / (eps * Math.abs(expected) || eps)));
    const allowed = exact ? 0 : FACTOR * deviation + FLOOR_ULP * eps * Math.abs(expected);
    if (diff > allowed && this.problems.length < 4) this.problems.push(`${where}: loss ${actual}, expected ${expected} (allowed ${allowed})`);
  }
}

function decodeCase(c: LbfgsCase) {
  const consts = Object.fromEntries(Object.entries(c.consts).map(([k, v]) => [k, decodeBase(v)]));
  const params = c.params.map((p) => decodeBase(p).requires_grad_(true));
  return { consts, params };
}

/** Runs the fixture's steps as the generator did (zero_grad, loss, backward in the closure). */
function runSteps(opt: LBFGS, c: LbfgsCase, consts: Record<string, Tensor>, params: Tensor[]): Measure {
  const fn = PROBLEMS[c.problem]!;
  const measure = new Measure();
  const eps = c.dtype === 'float64' ? 2 ** -52 : 2 ** -23;
  c.steps.forEach((expected, k) => {
    const losses: number[] = [];
    const loss = opt.step(() => {
      opt.zero_grad();
      const l = fn(consts, params);
      l.backward();
      losses.push(Number(l.item()));
      return l;
    }) as Tensor;
    const state = opt.state.get(params[0]!)!;
    const counts = [state.get('func_evals'), state.get('n_iter'), losses.length];
    expect(counts, `step ${k}: func_evals, n_iter, closure calls`).toEqual([expected.func_evals, expected.n_iter, expected.losses.length]);
    losses.forEach((l, i) => measure.checkLoss(l, expected.losses[i]!, expected.deviation.losses, c.exact, eps, `step ${k} evaluation ${i}`));
    measure.checkLoss(Number(loss.item()), expected.loss, expected.deviation.losses, c.exact, eps, `step ${k} returned`);
    params.forEach((p, i) => measure.check(p, expected.params[i]!, expected.deviation.params, c.exact, `step ${k} param ${i}`));
  });
  return measure;
}

describe('LBFGS matches PyTorch step by step', () => {
  for (const c of fixture.cases) {
    it(`${c.name}${c.exact ? ' (bit for bit)' : ''}`, () => {
      const { consts, params } = decodeCase(c);
      const opt = new LBFGS(params, c.kwargs);
      const measure = runSteps(opt, c, consts, params);
      console.log(`${c.name}: worst ${measure.ulp} ULP of the largest value${c.exact ? ' (exact case)' : ''}`);
      expect(measure.problems).toEqual([]);
    });
  }
});

describe("resuming LBFGS from PyTorch's state_dict", () => {
  for (const c of fixture.resume) {
    it(c.name, () => {
      const { consts, params } = decodeCase(c);
      const opt = new LBFGS(params, c.kwargs);
      const sd = load(c.checkpoint) as Map<string, unknown>;
      opt.load_state_dict(sd);
      const state = opt.state.get(params[0]!)!;
      expect([...state.keys()]).toEqual(['func_evals', 'n_iter', 'al', 'd', 't', 'old_dirs', 'old_stps', 'ro', 'H_diag', 'prev_flat_grad', 'prev_loss']);
      expect((state.get('d') as Tensor).dtype).toBe(c.dtype);
      const measure = runSteps(opt, c, consts, params);
      console.log(`${c.name}: worst ${measure.ulp} ULP of the largest value`);
      expect(measure.problems).toEqual([]);
      // wick's own state_dict has PyTorch's layout: the whole state under the first parameter.
      const saved = opt.state_dict();
      expect([...(saved.get('state') as Map<number, unknown>).keys()]).toEqual([0]);
      const group = (saved.get('param_groups') as Map<string, unknown>[])[0]!;
      expect([...group.keys()]).toEqual(['lr', 'max_iter', 'max_eval', 'tolerance_grad', 'tolerance_change', 'history_size', 'line_search_fn', 'params']);
      expect(group.get('params')).toEqual([0, 1].slice(0, params.length));
    });
  }
});

