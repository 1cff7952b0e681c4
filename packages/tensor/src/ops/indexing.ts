import { backendFor } from '../device.js';
import type { DType } from '../dtype.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { formatShape, normalizeDim } from '../shape.js';
import type { StridedView } from '../storage.js';
import { Tensor } from '../tensor.js';
import { type Scalar, type TensorOrScalar, empty } from './helpers.js';
import { defineOp } from './table.js';
import * as views from './views.js';

// index_select, gather, scatter, scatter_add and embedding. Every check (ranks, shapes, index
// dtypes, index values) runs before any element moves, so a failed scatter_ leaves self as it was.
// NOTE: PyTorch's CPU scatter_ writes the indices before a bad one and then raises; wick checks
// all values first instead, per DESIGN.md's "nothing is half-applied".
//
// Negative indices are errors in all of these ops (PyTorch wraps them only in advanced indexing).
// Index values are read for these checks only on the CPU, where data is synchronous.

const isIndexDType = (d: DType) => d === 'int64' || d === 'int32';

/** A 0-d tensor as a 1-element 1-d view: the kernels walk at least one dim. */
function atLeast1d(t: Tensor): StridedView {
  if (t.ndim > 0) return t;
  return { storage: t.storage, dtype: t.dtype, shape: [1], strides: [1], offset: t.offset };
}

/** size(d), with a 0-d tensor counting as one element (PyTorch's ensure_nonempty_size). */
const sizeAt = (t: Tensor, d: number) => (t.ndim === 0 ? 1 : t.size(d));
const dimsOf = (t: Tensor) => Math.max(t.ndim, 1);

/** The first index value (in logical order) outside [0, size), or null. CPU tensors only. */
function firstOutOfRange(index: Tensor, size: number): number | bigint | null {
  if (index.device !== 'cpu') return null;
  const values = index.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= size) return v;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// index_select

function checkIndexSelect(x: Tensor, dim: number, index: Tensor): void {
  if (index.ndim > 1) throw new IndexError('index_select(): Index is supposed to be a vector');
  if (!isIndexDType(index.dtype)) throw new DTypeError('index_select(): Expected dtype int32 or int64 for index');
  const n = index.numel();
  if (x.ndim === 0) {
    if (n !== 1) throw new ShapeError(`index_select(): Index to scalar can have only 1 value, got ${n} value(s)`);
    if (firstOutOfRange(index, 1) !== null) throw new IndexError('index out of range in self');
    return;
  }
  if (n === 0) return;
  const size = x.shape[dim]!;
  // NOTE: PyTorch's CPU kernel words the error by path: an empty self or dim 1 of a >= 2-d self
  // go through code that raises RuntimeErrors naming the bad value; the rest raise IndexError.
  if (x.ndim > 1 && x.numel() === 0 && size === 0) {
    throw new IndexError('index_select(): self indexing axis dim should be positive', 'RuntimeError');
  }
  const bad = firstOutOfRange(index, size);
  if (bad === null) return;
  if (x.ndim > 1 && (x.numel() === 0 || dim === 1)) {
    throw new IndexError(`INDICES element is out of DATA bounds, id=${bad} axis_dim=${size}`, 'RuntimeError');
  }
  throw new IndexError('index out of range in self');
}

/** Runs the index_select kernel for already-checked arguments. */
function selectRows(x: Tensor, dim: number, index: Tensor): Tensor {
  const shape = x.shape.slice();
  if (x.ndim > 0) shape[dim] = index.numel();
  const out = empty(shape, x.dtype, x.device);
  const idx = index.ndim === 0 ? atLeast1d(index) : index;
  if (out.numel() > 0) backendFor(x.device).indexSelect(atLeast1d(x), dim, idx, atLeast1d(out));
  return out;
}

const indexSelectOp = defineOp<{ dim: number }>('index_select', ([x, index], { dim }) => {
  checkIndexSelect(x!, dim, index!);
  return selectRows(x!, dim, index!);
});

/** x.index_select(dim, index): the slices index[0], index[1], ... of x along dim. */
export function index_select(input: Tensor, dim: number, index: Tensor): Tensor {
  return indexSelectOp.call([input, index], { dim: normalizeDim(dim, input.ndim) });
}

// ---------------------------------------------------------------------------------------------
// gather

