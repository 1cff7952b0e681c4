import { DTypeError } from './errors.js';

/** The dtypes. A dtype is its PyTorch name, so `torch.float32 === 'float32'`. */
export type DType =
  | 'complex64'
  | 'complex128'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float8_e4m3fn'
  | 'float8_e5m2'
  | 'float8_e4m3fnuz'
  | 'float8_e5m2fnuz'
  | 'float8_e8m0fnu'
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool';

export const float32 = 'float32';
export const float64 = 'float64';
export const float16 = 'float16';
export const bfloat16 = 'bfloat16';
export const int64 = 'int64';
export const int32 = 'int32';
export const int16 = 'int16';
export const int8 = 'int8';
export const uint8 = 'uint8';
export const bool = 'bool';
export const complex64 = 'complex64';
export const complex128 = 'complex128';
export const uint16 = 'uint16';
export const uint32 = 'uint32';
export const uint64 = 'uint64';
export const float8_e4m3fn = 'float8_e4m3fn';
export const float8_e5m2 = 'float8_e5m2';
export const float8_e4m3fnuz = 'float8_e4m3fnuz';
export const float8_e5m2fnuz = 'float8_e5m2fnuz';
export const float8_e8m0fnu = 'float8_e8m0fnu';
// PyTorch's aliases.
export const float = float32;
export const double = float64;
export const half = float16;
export const long = int64;
export const int = int32;
export const short = int16;
export const cfloat = complex64;
export const cdouble = complex128;

export type TypedArray =
  | Float32Array
  | Float64Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/**
 * 'uint' is uint16/32/64 and 'float8' the float8 formats: PyTorch's "barebones" dtypes, which
 * convert, copy, view and compare, but promote with nothing and have few kernels.
 */
type Kind = 'bool' | 'int' | 'uint' | 'float' | 'float8' | 'complex';

interface DTypeInfo {
  readonly kind: Kind;
  readonly itemsize: number;
  /**
   * The array that holds this dtype's elements: float16/bfloat16/float8 as raw bits, complex as
   * interleaved (real, imaginary) pairs of its component float.
   */
  readonly array: { new (n: number): TypedArray; new (buf: ArrayBufferLike, offset: number, n: number): TypedArray };
  /** The name in PyTorch's messages: "result type Float can't be cast to ... Long". */
  readonly scalarName: string;
}

const info: Record<DType, DTypeInfo> = {
  float32: { kind: 'float', itemsize: 4, array: Float32Array, scalarName: 'Float' },
  float64: { kind: 'float', itemsize: 8, array: Float64Array, scalarName: 'Double' },
  float16: { kind: 'float', itemsize: 2, array: Uint16Array, scalarName: 'Half' },
  bfloat16: { kind: 'float', itemsize: 2, array: Uint16Array, scalarName: 'BFloat16' },
  int64: { kind: 'int', itemsize: 8, array: BigInt64Array, scalarName: 'Long' },
  int32: { kind: 'int', itemsize: 4, array: Int32Array, scalarName: 'Int' },
  int16: { kind: 'int', itemsize: 2, array: Int16Array, scalarName: 'Short' },
  int8: { kind: 'int', itemsize: 1, array: Int8Array, scalarName: 'Char' },
  uint8: { kind: 'int', itemsize: 1, array: Uint8Array, scalarName: 'Byte' },
  bool: { kind: 'bool', itemsize: 1, array: Uint8Array, scalarName: 'Bool' },
  complex64: { kind: 'complex', itemsize: 8, array: Float32Array, scalarName: 'ComplexFloat' },
  complex128: { kind: 'complex', itemsize: 16, array: Float64Array, scalarName: 'ComplexDouble' },
  uint16: { kind: 'uint', itemsize: 2, array: Uint16Array, scalarName: 'UInt16' },
  uint32: { kind: 'uint', itemsize: 4, array: Uint32Array, scalarName: 'UInt32' },
  uint64: { kind: 'uint', itemsize: 8, array: BigUint64Array, scalarName: 'UInt64' },
  float8_e4m3fn: { kind: 'float8', itemsize: 1, array: Uint8Array, scalarName: 'Float8_e4m3fn' },
  float8_e5m2: { kind: 'float8', itemsize: 1, array: Uint8Array, scalarName: 'Float8_e5m2' },
  float8_e4m3fnuz: { kind: 'float8', itemsize: 1, array: Uint8Array, scalarName: 'Float8_e4m3fnuz' },
  float8_e5m2fnuz: { kind: 'float8', itemsize: 1, array: Uint8Array, scalarName: 'Float8_e5m2fnuz' },
  float8_e8m0fnu: { kind: 'float8', itemsize: 1, array: Uint8Array, scalarName: 'Float8_e8m0fnu' },
};

export const dtypes: readonly DType[] = Object.keys(info) as DType[];

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && value in info;
}

export function checkDType(value: unknown): DType {
  if (!isDType(value)) throw new DTypeError(`expected a dtype (one of ${dtypes.join(', ')}), but got ${String(value)}`, 'TypeError');
  return value;
}

export const itemsize = (d: DType): number => info[d].itemsize;
export const scalarName = (d: DType): string => info[d].scalarName;
/** torch.is_floating_point: the float dtypes, float8 included (not complex). */
export const isFloating = (d: DType): boolean => info[d].kind === 'float' || info[d].kind === 'float8';
/** c10's isIntegralType: uint16/32/64 included. */
export const isIntegral = (d: DType, includeBool = false): boolean =>
  info[d].kind === 'int' || info[d].kind === 'uint' || (includeBool && d === 'bool');
