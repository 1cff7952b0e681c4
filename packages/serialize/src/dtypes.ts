// PyTorch's dtypes as they appear in checkpoints and safetensors files, their element sizes, and
// how each becomes a wick tensor: the ten wick dtypes load as views of the file's bytes; float8,
// uint16/32/64 are converted to the nearest exact wick dtype (or kept as raw bytes on request).

import { type DType, isDType } from '@wick/tensor';

/** Element size in bytes of PyTorch dtypes (torch._utils._element_size). */
const ELEMENT_SIZE: Readonly<Record<string, number>> = {
  float64: 8, float32: 4, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
  complex128: 16, complex64: 8, complex32: 4, qint8: 1, qint32: 4, quint8: 1, quint4x2: 1, quint2x4: 1,
  float8_e5m2: 1, float8_e4m3fn: 1, float8_e5m2fnuz: 1, float8_e4m3fnuz: 1, float8_e8m0fnu: 1, float4_e2m1fn_x2: 1,
  bits8: 1, bits16: 2, bits1x8: 1, bits2x4: 1, bits4x2: 1, uint16: 2, uint32: 4, uint64: 8,
};

export function elementSize(dtype: string): number | undefined {
  return Object.hasOwn(ELEMENT_SIZE, dtype) ? ELEMENT_SIZE[dtype] : undefined;
}

/** The typed storage classes of torch.save (`torch FloatStorage` ...) and their dtypes. */
export const STORAGE_CLASS_DTYPE: Readonly<Record<string, string>> = {
  DoubleStorage: 'float64', FloatStorage: 'float32', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8',
  BoolStorage: 'bool', ComplexDoubleStorage: 'complex128', ComplexFloatStorage: 'complex64', QInt8Storage: 'qint8',
  QInt32Storage: 'qint32', QUInt8Storage: 'quint8', QUInt4x2Storage: 'quint4x2', QUInt2x4Storage: 'quint2x4',
};

/** The storage class torch.save writes for each wick dtype. */
export const DTYPE_STORAGE_CLASS: Readonly<Record<DType, string>> = {
  float64: 'DoubleStorage', float32: 'FloatStorage', float16: 'HalfStorage', bfloat16: 'BFloat16Storage',
  int64: 'LongStorage', int32: 'IntStorage', int16: 'ShortStorage', int8: 'CharStorage', uint8: 'ByteStorage',
  bool: 'BoolStorage',
};

/** The float8 formats: exponent bits, mantissa bits, bias, and how NaN/inf are encoded. */
const FLOAT8: Readonly<Record<string, { e: number; m: number; bias: number; kind: 'ieee' | 'fn' | 'fnuz' | 'e8m0' }>> = {
  float8_e5m2: { e: 5, m: 2, bias: 15, kind: 'ieee' },
  float8_e4m3fn: { e: 4, m: 3, bias: 7, kind: 'fn' },
  float8_e5m2fnuz: { e: 5, m: 2, bias: 16, kind: 'fnuz' },
  float8_e4m3fnuz: { e: 4, m: 3, bias: 8, kind: 'fnuz' },
  float8_e8m0fnu: { e: 8, m: 0, bias: 127, kind: 'e8m0' },
};

export const isFloat8 = (dtype: string): boolean => Object.hasOwn(FLOAT8, dtype);

const float8Tables = new Map<string, Float32Array>();

/**
 * All 256 values of a float8 format as float32 (every one is exactly representable), with the
 * NaN bit patterns PyTorch's conversion produces, so converted tensors match torch's `.float()`
 * bit for bit.
 */
export function float8Table(dtype: string): Float32Array {
  let t = float8Tables.get(dtype);
  if (t) return t;
  const f = FLOAT8[dtype]!;
  t = new Float32Array(256);
  const bits = new Uint32Array(t.buffer);
  for (let b = 0; b < 256; b++) {
    const sign = b & 0x80 ? 0x80000000 : 0;
    const exp = (b >> f.m) & ((1 << f.e) - 1);
    const man = b & ((1 << f.m) - 1);
    const expMax = (1 << f.e) - 1;
    if (f.kind === 'e8m0') {
      if (b === 0xff) bits[b] = 0x7f800001;
      else t[b] = 2 ** (b - 127);
    } else if (f.kind === 'fnuz' && b === 0x80) {
      bits[b] = 0x7f800001; // NOTE: the one NaN of the fnuz formats converts to this signalling pattern
    } else if (f.kind === 'ieee' && exp === expMax) {
      // e5m2 is the top byte of a float16: its NaNs come back quieted, payload kept.
      bits[b] = (sign | 0x7f800000 | (man << 21) | (man === 0 ? 0 : 0x400000)) >>> 0;
    } else if (f.kind === 'fn' && exp === expMax && man === (1 << f.m) - 1) {
      bits[b] = (sign | 0x7f800000 | (man << 20)) >>> 0;
    } else {
      const magnitude = exp === 0 ? man * 2 ** (1 - f.bias - f.m) : (1 + man / (1 << f.m)) * 2 ** (exp - f.bias);
      t[b] = sign ? -magnitude : magnitude;
    }
  }
  float8Tables.set(dtype, t);
  return t;
}

/** How to turn a PyTorch dtype into a wick tensor. */
export type Plan =
  | { kind: 'native'; dtype: DType }
  | { kind: 'float8'; dtype: 'float32'; from: string }
  | { kind: 'widen'; dtype: 'int32' | 'int64'; from: 'uint16' | 'uint32' | 'uint64' }
  | { kind: 'raw'; dtype: 'uint8' };

export interface DTypeOptions {
  /** float8 tensors: 'float32' (default) converts every value exactly; 'raw' gives their bytes as uint8. */
  float8?: 'float32' | 'raw';
}

/** The plan for `dtype`, or null when wick cannot represent it (complex, quantized, sub-byte). */
export function planFor(dtype: string, options: DTypeOptions = {}): Plan | null {
  if (isDType(dtype)) return { kind: 'native', dtype };
  if (isFloat8(dtype)) return options.float8 === 'raw' ? { kind: 'raw', dtype: 'uint8' } : { kind: 'float8', dtype: 'float32', from: dtype };
  if (dtype === 'uint16') return { kind: 'widen', dtype: 'int32', from: 'uint16' };
  if (dtype === 'uint32' || dtype === 'uint64') return { kind: 'widen', dtype: 'int64', from: dtype };
  return null;
}
