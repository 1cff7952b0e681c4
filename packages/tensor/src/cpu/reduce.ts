import type { DType } from '../dtype.js';
import { numel } from '../shape.js';
import type { StridedView } from '../storage.js';
import { type Rows, forEachRow, planRows } from './iterate.js';
import { reduceRows } from './reduce-rows.js';
import {
  MAX_ABS,
  type NumArray,
  type ReduceKind,
  type Runs,
  allRun,
  anyRun,
  ext,
  finishVar,
  lseShift,
  maxRun,
  minRun,
  numberStore,
  prodRun,
  sqDevRun,
  sumExpRun,
  sumRun,
  welford,
  welfordRun,
} from './reduce-runs.js';

export { scan, softmax } from './scan.js';

/** The reduced dims as runs (see Runs): size-1 dims dropped, dims that step evenly merged. */
function innerRuns(shape: readonly number[], strides: readonly number[]): Runs {
  if (shape.includes(0)) return { len: 0, stride: 0, starts: [0] };
  const sizes: number[] = [];
  const steps: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = sizes.length - 1;
    if (last >= 0 && steps[last] === strides[d]! * shape[d]!) {
      sizes[last] = sizes[last]! * shape[d]!;
      steps[last] = strides[d]!;
    } else {
      sizes.push(shape[d]!);
      steps.push(strides[d]!);
    }
  }
  if (sizes.length === 0) return { len: 1, stride: 0, starts: [0] };
  const len = sizes.pop()!;
  const stride = steps.pop()!;
  // Odometer over the remaining dims for the run starts.
  let starts = [0];
  for (let d = 0; d < sizes.length; d++) {
    const next: number[] = [];
    for (const s of starts) for (let i = 0; i < sizes[d]!; i++) next.push(s + i * steps[d]!);
    starts = next;
  }
  return { len, stride, starts };
}

/**
 * Reduces the trailing `inner` dims of x into out (x's leading dims). `indices` (int64) receives
 * the arg position for max/min with indices; for argmax/argmin, out itself is int64 positions.
 * `correction` is var/std's (N - correction in the divisor, clamped at 0).
 */
export function reduce(
  op: ReduceKind,
  x: StridedView,
  inner: number,
  out: StridedView,
  indices: StridedView | null,
  correction: number,
): void {
  const rank = x.shape.length - inner;
  const runs = innerRuns(x.shape.slice(rank), x.strides.slice(rank));
  const n = runs.len * runs.starts.length;
  const second = indices ?? out;
  const rows = planRows(x.shape.slice(0, rank), [x.strides.slice(0, rank), out.strides, second.strides]);
  const starts = [x.offset, out.offset, second.offset];
  if (needsBigInt(op, x, out, n)) {
    forEachOutput(rows, starts, (xo, oo, io) => reduceOneBig(op, x, xo, runs, out, oo, indices, io));
    return;
  }
  const d = x.storage.data as NumArray;
  // Reading across outputs is in memory order when the reduced elements are further apart than
  // neighbouring outputs (a reduction over a leading dim): then whole rows are accumulated at once.
  if (rows.n > 1 && n > 1 && Math.abs(rows.inner[0]!) < Math.abs(runs.stride)) {
    reduceRows(op, d, runs, n, rows, starts, out, indices, correction);
    return;
  }
  const store = numberStore(out);
  const storeIndex = indices ? numberStore(indices) : null;
  const mean = op === 'mean';
  const round = out.dtype === 'float32' ? Math.fround : (v: number) => v;
  const ctx: Context = { n, correction, wrap: !isFloatOut(out.dtype), round, single: numel(out.shape) === 1 };
  forEachOutput(rows, starts, (xo, oo, io) => {
    const v = reduceOne(op, d, xo, runs, ctx);
    // NOTE: mean is sum rounded to the output dtype, then divided, as PyTorch's sum().div_() is.
    store(oo, mean ? round(v) / n : v);
    if (storeIndex) storeIndex(io, ext.at);
  });
}

interface Context {
  readonly n: number;
  readonly correction: number;
  /** Integer products wrap at 32 bits (the store narrows further). */
  readonly wrap: boolean;
  /** Rounds to the output dtype. */
  readonly round: (v: number) => number;
  /** One output: var/std take PyTorch's all-elements path (two passes) instead of Welford. */
  readonly single: boolean;
}

