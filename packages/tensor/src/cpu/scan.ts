import type { StridedView } from '../storage.js';
import { forEachRow, planRows } from './iterate.js';
import { MAX_ABS, type NumArray } from './reduce-runs.js';
import { wasmSoftmax } from './wasm/elementwise.js';

/**
 * Ops that run along one dim and write every position: cumsum/cumprod and softmax/log_softmax.
 * Each visits lines along `dim`; when neighbouring lines are closer in memory than neighbouring
 * elements of a line (dim is a leading dim), a whole row of lines advances together so memory is
 * read in order.
 */

interface Lines {
  /** Number of elements along dim, and x's and out's strides there. */
  readonly n: number;
  readonly xd: number;
  readonly od: number;
  /** Whether to advance rows of lines together. */
  readonly byRow: boolean;
}

/** Calls body(xOffset, outOffset, m, xStep, outStep) for each row of m lines starting there. */
function forEachLineRow(
  x: StridedView,
  dim: number,
  out: StridedView,
  body: (lines: Lines, xo: number, oo: number, m: number, xs: number, os: number) => void,
): void {
  const n = x.shape[dim] ?? 1;
  const xd = x.strides[dim] ?? 0;
  const od = out.strides[dim] ?? 0;
  if (n === 0) return;
  const others = x.shape.slice();
  if (others.length > 0) others[dim] = 1;
  const rows = planRows(others, [x.strides, out.strides]);
  const byRow = rows.n > 1 && Math.abs(rows.inner[0]!) < Math.abs(xd);
  const lines: Lines = { n, xd, od, byRow };
  forEachRow(rows, [x.offset, out.offset], (off, m, s) => body(lines, off[0]!, off[1]!, m, s[0]!, s[1]!));
}

/**
 * Cumulative sum or product along dim. x holds the result dtype's values already, except that
 * bool and narrower integers arrive as they are for an int64 result. Floats accumulate in double
 * and round at each store; integer results wrap as C's do.
 */
export function scan(op: 'cumsum' | 'cumprod', x: StridedView, dim: number, out: StridedView): void {
  const d = x.storage.data!;
  const o = out.storage.data!;
  const n = x.shape[dim] ?? 1;
  if (o instanceof BigInt64Array) {
    // A sum of small integers stays exact in a double; anything else accumulates as bigint.
    const exact = op === 'cumsum' && !(d instanceof BigInt64Array) && n * (MAX_ABS[x.dtype] ?? Infinity) < 2 ** 53;
    if (exact) scanNumbers(Step.Add, d as NumArray, x, dim, out);
    else scanBig(op, x, dim, out);
    return;
  }
  const isFloat = out.dtype === 'float32' || out.dtype === 'float64';
  // Integer results wrap at 32 bits every step, so they stay exact; the store narrows further.
  const step = op === 'cumsum' ? (isFloat ? Step.Add : Step.AddInt) : isFloat ? Step.Mul : Step.MulInt;
  scanNumbers(step, d as NumArray, x, dim, out);
}

const Step = { Add: 0, AddInt: 1, Mul: 2, MulInt: 3 } as const;
type Step = (typeof Step)[keyof typeof Step];

function next(step: Step, acc: number, v: number): number {
  switch (step) {
    case Step.Add:
      return acc + v;
    case Step.AddInt:
      return (acc + v) | 0;
    case Step.Mul:
      return acc * v;
    default:
      return Math.imul(acc, v);
  }
}

function scanLine(step: Step, d: NumArray, xi: number, xd: number, o: NumArray, oi: number, od: number, n: number, acc: number): void {
  if (step === Step.Add) {
    for (let k = 0; k < n; k++, xi += xd, oi += od) o[oi] = acc += d[xi]!;
  } else {
    for (let k = 0; k < n; k++, xi += xd, oi += od) o[oi] = acc = next(step, acc, d[xi]!);
  }
}

function scanLineBig(step: Step, d: NumArray, xi: number, xd: number, o: BigInt64Array, oi: number, od: number, n: number, acc: number): void {
  for (let k = 0; k < n; k++, xi += xd, oi += od) o[oi] = BigInt((acc = next(step, acc, d[xi]!)));
}

/** Running sums/products on number data; into an int64 result only for exact small-integer sums. */
function scanNumbers(step: Step, d: NumArray, x: StridedView, dim: number, out: StridedView): void {
  const o = out.storage.data!;
  const big = o instanceof BigInt64Array ? o : null;
  const on = o as NumArray; // used only when big is null
  const init = step === Step.Mul || step === Step.MulInt ? 1 : 0;
  forEachLineRow(x, dim, out, ({ n, xd, od, byRow }, xo, oo, m, xs, os) => {
    if (!byRow) {
      for (let j = 0; j < m; j++) {
        if (big) scanLineBig(step, d, xo + j * xs, xd, big, oo + j * os, od, n, init);
        else scanLine(step, d, xo + j * xs, xd, on, oo + j * os, od, n, init);
      }
      return;
    }
    const acc = new Float64Array(m).fill(init);
    for (let k = 0; k < n; k++) {
      for (let j = 0, xi = xo + k * xd, oi = oo + k * od; j < m; j++, xi += xs, oi += os) {
        const a = next(step, acc[j]!, d[xi]!);
        acc[j] = a;
        if (big) big[oi] = BigInt(a);
        else on[oi] = a;
      }
    }
  });
}

