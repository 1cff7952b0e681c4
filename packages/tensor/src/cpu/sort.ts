import { isFloating } from '../dtype.js';
import { bfloat16BitsToNumber, halfBitsToNumber } from '../half.js';
import type { SortRequest } from '../ops/sort.js';
import type { StridedView } from '../storage.js';
import { forEachRow, planRows } from './iterate.js';
import type { NumArray } from './reduce-runs.js';
import { type Less, introSort, nthElement, partialSort, stableSort } from './sort-order.js';

/** PyTorch's CPU sort hands 1-d integer ascending sorts from this size (its GRAIN_SIZE) on to fbgemm's radix sort. */
const RADIX_SORT_MIN = 32768;

/**
 * Sorts each line of x along `dim` into `values` (x's dtype) and `indices` (int64), or writes the
 * first k of each line's order for topk. NaN orders as the largest value; -0.0 and 0.0 are equal.
 * Which of the orders of equal elements comes out is the one PyTorch's CPU kernels give (those of
 * PyTorch 2.13's x86-64 Linux wheel, built with fbgemm and OpenMP and without x86-simd-sort; other
 * builds may order equal elements otherwise):
 * - sort with stable=False runs std::sort (introsort: equal elements come out in no simple
 *   order), except where PyTorch takes another path that is stable: a line whose stride is 0
 *   (all equal; positions left in order) and a 1-d integer ascending sort of 32768 elements or
 *   more (fbgemm's radix sort);
 * - topk uses std::partial_sort when k * 64 <= n, else std::nth_element for the k-th, then (if
 *   `sorted`) std::sort of the k - 1 before it. With sorted=False the k come out in the order
 *   nth_element's partitioning leaves them.
 */
export function sortLines(
  x: StridedView,
  dim: number,
  values: StridedView,
  indices: StridedView,
  req: SortRequest,
): void {
  const n = x.shape[dim]!;
  const k = req.kind === 'sort' ? n : req.k;
  if (k === 0) return;
  const first = req.kind === 'sort' ? req.descending : req.largest;
  const line = new LineSorter(x, values, indices, n, first);
  const xs = x.strides[dim]!;
  const vs = values.strides[dim]!;
  const is = indices.strides[dim]!;
  const radix = x.shape.length === 1 && !isFloating(x.dtype) && x.dtype !== 'bool' && n >= RADIX_SORT_MIN;
  const stable = req.kind === 'sort' && (req.stable || xs === 0 || (radix && !req.descending));
  const others = x.shape.slice();
  others[dim] = 1;
  const rows = planRows(others, [x.strides, values.strides, indices.strides]);
  forEachRow(rows, [x.offset, values.offset, indices.offset], (off, m, step) => {
    for (let r = 0; r < m; r++) {
      line.load(off[0]! + r * step[0]!, xs);
      const p = line.order;
      if (req.kind === 'sort') {
        if (stable) stableSort(p, n, line.scratch, line.less);
        else introSort(p, 0, n, line.less);
      } else if (k * 64 <= n) {
        partialSort(p, 0, k, n, line.less);
      } else {
        nthElement(p, 0, k - 1, n, line.less);
        if (req.sorted) introSort(p, 0, k - 1, line.less);
      }
      line.store(k, off[1]! + r * step[1]!, vs, off[2]! + r * step[2]!, is);
    }
  });
}

/** One line's sort keys and the permutation of its positions, reused for every line. */
class LineSorter {
  readonly order: Int32Array;
  readonly scratch: Int32Array;
  readonly less: Less;
  /** Float and narrow integer keys as numbers. */
  private readonly keys: Float64Array;
  /** int64 keys as signed high and unsigned low words (exact, and no bigint per element). */
  private readonly hi: Int32Array;
  private readonly lo: Uint32Array;
  /** The element data; int64 (x's, values') and the indices as 32-bit words. */
  private readonly src: NumArray | Int32Array;
  private readonly dst: NumArray | Int32Array;
  private readonly idx: Int32Array;
  private readonly wide: boolean;
  private start = 0;
  private stride = 0;

