// @wick/serialize: torch.load / torch.save (.pt, .pth, .bin) and safetensors. Loading is always
// weights_only: nothing a file names outside PyTorch's allowlist is constructed or called.
//
// This entry uses no Node API at import; a string path is read through process.getBuiltinModule
// at call time (see files.ts). `@wick/serialize/node` offers the same with node:fs imported.

import { builtinFs } from './files.js';
import { type Bytes, type LoadOptions, load as loadBytes } from './load.js';
import { type SaveOptions, archiveNameFor, save as saveBytes } from './save.js';

export { UnpicklingError, SafetensorsError, CheckpointError } from './errors.js';
export { Complex, PyGlobal } from './pickle/values.js';
export type { PyDict } from './pickle/values.js';
export { isParameter, markParameter } from './rebuild.js';
export type { LoadOptions, Bytes } from './load.js';
export type { SaveOptions } from './save.js';
export type { DTypeOptions } from './dtypes.js';
export { ALLOWED_GLOBALS } from './pickle/allowlist.js';
export * as safetensors from './safetensors/index.js';

/**
 * torch.load: a checkpoint from its bytes, or from a file path in Node. Python dicts come back
 * as Map, lists and tuples as arrays (tuples frozen), ints beyond 2^53 as bigint, tensors as
 * views of the file's bytes with PyTorch's dtype, shape, strides and storage offset.
 */
export function load(input: Bytes | string, options: LoadOptions = {}): unknown {
  return loadBytes(typeof input === 'string' ? builtinFs().readFileSync(input) : input, options);
}

/**
 * torch.save: the bytes of a .pt file (PyTorch's zip format, readable with weights_only=True),
 * also written to `path` when one is given (Node only).
 */
export function save(obj: unknown, path?: string, options: SaveOptions = {}): Uint8Array {
  const bytes = saveBytes(obj, { archive_name: options.archive_name ?? (path === undefined ? undefined : archiveNameFor(path)) });
  if (path !== undefined) builtinFs().writeFileSync(path, bytes);
  return bytes;
}
