import { backendFor } from '../device.js';
import { type DType, type TypedArray, allocate, get_default_dtype, isFloating } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { numberToBfloat16Bits, numberToHalfBits } from '../half.js';
import type { Device } from '../storage.js';
import { Tensor } from '../tensor.js';
import { type SizesAndOptions, type TensorOptions, finish, sizesAndOptions } from './factory.js';
import { allocateLike, castTo, empty as emptyTensor, scalarDType } from './helpers.js';

export type { TensorOptions } from './factory.js';

/** A CPU tensor from host values in logical order, moved to `device` when needed. */
function fromHost(shape: readonly number[], dtype: DType, values: TypedArray, device: Device = 'cpu'): Tensor {
  const t = emptyTensor(shape, dtype, device);
  backendFor(device).write(t, values);
  return t;
}

// --- torch.tensor --------------------------------------------------------------------------------

type Scalar = number | bigint | boolean;
export type NestedData = Scalar | readonly NestedData[];
export type TensorData = NestedData | TypedArray | Tensor;

/** torch.tensor: nested arrays (or a typed array, or a scalar) copied into a new tensor. */
export function tensor(data: TensorData, opts: TensorOptions = {}): Tensor {
  if (data instanceof Tensor) return finish(castTo(data, opts.dtype ?? data.dtype).clone(), opts);
  if (ArrayBuffer.isView(data)) return finish(fromTypedArray(data, opts), opts);
  const shape: number[] = [];
  const flat: Scalar[] = [];
  flattenNested(data, 0, shape, flat);
  const dtype = opts.dtype ?? inferDType(flat);
  return finish(fromHost(shape, dtype, toStored(flat, dtype), opts.device), opts);
}

function flattenNested(data: NestedData, depth: number, shape: number[], flat: Scalar[]): void {
  if (!Array.isArray(data)) {
    if (depth < shape.length) throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got scalar)`, 'ValueError');
    if (typeof data !== 'number' && typeof data !== 'bigint' && typeof data !== 'boolean') {
      throw new DTypeError(`Could not infer dtype of ${typeof data}`, 'TypeError');
    }
    flat.push(data as Scalar);
    return;
  }
  if (depth === shape.length) {
    if (flat.length > 0) throw new ValueError(`expected sequence of length ${shape[depth - 1] ?? 0} at dim ${depth} (got ${data.length})`, 'ValueError');
    shape.push(data.length);
  } else if (shape[depth] !== data.length) {
    throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${data.length})`, 'ValueError');
  }
  for (const d of data) flattenNested(d, depth + 1, shape, flat);
}

