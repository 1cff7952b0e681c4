import type { DType, TypedArray } from '../dtype.js';
import { bfloat16BitsToNumber, halfBitsToNumber, numberToBfloat16Bits, numberToHalfBits } from '../half.js';
import type { StridedView } from '../storage.js';
import { broadcastStrides } from '../shape.js';
import { forEachRow, planRows } from './iterate.js';

/** One element as JS sees it: number for every dtype but int64 (bigint); bool as 0/1. */
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
    default:
      return (a, i) => a[i]!;
  }
}

/** Converts one element to the stored representation of dtype d, with PyTorch's cast rules. */
export function converter(from: DType, to: DType): (v: Scalar) => Scalar {
  if (to === 'bool') return (v) => (v !== 0 && v !== 0n ? 1 : 0);
  if (from === 'int64') {
    switch (to) {
      case 'int64':
        return (v) => v;
      case 'float64':
        return (v) => Number(v);
      case 'float32':
        return (v) => bigintToFloat32(v as bigint);
      case 'float16':
        return (v) => numberToHalfBits(bigintToFloat32(v as bigint));
      case 'bfloat16':
        return (v) => numberToBfloat16Bits(bigintToFloat32(v as bigint));
      default:
        return (v) => Number(BigInt.asIntN(32, v as bigint)); // the typed array store narrows further
    }
  }
  const fromFloat = from === 'float32' || from === 'float64' || from === 'float16' || from === 'bfloat16';
  switch (to) {
    case 'int64':
      return fromFloat ? (v) => floatToInt64(v as number) : (v) => BigInt(v);
    case 'float16':
      return (v) => numberToHalfBits(v as number);
    case 'bfloat16':
      return (v) => numberToBfloat16Bits(v as number);
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
  const plain = (d: DType) => d !== 'int64' && d !== 'float16' && d !== 'bfloat16' && d !== 'bool';
  const isFloat = (d: DType) => d === 'float32' || d === 'float64';
  if (!plain(from) && from !== 'bool') return false;
  if (!plain(to)) return false;
  // float -> int needs x86's out-of-range rule; int -> int and anything -> float assign exactly.
  return !isFloat(from) || isFloat(to);
}

export function copy(src: StridedView, dst: StridedView): void {
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
  const read = reader(src.dtype);
  const convert = converter(src.dtype === 'float16' || src.dtype === 'bfloat16' ? 'float32' : src.dtype, dst.dtype);
  forEachRow(rows, [src.offset, dst.offset], (off, n, inner) => {
    let si = off[0];
    let oi = off[1];
    for (let i = 0; i < n; i++, si += inner[0], oi += inner[1]) o[oi] = convert(read(s, si)) as never;
  });
}

export function fill(dst: StridedView, value: number | bigint | boolean): void {
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
  const s = view.storage.data!;
  let k = 0;
  forEachRow(planRows(view.shape, [view.strides]), [view.offset], (off, n, inner) => {
    for (let i = 0, si = off[0]; i < n; i++, si += inner[0]) out[k++] = s[si] as never;
  });
  return out;
}

export function writeContiguous(view: StridedView, values: TypedArray): void {
  const o = view.storage.data!;
  let k = 0;
  forEachRow(planRows(view.shape, [view.strides]), [view.offset], (off, n, inner) => {
    for (let i = 0, oi = off[0]; i < n; i++, oi += inner[0]) o[oi] = values[k++] as never;
  });
}
