// Every optimizer and scheduler against PyTorch 2.13 (fixtures/optim/optim.msgpack, written by
// tools/fixtures/optim_cases/cases.py): parameters, every state tensor and the learning rates
// after each of 20 steps, float32 and float64. Prints the worst error per case.
import { Tensor } from '@wick/tensor';
import { install } from '@wick/autograd';
import { decodeBase, type EncodedTensor, loadFixture } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SchedulerSpec, Worst, makeOptimizer, makeScheduler, paramsArg, setGrads } from './helpers.js';

beforeAll(() => install());

interface Step {
  params: EncodedTensor[];
  state: Record<string, EncodedTensor>[];
  lrs: number[];
}
interface OptimCase {
  name: string;
  optimizer: string;
  kwargs: Record<string, unknown>;
  groups: Record<string, unknown>[] | null;
  dtype: string;
  scheduler: SchedulerSpec | null;
  params: EncodedTensor[];
  grads: (EncodedTensor | null)[][];
  steps: Step[];
}

const fixture = loadFixture('optim/optim.msgpack') as unknown as { cases: OptimCase[] };

// float32: a few ULP per element, or a few ULP of the tensor's largest value (an entry that
// passes near zero). float64: the same bounds, which hold only if every op rounds as PyTorch's.
const ULP = 4;
const SCALED = 8;

describe('optimizers match PyTorch step by step', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const params = c.params.map((p) => decodeBase(p).requires_grad_(true));
      const opt = makeOptimizer(c.optimizer, paramsArg(params, c.groups), c.kwargs);
      const sched = makeScheduler(c.scheduler, opt);
      const worst = new Worst();
      c.steps.forEach((expected, k) => {
        setGrads(params, c.grads[k]!);
        opt.step();
        sched?.step();
        params.forEach((p, i) => {
          worst.check(p, expected.params[i]!, `step ${k} param ${i}`, ULP, SCALED);
          const state = opt.state.get(p);
          for (const [key, e] of Object.entries(expected.state[i]!)) {
            const actual = state?.get(key) as Tensor | undefined;
            expect(actual, `step ${k} param ${i} state ${key}`).toBeInstanceOf(Tensor);
            worst.check(actual!, e, `step ${k} param ${i} ${key}`, ULP, SCALED);
          }
          expect([...(state?.keys() ?? [])].sort()).toEqual(Object.keys(expected.state[i]!).sort());
        });
        const lrs = opt.param_groups.map((g) => g.lr);
        lrs.forEach((lr, i) => expect(Math.abs(lr - expected.lrs[i]!)).toBeLessThanOrEqual(4 * 2 ** -52 * Math.abs(expected.lrs[i]!)));
        if (sched) expect(sched.get_last_lr()).toEqual(lrs);
      });
      console.log(`${c.name}: worst ${worst.ulp} ULP, ${worst.rel.toFixed(2)} ULP of the largest value`);
      expect(worst.problems).toEqual([]);
    });
  }
});
