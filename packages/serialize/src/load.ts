// torch.load for bytes: the zip format of torch.save (PyTorch >= 1.6) and the legacy format
// before it, through the weights_only pickle machine. Never runs anything a file names.

import type { DType, Storage, TypedArray } from '@wick/tensor';
import { asBytes, decodeLatin1 } from './bytes.js';
import { elementSize, planFor } from './dtypes.js';
import { CheckpointError, UnpicklingError } from './errors.js';
import { unpickle } from './pickle/unpickler.js';
import { type StorageRef, torchHooks } from './rebuild.js';
import { type ByteSource, memorySource } from './source.js';
import { storageFromBytes } from './storage.js';
import { ZipReader } from './zip/read.js';

/** The default of `max_inflated_bytes`: 1 GiB (torch.save never compresses; re-zipped files may). */
export const DEFAULT_MAX_INFLATED_BYTES = 2 ** 30;

export interface LoadOptions {
  /**
   * Kept for PyTorch compatibility. wick always loads as weights_only=True does: there is no
   * mode that constructs or calls what the allowlist does not name.
   */
  weights_only?: boolean;
  /** Where tensors go. wick loads every storage to 'cpu' (CUDA-tagged storages included). */
  map_location?: 'cpu' | null;
  /**
   * The most bytes that a zip's deflated records may inflate to, all together (wick's; default
   * 1 GiB). Each record also inflates to exactly the size its central directory declares.
   */
  max_inflated_bytes?: number;
}

export type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/** Makes the lazy storages of `torch.load(path, { mmap: true })` (see lazy.ts). */
export interface StorageMaker {
  lazy(dtype: DType, numel: number, load: () => TypedArray): Storage;
  /** Called once the pickle is read: no storage is made after this. */
  done(): void;
}

/** torch.load from the bytes of a file. Dicts come back as Map, lists and tuples as arrays. */
export function load(input: Bytes, options: LoadOptions = {}): unknown {
  return loadSource(memorySource(asBytes(input)), options);
}

/**
 * torch.load from a random-access source: a zip is read record by record; a legacy file is read
 * whole. With `lazy` (mmap), zip storages are read when first used.
 */
export function loadSource(source: ByteSource, options: LoadOptions = {}, lazy: StorageMaker | null = null, path: string | null = null): unknown {
  if (options.map_location != null && options.map_location !== 'cpu') {
    throw new CheckpointError(`map_location must be 'cpu' (or omitted), but got ${String(options.map_location)}`);
  }
  const max = options.max_inflated_bytes ?? DEFAULT_MAX_INFLATED_BYTES;
  if (!(max >= 0)) throw new CheckpointError(`max_inflated_bytes must be a non-negative number, but got ${String(max)}`);
  if (source.size === 0) throw new CheckpointError('Ran out of input: the file is empty (EOFError)');
  const magic = source.read(0, Math.min(4, source.size));
  if (magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04) {
    return loadZip(new ZipReader(source, { maxInflatedBytes: max }), lazy);
  }
  if (lazy) {
    throw new CheckpointError(
      'mmap can only be used with files saved with ' +
        `\`torch.save(${path === null ? '' : `${path}, `}_use_new_zipfile_serialization=True), ` +
        'please torch.save your checkpoint with this option in order to use mmap.',
    );
  }
  return loadLegacy(source.read(0, source.size));
}

/** A storage's record in the file: its size in bytes, and how to read it (now or when first used). */
interface StorageRecord {
  readonly length: number;
  bytes(): Uint8Array;
}

/**
 * A resolver caching one Storage per (key, dtype), so tensors that shared a storage still do.
 * `read` checks a ref against its record at once and returns the record.
 */
function storageCache(read: (ref: StorageRef) => StorageRecord, littleEndian: boolean, lazy: StorageMaker | null) {
  const cache = new Map<string, Storage>();
  return (ref: StorageRef, dtype: string): Storage => {
    const id = `${ref.key}\u0000${dtype}`;
    let s = cache.get(id);
    if (!s) {
      const record = read(ref);
      // As many elements as the record holds (its size was checked against the storage's numel,
      // or, in a legacy file, against what the storage's tensors view).
      const numel = record.length / (elementSize(dtype) ?? 1);
      const plan = planFor(dtype)!;
      const make = () => storageFromBytes(record.bytes(), plan, numel, littleEndian);
      s = lazy ? lazy.lazy(plan, numel, () => make().data!) : make();
      cache.set(id, s);
    }
    return s;
  };
}

function readText(zip: ZipReader, name: string): string {
  return decodeLatin1(zip.read(name));
}

