import { type TorchDevice, backendFor, readDevice } from '../device.js';
import { Complex } from '../complex.js';
import { type DType, type TypedArray, allocate, get_default_dtype, isBarebones, isComplex, isFloating, isWideUnsigned, scalarName } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { numberToBfloat16Bits, numberToHalfBits } from '../half.js';
import type { Bound } from '../signature/bind.js';
import { defineFunction } from '../signature/declare.js';
import type { PyArgs } from '../signature/py-args.js';
import type { Device } from '../storage.js';
import { Tensor } from '../tensor.js';
import { defineTensorMethod } from './define.js';
import { finish } from './factory.js';
import { type Scalar, allocateLike, castTo, empty as emptyTensor } from './helpers.js';
import { type NumberArg, checkScalarFits, cppDouble, fillValue, fitsInteger, isFloatScalar, numberDType, scalarValue } from './scalars.js';
import type { MemoryFormat } from './convert.js';
import type { NumberLike } from './binary.js';

// The creation functions (torch.tensor, empty/zeros/ones/full and their *_like, arange, linspace,
// eye) and Tensor.new_*, each declared with PyTorch's signature.

export interface TensorOptions {
  dtype?: DType | null;
  device?: string | TorchDevice | null;
  requires_grad?: boolean;
}
export interface LikeOptions extends TensorOptions {
  input?: Tensor;
  memory_format?: MemoryFormat | null;
}
/** An int argument: a JS integer, a bigint, or a one-element integer tensor. */
export type Int = number | bigint | Tensor;
/** Sizes as separate ints or one list, then an optional options object: f(2, 3), f([2, 3], { dtype }). */
export type SizeArgs<O> = [...size: Int[]] | [...size: Int[], options: O | undefined] | [size: readonly Int[], options?: O] | [options: O];
export interface SizeOptions extends TensorOptions {
  size?: readonly Int[];
}

const KW = 'ScalarType? dtype=None, DeviceLike? device=None, bool requires_grad=False';

/** The dtype, device and requires_grad of a call (TensorOptions, bound). */
function options(a: Bound, dtype: DType): { dtype: DType; device: Device; requires_grad: boolean } {
  return { dtype: a.dtype ?? dtype, device: readDevice(a.device) ?? 'cpu', requires_grad: a.requires_grad };
}

/** Checks sizes as PyTorch's factories do (zeros words its message differently). */
function checkSizes(size: readonly number[], zeros = false): void {
  for (const s of size) {
    if (s >= 0) continue;
    if (zeros) throw new ValueError('zeros: Dimension size must be non-negative.');
    throw new ValueError(`Trying to create tensor with negative dimension ${s}: [${size.join(', ')}]`);
  }
}

/** A CPU tensor from host values in logical order, moved to `device` when needed. */
function fromHost(shape: readonly number[], dtype: DType, values: TypedArray, device: Device = 'cpu'): Tensor {
  const t = emptyTensor(shape, dtype, device);
  backendFor(device).write(t, values);
  return t;
}

// --- torch.tensor --------------------------------------------------------------------------------

export type NestedData = Scalar | Complex | Tensor | readonly NestedData[];
export type TensorData = NestedData | TypedArray;
export type TensorFn = (...args: PyArgs<[data: TensorData], TensorOptions & { data?: TensorData }>) => Tensor;

const KEYWORD_ONLY =
  "PyTorch's stub lists dtype, device and requires_grad as positional, but its parser takes them by keyword only " +
  "(torch.tensor([1], torch.float64) raises 'takes 1 positional argument but 2 were given')";

/** torch.tensor(data, { dtype, device, requires_grad }): nested arrays (or a typed array, a scalar, a tensor) copied. */
export const tensor = defineFunction<TensorFn>(
  'tensor', `tensor(Value data, *, ${KW})`, (a) => makeTensor(a.data, a.dtype, readDevice(a.device) ?? 'cpu', a.requires_grad),
  { differs: KEYWORD_ONLY },
);

