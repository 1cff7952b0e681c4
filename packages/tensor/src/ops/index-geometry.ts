import { backendFor } from '../device.js';
import type { DType, TypedArray } from '../dtype.js';
import { DeviceError, IndexError } from '../errors.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, formatShape, numel, reorderDims, viewStrides } from '../shape.js';
import { Storage, type StridedView } from '../storage.js';
import { Tensor } from '../tensor.js';
import { whereSelect as where } from './elementwise.js';

// PyTorch's advanced-index bookkeeping (ATen's make_info and AdvancedIndex): the index tensors
// checked, masks turned into coordinates, broadcast together, and `self` restrided so that one
// kernel walk over the result reads (or, for index_put, writes) every indexed element. Index
// values are read here, on the host: what they select decides the result's shape (masks) and
// every value is checked before anything is written.

/** ATen's `Tensor?[] indices`: one entry per leading dim of self, null where a dim is not indexed. */
export type Indices = readonly (Tensor | null)[];

/** A tensor's geometry without its data: enough to describe a restrided view. */
interface Geometry {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

/** x[indices] as one strided walk: where the result's elements come from. */
export interface AdvancedIndex {
  /** The result's shape: dims before the indexed ones, the broadcast index shape, dims after. */
  readonly shape: number[];
  /** self (transposed when the indexed dims are not adjacent) over the result's shape, stride 0 along the index shape. */
  readonly src: Geometry & { readonly offset: number };
  /** The (mask-expanded) index tensors, broadcast to one shape, in the order of the indexed dims. */
  readonly indices: readonly Tensor[];
  readonly indexShape: readonly number[];
  /** How many result dims come before the index shape. */
  readonly before: number;
  /** self's dims in the order the result walks them (indexed dims first when they are not adjacent). */
  readonly order: readonly number[];
  /** Where the indexed dims start and end in that order. */
  readonly first: number;
  readonly last: number;
  /** Size and stride of each indexed dim of self, in the order of `indices`. */
  readonly indexedSizes: readonly number[];
  readonly indexedStrides: readonly number[];
}

const isIndexDType = (d: DType) => d === 'int64' || d === 'int32' || d === 'uint8' || d === 'bool';
const isMask = (t: Tensor) => t.dtype === 'bool' || t.dtype === 'uint8';

/** The raw elements of a CPU tensor's storage: index values decide shapes, so they must be readable now. */
function hostData(t: Tensor, what: string) {
  if (t.device !== 'cpu' || t.storage.data === null) {
    throw new DeviceError(
      `${what} reads index values on the host; this index tensor is on '${t.device}': move it to the CPU`,
    );
  }
  return t.storage.data;
}

/** PyTorch's checkIndexTensorTypes (allow_int). */
export function checkIndexTypes(indices: Indices): void {
  for (const t of indices) {
    if (t !== null && !isIndexDType(t.dtype)) {
      throw new IndexError('tensors used as indices must be long, int, byte or bool tensors');
    }
  }
}

/** The mask's shape must be self's, dim for dim, from where the mask starts (PyTorch's invalid_mask). */
export function checkMaskShape(self: Geometry, mask: Tensor, start: number): void {
  for (let j = 0; j < mask.ndim; j++) {
    const d = start + j;
    if (d >= self.shape.length) {
      const n = self.shape.length;
      throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
    }
    if (mask.shape[j] !== self.shape[d]) {
      throw new IndexError(
        `The shape of the mask ${formatShape(mask.shape)} at index ${j} does not match the shape of the indexed tensor ${formatShape(self.shape)} at index ${d}`,
      );
    }
  }
}

/**
 * An int64 array's elements as pairs of 32-bit words (low, high), or null for other arrays: int64
 * values are read and written through them without a BigInt per element (a value is
 * high * 2^32 + low, exact below 2^53; larger ones stay far out of any index range).
 * NOTE: the low word comes first: typed arrays are little-endian on every platform JS runs on.
 */
function int64Words(data: TypedArray): Int32Array | null {
  return data instanceof BigInt64Array ? new Int32Array(data.buffer, data.byteOffset, data.length * 2) : null;
}

/**
 * Visits a strided view row by row in row-major order: `p` is the storage position where the
 * current row starts, `at` the coordinates of its outer dims; a row holds `n` elements `inner`
 * apart, walked by the caller's own loop (so per element there is no call). next() moves on.
 */
class Rows {
  p: number;
  readonly at: number[];
  readonly count: number;
  readonly n: number;
  readonly inner: number;
  private readonly outer: readonly number[];
  private readonly strides: readonly number[];

