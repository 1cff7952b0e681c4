import type { DType } from '../dtype.js';
import type { ScatterReduce } from '../ops/indexing.js';
import type { StridedView } from '../storage.js';
import type { Elements } from './compile.js';
import { forEachRow, planRows } from './iterate.js';

// Index kernels. The op layer has already checked dims, shapes and every index value, so these
// loops only move elements. Index views hold int32 (Int32Array) or int64 (BigInt64Array) values;
// element data is copied raw, so every dtype (bool, float16 bits, int64 bigints) works unchanged.

interface Numbers {
  [i: number]: number;
}
interface BigInts {
  [i: number]: bigint;
}

/** The index values of a 1-d view as plain numbers. */
function indexList(index: StridedView): number[] {
  const d = index.storage.data!;
  const n = index.shape[0] ?? 1;
  const s = index.strides[0] ?? 0;
  const out = new Array<number>(n);
  for (let i = 0, p = index.offset; i < n; i++, p += s) out[i] = Number(d[p]!);
  return out;
}

const without = <T>(xs: readonly T[], dim: number): T[] => xs.filter((_, i) => i !== dim);

/** out = x.index_select(dim, index): out's slice j along dim is x's slice index[j]. */
export function indexSelect(x: StridedView, dim: number, index: StridedView, out: StridedView): void {
  const ids = indexList(index);
  const xd = x.storage.data!;
  const od: Elements = out.storage.data!;
  // The dims other than `dim` are walked as rows.
  const rows = planRows(without(out.shape, dim), [without(x.strides, dim), without(out.strides, dim)]);
  const xs = x.strides[dim]!;
  const os = out.strides[dim]!;
  if (os === 1) {
    // The selected dim is out's innermost (im2col's gather along the flattened image, a last-dim
    // select): each output row is written in order from one input row, which stays in cache.
    const at = Float64Array.from(ids, (id) => id * xs);
    forEachRow(rows, [x.offset, out.offset], (off, n, inner) => gatherRows(od, xd, at, off[0]!, off[1]!, n, inner[0]!, inner[1]!));
    return;
  }
  const starts = [0, 0];
  for (let j = 0; j < ids.length; j++) {
    starts[0] = x.offset + ids[j]! * xs;
    starts[1] = out.offset + j * os;
    forEachRow(rows, starts, (off, n, inner) => {
      const si = inner[0]!;
      const oi = inner[1]!;
      for (let i = 0, p = off[0]!, q = off[1]!; i < n; i++, p += si, q += oi) od[q] = xd[p];
    });
  }
}

/** n output rows of at.length elements, row r read from x at p + r * sx at the offsets `at`. */
function gatherRows(od: Elements, xd: Elements, at: Float64Array, p: number, q: number, n: number, sx: number, so: number): void {
  const m = at.length;
  for (let r = 0; r < n; r++, p += sx, q += so) {
    for (let j = 0; j < m; j++) od[q + j] = xd[p + at[j]!]!;
  }
}

/**
 * The walk shared by gather and scatter: over every position of `index`, with the strided
 * operand's stride along `dim` set to 0 so that `index` supplies that coordinate instead.
 */
function alongIndex(index: StridedView, others: readonly StridedView[], dim: number) {
  const strides = [index.strides, ...others.map((v, k) => (k === 0 ? v.strides.map((s, i) => (i === dim ? 0 : s)) : v.strides))];
  return planRows(index.shape, strides);
}

/** out[p] = x[p with coordinate dim replaced by index[p]]; out has index's shape. */
export function gather(x: StridedView, dim: number, index: StridedView, out: StridedView): void {
  const id = index.storage.data!;
  const xd = x.storage.data!;
  const od: Elements = out.storage.data!;
  const xs = x.strides[dim]!;
  const rows = alongIndex(index, [x, out], dim);
  forEachRow(rows, [index.offset, x.offset, out.offset], (off, n, inner) => {
    const [si, sx, so] = inner as [number, number, number];
    let p = off[0]!;
    let q = off[1]!;
    let r = off[2]!;
    if (id instanceof BigInt64Array) {
      for (let i = 0; i < n; i++, p += si, q += sx, r += so) od[r] = xd[q + Number(id[p]!) * xs];
    } else {
      for (let i = 0; i < n; i++, p += si, q += sx, r += so) od[r] = xd[q + (id[p] as number) * xs];
    }
  });
}