/** torch.tensor's work: the dtype inferred from the data unless given. */
export function makeTensor(data: unknown, dtype: DType | null, device: Device, requires_grad: boolean): Tensor {
  const t = data instanceof Tensor ? tensorCopy(data, dtype) : ArrayBuffer.isView(data) ? fromTypedArray(data, dtype) : fromNested(data, dtype);
  const moved = t.device === device ? t : t.to(device);
  return finish(moved, { requires_grad });
}

function tensorCopy(data: Tensor, dtype: DType | null): Tensor {
  const out = castTo(data, dtype ?? data.dtype);
  return out === data ? data.detach().clone() : out;
}

function fromNested(data: unknown, dtype: DType | null): Tensor {
  const shape: number[] = [];
  const flat: (NumberArg | Complex)[] = [];
  flattenNested(data, 0, shape, flat, dtype === 'uint64');
  const d = dtype ?? inferDType(flat);
  if (isComplex(d)) return fromHost(shape, d, complexStored(flat, d));
  const real = flat as NumberArg[];
  if (isBarebones(d)) {
    // uint16/32/64 and float8: each value converted from its Python kind (int or float) as PyTorch casts.
    for (const v of real) checkFits(v, d);
    const anyFloat = real.some(isFloatScalar);
    if (d === 'uint64' && !anyFloat) {
      // NOTE: ints from 2^63 up fit uint64 but not the int64 a copy would go through.
      const values = BigUint64Array.from(real, (v) => BigInt.asUintN(64, BigInt(scalarValue(v))));
      return fromHost(shape, d, values);
    }
    const wide: DType = anyFloat ? 'float64' : 'int64';
    return castTo(fromHost(shape, wide, toStored(real, wide)), d);
  }
  return fromHost(shape, d, toStored(real, d));
}

/** Interleaved (real, imaginary) host values of a complex tensor; a real value has imaginary part 0. */
function complexStored(flat: readonly (NumberArg | Complex)[], dtype: DType): TypedArray {
  const out = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    if (v instanceof Complex) {
      out[2 * i] = v.re;
      out[2 * i + 1] = v.im;
    } else {
      checkScalarFits(v, dtype);
      out[2 * i] = Number(scalarValue(v));
    }
  }
  return out;
}

function flattenNested(data: unknown, depth: number, shape: number[], flat: (NumberArg | Complex)[], unsigned64: boolean): void {
  if (!Array.isArray(data)) {
    if (depth < shape.length) throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got scalar)`, 'ValueError');
    flat.push(scalarOf(data, unsigned64));
    return;
  }
  if (depth === shape.length) {
    if (flat.length > 0) throw new ValueError(`expected sequence of length ${shape[depth - 1] ?? 0} at dim ${depth} (got ${data.length})`, 'ValueError');
    shape.push(data.length);
  } else if (shape[depth] !== data.length) {
    throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${data.length})`, 'ValueError');
  }
  for (const d of data) flattenNested(d, depth + 1, shape, flat, unsigned64);
}

/**
 * One element of torch.tensor's data: a number, bigint, boolean, Complex, or a one-element
 * tensor's value. Ints are int64's range, or up to 2^64 - 1 for a uint64 tensor (as PyTorch reads them).
 */
function scalarOf(v: unknown, unsigned64: boolean): NumberArg | Complex {
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Complex) return v;
  if (typeof v === 'bigint') {
    if (v >= (unsigned64 ? 2n ** 64n : 2n ** 63n) || v < -(2n ** 63n)) throw new ValueError('Overflow when unpacking long long', 'ValueError');
    return v;
  }
  if (v instanceof Tensor) {
    if (v.numel() !== 1) throw new ValueError('only one element tensors can be converted to Python scalars', 'ValueError');
    return isComplex(v.dtype) ? (v.item() as Complex) : v;
  }
  if (v === null || v === undefined) throw new DTypeError(`Could not infer dtype of ${v === null ? 'NoneType' : 'undefined'}`);
  throw new DTypeError(`new(): invalid data type '${typeof v === 'string' ? 'str' : typeof v}'`, 'TypeError');
}

/**
 * PyTorch's dtype for a list of Python scalars: bool, int64, the default float if any is a float,
 * the default complex (complex64, or complex128 when the default is float64) if any is complex.
 */
