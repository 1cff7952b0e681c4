import * as torch from '@wick/tensor';
import { type TensorClass, hostValues } from '@wick/tensor';
import { expect } from 'vitest';
import { toHost } from './to-host.js';

// Comparisons of a webgpu result with the CPU backend's for the same op on the same input.

export const EPS32 = 2 ** -23;

/** The same op on the CPU and on the device (the input moved there, then viewed as `view` does). */
export async function both(x: TensorClass, view: (t: TensorClass) => TensorClass, op: (t: TensorClass) => TensorClass | TensorClass[]): Promise<[TensorClass[], TensorClass[]]> {
  const cpu = op(view(x));
  const gpu = op(view(x.to('webgpu')));
  const list = (r: TensorClass | TensorClass[]): TensorClass[] => (Array.isArray(r) ? [...r] : [r]);
  return [list(cpu), await Promise.all(list(gpu).map(toHost))];
}

/** The worst error seen per op (the first word of `what`), as a fraction of its bound. */
export const worstRatio = new Map<string, number>();

/** Exactly equal values (NaN equal to NaN), dtype and shape. */
export function expectSame(gpu: TensorClass, cpu: TensorClass, what: string): void {
  expect(gpu.dtype, what).toBe(cpu.dtype);
  expect(gpu.shape, what).toEqual(cpu.shape);
  const a = [...hostValues(gpu)];
  const b = [...hostValues(cpu)];
  expect(a, what).toEqual(b);
}

/**
 * Each float element within its own bound of the CPU's: |gpu - cpu| <= bound[i] (a number for
 * all). Non-finite values must agree exactly (NaN with NaN, inf with inf of the same sign).
 */
export function expectWithin(gpu: TensorClass, cpu: TensorClass, bound: number | ArrayLike<number>, what: string): number {
  expect(gpu.dtype, what).toBe(cpu.dtype);
  expect(gpu.shape, what).toEqual(cpu.shape);
  const a = hostValues(gpu) as Float32Array;
  const b = hostValues(cpu) as Float32Array;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Number.isFinite(y) || !Number.isFinite(x)) {
      expect(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)) || x === y, `${what}: element ${i} is ${x}, expected ${y}`).toBe(true);
      continue;
    }
    const limit = typeof bound === 'number' ? bound : bound[i]!;
    const err = Math.abs(x - y);
    if (err > limit) expect.fail(`${what}: element ${i} is ${x}, expected ${y} (error ${err}, allowed ${limit})`);
    if (limit > 0) worst = Math.max(worst, err / limit);
  }
  const op = what.split(' ')[0]!;
  worstRatio.set(op, Math.max(worstRatio.get(op) ?? 0, worst));
  return worst;
}

/** The CPU values of t as numbers. */
export const numbers = (t: TensorClass): number[] => [...hostValues(t)].map(Number);

/** float32 randn data with a seed. */
export function randn(shape: number[], seed: number): TensorClass {
  torch.manual_seed(seed);
  return torch.randn(shape);
}

/** Prints the worst errors seen, as fractions of their bounds. */
export function reportWorst(file: string): void {
  const parts = [...worstRatio].map(([op, r]) => `${op} ${r.toFixed(3)}`);
  console.log(`${file}: worst float32 error as a fraction of its bound: ${parts.join(', ')}`);
}
