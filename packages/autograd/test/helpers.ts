import { type Tensor, tensor } from '@wick/tensor';
import { expect } from 'vitest';
import type { Node } from '../src/index.js';

export const f64 = (data: number[] | number[][], requires_grad = true): Tensor =>
  tensor(data, { dtype: 'float64', requires_grad });

/** grad_fn as a Node (Tensor keeps it untyped). */
export const fn = (t: Tensor): Node => t.grad_fn as Node;

/** Values equal to PyTorch's within a few ULP of float64 (the numbers below come from PyTorch). */
export function expectClose(actual: Tensor | null, expected: unknown, rel = 1e-15): void {
  expect(actual).not.toBeNull();
  const a = actual!.tolist();
  const flatA = [a].flat(4) as number[];
  const flatE = [expected].flat(4) as number[];
  expect(flatA.length).toBe(flatE.length);
  flatA.forEach((v, i) => expect(Math.abs(v - flatE[i]!)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(flatE[i]!))));
}

export function expectThrows(f: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected: ${message}`).toBeInstanceOf(Error);
  expect((thrown as Error).message).toBe(message);
}

/**
 * Deterministic test values in [lo, hi), independent of the library's RNG (a 32-bit LCG): inputs
 * for gradcheck only need to be varied, not to follow PyTorch's random stream.
 */
export function values(n: number, lo: number, hi: number, seed: { s: number }): number[] {
  return Array.from({ length: n }, () => {
    seed.s = (Math.imul(seed.s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * seed.s) / 2 ** 32;
  });
}
