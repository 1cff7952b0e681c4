import type { DType } from '../dtype.js';
import type { ReduceOp } from '../ops/table.js';
import type { StridedView } from '../storage.js';

/**
 * Building blocks of the reduction kernels: loops over one strided run of elements (offset o,
 * stride s, n elements) on number data, and the shared finishing steps. Float math is done in
 * double, so float32 results are rounded once, when stored.
 */

/** The reductions a backend runs: the table's ReduceOp plus std and logsumexp, which need double precision inside. */
export type ReduceKind = ReduceOp | 'std' | 'logsumexp';

/**
 * The reduced (trailing) dims of x as runs: `len` elements `stride` apart, starting at each of
 * `starts` (relative offsets). Dims that step evenly are merged, so a contiguous block is one run.
 */
export interface Runs {
  readonly len: number;
  readonly stride: number;
  readonly starts: readonly number[];
}

/** The largest magnitude of each narrow integer dtype: n of them sum exactly in a double while n * max < 2^53. */
export const MAX_ABS: Partial<Record<DType, number>> = { bool: 1, uint8: 255, int8: 128, int16: 2 ** 15, int32: 2 ** 31 };

/** Typed arrays whose elements read as numbers (every CPU dtype but int64). */
export type NumArray = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array;

const LEAF = 64;

/**
 * Pairwise sum: halves until a leaf of LEAF elements, summed with four interleaved accumulators.
 * Rounding error grows like log2(n) instead of n (PyTorch's CPU sum is a cascade sum too).
 */
export function sumRun(d: NumArray, o: number, s: number, n: number): number {
  if (n > LEAF) {
    const h = (n >>> 1) & ~3;
    return sumRun(d, o, s, h) + sumRun(d, o + h * s, s, n - h);
  }
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4, o += 4 * s) {
    a0 += d[o]!;
    a1 += d[o + s]!;
    a2 += d[o + 2 * s]!;
    a3 += d[o + 3 * s]!;
  }
  for (; i < n; i++, o += s) a0 += d[o]!;
  return a0 + a1 + (a2 + a3);
}

/** Pairwise sum of (x - center)^2: the second pass of the two-pass variance. */
export function sqDevRun(d: NumArray, o: number, s: number, n: number, center: number): number {
  if (n > LEAF) {
    const h = (n >>> 1) & ~3;
    return sqDevRun(d, o, s, h, center) + sqDevRun(d, o + h * s, s, n - h, center);
  }
  let a = 0;
  for (let i = 0; i < n; i++, o += s) {
    const t = d[o]! - center;
    a += t * t;
  }
  return a;
}

/** Pairwise sum of exp(x - shift): logsumexp's second pass. */
export function sumExpRun(d: NumArray, o: number, s: number, n: number, shift: number): number {
  if (n > LEAF) {
    const h = (n >>> 1) & ~3;
    return sumExpRun(d, o, s, h, shift) + sumExpRun(d, o + h * s, s, n - h, shift);
  }
  let a = 0;
  for (let i = 0; i < n; i++, o += s) a += Math.exp(d[o]! - shift);
  return a;
}

/**
 * Welford's running mean and M2 (sum of squared deviations), updated element by element in order
 * as PyTorch's CPU var/std over dims does (WelfordOps, in double), so results agree to the bit and
 * a constant input gives exactly 0.
 */
export const welford = { mean: 0, m2: 0, n: 0 };

export function welfordRun(d: NumArray, o: number, s: number, len: number): void {
  let { mean, m2, n } = welford;
  for (let i = 0; i < len; i++, o += s) {
    const v = d[o]!;
    n++;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  welford.mean = mean;
  welford.m2 = m2;
  welford.n = n;
}

/** p times the run's product; `wrap` multiplies as 32-bit integers (C's wrap-around for int dtypes). */
export function prodRun(d: NumArray, o: number, s: number, n: number, p: number, wrap: boolean): number {
  if (wrap) {
    for (let i = 0; i < n; i++, o += s) p = Math.imul(p, d[o]!);
  } else {
    for (let i = 0; i < n; i++, o += s) p *= d[o]!;
  }
  return p;
}

/** Whether every element of the run is nonzero (NaN counts as true, as C's bool conversion does). */
export function allRun(d: NumArray, o: number, s: number, n: number): boolean {
  for (let i = 0; i < n; i++, o += s) if (d[o] === 0) return false;
  return true;
}

export function anyRun(d: NumArray, o: number, s: number, n: number): boolean {
  for (let i = 0; i < n; i++, o += s) if (d[o] !== 0) return true;
  return false;
}

/**
 * Running extremum across runs: `best` and its flat index `at` (-1 before the first element).
 * Module state rather than a returned pair, so the per-output loop allocates nothing.
 * NOTE: comparisons are strict so that ties keep the first occurrence (and max(-0, 0) keeps the
 * first zero, where Math.max would pick +0); a NaN wins and stays, as PyTorch propagates it.
 */
export const ext = { best: 0, at: -1 };

export function maxRun(d: NumArray, o: number, s: number, n: number, k: number): void {
  let best = ext.best;
  let at = ext.at;
  if (at >= 0 && best !== best) return;
  for (let i = 0; i < n; i++, o += s) {
    const v = d[o]!;
    if (at < 0 || !(v <= best)) {
      best = v;
      at = k + i;
      if (v !== v) break;
    }
  }
  ext.best = best;
  ext.at = at;
}

export function minRun(d: NumArray, o: number, s: number, n: number, k: number): void {
  let best = ext.best;
  let at = ext.at;
  if (at >= 0 && best !== best) return;
  for (let i = 0; i < n; i++, o += s) {
    const v = d[o]!;
    if (at < 0 || !(v >= best)) {
      best = v;
      at = k + i;
      if (v !== v) break;
    }
  }
  ext.best = best;
  ext.at = at;
}

/** Stores a number into a view's element with C's conversion to its dtype. */
export function numberStore(view: StridedView): (i: number, v: number) => void {
  const od = view.storage.data!;
  if (od instanceof BigInt64Array) return (i, v) => void (od[i] = BigInt(v));
  if (view.dtype === 'bool') return (i, v) => void (od[i] = v !== 0 ? 1 : 0); // NaN is true
  return (i, v) => void (od[i] = v);
}

/** var = M2 / max(0, N - correction), so N <= correction gives inf (or NaN for M2 = 0) as in PyTorch. */
export function finishVar(op: ReduceKind, m2: number, n: number, correction: number): number {
  const v = m2 / Math.max(0, n - correction);
  return op === 'std' ? Math.sqrt(v) : v;
}

/** logsumexp shifts by the max, except an infinite max, which would give inf - inf = NaN (PyTorch uses 0). */
export function lseShift(max: number): number {
  return max === Infinity || max === -Infinity ? 0 : max;
}
