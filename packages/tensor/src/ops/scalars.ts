import { type DType, get_default_dtype, isComplex, isFloat8, isFloating } from '../dtype.js';
import { float8Max } from '../float8.js';
import { NO_MATCH, defineArgType } from '../signature/arg-types.js';
import { TorchDevice, backendFor } from '../device.js';
import { ValueError } from '../errors.js';
import { Complex } from '../complex.js';
import { Tensor, realItem } from '../tensor.js';
import { type Scalar, empty } from './helpers.js';

// Argument types of the elementwise, creation and random functions that PyTorch's parser reads in
// its own way (python_arg_parser.cpp), and the helpers their implementations read them with.

/**
 * A Python number where PyTorch takes a Scalar: a number, bigint or boolean, or a one-element
 * tensor. NOTE: a tensor stays a (0-dim, wrapped-number) tensor rather than becoming its value:
 * PyTorch's Scalar keeps the tensor's kind, so torch.full([2], torch.tensor(3.0)) is float32, while
 * a JS number 3 is an int. The wrapped copy is as weak in type promotion as a Python scalar.
 */
function toNumber(v: unknown): Scalar | Tensor | typeof NO_MATCH {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Complex) return wrapComplex(v);
  if (typeof v === 'bigint') {
    if (v >= 2n ** 63n || v < -(2n ** 63n)) return NO_MATCH;
    return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  }
  if (v instanceof Tensor && v.numel() === 1 && v.device === 'cpu' && !isComplex(v.dtype)) return numberOf(v);
  return NO_MATCH;
}

/**
 * A Python complex as an operand: a 0-dim complex128 wrapped number, which promotes as weakly as
 * Python's complex (a float32 tensor times 1j is complex64).
 */
export function wrapComplex(v: Complex): Tensor {
  const out = empty([], 'complex128');
  backendFor('cpu').fill(out, v);
  out.wrappedNumber = true;
  return out;
}

/** A one-element CPU tensor's value as a Number argument: a wrapped 0-dim tensor of its kind. */
export function numberOf(t: Tensor): Tensor {
  const kind: DType = t.dtype === 'bool' ? 'bool' : isFloating(t.dtype) ? 'float64' : 'int64';
  const out = empty([], kind);
  backendFor('cpu').fill(out, t.item());
  out.wrappedNumber = true;
  return out;
}

/** PyTorch's Tensor parameters of the arithmetic ops, which also take Python numbers ("must be Tensor"). */
function toTensorOrNumber(v: unknown): Tensor | Scalar | typeof NO_MATCH {
  if (v instanceof Tensor) return v;
  if (v instanceof Complex) return wrapComplex(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return toNumber(v) as Scalar | typeof NO_MATCH;
  return NO_MATCH;
}

/**
 * A device as PyTorch's parser takes it: any string (checked when it is read, with PyTorch's
 * RuntimeError for a bad one) or a torch.device.
 */
function toDeviceLike(v: unknown): string | TorchDevice | typeof NO_MATCH {
  return typeof v === 'string' || v instanceof TorchDevice ? v : NO_MATCH;
}

defineArgType('Number', { label: 'Number', coerce: toNumber });
defineArgType('TensorOrNumber', { label: 'Tensor', coerce: toTensorOrNumber, passesTensor: true });
defineArgType('DeviceLike', { label: 'torch.device', coerce: toDeviceLike });

/** A bound Number argument: a JS scalar, or a wrapped 0-dim tensor (see toNumber). */
export type NumberArg = Scalar | Tensor;

/** A Number argument's value (a wrapped tensor's element). */
export function scalarValue(v: NumberArg): Scalar {
  return v instanceof Tensor ? (realItem(v) as Scalar) : v;
}

/** A Number argument's value when it is a Python complex (a wrapped complex tensor), else null. */
export function complexValue(v: NumberArg): Complex | null {
  return v instanceof Tensor && isComplex(v.dtype) ? (v.item() as Complex) : null;
}

/** A Number argument's value as fill takes it: a Complex for a Python complex. */
export function fillValue(v: NumberArg): Scalar | Complex {
  return complexValue(v) ?? scalarValue(v);
}

/** Whether a Number argument is a Python float (a wrapped float tensor, or a fraction). */
export function isFloatScalar(v: NumberArg): boolean {
  if (v instanceof Tensor) return isFloating(v.dtype);
  return typeof v === 'number' && !Number.isInteger(v);
}

/** The dtype PyTorch gives a Number on its own: bool, int64, or the default float. */
export function numberDType(v: NumberArg): DType {
  if (v instanceof Tensor && isComplex(v.dtype)) return get_default_dtype() === 'float64' ? 'complex128' : 'complex64';
  if (v instanceof Tensor) return v.dtype === 'bool' ? 'bool' : isFloating(v.dtype) ? get_default_dtype() : 'int64';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'bigint' || Number.isInteger(v) ? 'int64' : get_default_dtype();
}

/** The C++ type names of PyTorch's "value cannot be converted to type ... without overflow". */
const cppNames: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'int64_t',
  int32: 'int', int16: 'int16_t', int8: 'int8_t', uint8: 'uint8_t', bool: 'bool',
  complex64: 'c10::complex<float>', complex128: 'c10::complex<double>', uint16: 'uint16_t', uint32: 'uint32_t',
  uint64: 'uint64_t', float8_e4m3fn: 'c10::Float8_e4m3fn', float8_e5m2: 'c10::Float8_e5m2',
  float8_e4m3fnuz: 'c10::Float8_e4m3fnuz', float8_e5m2fnuz: 'c10::Float8_e5m2fnuz', float8_e8m0fnu: 'c10::Float8_e8m0fnu',
};

