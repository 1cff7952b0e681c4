// The safetensors header: 8 bytes of little-endian length, that many bytes of UTF-8 JSON, then
// the tensor bytes. Validation follows the reference implementation (safetensors/src/tensor.rs,
// read_metadata and Metadata::validate): the same rules, the same order, the same messages.

import { viewOf } from '../bytes.js';
import { SafetensorsError } from '../errors.js';
import { readHeaderJson } from './schema.js';

/** Bits per element of every dtype of the format, in the reference's enum order. */
export const SAFETENSORS_BITS: Readonly<Record<string, number>> = {
  BOOL: 8, F4: 4, F6_E2M3: 6, F6_E3M2: 6, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8, I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32, F32: 32, C64: 64, F64: 64, I64: 64, U64: 64,
};

/** The PyTorch dtype of each safetensors dtype (null: none that wick can hold). */
export const SAFETENSORS_TORCH: Readonly<Record<string, string | null>> = {
  BOOL: 'bool', F4: null, F6_E2M3: null, F6_E3M2: null, U8: 'uint8', I8: 'int8', F8_E5M2: 'float8_e5m2',
  F8_E4M3: 'float8_e4m3fn', F8_E8M0: 'float8_e8m0fnu', F8_E4M3FNUZ: 'float8_e4m3fnuz', F8_E5M2FNUZ: 'float8_e5m2fnuz',
  I16: 'int16', U16: 'uint16', F16: 'float16', BF16: 'bfloat16', I32: 'int32', U32: 'uint32', F32: 'float32',
  C64: 'complex64', F64: 'float64', I64: 'int64', U64: 'uint64',
};

/** The reference's limit on the JSON header (MAX_HEADER_SIZE). */
const MAX_HEADER_SIZE = 100_000_000;

export interface TensorInfo {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Byte range relative to the start of the data buffer, end exclusive. */
  readonly begin: number;
  readonly end: number;
}

export interface Header {
  /** Tensors in the order of their data (sorted by offsets). */
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Readonly<Record<string, string>> | null;
  /** File offset of the data buffer: 8 + header length. */
  readonly dataStart: number;
}

// NOTE: a TextDecoder drops a leading byte order mark unless told not to; serde_json refuses it.
const utf8WithBom = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function fail(rule: string): never {
  throw new SafetensorsError(`Error while deserializing header: ${rule}`);
}

/** The header's length from the first 8 bytes, checked against the file size. */
export function headerLength(first8: Uint8Array, fileSize: number): number {
  if (fileSize < 8 || first8.length < 8) fail('header too small');
  const n = viewOf(first8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_SIZE)) fail('header too large');
  if (Number(n) + 8 > fileSize) fail('invalid header length');
  return Number(n);
}

/** A usize of the header as a JS number: beyond 2^53 no buffer can hold it. */
function size(v: number | bigint): number {
  if (v > Number.MAX_SAFE_INTEGER) fail('overflow computing buffer size from shape and/or element type');
  return Number(v);
}

/** Parses and validates the header; `fileSize` is the whole file's length in bytes. */
export function parseHeader(first8: Uint8Array, headerBytes: Uint8Array, fileSize: number): Header {
  const n = headerLength(first8, fileSize);
  let text: string;
  try {
    text = utf8WithBom.decode(headerBytes.subarray(0, n));
  } catch {
    return fail('invalid UTF-8 in header');
  }
  const doc = readHeaderJson(text, Object.keys(SAFETENSORS_BITS));
  let metadata: Record<string, string> | null = null;
  if (doc.metadata !== null) {
    metadata = Object.create(null) as Record<string, string>;
    for (const [k, v] of doc.metadata) metadata[k] = v;
  }
  const infos: [string, TensorInfo][] = [];
  for (const [name, t] of doc.tensors) {
    infos.push([name, { dtype: t.dtype, shape: t.shape.map(size), begin: size(t.offsets[0]), end: size(t.offsets[1]) }]);
  }
  // The tensors, in the order of their offsets, must tile the buffer exactly.
  infos.sort((a, b) => a[1].begin - b[1].begin || a[1].end - b[1].end);
  let cursor = 0;
  for (const [name, t] of infos) {
    if (t.begin !== cursor || t.end < t.begin) fail(`invalid offset for tensor \`${name}\``);
    cursor = t.end;
    let bits = SAFETENSORS_BITS[t.dtype]!;
    for (const d of t.shape) {
      bits *= d;
      if (!Number.isSafeInteger(bits)) fail('overflow computing buffer size from shape and/or element type');
    }
    if (bits % 8 !== 0) fail(`misaligned slice for tensor \`${name}\`: ${bits} bits is not a whole number of bytes`);
    if (bits / 8 !== t.end - t.begin) fail('invalid shape, data type, or offset for tensor');
  }
  if (8 + n + cursor !== fileSize) fail('incomplete metadata, file not fully covered');
  return { tensors: new Map(infos), metadata, dataStart: 8 + n };
}
