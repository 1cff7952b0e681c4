import type { Complex } from './complex.js';
import type { DType, TypedArray } from './dtype.js';
import type { SortRequest } from './ops/sort.js';
import type { ScatterReduce } from './ops/indexing.js';
import type { BinaryOp, UnaryOp, ReduceOp } from './ops/table.js';
import type { Device, Storage, StridedView } from './storage.js';

/**
 * A backend runs kernels over strided views. Ops validate their inputs and compute output shapes
 * and dtypes before calling a backend (ops/table.ts), so a backend assumes valid input: shapes
 * already broadcast (a broadcast dim has stride 0), one dtype per call except where named.
 *
 * Each method is one family of ops; the op row passed in names the op (`op.name`) so a backend
 * can look up its own kernel, while the CPU backend uses the row's formula directly.
 */
export interface Backend {
  readonly device: Device;
  /**
   * Whether this backend holds tensors of `dtype` (absent: every dtype). Code that would widen to
   * float64 for accuracy (as PyTorch's CPU kernels do) asks this first, and computes in the
   * tensor's own dtype on a device without it, as PyTorch's CUDA kernels do.
   */
  holds?(dtype: DType): boolean;

  /** New storage of n elements, zero-filled. */
  allocate(dtype: DType, n: number): Storage;
  /** Elements of a view in logical (row-major) order, as a new typed array. CPU-like backends only. */
  readSync?(view: StridedView): TypedArray;
  /** Elements of a view in logical order. */
  read(view: StridedView): Promise<TypedArray>;
  /** Writes a logical-order typed array of the view's dtype into the view. */
  write(view: StridedView, values: TypedArray): void;

  /** dst[i] = convert(src[i]); src may have another dtype and is broadcast to dst's shape. */
  copy(src: StridedView, dst: StridedView): void;
  /** dst[i] = value, converted to dst's dtype. */
  fill(dst: StridedView, value: number | bigint | boolean | Complex): void;

  /** out[i] = op(x[i]); x and out share a shape; x has the op's compute dtype. */
  unary(op: UnaryOp, x: StridedView, out: StridedView): void;
  /** out[i] = op(a[i], b[i]); a and b broadcast to out's shape and share a dtype. */
  binary(op: BinaryOp, a: StridedView, b: StridedView, out: StridedView): void;
  /** out[i] = cond[i] ? a[i] : b[i]; cond is bool, a/b/out share a dtype. */
  where(cond: StridedView, a: StridedView, b: StridedView, out: StridedView): void;
  /** out[i] = min(max(x[i], lo), hi); a NaN bound is ignored as absent. */
  clamp(x: StridedView, lo: number | bigint | null, hi: number | bigint | null, out: StridedView): void;

  /**
   * Reduces the trailing `inner` dims of x (already permuted so reduced dims come last) into out,
   * whose shape is x's leading dims. `indices` (int64) receives arg positions for max/min with
   * indices; argmax/argmin write int64 positions into out. x has out's dtype, except: argmax and
   * all/any take any dtype, and a sum/prod into int64 may get bool or narrower integers as they
   * are. `correction` is var/std's. std and logsumexp are kernels so that float32 keeps double
   * precision inside (std = sqrt of the double variance, rounded once).
   */
  reduce(op: ReduceOp, x: StridedView, inner: number, out: StridedView, indices: StridedView | null, correction: number): void;
  /** Cumulative sum (or product) along `dim`; for an int64 result x may be bool or a narrower integer. */
  scan(op: 'cumsum' | 'cumprod', x: StridedView, dim: number, out: StridedView): void;
  /** Softmax or log-softmax along `dim` (float x, out of x's dtype). */
  softmax(x: StridedView, dim: number, out: StridedView, log: boolean): void;
  /**
   * Sorts each line of x along `dim` (or selects its top k) into values (x's dtype) and int64
   * indices, shaped like x but with the request's count along dim; x has at least one dim.
   */
  sort(x: StridedView, dim: number, values: StridedView, indices: StridedView, request: SortRequest): void;

  /** Batched matrix product: a [B, M, K] x b [B, K, N] -> out [B, M, N] (batch broadcast by stride 0). */
  matmul(a: StridedView, b: StridedView, out: StridedView): void;

  /** out = x.index_select(dim, index) */
  indexSelect(x: StridedView, dim: number, index: StridedView, out: StridedView): void;
  /** out = x.gather(dim, index) */
  gather(x: StridedView, dim: number, index: StridedView, out: StridedView): void;
  /** out.scatter_(dim, index, src), combined with out's values for reduce 'add' (scatter_add_) or 'multiply'. */
  scatter(out: StridedView, dim: number, index: StridedView, src: StridedView, reduce: ScatterReduce): void;
  /**
   * Advanced indexing (x[idx]): out[p] = src[p + offsets[p]] over out's shape. src has stride 0
   * along the indexed dims; `offsets` (int32, or float64 past 2^31) holds the index tensors
   * combined into element offsets, already checked (ops/advanced-index.ts).
   */
  index(src: StridedView, offsets: StridedView, out: StridedView): void;
  /** x[idx] = values: dst[p + offsets[p]] = values[p] (+= with accumulate), positions in row-major order. */
  indexPut(dst: StridedView, offsets: StridedView, values: StridedView, accumulate: boolean): void;
}
