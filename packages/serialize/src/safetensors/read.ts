// Reading safetensors: `load` for a whole file, and `SafeOpen` (the safetensors package's
// safe_open): the header first, then one tensor (or one slice of one) at a time from any
// random-access byte source, so a reader over a file on disk never touches the bytes of tensors
// nobody asked for. A file source is closed by `close()` / `[Symbol.dispose]`.

import { type PyArgs, Tensor, contiguousStrides, declare } from '@wick/tensor';
import { asBytes } from '../bytes.js';
import { planFor } from '../dtypes.js';
import { SafetensorsError } from '../errors.js';
import { type ByteSource, type ClosableSource, disposeSymbol, memorySource } from '../source.js';
import { storageFromBytes } from '../storage.js';
import { type Header, SAFETENSORS_TORCH, type TensorInfo, headerLength, parseHeader } from './header.js';
import { SafeSlice } from './slice.js';

const method = (text: string) => declare(`safetensors.${text.slice(0, text.indexOf('('))}`, text, {
  style: 'python', pythonMethod: true, differs: "the safetensors package's",
});
const keysSig = method('safe_open.keys()');
const offsetKeysSig = method('safe_open.offset_keys()');
const metadataSig = method('safe_open.metadata()');
const getTensorSig = method('safe_open.get_tensor(str name)');
const getSliceSig = method('safe_open.get_slice(str name)');
const getTensorsSig = method('safe_open.get_tensors()');
const closeSig = declare('safetensors.safe_open.close', 'safe_open.close()', {
  style: 'python', pythonMethod: true, differs: "wick's: Python's safe_open closes its file at the end of a with block; here close() or Symbol.dispose (using) does",
});

function isClosable(source: ByteSource): source is ClosableSource {
  return typeof (source as Partial<ClosableSource>).close === 'function';
}

export class SafeOpen {
  readonly header: Header;
  private closed = false;

  /** Reads and checks the header; a source that can be closed is closed when the header is refused. */
  constructor(private readonly source: ByteSource) {
    try {
      const first8 = source.read(0, Math.min(8, source.size));
      const n = headerLength(first8, source.size);
      this.header = parseHeader(first8, source.read(8, n), source.size);
    } catch (e) {
      if (isClosable(source)) source.close();
      throw e;
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new SafetensorsError('File is closed');
  }

  /** Tensor names, sorted (as Python's safe_open.keys()). */
  keys(...args: []): string[] {
    keysSig.bind(args);
    this.ensureOpen();
    return [...this.header.tensors.keys()].sort();
  }

  /** Tensor names in the order of their data in the file. */
  offset_keys(...args: []): string[] {
    offsetKeysSig.bind(args);
    this.ensureOpen();
    return [...this.header.tensors.keys()];
  }

  /** The `__metadata__` map, or null when the file has none. */
  metadata(...args: []): Record<string, string> | null {
    metadataSig.bind(args);
    this.ensureOpen();
    return this.header.metadata === null ? null : { ...this.header.metadata };
  }

  /** One tensor, read from the source now, in the file's dtype. */
  get_tensor(...args: PyArgs<[name: string], { name?: string }>): Tensor {
    const { name } = getTensorSig.bind(args);
    const info = this.tensorInfo(name);
    return this.tensorFrom(info, this.readBytes(info, 0, info.end - info.begin), info.shape);
  }

  /** Every tensor, keyed by name in file order (offset_keys), each read now. */
  get_tensors(...args: []): Map<string, Tensor> {
    getTensorsSig.bind(args);
    const out = new Map<string, Tensor>();
    for (const name of this.offset_keys()) out.set(name, this.get_tensor(name));
    return out;
  }

  /** A slice view: shape and dtype now, and indexing (`__getitem__`) that reads only what it needs. */
  get_slice(...args: PyArgs<[name: string], { name?: string }>): SafeSlice {
    const { name } = getSliceSig.bind(args);
    return new SafeSlice(this, name, this.tensorInfo(name));
  }

  /** Closes the file (a no-op over bytes); every later call throws `File is closed`. */
  close(...args: []): void {
    closeSig.bind(args);
    if (this.closed) return;
    this.closed = true;
    if (isClosable(this.source)) this.source.close();
  }

  /** `using f = safe_open(...)` closes the file at the end of the block (nodejs.dispose before Node 20.4). */
  [disposeSymbol](): void {
    this.close();
  }

  /** @internal The header entry of `name`, after checking the file is open. */
  tensorInfo(name: string): TensorInfo {
    this.ensureOpen();
    const info = this.header.tensors.get(name);
    if (!info) throw new SafetensorsError(`File does not contain tensor ${name}`);
    if (this.planOf(info) === null) throw new SafetensorsError(`dtype ${info.dtype} of tensor ${name} is not supported by wick`);
    return info;
  }

  /** @internal `length` bytes of a tensor's data, from `offset` bytes into it. */
  readBytes(info: TensorInfo, offset: number, length: number): Uint8Array {
    this.ensureOpen();
    return this.source.read(this.header.dataStart + info.begin + offset, length);
  }

  /** @internal A contiguous tensor of `shape` from bytes of the tensor's saved dtype. */
  tensorFrom(info: TensorInfo, bytes: Uint8Array, shape: readonly number[]): Tensor {
    let numel = 1;
    for (const d of shape) numel *= d;
    const storage = storageFromBytes(bytes, this.planOf(info)!, numel, true);
    return new Tensor(storage, shape, contiguousStrides(shape), 0);
  }

  /** @internal How the tensor's dtype loads (null: wick cannot hold it). */
  planOf(info: TensorInfo) {
    const torchDType = SAFETENSORS_TORCH[info.dtype] ?? null;
    return torchDType === null ? null : planFor(torchDType);
  }
}

/** safe_open over bytes in memory (the Node entry adds file paths). */
export function safe_open(input: Uint8Array | ArrayBuffer): SafeOpen {
  return new SafeOpen(memorySource(asBytes(input)));
}

/** safetensors.torch.load: every tensor, as views of the source's bytes where alignment allows. */
export function loadSource(source: ByteSource): Map<string, Tensor> {
  const f = new SafeOpen(source);
  try {
    return f.get_tensors();
  } finally {
    f.close();
  }
}

/** safetensors.torch.load over bytes in memory. */
export function load(input: Uint8Array | ArrayBuffer): Map<string, Tensor> {
  return loadSource(memorySource(asBytes(input)));
}
