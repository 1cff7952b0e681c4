import type { Backend } from '../backend.js';
import { backendFor } from '../device.js';
import { type DType, componentDType, isComplex, isFloating } from '../dtype.js';
import { contiguousStrides, normalizeDims } from '../shape.js';
import type { StridedView } from '../storage.js';
import type { Tensor } from '../tensor.js';
import { fromParts } from './complex-math.js';
import { part } from './complex-parts.js';
import { castTo, empty } from './helpers.js';

/** A reduction's `dim`: one dim, a list, or null/undefined for all dims. */
export type DimArg = number | readonly number[] | null | undefined;

/** dims as users give them where PyTorch takes `int[1]? dim`: one dim or a list (bound as a list). */
export type Dims = number | readonly number[];

export interface DTypeOptions {
  dtype?: DType | null;
}

/** The C++ type names PyTorch prints in some messages ("float != double", "dtype long int"). */
export const cppName: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'long int',
  int32: 'int', int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
  complex64: 'c10::complex<float>', complex128: 'c10::complex<double>', uint16: 'short unsigned int', uint32: 'unsigned int',
  uint64: 'long unsigned int', float8_e4m3fn: 'c10::Float8_e4m3fn', float8_e5m2: 'c10::Float8_e5m2',
  float8_e4m3fnuz: 'c10::Float8_e4m3fnuz', float8_e5m2fnuz: 'c10::Float8_e5m2fnuz', float8_e8m0fnu: 'c10::Float8_e8m0fnu',
};

/** A named tuple as PyTorch returns from max(dim), sort, topk: `[values, indices]` with names. */
export type ValuesIndices = [Tensor, Tensor] & { readonly values: Tensor; readonly indices: Tensor };

export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return Object.assign<[Tensor, Tensor], { values: Tensor; indices: Tensor }>([values, indices], { values, indices });
}

/**
 * The dims a reduction removes, normalized and ascending (so their flattened order is row-major).
 * null/undefined mean all dims; so does [] unless `emptyMeansNone` (all/any reduce nothing then).
 * A 0-dim tensor accepts dim 0 and -1 and reduces over its one element: no dims.
 */
export function reducedDims(x: Tensor, dim: DimArg, emptyMeansNone = false): number[] {
  const all = [...Array(x.ndim).keys()];
  if (dim === null || dim === undefined) return all;
  const list = typeof dim === 'number' ? [dim] : dim;
  if (list.length === 0) return emptyMeansNone ? [] : all;
  return normalizeDims(list, x.ndim)
    .filter((d) => d < x.ndim)
    .sort((a, b) => a - b);
}

/** x permuted so `dims` come last, and the result's shape with and without the kept size-1 dims. */
export interface ReducePlan {
  readonly view: StridedView;
  readonly inner: number;
  /** The result's shape (reduced dims dropped, or kept as 1 with keepdim). */
  readonly shape: number[];
  /** The kept dims' sizes: the shape the kernel writes. */
  readonly kept: number[];
}

export function planReduce(x: Tensor, dims: readonly number[], keepdim: boolean): ReducePlan {
  const reduced = new Set(dims);
  const keep = [...Array(x.ndim).keys()].filter((d) => !reduced.has(d));
  const order = [...keep, ...dims];
  const view: StridedView = {
    storage: x.storage,
    dtype: x.dtype,
    shape: order.map((d) => x.shape[d]!),
    strides: order.map((d) => x.strides[d]!),
    offset: x.offset,
  };
  const kept = keep.map((d) => x.shape[d]!);
  const shape = keepdim ? x.shape.map((s, d) => (reduced.has(d) ? 1 : s)) : kept;
  return { view, inner: dims.length, shape, kept };
}

/** A contiguous result tensor seen with the kept dims only (what the kernel writes). */
export function kernelView(t: Tensor, kept: readonly number[]): StridedView {
  return { storage: t.storage, dtype: t.dtype, shape: kept, strides: contiguousStrides(kept), offset: t.offset };
}

/** sum/prod/cumsum's result dtype: the requested one, else integers and bool widen to int64. */
export function accumulateDType(x: DType, requested: DType | null | undefined): DType {
  return requested ?? (isFloating(x) || isComplex(x) ? x : 'int64');
}

/** x converted to the result dtype, which is what PyTorch reduces; the kernels widen integers to int64 themselves. */
export function kernelInput(x: Tensor, dtype: DType): Tensor {
  return dtype === 'int64' && !isFloating(x.dtype) ? x : castTo(x, dtype);
}

type Kind = Parameters<Backend['reduce']>[0];

/** Runs one reduction kernel into new tensors: [result] or [values, indices]. */
export function runKernel(kind: Kind, x: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType, correction = 0, withIndices = false): Tensor[] {
  const plan = planReduce(x, dims, keepdim);
  const out = empty(plan.shape, dtype, x.device);
  const idx = withIndices ? empty(plan.shape, 'int64', x.device) : null;
  backendFor(x.device).reduce(kind, plan.view, plan.inner, kernelView(out, plan.kept), idx && kernelView(idx, plan.kept), correction);
  return idx ? [out, idx] : [out];
}

/**
 * A reduction of a complex tensor (sum, mean): its real and imaginary parts reduced as real
 * tensors of the component dtype, which is what PyTorch's complex sum computes (each part a
 * cascade sum of its own; mean divides each by the count).
 */
export function runComplexKernel(kind: 'sum' | 'mean', x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  const real = componentDType(x.dtype);
  const [re] = runKernel(kind, part(x, 0), dims, keepdim, real);
  const [im] = runKernel(kind, part(x, 1), dims, keepdim, real);
  return fromParts(re!, im!, x.dtype);
}

/** Attrs of a reduction entry: the reduced dims, normalized and ascending. */
export interface DimsAttrs {
  dim: number[];
  keepdim: boolean;
}
export interface DimsDTypeAttrs extends DimsAttrs {
  dtype: DType | null;
}
