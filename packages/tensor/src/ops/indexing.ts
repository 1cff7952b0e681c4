import { backendFor } from '../device.js';
import { type DType, legacyTypeName } from '../dtype.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { formatShape, normalizeDim } from '../shape.js';
import type { StridedView } from '../storage.js';
import { hostValues, Tensor } from '../tensor.js';
import { type Bound, type PyArgs, defineFunction } from '../signature/index.js';
import { type Scalar, type TensorOrScalar, empty } from './helpers.js';
import { defineOp } from './table.js';
import { defineTensorMethod } from './tensor-method.js';
import { cloneOf, reshape, view } from './views.js';

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
  // The view reads only its storage's elements: when those are fewer than the view's (an expanded
  // index, as index_select's gradient scatters with) and all in range, so is every value it reads.
  const stored = index.storage.data;
  if (stored && stored.length <= index.numel() && allInRange(stored as ArrayLike<number | bigint>, size)) return null;
  const values = hostValues(index);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= size) return v;
  }
  return null;
}

function allInRange(values: ArrayLike<number | bigint>, size: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= size) return false;
  }
  return true;
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

export interface IndexSelectOptions {
  dim?: number;
  index?: Tensor;
}
export type IndexSelectParams = [dim: number, index: Tensor];
type IndexSelectFn = (...args: PyArgs<[input: Tensor, ...IndexSelectParams], IndexSelectOptions & { input?: Tensor }>) => Tensor;

/** torch.index_select(x, dim, index): the slices index[0], index[1], ... of x along dim. */
export const index_select = defineFunction<IndexSelectFn>(
  'index_select', 'index_select(Tensor input, int dim, Tensor index)',
  (a) => indexSelectOp.call([a.input, a.index], { dim: normalizeDim(a.dim, a.input.ndim) }),
  { method: true },
);

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

/** PyTorch's sparse gradients: wick has no sparse tensors, so asking for one is an error, never a dense gradient. */
function refuseSparse(name: string, sparse: boolean): void {
  if (sparse) {
    throw new ValueError(`${name}: sparse gradients need sparse tensors, which wick does not have`, 'NotImplementedError');
  }
}

export interface GatherOptions extends IndexSelectOptions {
  /** A sparse gradient for input: not supported (wick has no sparse tensors). */
  sparse_grad?: boolean;
}
type GatherFn = (...args: PyArgs<[input: Tensor, ...IndexSelectParams], GatherOptions & { input?: Tensor }>) => Tensor;

/** torch.gather(x, dim, index): out[i][j] = x[index[i][j]][j] for dim 0, and so on; out has index's shape. */
export const gather = defineFunction<GatherFn>(
  'gather', 'gather(Tensor input, int dim, Tensor index, *, bool sparse_grad=False)',
  (a) => {
    refuseSparse('gather(sparse_grad=True)', a.sparse_grad);
    return gatherOp.call([a.input, a.index], { dim: normalizeDim(a.dim, a.input.ndim) });
  },
  { method: true },
);

// ---------------------------------------------------------------------------------------------
// scatter, scatter_add

/** What scatter does at a target: write (none), or combine with the value already there. */
export type ScatterReduce = 'none' | 'add' | 'multiply';

interface ScatterAttrs {
  dim: number;
  /** scatter's keyword-only reduce ('add' or 'multiply'), or null; scatter_add always adds. */
  reduce: 'add' | 'multiply' | null;
}
interface ScatterValueAttrs extends ScatterAttrs {
  value: Scalar;
}

/**
 * PyTorch's scatter checks that come before its in-place overlap check (scatter_meta_impl), in
 * its order. `src` is null for the scalar-value form. The index values are checked by the kernel.
 */
