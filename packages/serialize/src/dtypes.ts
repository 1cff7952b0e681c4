// PyTorch's dtypes as they appear in checkpoints and safetensors files, their element sizes, and
// which wick dtype each loads as: every dtype wick has loads exactly, as a view of the file's bytes
// where alignment and byte order allow.

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

/** The typed storage class torch.save writes for a dtype, or none: torch.save writes uint16/32/64 and float8 as UntypedStorage. */
export const DTYPE_STORAGE_CLASS: Readonly<Partial<Record<DType, string>>> = {
  float64: 'DoubleStorage', float32: 'FloatStorage', float16: 'HalfStorage', bfloat16: 'BFloat16Storage',
  int64: 'LongStorage', int32: 'IntStorage', int16: 'ShortStorage', int8: 'CharStorage', uint8: 'ByteStorage',
  bool: 'BoolStorage', complex64: 'ComplexFloatStorage', complex128: 'ComplexDoubleStorage',
};

/** The wick dtype of a PyTorch dtype name, or null when wick cannot hold it (complex32, quantized, sub-byte). */
export function planFor(dtype: string): DType | null {
  return isDType(dtype) ? dtype : null;
}