function inferDType(flat: readonly (NumberArg | Complex)[]): DType {
  if (flat.length === 0) return get_default_dtype();
  if (flat.some((v) => v instanceof Complex)) return get_default_dtype() === 'float64' ? 'complex128' : 'complex64';
  let result: DType = 'bool';
  for (const v of flat as NumberArg[]) {
    const d = numberDType(v);
    if (isFloating(d)) return d;
    if (d !== 'bool') result = 'int64';
  }
  return result;
}

const typedArrayDTypes: [new (n: number) => TypedArray, DType][] = [
  [Float32Array, 'float32'],
  [Float64Array, 'float64'],
  [BigInt64Array, 'int64'],
  [Int32Array, 'int32'],
  [Int16Array, 'int16'],
  [Int8Array, 'int8'],
  [Uint8Array, 'uint8'],
];

function fromTypedArray(data: ArrayBufferView, dtype: DType | null): Tensor {
  const entry = typedArrayDTypes.find(([ctor]) => data instanceof ctor);
  if (!entry) throw new DTypeError(`can't convert a ${data.constructor.name} to a tensor: no matching dtype`, 'TypeError');
  const values = data as TypedArray;
  const t = fromHost([values.length], entry[1], values.slice());
  return castTo(t, dtype ?? entry[1]);
}

/** torch.tensor refuses numbers that do not fit an integer dtype (its own message: 'int64', not 'int64_t'). */
function checkFits(v: NumberArg, dtype: DType): void {
  if (!fitsInteger(v, dtype)) throw new ValueError(`value cannot be converted to type ${dtype} without overflow`);
}

/** Host values in dtype's stored form (float16 bits, bigint for int64, 0/1 for bool). */
function toStored(flat: readonly NumberArg[], dtype: DType): TypedArray {
  const out = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    checkFits(v, dtype);
    const s = scalarValue(v);
    const n = typeof s === 'boolean' ? (s ? 1 : 0) : s;
    switch (dtype) {
      case 'int64':
        out[i] = typeof n === 'bigint' ? BigInt.asIntN(64, n) : BigInt(Math.trunc(n));
        break;
      case 'bool':
        out[i] = n !== 0 && n !== 0n ? 1 : 0;
        break;
      case 'float16':
        out[i] = numberToHalfBits(Number(n));
        break;
      case 'bfloat16':
        out[i] = numberToBfloat16Bits(Number(n));
        break;
      default:
        out[i] = typeof n === 'bigint' ? Number(BigInt.asIntN(64, n)) : n;
    }
  }
  return out;
}

// --- empty, zeros, ones, full ------------------------------------------------------------------------

export type SizeFn = (...args: SizeArgs<SizeOptions>) => Tensor;
export interface FullOptions extends SizeOptions {
  fill_value?: NumberLike;
}
export type FullFn = (...args: PyArgs<[size: readonly Int[], fill_value: NumberLike], FullOptions>) => Tensor;

/** A new tensor of `size` filled with value (converted with PyTorch's fill_ check), or left zero. */
function filled(size: readonly number[], value: NumberArg | null, opts: { dtype: DType; device: Device; requires_grad: boolean }): Tensor {
  const t = emptyTensor(size, opts.dtype, opts.device);
  if (value !== null) {
    // NOTE: PyTorch fills a one-element CPU tensor without checking float16/bfloat16 (too large is inf).
    checkScalarFits(value, opts.dtype, t.numel() !== 1);
    backendFor(t.device).fill(t, fillValue(value));
  }
  return finish(t, opts);
}

export interface EmptyOptions extends SizeOptions {
  memory_format?: MemoryFormat | null;
}