  constructor(shape: readonly number[], strides: readonly number[], offset: number) {
    const nd = shape.length;
    this.n = nd === 0 ? 1 : shape[nd - 1]!;
    this.inner = nd === 0 ? 0 : strides[nd - 1]!;
    this.outer = shape.slice(0, -1);
    this.strides = strides.slice(0, -1);
    this.count = numel(shape) === 0 ? 0 : numel(this.outer);
    this.p = offset;
    this.at = new Array<number>(this.outer.length).fill(0);
  }

  next(): void {
    for (let d = this.outer.length - 1; d >= 0; d--) {
      this.at[d]!++;
      this.p += this.strides[d]!;
      if (this.at[d]! < this.outer[d]!) return;
      this.p -= this.strides[d]! * this.outer[d]!;
      this.at[d] = 0;
    }
  }
}

/**
 * The coordinates of the nonzero elements of x in row-major order, as int64 values laid out
 * [x.ndim, count]: the [count, x.ndim] result is its transpose, with PyTorch's strides (1, count).
 */
export function nonzeroCoordinates(x: Tensor): { data: BigInt64Array; count: number } {
  const d = hostData(x, 'nonzero()');
  const nd = x.ndim;
  // NOTE: -0.0 is zero and NaN is nonzero; float16/bfloat16 hold raw bits, where -0.0 is 0x8000.
  const mask = x.dtype === 'float16' || x.dtype === 'bfloat16' ? 0x7fff : -1;
  const words = int64Words(d);
  const values = d as Exclude<typeof d, BigInt64Array | BigUint64Array>;
  // One pass marks and counts, a second writes the coordinates of the marked elements.
  const truth = new Uint8Array(x.numel());
  let count = 0;
  const rows = new Rows(x.shape, x.strides, x.offset);
  for (let r = 0, k = 0; r < rows.count; r++, rows.next()) {
    for (let i = 0, p = rows.p; i < rows.n; i++, p += rows.inner, k++) {
      let t: boolean;
      if (words !== null) t = words[2 * p] !== 0 || words[2 * p + 1] !== 0;
      else t = mask === -1 ? values[p] !== 0 : (values[p]! & mask) !== 0;
      if (t) {
        truth[k] = 1;
        count++;
      }
    }
  }
  const data = new BigInt64Array(count * nd);
  const out = int64Words(data)!; // coordinates are below 2^31: the high words stay 0
  const coords = new Rows(x.shape, x.strides, x.offset);
  const last = 2 * (nd - 1) * count;
  for (let r = 0, k = 0, row = 0; r < coords.count; r++, coords.next()) {
    for (let i = 0; i < coords.n; i++, k++) {
      if (truth[k] === 0) continue;
      for (let j = 0; j < nd - 1; j++) out[2 * (j * count + row)] = coords.at[j]!;
      if (nd > 0) out[last + 2 * row] = i;
      row++;
    }
  }
  return { data, count };
}

/** One int64 index tensor per dim of a mask (PyTorch's expandTensors: mask.nonzero().select(1, j)). */
function maskToIndices(mask: Tensor): Tensor[] {
  const { data, count } = nonzeroCoordinates(mask);
  const storage = Storage.cpu('int64', data);
  return mask.shape.map((_, j) => new Tensor(storage, [count], [1], j * count));
}

/**
 * PyTorch's make_info for self and indices (already checked against self's rank): masks become
 * coordinates, the index tensors broadcast together, and self is transposed so that the indexed
 * dims come first when they are not adjacent.
 */
export function makeInfo(self: Geometry & { readonly offset: number }, indices: Indices): AdvancedIndex {
  checkIndexTypes(indices);
  const expanded: (Tensor | null)[] = [];
  for (const t of indices) {
    if (t === null || !isMask(t)) {
      expanded.push(t);
      continue;
    }
    checkMaskShape(self, t, expanded.length);
    expanded.push(...maskToIndices(t));
  }
  const defined = expanded.filter((t): t is Tensor => t !== null);
  let indexShape: number[] = [];
  try {
    for (const t of defined) indexShape = broadcastShapes(indexShape, t.shape);
  } catch {
    const shapes = defined.map((t) => formatShape(t.shape)).join(', ');
    throw new IndexError(`shape mismatch: indexing tensors could not be broadcast together with shapes ${shapes}`);
  }
  while (expanded.length < self.shape.length) expanded.push(null);

  // Non-adjacent indexed dims go first, the rest keep their order (PyTorch's transposeToFront).
  let order = expanded.map((_, d) => d);
  if (!adjacent(expanded)) {
    order = [...order.filter((d) => expanded[d] !== null), ...order.filter((d) => expanded[d] === null)];
  }
  const shape = order.map((d) => self.shape[d]!);
  const strides = order.map((d) => self.strides[d]!);
  const slots = order.map((d) => expanded[d]!);

  const first = slots.findIndex((t) => t !== null);
  const last = slots.length - 1 - [...slots].reverse().findIndex((t) => t !== null);
  const indexedSizes = shape.slice(first, last + 1);
  const indexedStrides = strides.slice(first, last + 1);
  if (indexedSizes.includes(0) && !indexShape.includes(0)) {
    throw new IndexError('index is out of bounds for dimension with size 0');
  }
  const resultShape = [...shape.slice(0, first), ...indexShape, ...shape.slice(last + 1)];
  const info = {
    shape: resultShape, indices: defined, indexShape, before: first, order, first, last, indexedSizes, indexedStrides,
  };
  return { ...info, src: restride(info, self) };
}

/**
 * A tensor of self's shape (self, or a copy with other strides) seen over the result's shape:
 * its dims in the result's order, stride 0 along the index shape (PyTorch's restride_src).
 */
export function restride(
  info: Pick<AdvancedIndex, 'shape' | 'order' | 'first' | 'last' | 'indexShape'>,
  t: Geometry & { readonly offset: number },
): Geometry & { readonly offset: number } {
  const strides = info.order.map((d) => t.strides[d]!);
  return {
    shape: info.shape,
    strides: [...strides.slice(0, info.first), ...info.indexShape.map(() => 0), ...strides.slice(info.last + 1)],
    offset: t.offset,
  };
}

/** Whether the non-null entries form one run (PyTorch's hasContiguousSubspace). */
function adjacent(list: readonly (Tensor | null)[]): boolean {
  const first = list.findIndex((t) => t !== null);
  const last = list.length - 1 - [...list].reverse().findIndex((t) => t !== null);
  return list.slice(first, last + 1).every((t) => t !== null);
}

/**
 * The element offset of every position of the index shape (row-major): the sum over the index
 * tensors of value * stride, negative values counted from the end. Checks every value first and
 * names the first bad one PyTorch's kernel would meet ("index 5 is out of bounds for dimension 0
 * with size 3", the dim counted among the indexed dims). Returns the offsets as a view over the
 * result's shape on `device` (int32, or float64 where offsets reach 2^31).
 */
export function indexOffsets(info: AdvancedIndex, device: Tensor['device'], what: string): StridedView {
  const { indexShape, indices, indexedSizes, indexedStrides } = info;
  for (const t of indices) {
    if (t.device !== 'cpu' && t.device !== device) {
      throw new DeviceError(`indices should be either on cpu or on the same device as the indexed tensor (${device})`);
    }
  }
  if (indices.some((t) => t.device !== 'cpu' && !isMask(t))) return deviceOffsets(info);
  const n = numel(indexShape);
  const reach = indexedSizes.reduce((s, size, j) => s + Math.max(size - 1, 0) * indexedStrides[j]!, 0);
  const dtype: DType = reach < 2 ** 31 ? 'int32' : 'float64';
  const offsets = dtype === 'int32' ? new Int32Array(n) : new Float64Array(n);
  // Each index in turn; the first bad value is the one at the earliest position (then the
  // earliest index), which is where PyTorch's kernel, checking every index per position, stops.
  let badAt = n;
  let badValue: number | bigint = 0;
  let badDim = 0;
  for (let j = 0; j < indices.length; j++) {
    const t = indices[j]!;
    const data = hostData(t, what);
    const words = int64Words(data);
    const values = data as Exclude<typeof data, BigInt64Array | BigUint64Array>;
    const size = indexedSizes[j]!;
    const stride = indexedStrides[j]!;
    const rows = new Rows(indexShape, broadcastStrides(t.shape, t.strides, indexShape), t.offset);
    for (let r = 0, k = 0; r < rows.count && k < badAt; r++, rows.next()) {
      for (let i = 0, p = rows.p; i < rows.n && k < badAt; i++, p += rows.inner, k++) {
        const v = words !== null ? words[2 * p + 1]! * 4294967296 + (words[2 * p]! >>> 0) : values[p]!;
        if (v < -size || v >= size) {
          [badAt, badValue, badDim] = [k, data[p] as number | bigint, j];
          break;
        }
        offsets[k] += (v < 0 ? v + size : v) * stride;
      }
    }
  }
  if (badAt < n) {
    throw new IndexError(`index ${badValue} is out of bounds for dimension ${badDim} with size ${indexedSizes[badDim]}`);
  }
  const backend = backendFor(device);
  const storage = backend.allocate(dtype, n);
  const flat = { storage, dtype, shape: [n], strides: [1], offset: 0 };
  if (n > 0) backend.write(flat, offsets);
  // Broadcast over the dims before and after the index shape.
  const strides = [...info.shape.slice(0, info.before).map(() => 0), ...contiguousStrides(indexShape)];
  while (strides.length < info.shape.length) strides.push(0);
  return { storage, dtype, shape: info.shape, strides, offset: 0 };
}

/**
 * The strides PyTorch gives x[indices]: its TensorIterator lays the new result out in the memory
 * order of the operands (self restrided, then each index), dims sorted by stride with ties and
 * broadcast dims left in place (TensorIteratorBase::reorder_dimensions), and row-major when that
 * order is the plain one.
 */
export function resultStrides(info: AdvancedIndex): number[] {
  const shape = info.shape;
  const n = shape.length;
  if (n <= 1) return contiguousStrides(shape);
  const operands: (readonly number[])[] = [info.src.strides];
  const padded = [...shape.slice(0, info.before).map(() => 1), ...info.indexShape];
  while (padded.length < n) padded.push(1);
  for (const t of info.indices) {
    const expanded = broadcastStrides(t.shape, t.strides, info.indexShape);
    // reshape_indexer: a view to [1, ..., index shape, ..., 1] where one exists, else a copy.
    const reshaped = viewStrides(info.indexShape, expanded, padded) ?? contiguousStrides(padded);
    operands.push(reshaped.map((s, d) => (padded[d] === 1 && shape[d] !== 1 ? 0 : s)));
  }
  const compare = (d0: number, d1: number): number => {
    for (const s of operands) {
      const s0 = s[d0]!;
      const s1 = s[d1]!;
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (shape[d0]! > shape[d1]!) return 1;
    }
    return 0;
  };
  const perm = reorderDims(n, compare); // perm[0] is the fastest-moving dim
  if (perm.every((d, i) => d === n - 1 - i)) return contiguousStrides(shape);
  const strides = new Array<number>(n);
  let next = 1;
  for (const d of perm) {
    strides[d] = next;
    next *= shape[d]!;
  }
  return strides;
}

/** Whether `value` broadcasts to `shape` (PyTorch's is_expandable_to). */
export function expandableTo(value: readonly number[], shape: readonly number[]): boolean {
  if (value.length > shape.length) return false;
  const lead = shape.length - value.length;
  return value.every((s, i) => s === 1 || s === shape[lead + i]);
}

/**
 * The element offsets of integer index tensors on a device, computed there (reading them on the
 * host would need a synchronous read): each index wrapped if negative, times its dim's stride,
 * summed. As on PyTorch's CUDA, where the bounds check is an assert inside the kernel, values out
 * of range are not checked here: the index kernels leave such positions alone (a read gives 0).
 */
function deviceOffsets(info: AdvancedIndex): StridedView {
  const { indexShape, indices, indexedSizes, indexedStrides } = info;
  let sum: Tensor | null = null;
  indices.forEach((t, j) => {
    const v = t.to('int32');
    const term = where(v.lt(0), v.add(indexedSizes[j]!), v).mul(indexedStrides[j]!);
    sum = sum === null ? term : sum.add(term);
  });
  const flat = (sum as unknown as Tensor).expand(indexShape).contiguous();
  const strides = [...info.shape.slice(0, info.before).map(() => 0), ...contiguousStrides(indexShape)];
  while (strides.length < info.shape.length) strides.push(0);
  return { storage: flat.storage, dtype: flat.dtype, shape: info.shape, strides, offset: flat.offset };
}
