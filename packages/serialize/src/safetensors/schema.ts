// The header's JSON read as the reference reads it: serde deriving `HashMetadata` (an optional
// `__metadata__` map of strings, and a flattened map of name -> TensorInfo {dtype, shape,
// data_offsets}). serde decides what a refusal says and where: `__metadata__` is checked as it is
// read, tensor entries only once the whole object is read (serde buffers flattened entries), so
// their errors point at the closing brace. A repeated tensor name keeps the last entry, as
// serde's HashMap does; a repeated field inside one entry is refused.

import { SafetensorsError } from '../errors.js';
import { JsonError, JsonNumber, JsonObject, type JsonValue, parseJson, where } from './json.js';

export interface RawTensorInfo {
  readonly dtype: string;
  readonly shape: readonly (number | bigint)[];
  readonly offsets: readonly [number | bigint, number | bigint];
}

/** Thrown while interpreting a value; the caller adds serde's position. */
class Invalid extends Error {}

/** serde's Unexpected display of a JSON value. */
function unexpected(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return `boolean \`${v}\``;
  if (typeof v === 'string') return `string ${rustDebug(v)}`;
  if (Array.isArray(v)) return 'sequence';
  if (v instanceof JsonObject) return 'map';
  if (typeof v === 'number') return `integer \`${v}\``;
  return v.kind === 'f64' ? `floating point \`${rustFloat(v.value as number)}\`` : `integer \`${v.value}\``;
}

/** A str as Rust's Debug writes it (quotes, backslash escapes). */
function rustDebug(s: string): string {
  const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    out += named[c] ?? (code < 0x20 || code === 0x7f ? `\\u{${code.toString(16)}}` : c);
  }
  return out + '"';
}

/** An f64 as serde's Unexpected::Float shows it: `1.0`, `0.00001`, `1e+16`, `2.5e-7`. */
function rustFloat(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -5 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

const invalidType = (v: JsonValue, expected: string): never => {
  throw new Invalid(`invalid type: ${unexpected(v)}, expected ${expected}`);
};

function usize(v: JsonValue): number | bigint {
  if (typeof v === 'number') return v;
  if (v instanceof JsonNumber && v.kind === 'u64') return v.value as bigint;
  if (v instanceof JsonNumber && v.kind === 'i64') throw new Invalid(`invalid value: integer \`${v.value}\`, expected usize`);
  return invalidType(v, 'usize');
}

function dtypeOf(v: JsonValue, names: readonly string[]): string {
  if (v instanceof JsonObject) {
    // serde's externally tagged form of a unit variant: {"F32": null}.
    if (v.keys.length !== 1) throw new Invalid('invalid value: map, expected map with a single key');
    if (v.values[0] !== null) invalidType(v.values[0]!, 'unit variant');
    return dtypeOf(v.keys[0]!, names);
  }
  if (typeof v !== 'string') return invalidType(v, 'string or map');
  if (!names.includes(v)) throw new Invalid(`unknown variant \`${v}\`, expected one of ${names.map((d) => `\`${d}\``).join(', ')}`);
  return v;
}

function shapeOf(v: JsonValue): (number | bigint)[] {
  if (!Array.isArray(v)) return invalidType(v, 'a sequence');
  return v.map(usize);
}

function offsetsOf(v: JsonValue): [number | bigint, number | bigint] {
  if (!Array.isArray(v)) return invalidType(v, 'a tuple of size 2');
  if (v.length < 2) throw new Invalid(`invalid length ${v.length}, expected a tuple of size 2`);
  const pair: [number | bigint, number | bigint] = [usize(v[0]!), usize(v[1]!)];
  if (v.length > 2) throw new Invalid(`invalid length ${v.length}, expected 2 elements in sequence`);
  return pair;
}

function tensorInfo(v: JsonValue, names: readonly string[]): RawTensorInfo {
  if (Array.isArray(v)) {
    // serde also reads a struct from a sequence of its fields, in order, element by element.
    const missing = (i: number): never => {
      throw new Invalid(`invalid length ${i}, expected struct TensorInfo with 3 elements`);
    };
    const dtype = v.length > 0 ? dtypeOf(v[0]!, names) : missing(0);
    const shape = v.length > 1 ? shapeOf(v[1]!) : missing(1);
    const offsets = v.length > 2 ? offsetsOf(v[2]!) : missing(2);
    if (v.length > 3) throw new Invalid(`invalid length ${v.length}, expected 3 elements in sequence`);
    return { dtype, shape, offsets };
  }
  if (!(v instanceof JsonObject)) return invalidType(v, 'struct TensorInfo');
  let dtype: string | undefined;
  let shape: (number | bigint)[] | undefined;
  let offsets: [number | bigint, number | bigint] | undefined;
  const once = (field: string, seen: unknown): void => {
    if (seen !== undefined) throw new Invalid(`duplicate field \`${field}\``);
  };
  for (let i = 0; i < v.keys.length; i++) {
    const k = v.keys[i]!;
    const x = v.values[i]!;
    if (k === 'dtype') {
      once(k, dtype);
      dtype = dtypeOf(x, names);
    } else if (k === 'shape') {
      once(k, shape);
      shape = shapeOf(x);
    } else if (k === 'data_offsets') {
      once(k, offsets);
      offsets = offsetsOf(x);
    }
  }
  if (dtype === undefined) throw new Invalid('missing field `dtype`');
  if (shape === undefined) throw new Invalid('missing field `shape`');
  if (offsets === undefined) throw new Invalid('missing field `data_offsets`');
  return { dtype, shape, offsets };
}

