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

/** Python's type name for messages ("<class 'dict'>"). */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === 'bigint') return "<class 'int'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (v instanceof Uint8Array) return "<class 'bytes'>";
  if (isTuple(v)) return "<class 'tuple'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (v instanceof Map) return "<class 'dict'>";
  if (v instanceof Set) return "<class 'set'>";
  if (v instanceof Complex) return "<class 'complex'>";
  if (v instanceof PyGlobal) return `<class '${v.name}'>`;
  return `<class '${(v as object).constructor?.name ?? 'object'}'>`;
}
