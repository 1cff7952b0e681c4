// Reading safetensors: `load` for a whole file in memory, and `SafeOpen` (Python's safe_open):
// the header first, then one tensor at a time from any random-access byte source, so a reader
// over a file on disk never touches the bytes of tensors nobody asked for.

import { type PyArgs, Tensor, declare } from '@wick/tensor';
import { asBytes } from '../bytes.js';
import { planFor } from '../dtypes.js';
import { SafetensorsError } from '../errors.js';
import { storageFromBytes } from '../storage.js';
import { type Header, SAFETENSORS_TORCH, headerLength, parseHeader } from './header.js';

/** Random access to the bytes of a file: an array in memory, or a file read on demand. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset` (a view when the source is in memory). */
  read(offset: number, length: number): Uint8Array;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

const keysSig = declare('safetensors.safe_open.keys', 'safe_open.keys()', { style: 'python', pythonMethod: true, differs: "the safetensors package's" });
const metadataSig = declare('safetensors.safe_open.metadata', 'safe_open.metadata()', { style: 'python', pythonMethod: true, differs: "the safetensors package's" });
const getTensorSig = declare('safetensors.safe_open.get_tensor', 'safe_open.get_tensor(str name)', {
  style: 'python', pythonMethod: true, differs: "the safetensors package's",
});

export class SafeOpen {
  readonly header: Header;

  constructor(private readonly source: ByteSource) {
    const first8 = source.read(0, Math.min(8, source.size));
    const n = headerLength(first8, source.size);
    this.header = parseHeader(first8, source.read(8, n), source.size);
  }

  /** Tensor names, sorted (as Python's safe_open.keys()). */
  keys(...args: []): string[] {
    keysSig.bind(args);
    return [...this.header.tensors.keys()].sort();
  }

  /** The `__metadata__` map, or null when the file has none. */
  metadata(...args: []): Record<string, string> | null {
    metadataSig.bind(args);
    return this.header.metadata === null ? null : { ...this.header.metadata };
  }

  /** One tensor, read from the source now, in the file's dtype. */
  get_tensor(...args: PyArgs<[name: string], { name?: string }>): Tensor {
    const { name } = getTensorSig.bind(args);
    const info = this.header.tensors.get(name);
    if (!info) throw new SafetensorsError(`File does not contain tensor ${name}`);
    const torchDType = SAFETENSORS_TORCH[info.dtype] ?? null;
    const plan = torchDType === null ? null : planFor(torchDType);
    if (plan === null) throw new SafetensorsError(`dtype ${info.dtype} of tensor ${name} is not supported by wick`);
    let numel = 1;
    for (const d of info.shape) numel *= d;
    const bytes = this.source.read(this.header.dataStart + info.begin, info.end - info.begin);
    const storage = storageFromBytes(bytes, plan, numel, true);
    return new Tensor(storage, info.shape, contiguousStrides(info.shape), 0);
  }
}

/** safe_open over bytes in memory (the Node entry adds file paths). */
export function safe_open(input: Uint8Array | ArrayBuffer): SafeOpen {
  return new SafeOpen(memorySource(asBytes(input)));
}

/** safetensors.torch.load: every tensor, as views of `input` where alignment allows. */
export function load(input: Uint8Array | ArrayBuffer): Map<string, Tensor> {
  const f = safe_open(input);
  const out = new Map<string, Tensor>();
  for (const name of f.keys()) out.set(name, f.get_tensor(name));
  return out;
}