/**
 * The tensors (in file order, a repeated name keeping its last entry) and metadata of a header's
 * text, or a SafetensorsError with serde's reason and position.
 */
export function readHeaderJson(src: string, dtypes: readonly string[]): { tensors: Map<string, RawTensorInfo>; metadata: Map<string, string> | null } {
  let metadata: Map<string, string> | null = null;
  let metadataSeen = false;
  // Whether the reader is inside `__metadata__`'s map, the one nested object serde checks as read.
  let inMetadata = false;
  const refuse = (why: string, at: number): never => {
    throw new JsonError(why, at);
  };
  const hooks = {
    key(depth: number, key: string, end: number): void {
      if (depth !== 1 || key !== '__metadata__') return;
      if (metadataSeen) refuse('duplicate field `__metadata__`', end);
      metadataSeen = true;
    },
    valueStart(depth: number, key: string, first: number, at: number): void {
      // serde refuses a container where it wants a map or a string on seeing its bracket.
      const bracket = first === 0x5b ? 'sequence' : first === 0x7b ? 'map' : null;
      if (depth === 0 && bracket === 'sequence') refuse('invalid type: sequence, expected struct HashMetadata', at);
      if (depth === 1) {
        if (key === '__metadata__' && bracket === 'sequence') refuse('invalid type: sequence, expected a map', at);
        inMetadata = key === '__metadata__' && bracket === 'map';
        if (inMetadata) metadata = new Map();
      } else if (depth === 2 && inMetadata && bracket !== null) refuse(`invalid type: ${bracket}, expected a string`, at);
    },
    entry(depth: number, key: string, value: JsonValue, end: number): void {
      if (depth === 2 && inMetadata) {
        if (typeof value !== 'string') refuse(`invalid type: ${unexpected(value)}, expected a string`, end);
        metadata!.set(key, value as string);
      } else if (depth === 1 && key === '__metadata__') {
        if (value !== null && !(value instanceof JsonObject)) refuse(`invalid type: ${unexpected(value)}, expected a map`, end);
        inMetadata = false;
      }
    },
  };
  let doc: JsonValue;
  try {
    doc = parseJson(src, hooks);
  } catch (e) {
    if (e instanceof JsonError) throw new SafetensorsError(`Error while deserializing header: invalid JSON in header: ${e.reason} at ${where(src, e.at)}`);
    throw e;
  }
  const end = src.length - trailingSpace(src);
  if (!(doc instanceof JsonObject)) {
    // serde sees a container's bracket before refusing it, a scalar only once read.
    const at = Array.isArray(doc) ? leadingSpace(src) : end;
    throw new SafetensorsError(`Error while deserializing header: invalid JSON in header: invalid type: ${unexpected(doc)}, expected struct HashMetadata at ${where(src, at)}`);
  }
  const tensors = new Map<string, RawTensorInfo>();
  try {
    for (let i = 0; i < doc.keys.length; i++) {
      const name = doc.keys[i]!;
      const value = doc.values[i]!;
      if (name === '__metadata__') continue;
      tensors.delete(name);
      tensors.set(name, tensorInfo(value, dtypes));
    }
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    throw new SafetensorsError(`Error while deserializing header: invalid JSON in header: ${e.message} at ${where(src, end)}`);
  }
  return { tensors, metadata: metadataSeen ? metadata : null };
}

function leadingSpace(src: string): number {
  return /^[ \t\n\r]*/.exec(src)![0].length;
}

function trailingSpace(src: string): number {
  let i = src.length;
  while (i > 0 && ' \t\n\r'.includes(src[i - 1]!)) i--;
  return src.length - i;
}
