import { type Tensor } from '@wick/tensor';
import { compareTensors, decodeBase, type EncodedTensor } from '@wick/testing';
import { Adagrad, Adam, AdamW, type Optimizer, type Params, RMSprop, SGD, lr_scheduler } from '../src/index.js';

/** The optimizer classes by PyTorch's name. */
export function makeOptimizer(kind: string, params: Params, kwargs: Record<string, unknown>): Optimizer {
  const opts = { ...kwargs } as Record<string, never>;
  switch (kind) {
    case 'SGD': return new SGD(params, opts);
    case 'Adam': return new Adam(params, opts);
    case 'AdamW': return new AdamW(params, opts);
    case 'RMSprop': return new RMSprop(params, opts);
    case 'Adagrad': return new Adagrad(params, opts);
    default: throw new Error(`unknown optimizer ${kind}`);
  }
}

/** The same functions as tools/fixtures/optim_cases/cases.py's LAMBDAS. */
const LAMBDAS: Record<string, (epoch: number) => number> = {
  'pow0.95': (epoch) => 0.95 ** epoch,
  warmup5: (epoch) => Math.min(1.0, (epoch + 1) / 5),
};

export interface SchedulerSpec {
  type: string;
  args: unknown[];
  kwargs: Record<string, number>;
}

export function makeScheduler(spec: SchedulerSpec | null, opt: Optimizer): lr_scheduler.LRScheduler | null {
  if (spec === null) return null;
  const a = spec.args;
  switch (spec.type) {
    case 'StepLR': return new lr_scheduler.StepLR(opt, a[0] as number, spec.kwargs);
    case 'ExponentialLR': return new lr_scheduler.ExponentialLR(opt, a[0] as number, spec.kwargs);
    case 'CosineAnnealingLR': return new lr_scheduler.CosineAnnealingLR(opt, a[0] as number, spec.kwargs);
    case 'LambdaLR': return new lr_scheduler.LambdaLR(opt, (a[0] as string[]).map((n) => LAMBDAS[n]!), spec.kwargs);
    default: throw new Error(`unknown scheduler ${spec.type}`);
  }
}

/** Parameters in groups as the fixture describes them (null: one group of all). */
export function paramsArg(params: Tensor[], groups: Record<string, unknown>[] | null): Params {
  if (groups === null) return params;
  return groups.map((g) => ({ ...g, params: (g.params as number[]).map((i) => params[Number(i)]!) }));
}

/** Gives each parameter the fixture's gradient for one step (null: no gradient that step). */
export function setGrads(params: Tensor[], grads: (EncodedTensor | null)[]): void {
  params.forEach((p, i) => {
    const g = grads[i];
    p.grad = g ? decodeBase(g) : null;
  });
}

/** Worst disagreement over a run, reported per case. */
export class Worst {
  ulp = 0;
  rel = 0;
  problems: string[] = [];

  /**
   * Within `ulp` ULP, or within `scaled` ULP of the largest |value| of the tensor (state that
   * passes near zero, where a relative measure says nothing about the error).
   */
  check(actual: Tensor, expected: EncodedTensor, where: string, ulp: number, scaled: number): void {
    const e = decodeBase(expected);
    let maxAbs = 0;
    for (const v of e.numpy() as Float64Array) maxAbs = Math.max(maxAbs, Math.abs(v));
    const eps = e.dtype === 'float64' ? 2 ** -52 : 2 ** -23;
    const r = compareTensors(actual, e, { ulp, atol: scaled * eps * maxAbs });
    this.ulp = Math.max(this.ulp, r.worstUlp);
    if (maxAbs > 0) this.rel = Math.max(this.rel, r.worstAbs / (eps * maxAbs));
    if (!r.ok && this.problems.length < 5) this.problems.push(`${where}: ${r.problem}`);
  }
}