/** torch.empty(*size): wick's memory is always zeroed, so "uninitialized" is zeros. */
export const empty = defineFunction<(...args: SizeArgs<EmptyOptions>) => Tensor>(
  'empty', `empty(int[] size, *, MemoryFormat? memory_format=None, ${KW})`,
  (a) => (checkSizes(a.size), filled(a.size, null, options(a, get_default_dtype()))),
);
export const zeros = defineFunction<SizeFn>(
  'zeros', `zeros(int[] size, *, ${KW})`, (a) => (checkSizes(a.size, true), filled(a.size, null, options(a, get_default_dtype()))),
);
export const ones = defineFunction<SizeFn>(
  'ones', `ones(int[] size, *, ${KW})`, (a) => (checkSizes(a.size), filled(a.size, 1, options(a, get_default_dtype()))),
);
/** torch.full(size, fill_value): the dtype follows the value (bool, int64, or the default float) unless given. */
export const full = defineFunction<FullFn>(
  'full', `full(int[] size, Number fill_value, *, ${KW})`,
  (a) => (checkSizes(a.size), filled(a.size, a.fill_value, options(a, numberDType(a.fill_value)))),
);

// --- the *_like factories ------------------------------------------------------------------------------

export type LikeFn = (...args: PyArgs<[input: Tensor], LikeOptions>) => Tensor;
export type FullLikeFn = (...args: PyArgs<[input: Tensor, fill_value: NumberLike], LikeOptions & { fill_value?: NumberLike }>) => Tensor;
const LIKE_KW = `*, MemoryFormat? memory_format=None, ${KW}`;

/**
 * A new tensor like input, filled with value (or zeros). It keeps input's memory layout (PyTorch's
 * preserve_format): a transposed input gives a transposed result, which matters beyond strides, as
 * a random fill of a non-contiguous tensor takes PyTorch's other path. contiguous_format does not.
 */
export function like(a: Bound, value: NumberArg | null): Tensor {
  const x = a.input as Tensor;
  const dtype: DType = a.dtype ?? x.dtype;
  const device = readDevice(a.device) ?? x.device;
  const t = a.memory_format === 'contiguous_format' ? emptyTensor(x.shape, dtype, device) : allocateLike(x, { dtype, device });
  if (value !== null) {
    checkScalarFits(value, dtype, t.numel() !== 1);
    backendFor(device).fill(t, scalarValue(value));
  }
  return finish(t, { requires_grad: a.requires_grad });
}

export const empty_like = defineFunction<LikeFn>('empty_like', `empty_like(Tensor input, ${LIKE_KW})`, (a) => like(a, null));
export const zeros_like = defineFunction<LikeFn>('zeros_like', `zeros_like(Tensor input, ${LIKE_KW})`, (a) => like(a, null));
export const ones_like = defineFunction<LikeFn>('ones_like', `ones_like(Tensor input, ${LIKE_KW})`, (a) => like(a, 1));
export const full_like = defineFunction<FullLikeFn>(
  'full_like', `full_like(Tensor input, Number fill_value, ${LIKE_KW})`, (a) => like(a, a.fill_value),
);

// --- ranges ----------------------------------------------------------------------------------------

export interface RangeOptions extends TensorOptions {
  start?: NumberLike;
  end?: NumberLike;
  step?: NumberLike;
}
export interface ArangeFn {
  (...args: PyArgs<[end: NumberLike], RangeOptions>): Tensor;
  (...args: PyArgs<[start: NumberLike, end: NumberLike, step?: NumberLike], RangeOptions>): Tensor;
}

/**
 * torch.arange(end), arange(start, end), arange(start, end, step): int64 when every bound is an
 * int (a number, bigint or integer tensor), else the default float dtype.
 */
export const arange: ArangeFn = defineFunction<ArangeFn>(
  'arange',
  [`arange(Number end, *, ${KW})`, `arange(Number start, Number end, *, ${KW})`, `arange(Number start, Number end, Number step=1, *, ${KW})`],
  (a) => {
    const start: NumberArg = a.start ?? 0;
    const step: NumberArg = a.step ?? 1;
    const anyFloat = [start, a.end as NumberArg, step].some(isFloatScalar);
    return finish(range(start, a.end, step, a.dtype ?? (anyFloat ? get_default_dtype() : 'int64'), readDevice(a.device) ?? 'cpu'), a);
  },
  { leftOut: "PyTorch's stubs list (start, end, step) both with and without step's default; the one overload with step=1 takes both" },
);