const floatMax: Partial<Record<DType, number>> = { float32: 3.4028234663852886e38, float16: 65504, bfloat16: 3.3895313892515355e38 };
const intRange: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n], int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int8: [-128n, 127n], uint8: [0n, 255n], uint16: [0n, 2n ** 16n - 1n], uint32: [0n, 2n ** 32n - 1n], uint64: [0n, 2n ** 64n - 1n],
};

/**
 * Whether a Python scalar fits an integer dtype, as c10's overflows() decides: a float (NaN and
 * infinities never fit) must lie within the dtype's range; an int too, except that uint8 also
 * takes negative ints down to -255, which wrap.
 */
export function fitsInteger(v: NumberArg, dtype: DType): boolean {
  const range = intRange[dtype];
  const value = scalarValue(v);
  if (range === undefined || typeof value === 'boolean') return true;
  if (isFloatScalar(v) || (typeof value === 'number' && !Number.isFinite(value))) {
    const f = Number(value);
    return f >= Number(range[0]) && f <= Number(range[1]);
  }
  const i = BigInt(value);
  // NOTE: an unsigned dtype takes negative ints down to -max, which wrap (c10's overflows()).
  return range[0] === 0n ? i >= -range[1] && i <= range[1] : i >= range[0] && i <= range[1];
}

/**
 * PyTorch's checked conversion of a Python scalar to a tensor's element type (Scalar::to<T>);
 * float8 must hold a finite value, complex64 like float32:
 * integers as fitsInteger says; float32 (and float16/bfloat16 when `reduced`) must hold the value
 * or be given NaN or an infinity. fill_ and full convert to float16/bfloat16 unchecked for a
 * one-element tensor (`reduced: false`): there a too large value becomes inf.
 */
export function checkScalarFits(v: NumberArg, dtype: DType, reduced = true): void {
  const c = complexValue(v);
  if (c !== null) {
    // A complex fits a real dtype only with no imaginary part (c10's overflows for complex).
    if (!isComplex(dtype) && c.im !== 0) throw new ValueError(`value cannot be converted to type ${cppNames[dtype]} without overflow`);
    for (const x of isComplex(dtype) ? [c.re, c.im] : [c.re]) checkScalarFits(x, dtype, reduced);
    return;
  }
  let fits = true;
  if (intRange[dtype] !== undefined) {
    fits = fitsInteger(v, dtype);
  } else {
    const max = isFloat8(dtype) ? float8Max(dtype) : floatMax[dtype === 'complex64' ? 'float32' : dtype];
    const f = Number(scalarValue(v));
    const checked = reduced || dtype === 'float32' || dtype === 'complex64' || isFloat8(dtype);
    if (max !== undefined && checked && Number.isFinite(f)) fits = Math.abs(f) <= max;
  }
  if (!fits) throw new ValueError(`value cannot be converted to type ${cppNames[dtype]} without overflow`);
}

/** A double as C++'s ostream prints it (%g, 6 significant digits), for PyTorch's messages. */
export function cppDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exponent] = x.toExponential(5).split('e') as [string, string];
  const e = Number(exponent);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (e < -4 || e >= 6) return `${strip(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return strip(x.toFixed(5 - e));
}
