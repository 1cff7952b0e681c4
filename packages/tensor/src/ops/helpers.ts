import { backendFor } from '../device.js';
import {
  type DType,
  category,
  complexOf,
  get_default_dtype,
  isComplex,
  isFloating,
  promote_types,
  scalarName,
  can_cast,
} from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { contiguousStrides, formatShape, numel, reorderDims, shapesEqual } from '../shape.js';
import type { Device } from '../storage.js';
import { Tensor } from '../tensor.js';

/** A Python scalar as JS passes it. */
export type Scalar = number | bigint | boolean;
export type TensorOrScalar = Tensor | Scalar;

/** A new, zero-filled contiguous tensor. */
export function empty(shape: readonly number[], dtype: DType, device: Device = 'cpu'): Tensor {
  const storage = backendFor(device).allocate(dtype, numel(shape));
  return new Tensor(storage, shape.slice(), contiguousStrides(shape), 0);
}

/**
 * A new tensor shaped like x whose strides keep x's memory order (PyTorch's preserve_format, used
 * by clone and to): x's own strides when x is dense, else dense strides in x's dim order.
 */
export function emptyLike(x: Tensor, dtype: DType = x.dtype, device: Device = x.device): Tensor {
  const storage = backendFor(device).allocate(dtype, numel(x.shape));
  const strides = isNonOverlappingAndDense(x.shape, x.strides) ? x.strides : denseStridesLike(x.shape, x.strides);
  return new Tensor(storage, x.shape, strides, 0);
}

/**
 * emptyLike with an optional other dtype or device. Another device keeps x's memory order too (as
 * PyTorch's empty_like does), so that values drawn into it land where they would in x.
 */
export function allocateLike(x: Tensor, opts: { dtype?: DType; device?: Device }): Tensor {
  return emptyLike(x, opts.dtype ?? x.dtype, opts.device ?? x.device);
}

export function isNonOverlappingAndDense(shape: readonly number[], strides: readonly number[]): boolean {
  const order = [...shape.keys()].sort((a, b) => {
    if (shape[a]! < 2) return 1;
    if (shape[b]! < 2) return -1;
    return strides[a]! - strides[b]!;
  });
  let required = 1;
  for (const d of order) {
    if (shape[d]! < 2) return true;
    if (strides[d] !== required) return false;
    required *= shape[d]!;
  }
  return true;
}

/** PyTorch's infer_dense_strides: a stable insertion sort of dims by stride; stride-0 dims stay put. */
function denseStridesLike(shape: readonly number[], strides: readonly number[]): number[] {
  const n = shape.length;
  const compare = (d0: number, d1: number) => {
    const s0 = strides[d0]!;
    const s1 = strides[d1]!;
    if (s0 === 0 || s1 === 0) return 0;
    if (s0 !== s1) return s0 < s1 ? -1 : 1;
    return shape[d0]! > shape[d1]! ? 1 : 0;
  };
  const perm = reorderDims(n, compare);
  const out = new Array<number>(n);
  let stride = 1;
  for (const d of perm) {
    out[d] = stride;
    stride *= Math.max(shape[d]!, 1);
  }
  return out;
}

/** The dtype PyTorch gives a Python scalar on its own: bool, int64, or the default float. */
export function scalarDType(v: Scalar): DType {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint' || Number.isInteger(v)) return 'int64';
  return get_default_dtype();
}

/**
 * A scalar as a 0-dim "wrapped number" tensor, which type promotion treats as weaker than any
 * tensor of its category (PyTorch's is_wrapped_number). Float scalars are held in float64.
 */
export function wrapScalar(v: Scalar, device: Device = 'cpu'): Tensor {
  const dtype: DType = typeof v === 'boolean' ? 'bool' : typeof v === 'bigint' || Number.isInteger(v) ? 'int64' : 'float64';
  const t = empty([], dtype, device);
  backendFor(device).fill(t, v);
  t.wrappedNumber = true;
  return t;
}

export function asTensor(v: TensorOrScalar, device: Device = 'cpu'): Tensor {
  return v instanceof Tensor ? v : wrapScalar(v, device);
}

/** torch.result_type over operands: dimensioned tensors, then 0-dim tensors, then scalars. */
export function resultType(...operands: readonly TensorOrScalar[]): DType {
  let dim: DType | null = null;
  let zero: DType | null = null;
  let wrapped: DType | null = null;
  const merge = (acc: DType | null, d: DType) => (acc === null ? d : promote_types(acc, d));
  for (const x of operands) {
    if (!(x instanceof Tensor)) wrapped = merge(wrapped, scalarDType(x));
    else if (x.wrappedNumber) wrapped = merge(wrapped, wrappedDType(x.dtype));
    else if (x.shape.length === 0) zero = merge(zero, x.dtype);
    else dim = merge(dim, x.dtype);
  }
  return combineCategories(dim, combineCategories(zero, wrapped))!;
}

/** The dtype a wrapped Python number counts as: the default float, or the default complex, or its own. */
function wrappedDType(d: DType): DType {
  if (isComplex(d)) return complexOf(get_default_dtype()) ?? 'complex64';
  return isFloating(d) ? get_default_dtype() : d;
}

/** A lower-priority dtype only counts when it is of a higher category (PyTorch's combine_categories). */
function combineCategories(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null) return higher;
  if (isFloating(higher) && !isComplex(lower)) return higher;
  if (isComplex(higher)) return higher;
  if (higher === 'bool' || category(lower) > category(higher)) return promote_types(higher, lower);
  return higher;
}

/** t itself when it already has dtype d, else a converted copy. */
export function castTo(t: Tensor, d: DType): Tensor {
  if (t.dtype === d) return t;
  const out = empty(t.shape, d, t.device);
  backendFor(t.device).copy(t, out);
  return out;
}

/** PyTorch's check before writing a result of dtype `result` into an existing tensor. */
export function checkCastable(result: DType, out: Tensor): void {
  if (!can_cast(result, out.dtype)) {
    throw new DTypeError(`result type ${scalarName(result)} can't be cast to the desired output type ${scalarName(out.dtype)}`);
  }
}

export function checkOutShape(shape: readonly number[], out: Tensor): void {
  if (!shapesEqual(shape, out.shape)) {
    throw new ShapeError(`output with shape ${formatShape(out.shape)} doesn't match the broadcast shape ${formatShape(shape)}`);
  }
}

export { sameDevice } from './device-check.js';