function range(startArg: NumberArg, endArg: NumberArg, stepArg: NumberArg, dtype: DType, device: Device): Tensor {
  if (dtype === 'bool' || isBarebones(dtype) || isComplex(dtype)) {
    throw new DTypeError(`"arange_cpu" not implemented for '${scalarName(dtype)}'`, 'NotImplementedError');
  }
  const [start, end, step] = [startArg, endArg, stepArg].map((v) => {
    const s = scalarValue(v);
    return typeof s === 'boolean' ? Number(s) : s;
  }) as [number | bigint, number | bigint, number | bigint];
  const [s, e, st] = [Number(start), Number(end), Number(step)];
  if (st === 0) throw new ValueError('step must be nonzero');
  if (!Number.isFinite(s) || !Number.isFinite(e)) throw new ValueError(`unsupported range: ${cppDouble(s)} -> ${cppDouble(e)}`);
  if ((st > 0 && e < s) || (st < 0 && e > s)) throw new ValueError('upper bound and lower bound inconsistent with step sign');
  const allInt = [startArg, endArg, stepArg].every((v) => !isFloatScalar(v));
  // NOTE: an int64 range of ints is exact (values beyond 2^53 included); otherwise PyTorch sizes the
  // range in double, then computes start + i * step in double and converts.
  if (allInt && dtype === 'int64') {
    const [bs, be, bst] = [BigInt(start), BigInt(end), BigInt(step)];
    const count = Number((be - bs + bst - (bst > 0n ? 1n : -1n)) / bst);
    const values = new BigInt64Array(count);
    for (let i = 0; i < count; i++) values[i] = bs + BigInt(i) * bst;
    return fromHost([count], 'int64', values, device);
  }
  const n = Math.max(Math.ceil((e - s) / st), 0);
  const values = allocate('float64', n);
  for (let i = 0; i < n; i++) values[i] = s + i * st;
  return castTo(fromHost([n], 'float64', values), dtype).to(device);
}

export interface LinspaceOptions extends TensorOptions {
  start?: NumberLike;
  end?: NumberLike;
  steps?: Int;
}
export type LinspaceFn = (...args: PyArgs<[start: NumberLike, end: NumberLike, steps: Int], LinspaceOptions>) => Tensor;

const LINSPACE = ['Tensor start, Tensor end', 'Number start, Tensor end', 'Tensor start, Number end', 'Number start, Number end'].map(
  (ends) => `linspace(${ends}, int steps, *, ${KW})`,
);

/**
 * torch.linspace(start, end, steps): steps values from start to end; start and end may be 0-dim
 * tensors. PyTorch fills the first half forwards from start and the second half backwards from end.
 */
export const linspace = defineFunction<LinspaceFn>(
  'linspace', LINSPACE,
  (a) => {
    const ends = [a.start, a.end] as (NumberArg | Tensor)[];
    // Which ends are tensors (the overload), and their dims: PyTorch's message names only those.
    const tensors = ends.map((v) => v instanceof Tensor && !v.wrappedNumber);
    const dims = ends.map((v, i) => (tensors[i] ? (v as Tensor).ndim : 0));
    if (dims.some((d) => d !== 0)) {
      const parts: string[] = [];
      if (tensors[0]) parts.push(`start with ${dims[0]} dimension(s)`);
      if (tensors[1]) parts.push(`end with ${dims[1]} dimension(s)`);
      throw new ValueError(`linspace only supports 0-dimensional start and end tensors, but got ${parts.join(' and ')}.`);
    }
    const [start, end] = ends.map((v) => Number(scalarValue(v)));
    return finish(linspaceValues(start!, end!, a.steps, a.dtype ?? get_default_dtype(), readDevice(a.device) ?? 'cpu'), a);
  },
  { leftOut: "the stub's (start, end, steps=None) form: PyTorch's parser requires steps (torch.linspace(0, 1) raises)" },
);

