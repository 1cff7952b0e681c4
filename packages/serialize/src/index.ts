// @wick/serialize: torch.load / torch.save (.pt, .pth, .bin) and safetensors. Loading is always
// weights_only: nothing a file names outside PyTorch's allowlist is constructed or called.
//
// A string path is read through `#fs` (node:fs under Node, a clear error in browsers; see
// files.ts), record by record: a file never has to fit one array.

import { type PyArgs, type TorchDevice, ValueError, declare, deviceOf } from '@wick/tensor';
import { BYTES } from './arg-types.js';
import { openFile, writeFile } from './files.js';
import { lazyStorages } from './lazy.js';
import { type Bytes, type LoadOptions, load as loadBytes, loadSource } from './load.js';
import { type SaveOptions, archiveNameFor, save as saveBytes } from './save.js';

export { UnpicklingError, SafetensorsError, CheckpointError } from './errors.js';
export { Complex, PyGlobal } from './pickle/values.js';
export type { PyDict } from './pickle/values.js';
export { isParameter, markParameter } from './rebuild.js';
export type { LoadOptions, Bytes } from './load.js';
export type { SaveOptions } from './save.js';
export { archiveNameFor } from './save.js';
export { ALLOWED_GLOBALS } from './pickle/allowlist.js';
export { DEFAULT_MAX_INFLATED_BYTES } from './load.js';
// For other readers of zip archives of tensors (@wick/export's .pt2): the zip reader, a source
// over bytes in memory, and a storage made from a record's raw bytes.
export { ZipReader } from './zip/read.js';
export type { ZipEntry, ZipOptions } from './zip/read.js';
export { memorySource } from './source.js';
export type { ByteSource } from './source.js';
export { storageFromBytes } from './storage.js';
export { load_sharded } from './sharded.js';
export type { ShardedCheckpoint, LoadShardedOptions } from './sharded.js';
export * as safetensors from './safetensors/index.js';

const loadSig = declare('torch.load',
  `load(${BYTES}|str f, Device|str? map_location=None, Any? pickle_module=None, *, bool? weights_only=None, bool? mmap=None, int? max_inflated_bytes=None)`, {
    style: 'python',
    differs:
      'f is bytes or a path (Node); only allowlisted globals are ever constructed, so weights_only=False loads what True loads and refuses the rest by name; ' +
      "mmap reads each storage from the file when a tensor using it is first used (no memory map); map_location takes 'cpu' only; pickle_module must be None; " +
      "max_inflated_bytes (wick's) caps what deflated records inflate to (default 1 GiB); " +
      '**pickle_load_args is not taken',
  });
const saveSig = declare('torch.save',
  'save(Any obj, str? f=None, Any? pickle_module=None, int pickle_protocol=2, bool _use_new_zipfile_serialization=True, ' +
    'bool _disable_byteorder_record=False, *, str? archive_name=None)', {
    style: 'python',
    differs:
      "f is a path (Node) or omitted: save always returns the file's bytes; pickle_module must be None, pickle_protocol 2, the zip format is the only " +
      "one written with its byteorder record; archive_name (wick's) names the folder inside the zip",
  });

type MapLocation = string | TorchDevice | null;

export interface LoadArgs extends Omit<LoadOptions, 'map_location' | 'max_inflated_bytes'> {
  f?: Bytes | string;
  map_location?: MapLocation;
  pickle_module?: null;
  mmap?: boolean | null;
  max_inflated_bytes?: number | null;
}

/**
 * torch.load: a checkpoint from its bytes, or from a file path in Node. Python dicts come back
 * as Map, lists and tuples as arrays (tuples frozen), ints beyond 2^53 as bigint, tensors as
 * views of the file's bytes with PyTorch's dtype, shape, strides and storage offset. With
 * `mmap: true` (a path, zip format) only the central directory and the pickle are read now; each
 * storage is read when a tensor using it is first used, and the file closes once all are read.
 */
export function load(...args: PyArgs<[f: Bytes | string, map_location?: MapLocation, pickle_module?: null], LoadArgs>): unknown {
  const { f, map_location, pickle_module, weights_only, mmap, max_inflated_bytes } = loadSig.bind(args);
  if (pickle_module !== null) throw new ValueError('torch.load: wick reads pickles with its own safe unpickler; pickle_module must be None', 'TypeError');
  const location = map_location === null ? null : (deviceOf(map_location) ?? map_location);
  const options: LoadOptions = { map_location: location, weights_only, max_inflated_bytes: max_inflated_bytes ?? undefined };
  if (typeof f !== 'string') {
    if (mmap === true) throw new ValueError('f must be a file path in order to use the mmap argument', 'ValueError');
    return loadBytes(f, options);
  }
  const file = openFile(f);
  let value: unknown;
  try {
    value = loadSource(file, options, mmap === true ? lazyStorages(file) : null, f);
  } catch (e) {
    file.close();
    throw e;
  }
  // A lazy load closes the file itself once its last storage has been read.
  if (mmap !== true) file.close();
  return value;
}

export interface SaveArgs extends SaveOptions {
  obj?: unknown;
  f?: string | null;
  pickle_module?: null;
  pickle_protocol?: number;
}

/**
 * torch.save: the bytes of a .pt file (PyTorch's zip format, readable with weights_only=True),
 * also written to `f` when a path is given (Node only).
 */
export function save(...args: PyArgs<[obj: unknown, f?: string | null], SaveArgs>): Uint8Array {
  const a = saveSig.bind(args);
  if (a.pickle_module !== null) throw new ValueError('torch.save writes with its own pickler; pickle_module must be None', 'TypeError');
  if (a.pickle_protocol !== 2) throw new ValueError(`torch.save writes pickle protocol 2, as PyTorch's default; got pickle_protocol=${a.pickle_protocol}`);
  if (!a._use_new_zipfile_serialization || a._disable_byteorder_record) {
    throw new ValueError('torch.save writes the zip format with its byteorder record only');
  }
  const path: string | null = a.f;
  const bytes = saveBytes(a.obj, { archive_name: a.archive_name ?? (path === null ? undefined : archiveNameFor(path)) });
  if (path !== null) writeFile(path, bytes);
  return bytes;
}