function isFloatOut(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

/** int64 data, and integer results that a double could not hold exactly, go through bigint. */
function needsBigInt(op: ReduceKind, x: StridedView, out: StridedView, n: number): boolean {
  if (x.dtype === 'int64') return true;
  if (isFloatOut(out.dtype) || out.dtype === 'bool') return false;
  if (op === 'prod') return out.dtype === 'int64';
  // A sum of n integers stays below 2^53 in magnitude (so exact in a double) when n * max|x| does.
  return op === 'sum' && n * (MAX_ABS[x.dtype] ?? 0) >= 2 ** 53;
}

/** Calls body(xOffset, outOffset, indexOffset) once per output element. */
function forEachOutput(rows: Rows, starts: number[], body: (xo: number, oo: number, io: number) => void): void {
  forEachRow(rows, starts, (off, m, s) => {
    for (let j = 0, xo = off[0]!, oo = off[1]!, io = off[2]!; j < m; j++, xo += s[0]!, oo += s[1]!, io += s[2]!) {
      body(xo, oo, io);
    }
  });
}

function reduceOne(op: ReduceKind, d: NumArray, base: number, r: Runs, ctx: Context): number {
  const { len, stride, starts } = r;
  const { n, correction } = ctx;
  switch (op) {
    case 'sum':
    case 'mean': {
      let s = 0;
      for (const st of starts) s += sumRun(d, base + st, stride, len);
      return s;
    }
    case 'prod': {
      let p = 1;
      for (const st of starts) p = prodRun(d, base + st, stride, len, p, ctx.wrap);
      return p;
    }
    case 'max':
    case 'min':
    case 'argmax':
    case 'argmin': {
      const best = extremum(op === 'max' || op === 'argmax', d, base, r);
      return op === 'argmax' || op === 'argmin' ? ext.at : best;
    }
    case 'var':
    case 'std': {
      if (!ctx.single) {
        welford.mean = welford.m2 = welford.n = 0;
        for (const st of starts) welfordRun(d, base + st, stride, len);
        return finishVar(op, welford.m2, n, correction);
      }
      // PyTorch's all-elements var: the mean as x.mean() gives it (in x's dtype), then a second pass.
      let s = 0;
      for (const st of starts) s += sumRun(d, base + st, stride, len);
      const mean = ctx.round(ctx.round(s) / n);
      let m2 = 0;
      for (const st of starts) m2 += sqDevRun(d, base + st, stride, len, mean);
      return finishVar(op, m2, n, correction);
    }
    case 'logsumexp': {
      const shift = lseShift(n === 0 ? -Infinity : extremum(true, d, base, r));
      let s = 0;
      for (const st of starts) s += sumExpRun(d, base + st, stride, len, shift);
      return Math.log(s) + shift;
    }
    case 'all':
      for (const st of starts) if (!allRun(d, base + st, stride, len)) return 0;
      return 1;
    case 'any':
      for (const st of starts) if (anyRun(d, base + st, stride, len)) return 1;
      return 0;
  }
}

function extremum(isMax: boolean, d: NumArray, base: number, r: Runs): number {
  ext.at = -1;
  let k = 0;
  for (const st of r.starts) {
    if (isMax) maxRun(d, base + st, r.stride, r.len, k);
    else minRun(d, base + st, r.stride, r.len, k);
    k += r.len;
  }
  return ext.best;
}

// --- bigint: int64 data, and exact 64-bit results from narrower integers ---------------------------

function reduceOneBig(
  op: ReduceKind,
  x: StridedView,
  base: number,
  r: Runs,
  out: StridedView,
  oo: number,
  indices: StridedView | null,
  io: number,
): void {
  const d = x.storage.data!;
  const od = out.storage.data!;
  let acc = op === 'prod' || op === 'all' ? 1n : 0n;
  let at = -1;
  let k = 0;
  for (const st of r.starts) {
    for (let i = 0, o = base + st; i < r.len; i++, o += r.stride, k++) {
      const v = BigInt(d[o]!);
      switch (op) {
        case 'sum':
          acc += v;
          break;
        case 'prod':
          acc = BigInt.asIntN(64, acc * v);
          break;
        case 'max':
        case 'argmax':
          if (at < 0 || v > acc) {
            acc = v;
            at = k;
          }
          break;
        case 'min':
        case 'argmin':
          if (at < 0 || v < acc) {
            acc = v;
            at = k;
          }
          break;
        case 'all':
          if (v === 0n) acc = 0n;
          break;
        case 'any':
          if (v !== 0n) acc = 1n;
          break;
        default:
          throw new Error(`${op} has no integer kernel`); // ops cast to float first
      }
    }
  }
  const value = op === 'argmax' || op === 'argmin' ? BigInt(at) : acc;
  if (od instanceof BigInt64Array) od[oo] = value;
  else if (out.dtype === 'bool') od[oo] = value !== 0n ? 1 : 0;
  else od[oo] = Number(BigInt.asIntN(32, value)); // the typed array store narrows further, wrapping as C does
  if (indices) (indices.storage.data as BigInt64Array)[io] = BigInt(at);
}
