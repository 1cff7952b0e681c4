import { Complex } from '../complex.js';
import { type DType, type TypedArray, componentDType, isComplex, isFloat8, isFloating } from '../dtype.js';
import { float8Bits, float8Table, numberToFloat8Bits } from '../float8.js';
import { bfloat16BitsToNumber, halfBitsToNumber, numberToBfloat16Bits, numberToHalfBits } from '../half.js';
import { Storage, type StridedView } from '../storage.js';
import { broadcastStrides } from '../shape.js';
import { forEachRow, planRows } from './iterate.js';

/** One element as JS sees it: number for every dtype but int64 and uint64 (bigint); bool as 0/1. */
export type Scalar = number | bigint;

const INT_MIN_32 = -(2 ** 31);

/** C's float -> integer cast as x86 does it: truncate; NaN, inf and out-of-range give INT_MIN. */
function truncToInt32Range(x: number): number {
  const t = Math.trunc(x);
  return t > -(2 ** 31) - 1 && t < 2 ** 31 ? t : INT_MIN_32;
}

/** The nearest float32 to an int64, rounded once (Number() then fround would round twice). */
function bigintToFloat32(v: bigint): number {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const bits = a.toString(2).length;
  if (bits <= 53) return Math.fround(Number(v));
  const shift = bits - 26;
  const sticky = (a & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
  const m = Number((a >> BigInt(shift)) | sticky) * 2 ** shift;
  return Math.fround(neg ? -m : m);
}

/** Reads element i of a typed array holding dtype d. */
export function reader(d: DType): (a: TypedArray, i: number) => Scalar {
  switch (d) {
    case 'float16':
      return (a, i) => halfBitsToNumber(a[i] as number);
    case 'bfloat16':
      return (a, i) => bfloat16BitsToNumber(a[i] as number);
    default: {
      if (!isFloat8(d)) return (a, i) => a[i]!;
      const table = float8Table(d);
      return (a, i) => table[a[i] as number]!;
    }
  }
}

/** The encoder into a dtype stored as bits (float16, bfloat16, float8) from a number, or null. */
function bitsEncoder(to: DType): ((x: number) => number) | null {
  if (to === 'float16') return numberToHalfBits;
  if (to === 'bfloat16') return numberToBfloat16Bits;
  if (isFloat8(to)) return (x) => numberToFloat8Bits(to, x);
  return null;
}

/**
 * A float into uint64 as PyTorch's CPU conversion does on x86: below 2^63 (and NaN) through int64,
 * wrapping negatives; from 2^63 on, x - 2^63 through int64 with the top bit flipped (so 2^64 and
 * beyond, and inf, give 0).
 */
function floatToUint64(x: number): bigint {
  if (x >= 2 ** 63) return BigInt.asUintN(64, floatToInt64(x - 2 ** 63) ^ -(2n ** 63n));
  return BigInt.asUintN(64, floatToInt64(x));
}

/**
 * Converts one element, as `reader(from)` gives it, to the stored representation of dtype `to`,
 * with PyTorch's cast rules. Complex dtypes are converted a component at a time (copy below).
 */
export function converter(from: DType, to: DType): (v: Scalar) => Scalar {
  if (to === 'bool') return (v) => (v !== 0 && v !== 0n ? 1 : 0);
  const bits = bitsEncoder(to);
  if (from === 'int64' || from === 'uint64') {
    switch (to) {
      case 'int64':
        return (v) => BigInt.asIntN(64, v as bigint);
      case 'uint64':
        return (v) => BigInt.asUintN(64, v as bigint);
      case 'float64':
        return (v) => Number(v);
      case 'float32':
        return (v) => bigintToFloat32(v as bigint);
      default:
        if (bits) return (v) => bits(bigintToFloat32(v as bigint));
        return (v) => Number(BigInt.asIntN(32, v as bigint)); // the typed array store narrows further
    }
  }
  const fromFloat = isFloating(from);
  if (bits) return (v) => bits(v as number);
  switch (to) {
    case 'int64':
      return fromFloat ? (v) => floatToInt64(v as number) : (v) => BigInt(v);
    case 'uint64':
      return fromFloat ? (v) => floatToUint64(v as number) : (v) => BigInt.asUintN(64, BigInt(v));
    case 'uint32':
      // NOTE: PyTorch's scalar loop goes through int64 (1e10 keeps its low 32 bits); its AVX2 loop,
      // used for longer tensors, differs for values out of range, which C++ leaves undefined.
      return fromFloat ? (v) => Number(BigInt.asUintN(32, floatToInt64(v as number))) : (v) => v;
    case 'float32':
    case 'float64':
      return (v) => v;
    default:
      return fromFloat ? (v) => truncToInt32Range(v as number) : (v) => v;
  }
}

function floatToInt64(x: number): bigint {
  // Out of range (and NaN/inf) gives INT64_MIN, as x86's cvttsd2si does.
  return Number.isFinite(x) && Math.abs(x) < 2 ** 63 ? BigInt(Math.trunc(x)) : -(2n ** 63n);
}

/** Whether a plain typed-array assignment already performs the cast from -> to. */
function directAssign(from: DType, to: DType): boolean {
  if (from === to) return true;
  const plain = (d: DType) =>
    d !== 'int64' && d !== 'uint64' && d !== 'float16' && d !== 'bfloat16' && d !== 'bool' && !isFloat8(d);
  const isFloat = (d: DType) => d === 'float32' || d === 'float64';
  if (!plain(from) && from !== 'bool') return false;
  if (!plain(to)) return false;
  // float -> int needs x86's out-of-range rule; int -> int and anything -> float assign exactly.
  return !isFloat(from) || isFloat(to);
}

/**
 * One component of a complex view as a view of its component float: the real part (0) or the
 * imaginary part (1) of each element, over the same interleaved array.
 */
export function componentView(view: StridedView, part: 0 | 1): StridedView {
  const dtype = componentDType(view.dtype);
  return { storage: Storage.cpu(dtype, view.storage.data!), dtype, shape: view.shape, strides: view.strides.map((s) => 2 * s), offset: 2 * view.offset + part };
}

/**
 * copy with a complex side, a component at a time. Into complex: a real source fills the real
 * parts and zeroes the imaginary ones. Out of complex: the imaginary part is dropped (PyTorch
 * warns), except into bool, which is true where either part is nonzero.
 */
function copyComplex(src: StridedView, dst: StridedView): void {
  if (isComplex(src.dtype) && isComplex(dst.dtype)) {
    copy(componentView(src, 0), componentView(dst, 0));
    copy(componentView(src, 1), componentView(dst, 1));
  } else if (isComplex(dst.dtype)) {
    copy(src, componentView(dst, 0));
    fill(componentView(dst, 1), 0);
  } else if (dst.dtype !== 'bool') {
    copy(componentView(src, 0), dst);
  } else {
    const srcStrides = broadcastStrides(src.shape, src.strides, dst.shape);
    const rows = planRows(dst.shape, [srcStrides, dst.strides]);
    const s = src.storage.data!;
    const o = dst.storage.data!;
    forEachRow(rows, [src.offset, dst.offset], (off, n, inner) => {
      for (let i = 0, si = off[0], oi = off[1]; i < n; i++, si += inner[0], oi += inner[1]) o[oi] = s[2 * si] !== 0 || s[2 * si + 1] !== 0 ? 1 : 0;
    });
  }
}

export function copy(src: StridedView, dst: StridedView): void {
  if (isComplex(src.dtype) || isComplex(dst.dtype)) {
    copyComplex(src, dst);
    return;
  }
  const srcStrides = broadcastStrides(src.shape, src.strides, dst.shape);
  const rows = planRows(dst.shape, [srcStrides, dst.strides]);
  const s = src.storage.data!;
  const o = dst.storage.data!;
  if (directAssign(src.dtype, dst.dtype)) {
    forEachRow(rows, [src.offset, dst.offset], (off, n, inner) => {
      let si = off[0];
      let oi = off[1];
      const ss = inner[0];
      const os = inner[1];
      for (let i = 0; i < n; i++, si += ss, oi += os) o[oi] = s[si] as never;
    });
    return;
  }
  if (isFloat8(src.dtype) && dst.dtype === 'float32') {
    // NOTE: bit for bit: a signalling NaN (the fnuz formats' and e8m0's) read as a JS number comes back quieted.
    const bits = float8Bits(src.dtype);
    const o32 = new Uint32Array(o.buffer, o.byteOffset, o.length);
    forEachRow(rows, [src.offset, dst.offset], (off, n, inner) => {
      for (let i = 0, si = off[0], oi = off[1]; i < n; i++, si += inner[0], oi += inner[1]) o32[oi] = bits[s[si] as number]!;
    });
    return;
  }
  const read = reader(src.dtype);
  const convert = converter(src.dtype, dst.dtype);
  forEachRow(rows, [src.offset, dst.offset], (off, n, inner) => {
    let si = off[0];
    let oi = off[1];
    for (let i = 0; i < n; i++, si += inner[0], oi += inner[1]) o[oi] = convert(read(s, si)) as never;
  });
}

export function fill(dst: StridedView, value: number | bigint | boolean | Complex): void {
  if (isComplex(dst.dtype)) {
    const c = value instanceof Complex ? value : new Complex(Number(value), 0);
    fill(componentView(dst, 0), c.re);
    fill(componentView(dst, 1), c.im);
    return;
  }
  if (value instanceof Complex) value = dst.dtype === 'bool' ? value.re !== 0 || value.im !== 0 : value.re;
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  const from: DType = typeof v === 'bigint' ? 'int64' : 'float64';
  const stored = converter(from, dst.dtype)(v);
  const o = dst.storage.data!;
  forEachRow(planRows(dst.shape, [dst.strides]), [dst.offset], (off, n, inner) => {
    for (let i = 0, oi = off[0]; i < n; i++, oi += inner[0]) o[oi] = stored as never;
  });
}

/** The elements of a view in logical order, as a new typed array of its dtype. */
export function readContiguous(view: StridedView, out: TypedArray): TypedArray {
  if (isComplex(view.dtype)) {
    const flat = contiguousComplex(view.shape, out);
    copyComplex(view, flat);
    return out;
  }
  const s = view.storage.data!;
  let k = 0;
  forEachRow(planRows(view.shape, [view.strides]), [view.offset], (off, n, inner) => {
    for (let i = 0, si = off[0]; i < n; i++, si += inner[0]) out[k++] = s[si] as never;
  });
  return out;
}

/** A contiguous complex view of shape `shape` over an interleaved array. */
function contiguousComplex(shape: readonly number[], data: TypedArray): StridedView {
  const dtype: DType = data instanceof Float32Array ? 'complex64' : 'complex128';
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; s *= shape[d]!, d--) strides[d] = s;
  return { storage: Storage.cpu(dtype, data), dtype, shape, strides, offset: 0 };
}

export function writeContiguous(view: StridedView, values: TypedArray): void {
  if (isComplex(view.dtype)) {
    copyComplex(contiguousComplex(view.shape, values), view);
    return;
  }
  const o = view.storage.data!;
  let k = 0;
  forEachRow(planRows(view.shape, [view.strides]), [view.offset], (off, n, inner) => {
    for (let i = 0, oi = off[0]; i < n; i++, oi += inner[0]) o[oi] = values[k++] as never;
  });
}
