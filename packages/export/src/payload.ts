// The tensors of a .pt2's data/weights and data/constants folders: each config entry names a
// record and how to view it. A plain record is one flat storage of raw bytes (in the archive's
// byte order); entries naming the same record share that storage, as PyTorch keeps aliasing with
// as_strided views. A pickled entry (a tensor subclass) goes through torch.load's safe unpickler.
import { Parameter } from '@wick/nn';
import { type ZipReader, load as torchLoad, storageFromBytes } from '@wick/serialize';
import { type DType, type Storage, Tensor, itemsize, zeros } from '@wick/tensor';
import { ExportError } from './errors.js';
import { type Json, bool, int, list, obj, str, union } from './json.js';
import { dtypeOf, layoutOf } from './schema.js';

/** One entry of a payload config: its tensor (a Parameter where is_param says so). */
export interface Payload {
  readonly tensor: Tensor;
  readonly isParam: boolean;
}

/** A concrete SymInt of a tensor_meta (saved weights never have symbolic sizes). */
function concrete(v: Json | undefined, where: string): number {
  const [kind, value] = union(v, where);
  if (kind !== 'as_int') throw new ExportError(`${where}: expected a concrete size (as_int), found ${kind}`);
  return int(value, where);
}

interface Meta {
  dtype: DType;
  sizes: number[];
  strides: number[];
  offset: number;
  requiresGrad: boolean;
}

function tensorMeta(v: Json | undefined, where: string): Meta {
  const m = obj(v, where);
  const layout = layoutOf(int(m.layout, `${where}.layout`), `${where}.layout`);
  if (layout !== 'strided') throw new ExportError(`${where}: a ${layout} tensor; wick loads strided tensors only`);
  return {
    dtype: dtypeOf(int(m.dtype, `${where}.dtype`), `${where}.dtype`),
    sizes: list(m.sizes, `${where}.sizes`).map((s, i) => concrete(s, `${where}.sizes[${i}]`)),
    strides: list(m.strides, `${where}.strides`).map((s, i) => concrete(s, `${where}.strides[${i}]`)),
    offset: concrete(m.storage_offset, `${where}.storage_offset`),
    requiresGrad: bool(m.requires_grad, `${where}.requires_grad`),
  };
}

/** A view of `storage` as `meta` says, refused when any element would fall outside the storage. */
function viewOf(storage: Storage, meta: Meta, where: string): Tensor {
  const { sizes, strides, offset } = meta;
  if (sizes.length !== strides.length) throw new ExportError(`${where}: ${sizes.length} sizes but ${strides.length} strides`);
  if (sizes.some((s) => s < 0) || strides.some((s) => s < 0) || offset < 0) {
    throw new ExportError(`${where}: negative size, stride or storage offset (${JSON.stringify({ sizes, strides, offset })})`);
  }
  const empty = sizes.some((s) => s === 0);
  const last = offset + sizes.reduce((acc, s, i) => acc + (s - 1) * strides[i]!, 0);
  if (!empty && last >= storage.length) {
    throw new ExportError(`${where}: a view of size ${JSON.stringify(sizes)}, stride ${JSON.stringify(strides)}, offset ${offset} needs ${last + 1} elements, but its storage has ${storage.length}`);
  }
  return new Tensor(storage, sizes, strides, offset);
}

/**
 * The tensors of one payload config (`<dir><model>_weights_config.json` or `..._constants_config.json`),
 * by their fully qualified names.
 */
export function readPayloads(zip: ZipReader, dir: string, configJson: Json, littleEndian: boolean, where: string): Map<string, Payload> {
  const config = obj(obj(configJson, where).config, `${where}.config`);
  const storages = new Map<string, Storage>();
  const out = new Map<string, Payload>();
  for (const [fqn, entry] of Object.entries(config)) {
    const at = `${where}: ${fqn}`;
    const e = obj(entry, at);
    const path = str(e.path_name, `${at}.path_name`);
    const isParam = bool(e.is_param, `${at}.is_param`);
    const record = `${dir}${path}`;
    if (/^(custom_obj|opaque_obj)_/.test(path)) throw new ExportError(`${at}: ${record} is a pickled script object (CUSTOM_OBJ); wick loads tensors only`);
    if (!zip.has(record)) throw new ExportError(`${at}: the archive has no record ${record}`);
    let tensor: Tensor;
    if (bool(e.use_pickle, `${at}.use_pickle`)) {
      const value = torchLoad(zip.read(record), { weights_only: true });
      if (!(value instanceof Tensor)) throw new ExportError(`${at}: the pickle ${record} holds no tensor`);
      tensor = value;
    } else {
      const meta = tensorMeta(e.tensor_meta, `${at}.tensor_meta`);
      let storage = storages.get(path);
      if (storage === undefined) {
        storage = flatStorage(zip, record, meta, littleEndian, at);
        storages.set(path, storage);
      } else if (storage.dtype !== meta.dtype) {
        throw new ExportError(`${at}: ${record} is read as torch.${storage.dtype} by another entry, but as torch.${meta.dtype} here`);
      }
      tensor = viewOf(storage, meta, at);
      if (isParam) tensor = new Parameter(tensor, meta.requiresGrad);
    }
    out.set(fqn, { tensor, isParam });
  }
  return out;
}

/** A record's bytes as one flat storage; an empty record stands for zeros (as PyTorch writes an empty tensor). */
function flatStorage(zip: ZipReader, record: string, meta: Meta, littleEndian: boolean, where: string): Storage {
  const bytes = zip.read(record);
  const size = itemsize(meta.dtype);
  if (bytes.length === 0) return zeros(meta.sizes, { dtype: meta.dtype }).storage;
  if (bytes.length % size !== 0) {
    throw new ExportError(`${where}: record ${record} has ${bytes.length} bytes, not a multiple of torch.${meta.dtype}'s element size ${size}`);
  }
  return storageFromBytes(bytes, meta.dtype, bytes.length / size, littleEndian);
}