export const isComplex = (d: DType): boolean => info[d].kind === 'complex';
export const isFloat8 = (d: DType): boolean => info[d].kind === 'float8';
/** uint16, uint32, uint64. */
export const isWideUnsigned = (d: DType): boolean => info[d].kind === 'uint';
/** The dtypes PyTorch's promotion refuses to mix with any other (uint16/32/64 and float8). */
export const isBarebones = (d: DType): boolean => info[d].kind === 'uint' || info[d].kind === 'float8';
/** torch.is_signed. */
export const isSigned = (d: DType): boolean => d !== 'bool' && d !== 'uint8' && info[d].kind !== 'uint' && d !== 'float8_e8m0fnu';
/** The real dtype of a complex one's components (complex64: float32), or d itself. */
export const componentDType = (d: DType): DType => (d === 'complex64' ? 'float32' : d === 'complex128' ? 'float64' : d);
/** The complex dtype whose components are d (float32: complex64), for torch.complex and view_as_complex. */
export const complexOf = (d: DType): DType | null => (d === 'float32' ? 'complex64' : d === 'float64' ? 'complex128' : null);
/** Array slots per element: 2 for complex (real, imaginary), else 1. */
export const lanes = (d: DType): number => (info[d].kind === 'complex' ? 2 : 1);
/** float16 and bfloat16: stored as bits, computed in float32 on the CPU. */
export const isReducedFloat = (d: DType): boolean => d === 'float16' || d === 'bfloat16';

/** A zero-filled array for n elements of d (2n slots for complex). */
export function allocate(d: DType, n: number): TypedArray {
  return new info[d].array(n * lanes(d));
}

/**
 * A typed array of dtype `d` over existing bytes holding n elements (offset must be aligned to
 * the component size: 4 for complex64).
 */
export function arrayOver(d: DType, buffer: ArrayBufferLike, byteOffset: number, n: number): TypedArray {
  return new info[d].array(buffer, byteOffset, n * lanes(d));
}

const legacyNames: Record<DType, string> = {
  float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor', int64: 'LongTensor',
  int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
  complex64: 'ComplexFloatTensor', complex128: 'ComplexDoubleTensor', uint16: 'UInt16Tensor', uint32: 'UInt32Tensor',
  uint64: 'UInt64Tensor', float8_e4m3fn: 'Float8_e4m3fnTensor', float8_e5m2: 'Float8_e5m2Tensor',
  float8_e4m3fnuz: 'Float8_e4m3fnuzTensor', float8_e5m2fnuz: 'Float8_e5m2fnuzTensor', float8_e8m0fnu: 'Float8_e8m0fnuTensor',
};

/** The legacy tensor type of a dtype, as x.type() names it: 'torch.FloatTensor'. */
export const legacyTypeName = (d: DType): string => `torch.${legacyNames[d]}`;

/** The dtype of a legacy type name ('torch.LongTensor'), or null when it names none. */
export function typeNameDType(name: string): DType | null {
  for (const d of dtypes) if (legacyTypeName(d) === name) return d;
  return null;
}

/** The legacy constructor name of a dtype: FloatTensor. */
export const legacyConstructorName = (d: DType): string => legacyNames[d];

/** The repr suffix name: torch.float32 */
export const reprName = (d: DType): string => `torch.${d}`;

let defaultDtype: DType = 'float32';
export function get_default_dtype(): DType {
  return defaultDtype;
}
export function set_default_dtype(d: DType): void {
  if (d !== 'float32' && d !== 'float64' && d !== 'float16' && d !== 'bfloat16') {
    throw new DTypeError(`only floating-point types are supported as the default type`, 'TypeError');
  }
  defaultDtype = d;
}

const intRank: Partial<Record<DType, number>> = { uint8: 1, int8: 1, int16: 2, int32: 3, int64: 4 };

/**
 * torch.promote_types: the smallest dtype both can be converted to without losing category.
 * uint16/32/64 meet only themselves and the float dtypes; float8 only itself; complex any but
 * those (complex64 with float64 is complex128).
 */
export function promote_types(a: DType, b: DType): DType {
  if (a === b) return a;
  const ka = info[a].kind;
  const kb = info[b].kind;
  if (ka === 'float8' || kb === 'float8') {
    throw new DTypeError(`Promotion for Float8 Types is not supported, attempted to promote ${info[a].scalarName} and ${info[b].scalarName}`);
  }
  if (ka === 'uint' || kb === 'uint') {
    const other = ka === 'uint' ? kb : ka;
    if (other === 'float') return ka === 'uint' ? b : a;
    throw new DTypeError(
      `Promotion for uint16, uint32, uint64 types is not supported, attempted to promote ${info[a].scalarName} and ${info[b].scalarName}`,
    );
  }
  if (ka === 'complex' || kb === 'complex') {
    const wide = a === 'complex128' || b === 'complex128' || a === 'float64' || b === 'float64';
    return wide ? 'complex128' : 'complex64';
  }
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if (ka === 'float' && kb === 'float') {
    if (isReducedFloat(a) && isReducedFloat(b)) return 'float32'; // float16 with bfloat16
    return info[a].itemsize >= info[b].itemsize ? a : b;
  }
  if (ka === 'float') return a;
  if (kb === 'float') return b;
  // Both integers. uint8 with int8 meets at int16; otherwise the wider one wins.
  if ((a === 'uint8' && b === 'int8') || (a === 'int8' && b === 'uint8')) return 'int16';
  return intRank[a]! >= intRank[b]! ? a : b;
}

/** Category order used by result_type: bool < integer < floating < complex. */
export function category(d: DType): number {
  const k = info[d].kind;
  return k === 'bool' ? 0 : k === 'int' || k === 'uint' ? 1 : k === 'complex' ? 3 : 2;
}

/** Whether a value of dtype `from` may be written into `to` by an in-place op (torch.can_cast). */
export function can_cast(from: DType, to: DType): boolean {
  return category(from) <= category(to);
}