  constructor(
    private readonly x: StridedView,
    values: StridedView,
    indices: StridedView,
    private readonly n: number,
    largestFirst: boolean,
  ) {
    this.order = new Int32Array(n);
    this.scratch = new Int32Array(n);
    const wide = x.dtype === 'int64';
    this.wide = wide;
    this.src = wide ? int32Words(x.storage.data as BigInt64Array) : (x.storage.data as NumArray);
    this.dst = wide ? int32Words(values.storage.data as BigInt64Array) : (values.storage.data as NumArray);
    this.idx = int32Words(indices.storage.data as BigInt64Array);
    this.keys = new Float64Array(wide ? 0 : n);
    this.hi = new Int32Array(wide ? n : 0);
    this.lo = new Uint32Array(wide ? n : 0);
    this.largestFirst = largestFirst;
    this.ranked = !wide && x.dtype !== 'float64';
    const { keys, hi, lo } = this;
    // NOTE: PyTorch's comparators: NaN goes after every number ascending and before every number
    // descending; two NaNs, and -0.0 and 0.0, are equal.
    if (wide) {
      this.less = largestFirst
        ? (a, b) => hi[a]! > hi[b]! || (hi[a] === hi[b] && lo[a]! > lo[b]!)
        : (a, b) => hi[a]! < hi[b]! || (hi[a] === hi[b] && lo[a]! < lo[b]!);
    } else if (this.ranked) {
      this.less = (a, b) => keys[a]! < keys[b]!;
    } else {
      this.less = largestFirst
        ? (a, b) => keys[a]! > keys[b]! || (keys[a] !== keys[a] && keys[b] === keys[b])
        : (a, b) => keys[a]! < keys[b]! || (keys[b] !== keys[b] && keys[a] === keys[a]);
    }
  }

  private readonly largestFirst: boolean;
  /**
   * Whether the keys are rewritten so that a plain `<` orders them as PyTorch's comparator does:
   * possible below float64, whose values leave room above infinity's stand-in (1e300) for NaN's.
   */
  private readonly ranked: boolean;

  /** Keys for `<`: ascending, NaN above +inf; descending, negated, NaN below the negated +inf. */
  private rank(): void {
    const { keys, n } = this;
    const sign = this.largestFirst ? -1 : 1;
    for (let j = 0; j < n; j++) {
      const v = keys[j]!;
      keys[j] = v !== v ? sign * Infinity : v === Infinity ? sign * 1e300 : sign * v;
    }
  }

  /** Reads the line at element offset o (stride s) and resets the permutation to 0..n-1. */
  load(o: number, s: number): void {
    const { n, order, src, keys } = this;
    this.start = o;
    this.stride = s;
    for (let j = 0; j < n; j++) order[j] = j;
    if (this.wide) {
      for (let j = 0, e = 2 * o; j < n; j++, e += 2 * s) {
        this.lo[j] = src[e]! >>> 0;
        this.hi[j] = src[e + 1]!;
      }
    } else if (this.x.dtype === 'float16') {
      for (let j = 0, e = o; j < n; j++, e += s) keys[j] = halfBitsToNumber(src[e]!);
    } else if (this.x.dtype === 'bfloat16') {
      for (let j = 0, e = o; j < n; j++, e += s) keys[j] = bfloat16BitsToNumber(src[e]!);
    } else {
      for (let j = 0, e = o; j < n; j++, e += s) keys[j] = src[e]!;
    }
    if (this.ranked) this.rank();
  }

  /** Writes the first k of the order: each element's own bits as the value, its position as the index. */
  store(k: number, vo: number, vs: number, io: number, is: number): void {
    const { order, src, dst, idx, start, stride } = this;
    for (let j = 0; j < k; j++) {
      const t = 2 * (io + j * is);
      idx[t] = order[j]!;
      idx[t + 1] = 0;
    }
    if (this.wide) {
      for (let j = 0; j < k; j++) {
        const e = 2 * (start + order[j]! * stride);
        const t = 2 * (vo + j * vs);
        dst[t] = src[e]!;
        dst[t + 1] = src[e + 1]!;
      }
      return;
    }
    for (let j = 0; j < k; j++) dst[vo + j * vs] = src[start + order[j]! * stride]!;
  }
}

/** The 32-bit words of an int64 array (little-endian: low word first). */
function int32Words(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}