function linspaceValues(start: number, end: number, steps: number, dtype: DType, device: Device): Tensor {
  if (steps < 0) throw new ValueError('number of steps must be non-negative');
  if (dtype === 'bool' || isBarebones(dtype)) {
    throw new DTypeError(`"linspace_cpu" not implemented for '${scalarName(dtype)}'`, 'NotImplementedError');
  }
  const values = allocate('float64', steps);
  const half = Math.floor(steps / 2);
  if (!isFloating(dtype) && !isComplex(dtype)) {
    // NOTE: for integer dtypes PyTorch converts start and end to the dtype first, then steps in double.
    const [s, e] = [Math.trunc(start), Math.trunc(end)];
    const step = (e - s) / (steps - 1);
    for (let i = 0; i < steps; i++) values[i] = i < half ? s + step * i : e - step * (steps - i - 1);
  } else {
    // float32 output is computed in float32 (every step rounded), as PyTorch's kernel does.
    const round = dtype === 'float32' ? Math.fround : (x: number) => x;
    if (steps === 1) values[0] = round(start);
    if (steps > 1) {
      const s = round(start);
      const e = round(end);
      const step = round(round(e - s) / (steps - 1));
      for (let i = 0; i < steps; i++) values[i] = i < half ? round(s + round(step * i)) : round(e - round(step * (steps - i - 1)));
    }
  }
  return castTo(fromHost([steps], 'float64', values), dtype).to(device);
}

export interface EyeOptions extends TensorOptions {
  n?: Int;
  m?: Int;
}
export type EyeFn = (...args: PyArgs<[n: Int, m?: Int], EyeOptions>) => Tensor;

/** torch.eye(n, m): ones on the diagonal of an n x m matrix (m = n by default). */
export const eye = defineFunction<EyeFn>('eye', [`eye(int n, *, ${KW})`, `eye(int n, int m, *, ${KW})`], (a) => {
  const n: number = a.n;
  const cols: number = a.m ?? n;
  if (n < 0) throw new ValueError(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new ValueError(`m must be greater or equal to 0, got ${cols}`);
  const dtype: DType = a.dtype ?? get_default_dtype();
  if (isWideUnsigned(dtype)) throw new DTypeError(`"eye" not implemented for '${scalarName(dtype)}'`, 'NotImplementedError');
  const values = allocate('float64', n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) values[i * cols + i] = 1;
  return finish(castTo(fromHost([n, cols], 'float64', values), dtype).to(readDevice(a.device) ?? 'cpu'), a);
});

// --- Tensor.new_* ----------------------------------------------------------------------------------------

/** The dtype and device of a new_* call: self's unless given. */
function newOptions(a: Bound): { dtype: DType; device: Device; requires_grad: boolean } {
  const self = a.input as Tensor;
  return { dtype: a.dtype ?? self.dtype, device: readDevice(a.device) ?? self.device, requires_grad: a.requires_grad };
}

const POSITIONAL_IN_STUB =
  "the stub's form with dtype, device and requires_grad positional: PyTorch's parser takes them by keyword only (x.new_ones([2], torch.float64) raises)";

/** x.new_zeros(*size), new_ones, new_empty, new_full(size, fill_value), new_tensor(data): self's dtype and device by default. */
export const newFactories = {
  new_zeros: defineTensorMethod('new_zeros', `new_zeros(Tensor input, int[] size, *, ${KW})`, (a) => (checkSizes(a.size), filled(a.size, null, newOptions(a)))),
  new_ones: defineTensorMethod(
    'new_ones', `new_ones(Tensor input, int[] size, *, ${KW})`, (a) => (checkSizes(a.size), filled(a.size, 1, newOptions(a))), { leftOut: POSITIONAL_IN_STUB },
  ),
  new_empty: defineTensorMethod('new_empty', `new_empty(Tensor input, int[] size, *, ${KW})`, (a) => (checkSizes(a.size), filled(a.size, null, newOptions(a)))),
  new_full: defineTensorMethod(
    'new_full', `new_full(Tensor input, int[] size, Number fill_value, *, ${KW})`, (a) => (checkSizes(a.size), filled(a.size, a.fill_value, newOptions(a))),
  ),
  new_tensor: defineTensorMethod(
    'new_tensor', `new_tensor(Tensor input, Value data, *, ${KW})`,
    (a) => {
      const o = newOptions(a);
      return makeTensor(a.data, o.dtype, o.device, o.requires_grad);
    },
    { differs: KEYWORD_ONLY.replace('torch.tensor([1], torch.float64)', 'x.new_tensor([1], torch.int32)') },
  ),
};

