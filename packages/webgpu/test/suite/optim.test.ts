// Every optimizer and scheduler against PyTorch on the device under test
// (fixtures/optim/optim.msgpack, as packages/optim/test/fixtures.test.ts runs it on the CPU): the
// parameters and their gradients live on the device; after each of 20 steps the parameters and
// every state tensor are read back and compared with PyTorch's.
import { install } from '@wick/autograd';
import { type Tensor } from '@wick/tensor';
import { type EncodedTensor, HostCopies, SkipReport, decodeBase, loadFixture, placeOn, toleranceOn, unheldReason } from '@wick/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type SchedulerSpec, Worst, makeOptimizer, makeScheduler, paramsArg } from '../../../optim/test/helpers.js';
import { suiteDevice } from './device.js';
import { knownFailures } from './known-failures.js';

install();
const device = await suiteDevice();
const place = placeOn(device);

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

const FILE = 'optim/optim.msgpack';
const fixture = loadFixture(FILE) as unknown as { cases: OptimCase[] };
const known = knownFailures(FILE);

// The CPU test's bounds: a few ULP per element, or a few ULP of the tensor's largest value. The
// device's tolerance hook may raise the per-element bound for this family.
const ULP = 4;
const SCALED = 8;
const ulpOn = (c: OptimCase): number => toleranceOn(device, FILE, { name: c.name, fn: c.optimizer, tol: { ulp: ULP }, out: c.params }).ulp ?? ULP;

const unheld = new SkipReport();
const expectedToFail = new SkipReport('known failures');
describe('optimizers match PyTorch step by step', () => {
  for (const c of fixture.cases) {
    const why = unheldReason(device, [c.params, c.grads, c.steps], [c.dtype]);
    if (why !== null) {
      unheld.add(c.name, why);
      it.skip(c.name, () => {});
      continue;
    }
    if (known[c.name]) expectedToFail.add(c.name, known[c.name]!);
    const test = known[c.name] ? it.fails : it;
    test(c.name, async () => {
      const params = c.params.map((p) => place(decodeBase(p)).requires_grad_(true));
      const opt = makeOptimizer(c.optimizer, paramsArg(params, c.groups), c.kwargs);
      const sched = makeScheduler(c.scheduler, opt);
      const worst = new Worst();
      const ulp = ulpOn(c);
      for (const [k, expected] of c.steps.entries()) {
        params.forEach((p, i) => {
          const g = c.grads[k]![i];
          p.grad = g ? place(decodeBase(g)) : null;
        });
        opt.step();
        sched?.step();
        const host = new HostCopies();
        for (const [i, p] of params.entries()) {
          worst.check(await host.tensor(p), expected.params[i]!, `step ${k} param ${i}`, ulp, SCALED);
          const state = opt.state.get(p);
          for (const [key, e] of Object.entries(expected.state[i]!)) {
            const actual = state?.get(key) as Tensor | undefined;
            // PyTorch keeps `step` on the CPU (unless capturable); every other state tensor lives with its parameter.
            if (key !== 'step') expect(actual?.device, `step ${k} param ${i} state ${key} on the device`).toBe(device.name);
            worst.check(await host.tensor(actual!), e, `step ${k} param ${i} ${key}`, ulp, SCALED);
          }
          expect([...(state?.keys() ?? [])].sort()).toEqual(Object.keys(expected.state[i]!).sort());
        }
        const lrs = opt.param_groups.map((g) => g.lr);
        lrs.forEach((lr, i) => expect(Math.abs(lr - expected.lrs[i]!)).toBeLessThanOrEqual(4 * 2 ** -52 * Math.abs(expected.lrs[i]!)));
        if (sched) expect(sched.get_last_lr()).toEqual(lrs);
      }
      console.log(`${c.name} on '${device.name}': worst ${worst.ulp} ULP, ${worst.rel.toFixed(2)} ULP of the largest value`);
      expect(worst.problems).toEqual([]);
    });
  }
});

afterAll(() => console.log([`${FILE} on '${device.name}':`, ...unheld.lines(), ...expectedToFail.lines()].join('\n')));
