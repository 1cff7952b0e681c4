import { DTypeError } from './errors.js';

/** The ten dtypes. A dtype is its PyTorch name, so `torch.float32 === 'float32'`. */
export type DType =
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
// PyTorch's aliases.
export const float = float32;
export const double = float64;
export const half = float16;
export const long = int64;
export const int = int32;
export const short = int16;

export type TypedArray =
  | Float32Array
  | Float64Array
  | Uint16Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

type Kind = 'bool' | 'int' | 'float';

interface DTypeInfo {
  readonly kind: Kind;
  readonly itemsize: number;
  /** The array that holds this dtype's elements (float16/bfloat16 as raw bits). */
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
export const isFloating = (d: DType): boolean => info[d].kind === 'float';
export const isIntegral = (d: DType, includeBool = false): boolean => info[d].kind === 'int' || (includeBool && d === 'bool');
/** float16 and bfloat16: stored as bits, computed in float32 on the CPU. */
export const isReducedFloat = (d: DType): boolean => d === 'float16' || d === 'bfloat16';

export function allocate(d: DType, n: number): TypedArray {
  return new info[d].array(n);
}

/** A typed array of dtype `d` over existing bytes (offset must be aligned to the item size). */
export function arrayOver(d: DType, buffer: ArrayBufferLike, byteOffset: number, n: number): TypedArray {
  return new info[d].array(buffer, byteOffset, n);
}

const legacyNames: Record<DType, string> = {
  float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor', int64: 'LongTensor',
  int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
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

/** torch.promote_types: the smallest dtype both can be converted to without losing category. */
export function promote_types(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  const ka = info[a].kind;
  const kb = info[b].kind;
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

/** Category order used by result_type: bool < integer < floating. */
export function category(d: DType): number {
  return info[d].kind === 'bool' ? 0 : info[d].kind === 'int' ? 1 : 2;
}

/** Whether a value of dtype `from` may be written into `to` by an in-place op (torch.can_cast). */
export function can_cast(from: DType, to: DType): boolean {
  return category(from) <= category(to);
}
