import type { StridedView } from '../storage.js';
import { type Rows, forEachRow } from './iterate.js';
import { type NumArray, type ReduceKind, type Runs, finishVar, lseShift, numberStore } from './reduce-runs.js';

/**
 * Reductions over a leading dim (e.g. sum over dim 0 of a [1000, 256] tensor) read memory in
 * order: each reduced element k contributes to a whole row of m neighbouring outputs at once,
 * accumulated in double-precision row buffers, instead of striding through memory per output.
 */

const LEAF_ROWS = 16;

/** What a row sum adds up: the elements, or exp of their shifts. */
const Term = { Plain: 0, Exp: 1 } as const;
type Term = (typeof Term)[keyof typeof Term];

interface RowPass {
  readonly d: NumArray;
  readonly xo: number; // offset of the row's first element for reduced index 0
  readonly xs: number; // stride between neighbouring outputs
  readonly m: number;
  readonly runs: Runs;
  /** Per output: the shift (Exp). */
  readonly center: Float64Array;
  /** Scratch rows, one per recursion depth. */
  readonly bufs: Float64Array[];
}

/** Offset of reduced element k relative to xo. */
function offsetOf(runs: Runs, k: number): number {
  if (runs.starts.length === 1) return k * runs.stride;
  const r = Math.floor(k / runs.len);
  return runs.starts[r]! + (k - r * runs.len) * runs.stride;
}

/**
 * acc[j] = sum over k in [k0, k1) of term(x[k][j]), pairwise over k (halving down to leaves of
 * LEAF_ROWS), so the rounding error grows like log(n) as in the single-output kernels.
 */
function sumRows(p: RowPass, term: Term, k0: number, k1: number, acc: Float64Array, depth: number): void {
  const { d, xs, m, center } = p;
  if (k1 - k0 > LEAF_ROWS) {
    const mid = (k0 + k1) >>> 1;
    sumRows(p, term, k0, mid, acc, depth + 1);
    const tmp = (p.bufs[depth] ??= new Float64Array(m));
    sumRows(p, term, mid, k1, tmp, depth + 1);
    for (let j = 0; j < m; j++) acc[j] += tmp[j]!;
    return;
  }
  acc.fill(0, 0, m);
  for (let k = k0; k < k1; k++) {
    const o = p.xo + offsetOf(p.runs, k);
    if (term === Term.Plain) {
      for (let j = 0, i = o; j < m; j++, i += xs) acc[j] += d[i]!;
    } else {
      for (let j = 0, i = o; j < m; j++, i += xs) acc[j] += Math.exp(d[i]! - center[j]!);
    }
  }
}

/** Welford's update per output, in reduced order (see welfordRun): mean[j] and m2[j]. */
function welfordRows(p: RowPass, n: number, mean: Float64Array, m2: Float64Array): void {
  const { d, xs, m } = p;
  mean.fill(0, 0, m);
  m2.fill(0, 0, m);
  for (let k = 0; k < n; k++) {
    const o = p.xo + offsetOf(p.runs, k);
    const count = k + 1;
    for (let j = 0, i = o; j < m; j++, i += xs) {
      const v = d[i]!;
      const delta = v - mean[j]!;
      const mu = mean[j]! + delta / count;
      mean[j] = mu;
      m2[j] += delta * (v - mu);
    }
  }
}

/** best[j] and at[j]: the extremum of each output's elements, first occurrence, NaN propagating. */
function extremumRows(p: RowPass, n: number, isMax: boolean, best: Float64Array, at: Float64Array): void {
  const { d, xs, m } = p;
  for (let j = 0, i = p.xo; j < m; j++, i += xs) best[j] = d[i]!;
  at.fill(0, 0, m);
  for (let k = 1; k < n; k++) {
    const o = p.xo + offsetOf(p.runs, k);
    if (isMax) {
      for (let j = 0, i = o; j < m; j++, i += xs) {
        const b = best[j]!;
        const v = d[i]!;
        if (b === b && !(v <= b)) {
          best[j] = v;
          at[j] = k;
        }
      }
    } else {
      for (let j = 0, i = o; j < m; j++, i += xs) {
        const b = best[j]!;
        const v = d[i]!;
        if (b === b && !(v >= b)) {
          best[j] = v;
          at[j] = k;
        }
      }
    }
  }
}

/** prod (`wrap`: 32-bit integer multiply), all and any, element by element in reduced order. */
function foldRows(op: 'prod' | 'all' | 'any', p: RowPass, n: number, acc: Float64Array, wrap: boolean): void {
  const { d, xs, m } = p;
  acc.fill(op === 'any' ? 0 : 1, 0, m);
  for (let k = 0; k < n; k++) {
    const o = p.xo + offsetOf(p.runs, k);
    if (op === 'prod' && wrap) for (let j = 0, i = o; j < m; j++, i += xs) acc[j] = Math.imul(acc[j]!, d[i]!);
    else if (op === 'prod') for (let j = 0, i = o; j < m; j++, i += xs) acc[j] *= d[i]!;
    else if (op === 'all') for (let j = 0, i = o; j < m; j++, i += xs) acc[j] = d[i] === 0 ? 0 : acc[j]!;
    else for (let j = 0, i = o; j < m; j++, i += xs) acc[j] = d[i] !== 0 ? 1 : acc[j]!;
  }
}

export function reduceRows(
  op: ReduceKind,
  d: NumArray,
  runs: Runs,
  n: number,
  rows: Rows,
  starts: number[],
  out: StridedView,
  indices: StridedView | null,
  correction: number,
): void {
  const width = rows.n;
  const acc = new Float64Array(width);
  const aux = new Float64Array(width);
  const center = new Float64Array(width);
  const bufs: Float64Array[] = [];
  const store = numberStore(out);
  const storeIndex = indices ? numberStore(indices) : null;
  const roundSum = out.dtype === 'float32' ? Math.fround : (v: number) => v;
  const wrap = out.dtype !== 'float32' && out.dtype !== 'float64';
  forEachRow(rows, starts, (off, m, s) => {
    const p: RowPass = { d, xo: off[0]!, xs: s[0]!, m, runs, center, bufs };
    switch (op) {
      case 'sum':
        sumRows(p, Term.Plain, 0, n, acc, 0);
        break;
      case 'mean':
        sumRows(p, Term.Plain, 0, n, acc, 0);
        // NOTE: sum rounded to the output dtype, then divided, as PyTorch's sum().div_() is.
        for (let j = 0; j < m; j++) acc[j] = roundSum(acc[j]!) / n;
        break;
      case 'var':
      case 'std':
        welfordRows(p, n, center, acc);
        for (let j = 0; j < m; j++) acc[j] = finishVar(op, acc[j]!, n, correction);
        break;
      case 'logsumexp':
        extremumRows(p, n, true, aux, acc);
        for (let j = 0; j < m; j++) center[j] = lseShift(aux[j]!);
        sumRows(p, Term.Exp, 0, n, acc, 0);
        for (let j = 0; j < m; j++) acc[j] = Math.log(acc[j]!) + center[j]!;
        break;
      case 'max':
      case 'min':
        extremumRows(p, n, op === 'max', acc, aux);
        break;
      case 'argmax':
      case 'argmin':
        extremumRows(p, n, op === 'argmax', aux, acc);
        break;
      default:
        foldRows(op, p, n, acc, wrap);
    }
    for (let j = 0, oo = off[1]!, io = off[2]!; j < m; j++, oo += s[1]!, io += s[2]!) {
      store(oo, acc[j]!);
      if (storeIndex) storeIndex(io, aux[j]!);
    }
  });
}