function checkGather(x: Tensor, dim: number, index: Tensor): void {
  if (!isIndexDType(index.dtype)) throw new DTypeError('gather(): Expected dtype int32/int64 for index');
  if (dimsOf(x) !== dimsOf(index)) {
    throw new ShapeError('Index tensor must have the same number of dimensions as input tensor');
  }
  for (let d = 0; d < dimsOf(x); d++) {
    if (d !== dim && sizeAt(index, d) > sizeAt(x, d)) {
      throw new ShapeError(
        `Size does not match at dimension ${d} expected index ${formatShape(index.shape)} to be no larger than self ${formatShape(x.shape)} apart from dimension ${dim}`,
      );
    }
  }
  checkValues(index, dim, sizeAt(x, dim));
}

/** PyTorch's bound message for gather and scatter, naming the first bad value in logical order. */
function checkValues(index: Tensor, dim: number, size: number): void {
  const bad = firstOutOfRange(index, size);
  if (bad !== null) {
    throw new IndexError(`index ${bad} is out of bounds for dimension ${dim} with size ${size}`, 'RuntimeError');
  }
}

const gatherOp = defineOp<{ dim: number }>('gather', ([x, index], { dim }) => {
  const out = empty(index!.shape, x!.dtype, x!.device);
  // An empty index is returned before any check, as PyTorch does (even a float index passes).
  if (index!.numel() === 0) return out;
  checkGather(x!, dim, index!);
  backendFor(x!.device).gather(atLeast1d(x!), dim, atLeast1d(index!), atLeast1d(out));
  return out;
});

/** x.gather(dim, index): out[i][j] = x[index[i][j]][j] for dim 0, and so on; out has index's shape. */
export function gather(input: Tensor, dim: number, index: Tensor): Tensor {
  return gatherOp.call([input, index], { dim: normalizeDim(dim, input.ndim) });
}

// ---------------------------------------------------------------------------------------------
// scatter, scatter_add

/** PyTorch's scatter checks, in its order. `src` is null for the scalar-value form. */
function checkScatter(self: Tensor, dim: number, index: Tensor, src: Tensor | null, inplace: boolean): void {
  if (index.numel() > 0 && !isIndexDType(index.dtype)) {
    throw new DTypeError('scatter(): Expected dtype int32/int64 for index');
  }
  if (src && self.dtype !== src.dtype) throw new DTypeError('scatter(): Expected self.dtype to be equal to src.dtype');
  if (index.numel() > 0) checkScatterShapes(self, dim, index, src);
  if (inplace) checkNoInternalOverlap(self);
  if (index.numel() > 0) checkValues(index, dim, sizeAt(self, dim));
}

function checkScatterShapes(self: Tensor, dim: number, index: Tensor, src: Tensor | null): void {
  if (dimsOf(self) !== dimsOf(index)) {
    throw new ShapeError('Index tensor must have the same number of dimensions as self tensor');
  }
  let wrong = false;
  for (let d = 0; d < dimsOf(self) && !wrong; d++) {
    if (d !== dim && sizeAt(index, d) > sizeAt(self, d)) wrong = true;
  }
  // NOTE: this walks self's dims over src with src.size(d), so a src of fewer dims raises
  // "Dimension out of range" here before the rank check below, exactly as PyTorch does.
  for (let d = 0; src && d < dimsOf(self) && !wrong; d++) {
    if (sizeAt(index, d) > sizeAt(src, d)) wrong = true;
  }
  if (src && dimsOf(src) !== dimsOf(index)) {
    throw new ShapeError('Index tensor must have the same number of dimensions as src tensor');
  }
  if (wrong) {
    const also = src ? ` and to be no larger size than src ${formatShape(src.shape)}` : '';
    throw new ShapeError(
      `Expected index ${formatShape(index.shape)} to be no larger than self ${formatShape(self.shape)} apart from dimension ${dim}${also}`,
    );
  }
}

/** In-place writes may not go through a dim that repeats one element (stride 0, size > 1). */
function checkNoInternalOverlap(t: Tensor): void {
  if (t.shape.some((s, i) => s > 1 && t.strides[i] === 0)) {
    throw new ValueError(
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.',
    );
  }
}

/** Writes src (a tensor, or `value` broadcast over index) into a copy of self, or into `out`. */
function runScatter(self: Tensor, dim: number, index: Tensor, src: StridedView, accumulate: boolean, out?: Tensor): Tensor {
  const target = out ?? views.clone(self);
  if (index.numel() > 0) backendFor(self.device).scatter(atLeast1d(target), dim, atLeast1d(index), src, accumulate);
  return target;
}

