import {
  type DType,
  type TypedArray,
  bfloat16BitsToNumber,
  halfBitsToNumber,
  numberToBfloat16Bits,
  numberToHalfBits,
} from '@wick/tensor';
import { wordsOf } from './wgsl/dtypes.js';

// Elements between the host's typed arrays (the CPU layout of each dtype) and the GPU's 32-bit
// words (wgsl/dtypes.ts): float16/bfloat16 bits become the float32 they are, narrow integers and
// bool widen to a word each, int64 keeps its little-endian (low, high) word pairs.

export function toWords(dtype: DType, values: TypedArray): Uint32Array {
  switch (dtype) {
    case 'float32':
    case 'int64':
      return new Uint32Array(values.buffer, values.byteOffset, (values.length * 4 * wordsOf(dtype)) / 4);
    case 'float16':
      return new Uint32Array(Float32Array.from(values as Uint16Array, halfBitsToNumber).buffer);
    case 'bfloat16':
      return new Uint32Array(Float32Array.from(values as Uint16Array, bfloat16BitsToNumber).buffer);
    default:
      return new Uint32Array(Int32Array.from(values as ArrayLike<number>).buffer);
  }
}

export function fromWords(dtype: DType, words: ArrayBuffer, n: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(words, 0, n);
    case 'int64':
      return new BigInt64Array(words, 0, n);
    case 'float16':
      return Uint16Array.from(new Float32Array(words, 0, n), numberToHalfBits);
    case 'bfloat16':
      return Uint16Array.from(new Float32Array(words, 0, n), numberToBfloat16Bits);
    case 'int32':
      return new Int32Array(words, 0, n);
    case 'int16':
      return Int16Array.from(new Int32Array(words, 0, n));
    case 'int8':
      return Int8Array.from(new Int32Array(words, 0, n));
    case 'uint16':
      return Uint16Array.from(new Int32Array(words, 0, n));
    case 'uint8':
    case 'bool':
      return Uint8Array.from(new Int32Array(words, 0, n));
    default:
      throw new Error(`no host layout for ${dtype} on webgpu`);
  }
}
