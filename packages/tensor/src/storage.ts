import { type DType, type TypedArray, lanes } from './dtype.js';
import { WickError } from './errors.js';

export type Device = 'cpu' | 'webgpu';

/**
 * The memory behind one or more tensors. On the CPU it is a typed array of the dtype's element
 * type (float16/bfloat16/float8 as raw bits, int64 as BigInt64Array, complex as interleaved
 * real/imaginary floats); another backend keeps its own handle in `handle` and leaves `data`
 * empty. `length` counts elements (a complex element is two array slots). A lazy CPU storage
 * (`Storage.lazy`, what `torch.load(path, { mmap: true })` makes) knows its dtype and length at
 * once and reads its data the first time `data` is asked for.
 */
export class Storage {
  /** Bumped by every in-place write through any view of this storage (PyTorch's version counter). */
  version = 0;
  private loaded: TypedArray | null;
  private loader: (() => TypedArray) | null;

  constructor(
    readonly device: Device,
    readonly dtype: DType,
    readonly length: number,
    data: TypedArray | null,
    readonly handle: unknown = null,
  ) {
    this.loaded = data;
    this.loader = null;
  }

  /** The elements on the CPU (null on another device); a lazy storage reads them now, once. */
  get data(): TypedArray | null {
    // NOTE: one field read on the hot path; the rest (first touch, other devices) is a call.
    return this.loaded ?? this.materialise();
  }

  /** False only for a lazy storage whose data has not been read yet. */
  get materialised(): boolean {
    return this.loader === null;
  }

  static cpu(dtype: DType, data: TypedArray): Storage {
    return new Storage('cpu', dtype, data.length / lanes(dtype), data);
  }

  /**
   * A CPU storage of `length` elements whose data `load` gives on first use. `load` runs once
   * (a throw leaves the storage unread, so the next use tries again) and must return exactly
   * `length` elements of `dtype`'s typed array (two slots each for complex).
   */
  static lazy(dtype: DType, length: number, load: () => TypedArray): Storage {
    const s = new Storage('cpu', dtype, length, null);
    s.loader = load;
    return s;
  }

  private materialise(): TypedArray | null {
    if (this.loader === null) return null;
    const data = this.loader();
    if (data.length !== this.length * lanes(this.dtype)) {
      throw new WickError(`a lazy storage of ${this.length} elements of ${this.dtype} was given an array of ${data.length}`);
    }
    this.loaded = data;
    this.loader = null;
    return data;
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
