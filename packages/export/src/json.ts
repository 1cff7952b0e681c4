// Checked reads of the archive's JSON records: a .pt2 is data from anywhere, so each field is
// checked for its type where it is read, and a wrong one names its path in the file.
import { ExportError } from './errors.js';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function wrong(where: string, expected: string, v: unknown): never {
  throw new ExportError(`${where}: expected ${expected}, found ${v === undefined ? 'nothing' : kindOf(v)}`);
}

export function parseJson(text: string, where: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new ExportError(`${where} is not valid JSON (${(e as Error).message})`);
  }
}

export function obj(v: Json | undefined, where: string): JsonObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) wrong(where, 'an object', v);
  return v as JsonObject;
}

export function list(v: Json | undefined, where: string): readonly Json[] {
  if (!Array.isArray(v)) wrong(where, 'a list', v);
  return v as readonly Json[];
}

export function str(v: Json | undefined, where: string): string {
  if (typeof v !== 'string') wrong(where, 'a string', v);
  return v;
}

export function bool(v: Json | undefined, where: string): boolean {
  if (typeof v !== 'boolean') wrong(where, 'a bool', v);
  return v;
}

export function int(v: Json | undefined, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) wrong(where, 'an integer', v);
  return v;
}

/** A Python float as PyTorch's serializer writes it: a number, or "Infinity", "-Infinity", "NaN". */
export function float(v: Json | undefined, where: string): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === 'NaN') return NaN;
  return wrong(where, 'a float', v);
}

/** A serialized union (PyTorch's _Union): an object with exactly one field, the member's name. */
export function union(v: Json | undefined, where: string): [kind: string, value: Json] {
  const o = obj(v, where);
  const keys = Object.keys(o);
  if (keys.length !== 1) throw new ExportError(`${where}: expected a union (an object with one field), found fields ${JSON.stringify(keys)}`);
  return [keys[0]!, o[keys[0]!]!];
}