function scanBig(op: 'cumsum' | 'cumprod', x: StridedView, dim: number, out: StridedView): void {
  const d = x.storage.data!;
  const o = out.storage.data as BigInt64Array;
  forEachLineRow(x, dim, out, ({ n, xd, od }, xo, oo, m, xs, os) => {
    for (let j = 0; j < m; j++) {
      let acc = op === 'cumsum' ? 0n : 1n;
      for (let k = 0, xi = xo + j * xs, oi = oo + j * os; k < n; k++, xi += xd, oi += od) {
        const v = BigInt(d[xi]!);
        // The store wraps to 64 bits; a product is wrapped each step so it stays small.
        acc = op === 'cumsum' ? acc + v : BigInt.asIntN(64, acc * v);
        o[oi] = acc;
      }
    }
  });
}

/**
 * softmax = exp(x - max) / sum(exp(x - max)); log_softmax = (x - max) - log(sum(exp(x - max))).
 * Computed in double and rounded once per output. An all -inf line gives NaN, as PyTorch's does.
 */
export function softmax(x: StridedView, dim: number, out: StridedView, log: boolean): void {
  if (wasmSoftmax(x, dim, out, log)) return;
  const d = x.storage.data as NumArray;
  const o = out.storage.data as NumArray;
  const n = x.shape[dim] ?? 1;
  const lineExps = new Float64Array(n);
  let rowExps: Float64Array | null = null;
  forEachLineRow(x, dim, out, ({ xd, od, byRow }, xo, oo, m, xs, os) => {
    if (byRow) {
      rowExps ??= new Float64Array(n * m);
      softmaxRow(d, xo, xd, xs, o, oo, od, os, n, m, log, rowExps);
    } else {
      for (let j = 0; j < m; j++) softmaxLine(d, xo + j * xs, xd, o, oo + j * os, od, n, log, lineExps);
    }
  });
}

/**
 * m lines side by side (neighbouring lines xs apart, elements along a line xd apart): passes over
 * the max, then exp(x - max) kept in `e` (x - max for log), then the outputs.
 */
function softmaxRow(
  d: NumArray, xo: number, xd: number, xs: number, o: NumArray, oo: number, od: number, os: number,
  n: number, m: number, log: boolean, e: Float64Array,
): void {
  const max = new Float64Array(m).fill(-Infinity);
  const sum = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    for (let j = 0, xi = xo + k * xd; j < m; j++, xi += xs) {
      const v = d[xi]!;
      if (v > max[j]! || v !== v) max[j] = v; // a NaN sticks
    }
  }
  for (let k = 0; k < n; k++) {
    for (let j = 0, xi = xo + k * xd, ei = k * m; j < m; j++, xi += xs, ei++) {
      const t = d[xi]! - max[j]!;
      const v = Math.exp(t);
      e[ei] = log ? t : v;
      sum[j] += v;
    }
  }
  if (log) {
    for (let j = 0; j < m; j++) sum[j] = Math.log(sum[j]!);
    for (let k = 0; k < n; k++) {
      for (let j = 0, oi = oo + k * od, ei = k * m; j < m; j++, oi += os, ei++) o[oi] = e[ei]! - sum[j]!;
    }
  } else {
    for (let k = 0; k < n; k++) {
      for (let j = 0, oi = oo + k * od, ei = k * m; j < m; j++, oi += os, ei++) o[oi] = e[ei]! / sum[j]!;
    }
  }
}

/** One line; `exps` is scratch for the n values of exp(x - max), so exp runs once per element. */
function softmaxLine(
  d: NumArray, xo: number, xd: number, o: NumArray, oo: number, od: number, n: number, log: boolean, exps: Float64Array,
): void {
  let max = -Infinity;
  for (let k = 0, xi = xo; k < n; k++, xi += xd) {
    const v = d[xi]!;
    if (v > max || v !== v) max = v; // a NaN sticks
  }
  let sum = 0;
  for (let k = 0, xi = xo; k < n; k++, xi += xd) {
    const e = Math.exp(d[xi]! - max);
    exps[k] = e;
    sum += e;
  }
  if (log) {
    const ls = Math.log(sum);
    for (let k = 0, xi = xo, oi = oo; k < n; k++, xi += xd, oi += od) o[oi] = d[xi]! - max - ls;
  } else {
    for (let k = 0, oi = oo; k < n; k++, oi += od) o[oi] = exps[k]! / sum;
  }
}