/**
 * An index view's storage with int64 values as doubles, converted once where the storage holds no
 * more elements than the view reads (an expanded index, as index_select's gradient scatters with,
 * repeats a few values many times); else the storage itself, each value converted where read.
 */
function indexValues(index: StridedView): Elements | Float64Array {
  const d = index.storage.data!;
  const n = index.shape.reduce((a, b) => a * b, 1);
  return d instanceof BigInt64Array && d.length <= n ? Float64Array.from(d, Number) : d;
}

/** How scatter combines src with a target, per dtype (bool and int64 need their own loops). */
type Mode = 'set' | 'add' | 'mul' | 'imul' | 'addBig' | 'mulBig' | 'or' | 'and';

function modeFor(reduce: ScatterReduce, dtype: DType): Mode {
  if (reduce === 'none') return 'set';
  const add = reduce === 'add';
  switch (dtype) {
    case 'bool':
      // NOTE: bool adds as logical or and multiplies as logical and: 1 + 1 would store 2 in the Uint8Array.
      return add ? 'or' : 'and';
    case 'int64':
      return add ? 'addBig' : 'mulBig';
    case 'int32':
      // A product of two int32 can pass 2^53, where doubles stop being exact; Math.imul wraps as C++ does.
      return add ? 'add' : 'imul';
    default:
      return add ? 'add' : 'mul';
  }
}

/**
 * out[p with coordinate dim replaced by index[p]] = src[p], or combined with what is there
 * (reduce 'add' or 'multiply'), over the positions of index. Duplicate targets are handled in
 * index order, so the last write wins, or all of them combine. (float16/bfloat16 reduce in a
 * float32 stand-in, as PyTorch accumulates them in float: see cpu/backend.ts.)
 */
export function scatter(out: StridedView, dim: number, index: StridedView, src: StridedView, reduce: ScatterReduce): void {
  const id = indexValues(index);
  const sd: Elements = src.storage.data!;
  const od: Elements = out.storage.data!;
  const os = out.strides[dim]!;
  const rows = alongIndex(index, [out, src], dim);
  const mode = modeFor(reduce, out.dtype);
  forEachRow(rows, [index.offset, out.offset, src.offset], (off, n, inner) => {
    const [si, so, ss] = inner as [number, number, number];
    let p = off[0]!;
    let q = off[1]!;
    let r = off[2]!;
    const o = od as Numbers;
    const v = sd as Numbers;
    const ob = od as BigInts;
    const vb = sd as BigInts;
    switch (mode) {
      case 'set':
        for (let i = 0; i < n; i++, p += si, q += so, r += ss) od[q + Number(id[p]!) * os] = sd[r];
        return;
      case 'add':
        for (let i = 0; i < n; i++, p += si, q += so, r += ss) o[q + Number(id[p]!) * os] += v[r]!;
        return;
      case 'mul':
        for (let i = 0; i < n; i++, p += si, q += so, r += ss) o[q + Number(id[p]!) * os] *= v[r]!;
        return;
      case 'imul':
        for (let i = 0; i < n; i++, p += si, q += so, r += ss) {
          const t = q + Number(id[p]!) * os;
          o[t] = Math.imul(o[t]!, v[r]!);
        }
        return;
      case 'addBig':
        for (let i = 0; i < n; i++, p += si, q += so, r += ss) ob[q + Number(id[p]!) * os] += vb[r]!;
        return;
      case 'mulBig':
        for (let i = 0; i < n; i++, p += si, q += so, r += ss) ob[q + Number(id[p]!) * os] *= vb[r]!;
        return;
      case 'or':
        for (let i = 0; i < n; i++, p += si, q += so, r += ss) {
          const t = q + Number(id[p]!) * os;
          o[t] = o[t] || v[r] ? 1 : 0;
        }
        return;
      case 'and':
        for (let i = 0; i < n; i++, p += si, q += so, r += ss) {
          const t = q + Number(id[p]!) * os;
          o[t] = o[t] && v[r] ? 1 : 0;
        }
        return;
    }
  });
}
