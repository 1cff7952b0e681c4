import { type DType, type TypedArray, lanes } from './dtype.js';

export type Device = 'cpu' | 'webgpu';

/**
 * The memory behind one or more tensors. On the CPU it is a typed array of the dtype's element
 * type (float16/bfloat16/float8 as raw bits, int64 as BigInt64Array, complex as interleaved
 * real/imaginary floats); another backend keeps its own handle in `handle` and leaves `data`
 * empty. `length` counts elements (a complex element is two array slots).
 */
export class Storage {
  /** Bumped by every in-place write through any view of this storage (PyTorch's version counter). */
  version = 0;

  constructor(
    readonly device: Device,
    readonly dtype: DType,
    readonly length: number,
    readonly data: TypedArray | null,
    readonly handle: unknown = null,
  ) {}

  static cpu(dtype: DType, data: TypedArray): Storage {
    return new Storage('cpu', dtype, data.length / lanes(dtype), data);
  }
}

/** What a kernel needs to know about a tensor: where its elements are and how to step through them. */
export interface StridedView {
  readonly storage: Storage;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}
