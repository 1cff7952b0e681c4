import type { Backend } from '../backend.js';
import { type DType, type TypedArray, allocate, isComplex, isReducedFloat } from '../dtype.js';
import { Storage, type StridedView } from '../storage.js';
import { contiguousStrides, numel } from '../shape.js';
import { componentView, copy, fill, readContiguous, writeContiguous } from './convert.js';
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

/**
 * An element-moving kernel on complex views, run once on the real parts and once on the
 * imaginary parts (`complexAt` lists the argument positions that are complex views).
 */
function perComponent<A extends unknown[]>(kernel: (...args: A) => void, complexAt: readonly number[]): (...args: A) => void {
  return (...args: A) => {
    const first = args[complexAt[0]!] as StridedView;
    if (!isComplex(first.dtype)) {
      kernel(...args);
      return;
    }
    for (const part of [0, 1] as const) {
      const parted = args.map((a, i) => (complexAt.includes(i) ? componentView(a as StridedView, part) : a)) as A;
      kernel(...parted);
    }
  };
}

/** Element offsets (advanced indexing) into a complex view, as offsets into its component views. */
function doubled(offsets: StridedView): StridedView {
  const data = Float64Array.from(readContiguous(offsets, allocate(offsets.dtype, numel(offsets.shape))) as ArrayLike<number>, (v) => 2 * v);
  return { storage: Storage.cpu('float64', data), dtype: 'float64', shape: offsets.shape, strides: contiguousStrides(offsets.shape), offset: 0 };
}

const indexKernel = perComponent(advancedIndex, [0, 2]);
const indexPutKernel = perComponent(indexPut, [0, 2]);

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
  where: perComponent(where, [1, 2, 3]), // selects elements: no arithmetic, any dtype
  clamp: (x, lo, hi, out) => viaFloat32(out, [x], ([a], o) => clamp(a!, lo, hi, o)),
  reduce: (op, x, inner, out, indices, correction) =>
    viaFloat32(out, [x], ([a], o) => reduce(op, a!, inner, o, indices, correction)),
  scan: (op, x, dim, out) => viaFloat32(out, [x], ([a], o) => scan(op, a!, dim, o)),
  softmax: (x, dim, out, log) => viaFloat32(out, [x], ([a], o) => softmax(a!, dim, o, log)),
  sort: sortLines, // moves elements: no arithmetic, any dtype
  matmul: (a, b, out) => viaFloat32(out, [a, b], ([x, y], o) => matmul(x!, y!, o)),
  indexSelect: perComponent(indexSelect, [0, 3]), // moves elements: no arithmetic, any dtype
  gather: perComponent(gather, [0, 3]),
  // A reduce accumulates float16/bfloat16 in float32 (rounded once at the end), as PyTorch's kernels do.
  scatter: (out, dim, index, src, reduce) =>
    reduce === 'none' ? scatter(out, dim, index, src, reduce) : viaFloat32(out, [src], ([s], o) => scatter(o, dim, index, s!, reduce)),
  index: (src, offsets, out) => indexKernel(src, isComplex(src.dtype) ? doubled(offsets) : offsets, out), // moves elements: any dtype
  // Accumulates float16/bfloat16 element by element, as PyTorch's kernel does; complex a part at a time.
  indexPut: (dst, offsets, values, acc) => indexPutKernel(dst, isComplex(dst.dtype) ? doubled(offsets) : offsets, values, acc),
};
