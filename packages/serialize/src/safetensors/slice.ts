// safe_open(...).get_slice(name): a tensor's shape and dtype without its data, and indexing that
// reads only the bytes the result needs. The index is applied, with Tensor.__getitem__'s rules and
// errors, to a stand-in tensor over a storage that is never read: basic indexing (ints, slices,
// None, Ellipsis) only makes a view, whose offset, shape and strides say which elements
// to read. Advanced indices (index lists, tensors, booleans) read the whole tensor and index it.

import { type Index, type PyArgs, Storage, Tensor, contiguousStrides, declare } from '@wick/tensor';
import { CheckpointError } from '../errors.js';
import { SAFETENSORS_BITS, type TensorInfo } from './header.js';
import type { SafeOpen } from './read.js';

const sig = (text: string) => declare(`safetensors.PySafeSlice.${text.slice(0, text.indexOf('('))}`, `PySafeSlice.${text}`, {
  style: 'python', pythonMethod: true, differs: "the safetensors package's",
});
const shapeSig = sig('get_shape()');
const dtypeSig = sig('get_dtype()');
const getitemSig = sig('__getitem__(Any index)');

/** Reading a span between wanted runs is cheaper than one read per run while it is this dense. */
const DENSE = 4;

// A boolean is a 0-dim mask: advanced indexing too.
const isAdvanced = (item: unknown): boolean => item instanceof Tensor || Array.isArray(item) || typeof item === 'boolean';

export class SafeSlice {
  /** @internal Made by safe_open(...).get_slice(name). */
  constructor(
    private readonly file: SafeOpen,
    private readonly name: string,
    private readonly info: TensorInfo,
  ) {}

  get_shape(...args: []): number[] {
    shapeSig.bind(args);
    return [...this.info.shape];
  }

  /** The safetensors dtype name ('F32', 'BF16', ...), as the Python library gives it. */
  get_dtype(...args: []): string {
    dtypeSig.bind(args);
    return this.info.dtype;
  }

  /** `slice[index]` in Python: `index` as Tensor.__getitem__ takes it (an item, or an array for a tuple). */
  __getitem__(...args: PyArgs<[index: Index], { index?: Index }>): Tensor {
    const { index } = getitemSig.bind(args) as { index: Index };
    const items = Array.isArray(index) ? index : [index];
    if (items.some(isAdvanced)) return this.file.get_tensor(this.name).__getitem__(index);
    const view = this.standIn().__getitem__(index);
    return this.file.tensorFrom(this.info, this.gather(view), view.shape);
  }

  /** A tensor of the right dtype, shape and strides whose storage throws if anything reads it. */
  private standIn(): Tensor {
    const dtype = this.file.planOf(this.info)!;
    let numel = 1;
    for (const d of this.info.shape) numel *= d;
    const never = Storage.lazy(dtype, numel, () => {
      throw new CheckpointError(`get_slice(${this.name}): basic indexing read data (a wick bug)`);
    });
    return new Tensor(never, this.info.shape, contiguousStrides(this.info.shape), 0);
  }

  /** The bytes of a view's elements in its row-major order, read run by run or as one span. */
  private gather(view: Tensor): Uint8Array {
    const width = SAFETENSORS_BITS[this.info.dtype]! / 8;
    const dims: [number, number][] = [];
    let numel = 1;
    for (let i = 0; i < view.shape.length; i++) {
      numel *= view.shape[i]!;
      if (view.shape[i] !== 1) dims.push([view.shape[i]!, view.strides[i]!]);
    }
    const out = new Uint8Array(numel * width);
    if (numel === 0) return out;
    // The innermost dims that are contiguous make one run of elements.
    let run = 1;
    while (dims.length > 0 && dims[dims.length - 1]![1] === run) run *= dims.pop()![0];
    let last = view.offset + run - 1;
    for (const [size, stride] of dims) last += (size - 1) * stride;
    const runs = numel / run;
    const span = last - view.offset + 1;
    const dense = span <= DENSE * numel;
    const spanBytes = dense ? this.file.readBytes(this.info, view.offset * width, span * width) : null;
    const at = new Array<number>(dims.length).fill(0);
    let offset = view.offset;
    for (let r = 0; r < runs; r++) {
      const bytes = spanBytes
        ? spanBytes.subarray((offset - view.offset) * width, (offset - view.offset + run) * width)
        : this.file.readBytes(this.info, offset * width, run * width);
      out.set(bytes, r * run * width);
      // Odometer over the outer dims, innermost first.
      for (let d = dims.length - 1; d >= 0; d--) {
        offset += dims[d]![1];
        if (++at[d]! < dims[d]![0]) break;
        offset -= dims[d]![0] * dims[d]![1];
        at[d] = 0;
      }
    }
    return out;
  }
}