function loadZip(zip: ZipReader, lazy: StorageMaker | null): unknown {
  if (zip.entries.length === 0) throw new CheckpointError('PytorchStreamReader failed reading zip archive: the archive is empty');
  // The archive folder is whatever the first record sits in (the saved file's base name).
  const first = zip.entries[0]!.name;
  const slash = first.indexOf('/');
  const folder = slash < 0 ? first : first.slice(0, slash);
  for (const e of zip.entries) {
    if (!e.name.startsWith(folder + '/')) throw new CheckpointError(`file in archive is not in a subdirectory ${folder}/: ${e.name}`);
  }
  const record = (name: string): string => `${folder}/${name}`;
  if (zip.has(record('constants.pkl'))) {
    throw new CheckpointError('Cannot use ``weights_only=True`` with TorchScript archives passed to ``torch.load``. wick reads data, not TorchScript code.');
  }
  const versionName = zip.has(record('version')) ? record('version') : record('.data/version');
  if (!zip.has(versionName)) throw new CheckpointError('PytorchStreamReader failed reading file version: Expected hasRecord("version") to be true');
  const versionText = readText(zip, versionName).trim();
  const version = /^[0-9]+$/.test(versionText) ? Number(versionText) : NaN;
  if (!(version >= 1)) throw new CheckpointError(`PytorchStreamReader failed reading file version: invalid version record '${versionText}'`);
  if (version > 10) {
    throw new CheckpointError(
      `Attempted to read a PyTorch file with version ${version}, but the maximum supported version for reading is 10. Your PyTorch installation may be too old.`,
    );
  }
  let littleEndian = true;
  if (zip.has(record('byteorder'))) {
    const order = readText(zip, record('byteorder'));
    if (order !== 'little' && order !== 'big') throw new CheckpointError(`Unknown endianness type: ${order}`);
    littleEndian = order === 'little';
  }
  const pklName = record('data.pkl');
  if (!zip.has(pklName)) throw new CheckpointError('PytorchStreamReader failed locating file data.pkl: file not found');

  const read = (ref: StorageRef): StorageRecord => {
    const name = record(`data/${ref.key}`);
    if (!zip.has(name)) throw new CheckpointError(`PytorchStreamReader failed locating file data/${ref.key}: file not found`);
    const size = zip.check(name).size;
    const expected = ref.dtype === null ? ref.numel : ref.numel * (elementSize(ref.dtype) ?? 1);
    if (size !== expected) {
      throw new CheckpointError(
        `record size (${size} bytes) does not match expected size (${expected} bytes = ${expected} elements * 1 bytes/element) for dtype Byte`,
      );
    }
    return { length: size, bytes: () => zip.read(name) };
  };
  const resolve = storageCache(read, littleEndian, lazy);
  const { value } = unpickle(zip.read(pklName), torchHooks(resolve));
  lazy?.done();
  return value;
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

function loadLegacy(bytes: Uint8Array): unknown {
  // Every pickle of the legacy format goes through the same restricted machine.
  const plain = torchHooks(() => {
    throw new UnpicklingError('unsupported persistent id encountered');
  }, true);
  let at = 0;
  const next = (): unknown => {
    const r = unpickle(bytes, plain, at);
    at = r.end;
    return r.value;
  };
  const magic = next();
  if (magic !== LEGACY_MAGIC) throw new CheckpointError('Invalid magic number; corrupt file?');
  const protocol = next();
  if (protocol !== 1001) throw new CheckpointError(`Invalid protocol version: ${String(protocol)}`);
  next(); // sys_info: the storage bytes are little-endian whatever it says

  // First pass over the object pickle: learn each storage's dtype and where the pickle ends.
  const objectStart = at;
  const dry = torchHooks(() => {
    throw new CheckpointError('unreachable');
  }, true, true);
  const scan = unpickle(bytes, dry, objectStart);
  at = scan.end;
  const keys = next();
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new CheckpointError('the legacy storage key list must be a list of str');
  const byKey = new Map<string, StorageRef>();
  for (const r of dry.refs) byKey.set(r.key, r);

  const data = new Map<string, Uint8Array>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const key of keys as string[]) {
    const ref = byKey.get(key);
    if (!ref) throw new CheckpointError(`legacy storage ${key} is not used by the pickle`);
    if (at + 8 > bytes.length) throw new CheckpointError(`unexpected EOF, expected 8 more bytes. The file might be corrupted.`);
    const count = view.getBigInt64(at, true);
    at += 8;
    const width = ref.dtype === null ? 1 : (elementSize(ref.dtype) ?? 1);
    // NOTE: PyTorch's legacy storages grow when a tensor views past their end (set_ resizes them),
    // and the table entry must then hold the grown size: a tensor reaching beyond its storage is
    // refused here, and a storage its tensors grew loads whole.
    const size = Math.max(ref.numel * width, dry.reach.get(key) ?? 0);
    if (count * BigInt(width) !== BigInt(size)) {
      throw new CheckpointError(`storage has wrong byte size: expected ${count * BigInt(width)} bytes (the file's storage ${key}), got ${size} (what its tensors view)`);
    }
    if (at + size > bytes.length) {
      throw new CheckpointError(`unexpected EOF, expected ${at + size - bytes.length} more bytes. The file might be corrupted.`);
    }
    data.set(key, bytes.subarray(at, at + size));
    at += size;
  }
  const read = (ref: StorageRef): StorageRecord => {
    const d = data.get(ref.key);
    if (!d) throw new CheckpointError(`legacy storage ${ref.key} is missing from the file`);
    return { length: d.length, bytes: () => d };
  };
  const hooks = torchHooks(storageCache(read, true, null), false, true);
  return unpickle(bytes, hooks, objectStart).value;
}
