// The JS shapes of unpickled Python values. dict and OrderedDict are Map, list is a (mutable)
// array, tuple a frozen array, set a Set, bytes a Uint8Array, int a number or (beyond 2^53) a
// bigint, complex a Complex. Globals that are classes or functions stay PyGlobal references.

// A Python complex is @wick/tensor's Complex, the value complex tensors give from item().
import { Complex } from '@wick/tensor';

export { Complex };

/** An allowlisted class or function named by a GLOBAL: data, never something that runs. */
export class PyGlobal {
  constructor(readonly name: string) {
    Object.freeze(this);
  }
  toString(): string {
    return this.name;
  }
}

/** A dict restored from an OrderedDict, with the attributes BUILD gave it (`_metadata`). */
export interface PyDict extends Map<unknown, unknown> {
  _metadata?: unknown;
}

export function tuple(items: unknown[]): readonly unknown[] {
  return Object.freeze(items);
}

/** Tuples are frozen arrays; lists are not. */
export function isTuple(v: unknown): v is readonly unknown[] {
  return Array.isArray(v) && Object.isFrozen(v);
}

export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v) && !Object.isFrozen(v);
}

/** A Python int as a JS value: a number when exact, else a bigint. */
export function pyInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Python's short type name for messages (`int`, `NoneType`, ...); a global is named by itself. */
export function shortTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'str';
  if (v instanceof Uint8Array) return 'bytes';
  if (isTuple(v)) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
  if (v instanceof Set) return 'set';
  if (v instanceof Complex) return 'complex';
  if (v instanceof PyGlobal) return v.name;
  return (v as object).constructor?.name ?? 'object';
}

/** Python's type name for messages ("<class 'dict'>"). */
export const typeName = (v: unknown): string => `<class '${shortTypeName(v)}'>`;