function inferDType(flat: readonly Scalar[]): DType {
  if (flat.length === 0) return get_default_dtype();
  let result: DType = 'bool';
  for (const v of flat) {
    const d = scalarDType(v);
    if (d === 'bool') continue;
    if (isFloating(d)) return get_default_dtype();
    result = 'int64';
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

function fromTypedArray(data: ArrayBufferView, opts: TensorOptions): Tensor {
  const entry = typedArrayDTypes.find(([ctor]) => data instanceof ctor);
  if (!entry) throw new DTypeError(`can't convert a ${data.constructor.name} to a tensor: no matching dtype`, 'TypeError');
  const values = data as TypedArray;
  const t = fromHost([values.length], entry[1], values.slice(), 'cpu');
  const dtype = opts.dtype ?? entry[1];
  const out = dtype === t.dtype ? t : castTo(t, dtype);
  return opts.device && opts.device !== 'cpu' ? out.to(opts.device) : out;
}

/** [lowest, highest] Python ints PyTorch accepts for each dtype; uint8 lets negatives wrap. */
const checkedRange: Partial<Record<DType, [number, number]>> = {
  int8: [-(2 ** 7), 2 ** 7 - 1], int16: [-(2 ** 15), 2 ** 15 - 1], int32: [-(2 ** 31), 2 ** 31 - 1], uint8: [-255, 255],
};

/** PyTorch refuses Python numbers that do not fit the requested integer dtype (uint8 wraps). */
function checkFits(v: Scalar, dtype: DType): void {
  if (typeof v === 'bigint' && (v >= 2n ** 63n || v < -(2n ** 63n))) throw new ValueError('Overflow when unpacking long long', 'ValueError');
  const range = checkedRange[dtype];
  if (range === undefined || typeof v === 'boolean') return;
  const n = Math.trunc(Number(v));
  if (n < range[0] || n > range[1]) throw new ValueError(`value cannot be converted to type ${dtype} without overflow`);
}

/** Host values in dtype's stored form (float16 bits, bigint for int64, 0/1 for bool). */
function toStored(flat: readonly Scalar[], dtype: DType): TypedArray {
  const out = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    checkFits(v, dtype);
    const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
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

// --- filled tensors -------------------------------------------------------------------------------

export function empty(...args: SizesAndOptions<TensorOptions>): Tensor {
  const [sizes, opts] = sizesAndOptions(args);
  return finish(emptyTensor(sizes, opts.dtype ?? get_default_dtype(), opts.device), opts);
}

export function zeros(...args: SizesAndOptions<TensorOptions>): Tensor {
  const [sizes, opts] = sizesAndOptions(args.map((a) => checkNonNegative(a)));
  return empty(sizes, opts); // storage is zero-filled
}

/** torch.zeros words its negative-size error differently from the other factories. */
function checkNonNegative<T>(arg: T): T {
  const sizes = typeof arg === 'number' ? [arg] : Array.isArray(arg) ? (arg as number[]) : [];
  if (sizes.some((s) => s < 0)) throw new ValueError('zeros: Dimension size must be non-negative.');
  return arg;
}

export function ones(...args: SizesAndOptions<TensorOptions>): Tensor {
  const [sizes, opts] = sizesAndOptions(args);
  return full(sizes, 1, { ...opts, dtype: opts.dtype ?? get_default_dtype() });
}

/** torch.full: the dtype follows the fill value (bool, int64, or the default float) unless given. */
export function full(size: readonly number[], fill_value: Scalar, opts: TensorOptions = {}): Tensor {
  const [sizes] = sizesAndOptions([size]);
  const t = emptyTensor(sizes, opts.dtype ?? scalarDType(fill_value), opts.device);
  backendFor(t.device).fill(t, fill_value);
  return finish(t, opts);
}

// The *_like factories keep x's memory layout (PyTorch's preserve_format): a transposed x gives a
// transposed result. That matters beyond strides: a random fill of a non-contiguous tensor takes
// PyTorch's other path, so nn.init's rejection loops must allocate like PyTorch does.
export const empty_like = (x: Tensor, opts: TensorOptions = {}) => finish(allocateLike(x, opts), opts);
export const zeros_like = (x: Tensor, opts: TensorOptions = {}) => full_like(x, 0, opts);
export const ones_like = (x: Tensor, opts: TensorOptions = {}) => full_like(x, 1, opts);
export function full_like(x: Tensor, fill_value: Scalar, opts: TensorOptions = {}): Tensor {
  const t = allocateLike(x, opts);
  backendFor(t.device).fill(t, fill_value);
  return finish(t, opts);
}

// --- ranges ----------------------------------------------------------------------------------------

/** arange(end), arange(start, end), arange(start, end, step), each with an optional options object. */
export function arange(...args: (number | bigint | TensorOptions)[]): Tensor {
  const last = args[args.length - 1];
  const opts = (typeof last === 'object' ? args.pop() : {}) as TensorOptions;
  const nums = args as (number | bigint)[];
  const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  const allInt = [start, end, step].every((v) => typeof v === 'bigint' || Number.isInteger(v));
  const dtype = opts.dtype ?? (allInt ? 'int64' : get_default_dtype());
  const [s, e, st] = [Number(start), Number(end), Number(step)];
  if (st === 0) throw new ValueError('step must be nonzero');
  if (!Number.isFinite(s) || !Number.isFinite(e)) throw new ValueError(`unsupported range: ${s} -> ${e}`);
  if ((st > 0 && e < s) || (st < 0 && e > s)) throw new ValueError('upper bound and lower bound inconsistent with step sign');
  // NOTE: PyTorch sizes the range in double, then computes start + i * step in double and rounds.
  if (allInt && dtype === 'int64') {
    const [bs, be, bst] = [BigInt(start), BigInt(end), BigInt(step)];
    const count = Number((be - bs + bst - (bst > 0n ? 1n : -1n)) / bst);
    return finish(fromHost([count], 'int64', integerRange(bs, bst, count)), opts);
  }
  const n = Math.max(Math.ceil((e - s) / st), 0);
  const values = allocate('float64', n);
  for (let i = 0; i < n; i++) values[i] = s + i * st;
  return finish(castTo(fromHost([n], 'float64', values), dtype), opts);
}

/** An int64 range computed exactly (values beyond 2^53 included). */
function integerRange(start: bigint, step: bigint, n: number): BigInt64Array {
  const values = new BigInt64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + BigInt(i) * step;
  return values;
}

/** linspace: PyTorch fills the first half forwards from start and the second half backwards from end. */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError('number of steps must be non-negative');
  const dtype = opts.dtype ?? get_default_dtype();
  // float32 output is computed in float32 (every step rounded), as PyTorch's kernel does.
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  const values = allocate('float64', steps);
  if (steps === 1) values[0] = round(start);
  if (steps > 1) {
    const s = round(start);
    const e = round(end);
    const step = round(round(e - s) / (steps - 1));
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) {
      values[i] = i < half ? round(s + round(step * i)) : round(e - round(step * (steps - i - 1)));
    }
  }
  return finish(castTo(fromHost([steps], 'float64', values), dtype), opts);
}

export function eye(n: number, m?: number | TensorOptions, opts: TensorOptions = {}): Tensor {
  const cols = typeof m === 'number' ? m : n;
  const options = typeof m === 'object' ? m : opts;
  if (n < 0 || cols < 0) throw new ValueError(`n must be greater or equal to 0, got ${n < 0 ? n : cols}`);
  const values = allocate('float64', n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) values[i * cols + i] = 1;
  return finish(castTo(fromHost([n, cols], 'float64', values), options.dtype ?? get_default_dtype()), options);
}