const scatterOp = defineOp<{ dim: number }>('scatter', ([self, index, src], { dim }, out) => {
  checkScatter(self!, dim, index!, src!, out !== undefined);
  return runScatter(self!, dim, index!, atLeast1d(src!), false, out);
});

const scatterValueOp = defineOp<{ dim: number; value: Scalar }>('scatter_value', ([self, index], { dim, value }, out) => {
  checkScatter(self!, dim, index!, null, out !== undefined);
  // The value, converted to self's dtype, read at every index position through stride 0.
  const v = empty([], self!.dtype, self!.device);
  backendFor(self!.device).fill(v, value);
  const shape = index!.ndim === 0 ? [1] : index!.shape;
  const src: StridedView = { storage: v.storage, dtype: v.dtype, shape, strides: shape.map(() => 0), offset: 0 };
  return runScatter(self!, dim, index!, src, false, out);
});

const scatterAddOp = defineOp<{ dim: number }>('scatter_add', ([self, index, src], { dim }, out) => {
  checkScatter(self!, dim, index!, src!, out !== undefined);
  return runScatter(self!, dim, index!, atLeast1d(src!), true, out);
});

/** self.scatter(dim, index, src): a copy of self with src[p] written at index[p] along dim. */
export function scatter(input: Tensor, dim: number, index: Tensor, src: TensorOrScalar): Tensor {
  const d = normalizeDim(dim, input.ndim);
  if (src instanceof Tensor) return scatterOp.call([input, index, src], { dim: d });
  return scatterValueOp.call([input, index], { dim: d, value: src });
}

export function scatter_(input: Tensor, dim: number, index: Tensor, src: TensorOrScalar): Tensor {
  const d = normalizeDim(dim, input.ndim);
  if (src instanceof Tensor) return scatterOp.callInplace([input, index, src], { dim: d });
  return scatterValueOp.callInplace([input, index], { dim: d, value: src });
}

/** self.scatter_add(dim, index, src): like scatter, but values at repeated targets add up. */
export function scatter_add(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterAddOp.call([input, index, src], { dim: normalizeDim(dim, input.ndim) });
}

export function scatter_add_(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterAddOp.callInplace([input, index, src], { dim: normalizeDim(dim, input.ndim) });
}

// ---------------------------------------------------------------------------------------------
// embedding

/** "torch.FloatTensor", as PyTorch names a CPU tensor type in argument-check messages. */
const tensorTypeName: Record<DType, string> = {
  float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor', int64: 'LongTensor',
  int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
};

/**
 * aten::embedding: inputs [weight, indices] as PyTorch orders them; padding_idx is normalized to
 * [0, num_embeddings) or -1 for none. It only matters to the backward (no gradient at that row).
 */
const embeddingOp = defineOp<{ padding_idx: number }>('embedding', ([weight, indices]) => {
  if (weight!.ndim !== 2) throw new ShapeError("'weight' must be 2-D");
  if (!isIndexDType(indices!.dtype)) {
    throw new DTypeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${tensorTypeName[indices!.dtype]} instead (while checking arguments for embedding)`,
    );
  }
  const flat = views.reshape(indices!, [-1]);
  checkIndexSelect(weight!, 0, flat);
  const rows = selectRows(weight!, 0, flat);
  return views.view(rows, [...indices!.shape, weight!.shape[1]!]);
});

/**
 * F.embedding's forward: the rows of `weight` named by `input`, shaped [...input.shape, dim].
 * padding_idx (negative counts from the end) excludes that row from the gradient.
 */
export function embedding(input: Tensor, weight: Tensor, padding_idx: number | null = null): Tensor {
  let pad = -1;
  if (padding_idx !== null) {
    const n = weight.size(0);
    // NOTE: PyTorch raises an AssertionError (Python-side assert) for these two.
    if (padding_idx > 0 && padding_idx >= n) throw new ValueError('Padding_idx must be within num_embeddings');
    if (padding_idx < 0 && padding_idx < -n) throw new ValueError('Padding_idx must be within num_embeddings');
    pad = padding_idx < 0 ? padding_idx + n : padding_idx;
  }
  return embeddingOp.call([weight, input], { padding_idx: pad });
}