function checkScatter(self: Tensor, dim: number, index: Tensor, src: Tensor | null, reduce: string | null): void {
  if (index.numel() > 0 && !isIndexDType(index.dtype)) {
    throw new DTypeError('scatter(): Expected dtype int32/int64 for index');
  }
  if (src && self.dtype !== src.dtype) throw new DTypeError('scatter(): Expected self.dtype to be equal to src.dtype');
  if (index.numel() > 0) checkScatterShapes(self, dim, index, src);
  if (reduce !== null && reduce !== 'add' && reduce !== 'multiply') {
    throw new ValueError('reduce argument must be either add or multiply.');
  }
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

/** Writes src (a tensor, or `value` broadcast over index) into a copy of self, or into `out`. */
function runScatter(self: Tensor, dim: number, index: Tensor, src: StridedView, reduce: ScatterReduce, out?: Tensor): Tensor {
  if (index.numel() > 0) checkValues(index, dim, sizeAt(self, dim));
  const target = out ?? cloneOf(self);
  if (index.numel() > 0) backendFor(self.device).scatter(atLeast1d(target), dim, atLeast1d(index), src, reduce);
  return target;
}

const scatterOp = defineOp<ScatterAttrs>(
  'scatter',
  ([self, index, src], { dim, reduce }, out) => runScatter(self!, dim, index!, atLeast1d(src!), reduce ?? 'none', out),
  { check: ([self, index, src], { dim, reduce }) => checkScatter(self!, dim, index!, src!, reduce) },
);

const scatterValueOp = defineOp<ScatterValueAttrs>(
  'scatter_value',
  ([self, index], { dim, value, reduce }, out) => {
    // The value, converted to self's dtype, read at every index position through stride 0.
    const v = empty([], self!.dtype, self!.device);
    backendFor(self!.device).fill(v, value);
    const shape = index!.ndim === 0 ? [1] : index!.shape;
    const src: StridedView = { storage: v.storage, dtype: v.dtype, shape, strides: shape.map(() => 0), offset: 0 };
    return runScatter(self!, dim, index!, src, reduce ?? 'none', out);
  },
  { check: ([self, index], { dim, reduce }) => checkScatter(self!, dim, index!, null, reduce) },
);

const scatterAddOp = defineOp<{ dim: number }>(
  'scatter_add',
  ([self, index, src], { dim }, out) => runScatter(self!, dim, index!, atLeast1d(src!), 'add', out),
  { check: ([self, index, src], { dim }) => checkScatter(self!, dim, index!, src!, null) },
);

// In the order PyTorch's parser tries (and lists) them.
const SCATTER = [
  'scatter(Tensor input, int dim, Tensor index, Tensor src)',
  'scatter(Tensor input, int dim, Tensor index, Tensor src, *, str reduce)',
  'scatter(Tensor input, int dim, Tensor index, Scalar value)',
  'scatter(Tensor input, int dim, Tensor index, Scalar value, *, str reduce)',
];

/** scatter or scatter_ for bound arguments: the src form or the scalar-value form. */
function scatterBound(a: Bound, inplace: boolean): Tensor {
  const dim = normalizeDim(a.dim, a.input.ndim);
  const reduce = a.reduce ?? null;
  if (a.src !== undefined) {
    const inputs = [a.input, a.index, a.src];
    return inplace ? scatterOp.callInplace(inputs, { dim, reduce }) : scatterOp.call(inputs, { dim, reduce });
  }
  const attrs = { dim, reduce, value: a.value };
  return inplace ? scatterValueOp.callInplace([a.input, a.index], attrs) : scatterValueOp.call([a.input, a.index], attrs);
}

export interface ScatterOptions {
  dim?: number;
  index?: Tensor;
  src?: Tensor;
  value?: Scalar;
  /** Combine with the value already at each target instead of replacing it. */
  reduce?: 'add' | 'multiply';
}
export type ScatterParams = [dim: number, index: Tensor, src: TensorOrScalar];
type ScatterFn = (...args: PyArgs<[input: Tensor, ...ScatterParams], ScatterOptions & { input?: Tensor }>) => Tensor;

/**
 * torch.scatter(x, dim, index, src | value, { reduce }): a copy of x with src[p] (or value) written
 * at index[p] along dim; with reduce 'add' or 'multiply', combined with what is there.
 */
export const scatter = defineFunction<ScatterFn>('scatter', SCATTER, (a) => scatterBound(a, false), { method: true });
export const scatterInplaceMethod = defineTensorMethod('scatter_', SCATTER.map((t) => t.replace('scatter(Tensor input', 'scatter_(Tensor self')), (a) =>
  scatterBound({ ...a, input: a.self }, true),
);

export interface ScatterAddOptions {
  dim?: number;
  index?: Tensor;
  src?: Tensor;
}
export type ScatterAddParams = [dim: number, index: Tensor, src: Tensor];
type ScatterAddFn = (...args: PyArgs<[input: Tensor, ...ScatterAddParams], ScatterAddOptions & { input?: Tensor }>) => Tensor;

/** torch.scatter_add(x, dim, index, src): like scatter, but values at repeated targets add up. */
export const scatter_add = defineFunction<ScatterAddFn>(
  'scatter_add', 'scatter_add(Tensor input, int dim, Tensor index, Tensor src)',
  (a) => scatterAddOp.call([a.input, a.index, a.src], { dim: normalizeDim(a.dim, a.input.ndim) }),
  { method: true },
);
export const scatterAddInplaceMethod = defineTensorMethod(
  'scatter_add_', 'scatter_add_(Tensor self, int dim, Tensor index, Tensor src)',
  (a) => scatterAddOp.callInplace([a.self, a.index, a.src], { dim: normalizeDim(a.dim, a.self.ndim) }),
);

// ---------------------------------------------------------------------------------------------
// embedding

interface EmbeddingAttrs {
  /** The row that takes no gradient, or -1 (any negative value names no row, as in PyTorch). */
  padding_idx: number;
  scale_grad_by_freq: boolean;
}

/** aten::embedding: inputs [weight, indices] as PyTorch orders them. */
const embeddingOp = defineOp<EmbeddingAttrs>('embedding', ([weight, indices]) => {
  if (weight!.ndim !== 2) throw new ShapeError("'weight' must be 2-D");
  if (!isIndexDType(indices!.dtype)) {
    throw new DTypeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${legacyTypeName(indices!.dtype)} instead (while checking arguments for embedding)`,
    );
  }
  const flat = reshape(indices!, [-1]);
  checkIndexSelect(weight!, 0, flat);
  const rows = selectRows(weight!, 0, flat);
  return view(rows, [...indices!.shape, weight!.shape[1]!]);
});

export interface EmbeddingOptions {
  weight?: Tensor;
  indices?: Tensor;
  padding_idx?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}
type EmbeddingFn = (
  ...args: PyArgs<[weight: Tensor, indices: Tensor, padding_idx?: number, scale_grad_by_freq?: boolean, sparse?: boolean], EmbeddingOptions>
) => Tensor;

/**
 * torch.embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False): the
 * rows of `weight` named by `indices`, shaped [...indices.shape, embedding_dim]. The row
 * padding_idx gets no gradient; with scale_grad_by_freq, each row's gradient is divided by how
 * often `indices` names it. (F.embedding, in @wick/nn, checks and wraps padding_idx first.)
 */
export const embedding = defineFunction<EmbeddingFn>(
  'embedding', 'embedding(Tensor weight, Tensor indices, SymInt padding_idx=-1, bool scale_grad_by_freq=False, bool sparse=False)',
  (a) => {
    refuseSparse('embedding(sparse=True)', a.sparse);
    const padding = Number(a.padding_idx);
    return embeddingOp.call([a.weight, a.indices], { padding_idx: padding, scale_grad_by_freq: a.scale_grad_by_freq });
  },
);
