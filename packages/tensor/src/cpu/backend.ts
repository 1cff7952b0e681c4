import type { Backend } from '../backend.js';
import { type DType, type TypedArray, allocate, isReducedFloat } from '../dtype.js';
import { Storage, type StridedView } from '../storage.js';
import { contiguousStrides, numel } from '../shape.js';
import { copy, fill, readContiguous, writeContiguous } from './convert.js';
import { binary, clamp, unary, where } from './elementwise.js';
import { index as advancedIndex, indexPut } from './advanced-index.js';
import { gather, indexSelect, scatter } from './indexing.js';
import { matmul } from './matmul.js';
import { reduce, scan, softmax } from './reduce.js';
import { sortLines } from './sort.js';

/**
 * float16/bfloat16 arithmetic runs in float32, as PyTorch's CPU kernels do: inputs are widened,
 * the float32 kernel runs, and the result is rounded back when stored.
 */
function widened(view: StridedView): StridedView {
  if (!isReducedFloat(view.dtype)) return view;
  const data = allocate('float32', numel(view.shape));
  const out = { storage: Storage.cpu('float32', data), dtype: 'float32' as DType, shape: view.shape, strides: contiguousStrides(view.shape), offset: 0 };
  copy(view, out);
  return out;
}

/** Runs `kernel` with float32 stand-ins for any float16/bfloat16 operands, then stores the result. */
function viaFloat32(out: StridedView, inputs: StridedView[], kernel: (ins: StridedView[], o: StridedView) => void): void {
  if (!isReducedFloat(out.dtype) && !inputs.some((v) => isReducedFloat(v.dtype))) {
    kernel(inputs, out);
    return;
  }
  const o = isReducedFloat(out.dtype) ? widened(out) : out;
  kernel(inputs.map(widened), o);
  if (o !== out) copy(o, out);
}

export const cpu: Backend = {
  device: 'cpu',
  allocate: (dtype, n) => Storage.cpu(dtype, allocate(dtype, n)),
  readSync: (view) => readContiguous(view, allocate(view.dtype, numel(view.shape))),
  read: async (view) => readContiguous(view, allocate(view.dtype, numel(view.shape))),
  write: (view, values: TypedArray) => writeContiguous(view, values),
  copy,
  fill,
  unary: (op, x, out) => viaFloat32(out, [x], ([a], o) => unary(op, a!, o)),
  binary: (op, a, b, out) => viaFloat32(out, [a, b], ([x, y], o) => binary(op, x!, y!, o)),
  where: (cond, a, b, out) => where(cond, a, b, out), // selects elements: no arithmetic, any dtype
  clamp: (x, lo, hi, out) => viaFloat32(out, [x], ([a], o) => clamp(a!, lo, hi, o)),
  reduce: (op, x, inner, out, indices, correction) =>
    viaFloat32(out, [x], ([a], o) => reduce(op, a!, inner, o, indices, correction)),
  scan: (op, x, dim, out) => viaFloat32(out, [x], ([a], o) => scan(op, a!, dim, o)),
  softmax: (x, dim, out, log) => viaFloat32(out, [x], ([a], o) => softmax(a!, dim, o, log)),
  sort: sortLines, // moves elements: no arithmetic, any dtype
  matmul: (a, b, out) => viaFloat32(out, [a, b], ([x, y], o) => matmul(x!, y!, o)),
  indexSelect, // moves elements: no arithmetic, any dtype
  gather,
  // A reduce accumulates float16/bfloat16 in float32 (rounded once at the end), as PyTorch's kernels do.
  scatter: (out, dim, index, src, reduce) =>
    reduce === 'none' ? scatter(out, dim, index, src, reduce) : viaFloat32(out, [src], ([s], o) => scatter(o, dim, index, s!, reduce)),
  index: advancedIndex, // moves elements: no arithmetic, any dtype
  indexPut, // accumulates float16/bfloat16 element by element, as PyTorch's kernel does
};
