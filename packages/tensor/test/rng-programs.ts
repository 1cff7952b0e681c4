import { decodeValue, ulpDistance } from '@wick/testing';
import { expect } from 'vitest';
import * as torch from '../src/index.js';
import type { DType, Generator, Tensor } from '../src/index.js';

// What the rng fixture replays share (fixtures/rng/*.msgpack, tools/fixtures/rng_cases/): a program
// seeds the global generator or a Generator object, then runs steps whose results PyTorch recorded.

export interface SelfSpec { shape: number[]; dtype: DType; perm: number[] }
export interface Step {
  op: string;
  self?: SelfSpec;
  args: unknown[];
  kwargs: { dtype?: DType; layout?: string };
  out: unknown;
  /** An allowance in ULPs: of the value itself, or of the C library function's value it came through. */
  tol?: { ulp: number; through?: 'tan' | 'normal' };
}
export interface Program { name: string; generator: 'global' | 'object'; seed: number | bigint | null; steps: Step[] }

export const arg = (v: unknown): unknown => decodeValue(v).value;

/** The uninitialized tensor a step fills: its shape and dtype, in the recorded memory order. */
export function buildSelf(spec: SelfSpec): Tensor {
  return torch.empty(spec.shape, { dtype: spec.dtype }).permute(spec.perm);
}

/** The largest ULP distance between a result and PyTorch's (Infinity on a non-float mismatch). */
export function distance(actual: Tensor, expected: Tensor): number {
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.numpy();
  const e = expected.numpy();
  const floating = torch.isFloating(actual.dtype);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], e[i])) continue;
    // 0 vs -0, NaN vs a number, and integer mismatches count as infinitely far: bits must be identical.
    const comparable = floating && a[i] === a[i] && e[i] === e[i] && a[i] !== e[i];
    const d = comparable ? ulpDistance(a[i] as number, e[i] as number, actual.dtype) : Infinity;
    worst = Math.max(worst, d);
  }
  return worst;
}

/** Runs a program's steps on its generator, checking each result; a failure names its step. */
export function replay(
  program: Program,
  run: (step: Step, gen: Generator, useObject: boolean) => unknown,
  check: (step: Step, result: unknown) => void,
): void {
  let gen: Generator;
  if (program.generator === 'object') {
    gen = new torch.Generator();
    if (program.seed !== null) gen.manual_seed(program.seed);
  } else {
    gen = torch.manual_seed(program.seed!);
  }
  program.steps.forEach((step, i) => {
    const result = run(step, gen, program.generator === 'object');
    try {
      check(step, result);
    } catch (err) {
      throw new Error(`step ${i} (${step.op}): ${(err as Error).message}`);
    }
  });
}
