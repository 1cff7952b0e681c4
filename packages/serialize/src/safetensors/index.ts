// torch.safetensors: load/save and the lazy reader, over bytes or (in Node) file paths.

import type { Tensor } from '@wick/tensor';
import type { DTypeOptions } from '../dtypes.js';
import { builtinFs, fileSource } from '../files.js';
import { type SaveOptions, save as saveBytes } from './write.js';
import { SafeOpen, load as loadBytes, safe_open as openBytes } from './read.js';

export { SafeOpen, memorySource } from './read.js';
export type { ByteSource } from './read.js';
export type { SaveOptions } from './write.js';
export type { Header, TensorInfo } from './header.js';

/** safetensors.torch.load: a Map of every tensor. A string is a file path (Node only). */
export function load(input: Uint8Array | ArrayBuffer | string, options: DTypeOptions = {}): Map<string, Tensor> {
  return loadBytes(typeof input === 'string' ? builtinFs().readFileSync(input) : input, options);
}

/** safetensors.torch.save: the bytes of a file, or written to `path` when one is given (Node only). */
export function save(
  tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>,
  metadata: Readonly<Record<string, string>> | null = null,
  options: SaveOptions & { path?: string } = {},
): Uint8Array {
  const bytes = saveBytes(tensors, metadata, options);
  if (options.path !== undefined) builtinFs().writeFileSync(options.path, bytes);
  return bytes;
}

/**
 * safe_open: keys, metadata and one tensor at a time. Over a file path (Node only) it reads the
 * header, then each tensor's bytes when asked; over bytes it makes views of them.
 */
export function safe_open(input: Uint8Array | ArrayBuffer | string, options: DTypeOptions & { framework?: string } = {}): SafeOpen {
  if (typeof input !== 'string') return openBytes(input, options);
  return new SafeOpen(fileSource(builtinFs(), input), options);
}
