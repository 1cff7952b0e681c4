// torch.safetensors: load/save and the lazy reader, over bytes or (in Node) file paths.

import { type PyArgs, type Tensor, declare } from '@wick/tensor';
import { BYTES } from '../arg-types.js';
import { openFile, writeFile } from '../files.js';
import { type SaveOptions, save as saveBytes } from './write.js';
import { SafeOpen, load as loadBytes, loadSource, safe_open as openBytes } from './read.js';
import { SafetensorsError } from '../errors.js';

export { SafeOpen } from './read.js';
export type { SafeSlice } from './slice.js';
export { memorySource } from '../source.js';
export type { ByteSource } from '../source.js';
export type { SaveOptions } from './write.js';
export type { Header, TensorInfo } from './header.js';

// Not PyTorch's API but the safetensors package's (safetensors.torch), which PyTorch users call
// beside it; wick joins each pair of its bytes and file forms (load/load_file, save/save_file).
const loadSig = declare('safetensors.load', `load(${BYTES}|str data)`, {
  style: 'python',
  differs: 'safetensors.torch.load (bytes) and load_file (a path, Node) in one',
});
const saveSig = declare('safetensors.save', 'save(dict tensors, dict? metadata=None, *, str? path=None, dict? dtypes=None)', {
  style: 'python',
  differs: "safetensors.torch.save and save_file in one: always returns the bytes, and writes them to path when given; dtypes (wick's) writes uint8 tensors under another one-byte dtype name",
});
const safeOpenSig = declare('safetensors.safe_open', `safe_open(${BYTES}|str filename, str framework='pt', Device device='cpu')`, {
  style: 'python',
  differs: `the safetensors package's safe_open over bytes or a path (Node); framework 'pt' and device 'cpu' only`,
});

type Input = Uint8Array | ArrayBuffer | string;
type Tensors = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/** safetensors.torch.load: a Map of every tensor. A string is a file path (Node only). */
export function load(...args: PyArgs<[data: Input], { data?: Input }>): Map<string, Tensor> {
  const { data } = loadSig.bind(args);
  return typeof data === 'string' ? loadSource(openFile(data)) : loadBytes(data);
}

export interface SaveArgs extends SaveOptions {
  tensors?: Tensors;
  metadata?: Readonly<Record<string, string>> | null;
  path?: string | null;
}

/** safetensors.torch.save: the bytes of a file, also written to `path` when one is given (Node only). */
export function save(...args: PyArgs<[tensors: Tensors, metadata?: Readonly<Record<string, string>> | null], SaveArgs>): Uint8Array {
  const { tensors, metadata, path, dtypes } = saveSig.bind(args);
  const bytes = saveBytes(tensors, metadata, dtypes === null ? {} : { dtypes });
  if (path !== null) writeFile(path, bytes);
  return bytes;
}

export interface SafeOpenArgs {
  filename?: Input;
  framework?: 'pt';
  device?: 'cpu';
}

/**
 * safe_open: keys, metadata, one tensor or slice at a time. Over a file path (Node only) it reads
 * the header, then each tensor's bytes when asked, and holds the file open until `close()` (or
 * `using`); over bytes it makes views of them.
 */
export function safe_open(...args: PyArgs<[filename: Input, framework?: 'pt', device?: 'cpu'], SafeOpenArgs>): SafeOpen {
  const { filename, framework, device } = safeOpenSig.bind(args);
  if (framework !== 'pt' && framework !== 'torch') throw new SafetensorsError(`safe_open: wick reads safetensors as torch tensors (framework 'pt'), not '${framework}'`);
  if (device !== 'cpu') throw new SafetensorsError(`safe_open: wick loads to 'cpu', not '${device}'`);
  if (typeof filename !== 'string') return openBytes(filename);
  return new SafeOpen(openFile(filename));
}
