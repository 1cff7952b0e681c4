// safetensors.torch.save: tensors sorted by alignment (largest element first) then name, the
// header padded with spaces so the data starts 8-aligned, refusing what the reference refuses
// (non-contiguous tensors, tensors whose memory overlaps).

import { type DType, Tensor, isComplex, itemsize } from '@wick/tensor';
import { concat, encodeUtf8, hostLittleEndian } from '../bytes.js';
import { SafetensorsError } from '../errors.js';

/** The safetensors name of each dtype; complex128 has none (the safetensors library raises KeyError). */
const NAMES: Readonly<Partial<Record<DType, string>>> = {
  float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16', int64: 'I64', int32: 'I32', int16: 'I16',
  int8: 'I8', uint8: 'U8', bool: 'BOOL', complex64: 'C64', uint16: 'U16', uint32: 'U32', uint64: 'U64',
  float8_e4m3fn: 'F8_E4M3', float8_e5m2: 'F8_E5M2', float8_e4m3fnuz: 'F8_E4M3FNUZ', float8_e5m2fnuz: 'F8_E5M2FNUZ',
  float8_e8m0fnu: 'F8_E8M0',
};

function isContiguous(t: Tensor): boolean {
  let expected = 1;
  for (let i = t.shape.length - 1; i >= 0; i--) {
    if (t.shape[i] !== 1 && t.strides[i] !== expected) return false;
    expected *= t.shape[i]!;
  }
  return true;
}

function numelOf(t: Tensor): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

export interface SaveOptions {
  /** Write uint8 tensors under another one-byte dtype name, e.g. raw float8 bytes as 'F8_E4M3'. */
  dtypes?: Readonly<Record<string, string>>;
}

export function save(
  tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>,
  metadata: Readonly<Record<string, string>> | null = null,
  options: SaveOptions = {},
): Uint8Array {
  const entries: [string, Tensor][] = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor)) throw new SafetensorsError(`Key \`${name}\` is invalid, expected a Tensor`);
    if (t.storage.data === null) throw new SafetensorsError(`tensor \`${name}\` is not on the CPU`);
    if (!isContiguous(t)) {
      throw new SafetensorsError(
        `You are trying to save a non contiguous tensor: \`${name}\` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call \`.contiguous()\` on your tensor to pack it before saving.`,
      );
    }
  }
  // Tensors over overlapping bytes of one storage would be written twice and come back unshared.
  const byStorage = new Map<unknown, [string, number, number][]>();
  for (const [name, t] of entries) {
    const n = numelOf(t);
    if (n === 0) continue;
    const list = byStorage.get(t.storage) ?? [];
    list.push([name, t.offset, t.offset + n]);
    byStorage.set(t.storage, list);
  }
  for (const list of byStorage.values()) {
    list.sort((a, b) => a[1] - b[1]);
    for (let i = 1; i < list.length; i++) {
      if (list[i]![1] < list[i - 1]![2]) {
        throw new SafetensorsError(
          `Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: [{'${list[i - 1]![0]}', '${list[i]![0]}'}].`,
        );
      }
    }
  }
  if (metadata !== null) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new SafetensorsError(`metadata value of \`${k}\` must be a string`);
    }
  }
  entries.sort((a, b) => itemsize(b[1].dtype) - itemsize(a[1].dtype) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const parts: string[] = [];
  if (metadata !== null) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    const size = itemsize(t.dtype);
    const n = numelOf(t);
    const named = NAMES[t.dtype];
    if (named === undefined) {
      throw new SafetensorsError(`tensor \`${name}\`: safetensors has no dtype for torch.${t.dtype} (the safetensors library raises KeyError: 'torch.${t.dtype}')`);
    }
    let dtype: string = named;
    const override = options.dtypes?.[name];
    if (override !== undefined) {
      if (t.dtype !== 'uint8' || !['F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F8_E4M3FNUZ', 'F8_E5M2FNUZ', 'U8', 'I8'].includes(override)) {
        throw new SafetensorsError(`tensor \`${name}\` (${t.dtype}) cannot be written as ${override}`);
      }
      dtype = override;
    }
    const data = t.storage.data!;
    const bytes = new Uint8Array(data.buffer, data.byteOffset + t.offset * size, n * size);
    // NOTE: the format is little-endian; a big-endian host must swap each element (each component of a complex one).
    chunks.push(hostLittleEndian ? bytes : swapped(bytes, isComplex(t.dtype) ? size / 2 : size));
    parts.push(`${JSON.stringify(name)}:{"dtype":"${dtype}","shape":${JSON.stringify(t.shape)},"data_offsets":[${offset},${offset + n * size}]}`);
    offset += n * size;
  }
  let header = encodeUtf8(`{${parts.join(',')}}`);
  const padded = Math.ceil(header.length / 8) * 8;
  if (padded !== header.length) header = concat([header, new Uint8Array(padded - header.length).fill(0x20)]);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(header.length), true);
  return concat([prefix, header, ...chunks]);
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < out.length; i += width) out.subarray(i, i + width).reverse();
  return out;
}
