// ONNX's TensorProto.DataType numbers and the wick dtypes they hold.
import type { DType } from '@wick/tensor';

/** TensorProto.DataType of each wick dtype (onnx.proto's enum). */
export const ONNX_DATA_TYPE: Readonly<Partial<Record<DType, number>>> = {
  float32: 1, uint8: 2, int8: 3, uint16: 4, int16: 5, int32: 6, int64: 7, bool: 9, float16: 10,
  float64: 11, uint32: 12, uint64: 13, complex64: 14, complex128: 15, bfloat16: 16,
  float8_e4m3fn: 17, float8_e4m3fnuz: 18, float8_e5m2: 19, float8_e5m2fnuz: 20,
};

const DTYPE_OF: ReadonlyMap<number, DType> = new Map(Object.entries(ONNX_DATA_TYPE).map(([d, n]) => [n!, d as DType]));

/** ONNX's names of its element types, for errors that name one wick lacks. */
const ONNX_TYPE_NAME: Readonly<Record<number, string>> = {
  0: 'UNDEFINED', 1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'STRING',
  9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 14: 'COMPLEX64', 15: 'COMPLEX128',
  16: 'BFLOAT16', 17: 'FLOAT8E4M3FN', 18: 'FLOAT8E4M3FNUZ', 19: 'FLOAT8E5M2', 20: 'FLOAT8E5M2FNUZ', 21: 'UINT4',
  22: 'INT4', 23: 'FLOAT4E2M1',
};

/** The wick dtype of an ONNX element type, or undefined when wick has none. */
export function dtypeOfOnnx(dataType: number): DType | undefined {
  return DTYPE_OF.get(dataType);
}

export function onnxTypeName(dataType: number): string {
  return ONNX_TYPE_NAME[dataType] ?? `data type ${dataType}`;
}
