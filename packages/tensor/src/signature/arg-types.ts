import { isComplex, isDType, isFloating } from '../dtype.js';
import { Generator } from '../random.js';
import { Tensor, realItem } from '../tensor.js';
import { deviceOf } from '../device.js';

/** What a coercion returns for a value its type does not take. */
export const NO_MATCH: unique symbol = Symbol('no match');
export type NoMatch = typeof NO_MATCH;

/**
 * One parameter type of a signature: how PyTorch names it in messages, and how a JS value
 * becomes what the implementation reads (or NO_MATCH). Coercions never throw: an overload that
 * does not match must let the next one try.
 */
export interface ArgType {
  readonly label: string;
  coerce(value: unknown): unknown;
  /** For list types: the label of one element, for "found element of type" messages. */
  readonly element?: ArgType;
  /** For int lists: the list also takes its ints as separate arguments (`view(2, 3)`). */
  readonly intList?: boolean;
  /** For lists of a fixed size (IntArrayRef[N]): N, and one element alone stands for the list. */
  readonly size?: number | null;
  /** Every Tensor passes coerce unchanged: the binder's fast path then skips the call. */
  readonly passesTensor?: boolean;
}

const types = new Map<string, ArgType>();

/**
 * Adds a parameter type under a name that signatures can use. Packages above @wick/tensor add
 * theirs (nn's Module, PackedSequence) this way, so the binder knows no class above it. (A second
 * copy of a package defining the same name replaces the first: its classes are the ones in use.)
 * Returns the name, for signatures to interpolate: using it keeps the defining module in a
 * bundle that drops modules imported for their side effects only.
 */
export function defineArgType<N extends string>(name: N, type: ArgType): N {
  types.set(name, type);
  return name;
}

/** A type by its name in a signature: `int`, `int[2]`, `Tensor?[]`, `float|Tensor`, ... */
export function argType(name: string): ArgType {
  const known = types.get(name);
  if (known) return known;
  const made = makeType(name);
  types.set(name, made);
  return made;
}

function makeType(name: string): ArgType {
  if (name.includes('|')) return union(name.split('|').map(argType));
  const list = /^(.+?)\[(\d*)\]$/.exec(name);
  if (list) return listOf(argType(list[1]!), list[2] === '' ? null : Number(list[2]));
  if (name.endsWith('?')) return optional(argType(name.slice(0, -1)));
  throw new Error(`unknown argument type '${name}' in a signature`);
}

// --- JS values in Python's words ------------------------------------------------------------------

/** The Python type name of a JS value, as PyTorch's messages print it ("int", "str", "NoneType"). */
export function pyTypeName(v: unknown): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'str';
    case 'function':
      // A callable object (a Module) reports its class, as Python does.
      return Object.getPrototypeOf(v) === Function.prototype ? 'function' : (v as object).constructor.name;
    case 'object':
      if (Array.isArray(v)) return 'list';
      if (v instanceof Tensor) return v.constructor === Tensor ? 'Tensor' : v.constructor.name;
      if (v instanceof Map || isPlainObject(v)) return 'dict';
      return (v as object).constructor?.name ?? 'object';
    default:
      return typeof v;
  }
}

/** A plain `{...}` object: the only kind of value that can be a trailing options argument. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// --- the types ----------------------------------------------------------------------------------

const sized = (t: Tensor) => t.shape.length === 0 || (t.shape.length === 1 && t.shape[0] === 1);

/** A one-element integer tensor's value, as Python's __index__ gives it (PyTorch accepts those as ints). */
function tensorIndex(t: Tensor): number | bigint | NoMatch {
  if (t.numel() !== 1 || isFloating(t.dtype) || t.dtype === 'bool' || t.device !== 'cpu') return NO_MATCH;
  return t.item() as number | bigint;
}

function toInt(v: unknown): number | NoMatch {
  if (typeof v === 'number') return Number.isInteger(v) ? v : NO_MATCH;
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : NO_MATCH;
  if (v instanceof Tensor) {
    const i = tensorIndex(v);
    return i === NO_MATCH ? NO_MATCH : Number(i);
  }
  return NO_MATCH;
}

/** An int that may need all 64 bits: a number when it fits 53 bits, else a bigint. */
function toInt64(v: unknown): number | bigint | NoMatch {
  if (typeof v === 'bigint') {
    if (v >= 2n ** 63n || v < -(2n ** 63n)) return NO_MATCH;
    return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  }
  if (v instanceof Tensor) {
    const i = tensorIndex(v);
    return typeof i === 'bigint' ? toInt64(i) : i;
  }
  return toInt(v);
}

function toFloat(v: unknown): number | NoMatch {
  if (typeof v === 'number') return v;
  // NOTE: PyTorch's parser takes a Python bool where it takes a float (bool is an int there),
  // though not where it takes an int.
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Tensor && sized(v) && v.dtype !== 'bool' && v.device === 'cpu') return Number(v.item());
  return NO_MATCH;
}

function toScalar(v: unknown): number | bigint | boolean | NoMatch {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return toInt64(v);
  if (v instanceof Tensor && v.numel() === 1 && v.device === 'cpu' && !isComplex(v.dtype)) return realItem(v);
  return NO_MATCH;
}

const simple = (label: string, coerce: (v: unknown) => unknown): ArgType => ({ label, coerce });

function optional(inner: ArgType): ArgType {
  return {
    label: inner.label,
    element: inner.element,
    intList: inner.intList,
    size: inner.size,
    passesTensor: inner.passesTensor,
    coerce: (v) => (v === null ? null : inner.coerce(v)),
  };
}

function union(alternatives: ArgType[]): ArgType {
  return {
    label: alternatives.map((a) => a.label).join(' or '),
    intList: alternatives.some((a) => a.intList),
    // Alternatives are tried in order, so the first one decides what becomes of a Tensor.
    passesTensor: alternatives[0]!.passesTensor,
    coerce(v) {
      for (const a of alternatives) {
        const c = a.coerce(v);
        if (c !== NO_MATCH) return c;
      }
      return NO_MATCH;
    },
  };
}

const labels: Record<string, string> = { int: 'ints', float: 'floats', bool: 'bools', Tensor: 'Tensors', str: 'strs' };

/**
 * A list of `element`. With a size, one element also stands for all of them (PyTorch's
 * IntArrayRef[2]: `kernel_size=3` is `(3, 3)`), and the length must be that size.
 */
function listOf(element: ArgType, size: number | null): ArgType {
  const isInt = element.label === 'int';
  return {
    label: `tuple of ${labels[element.label] ?? `${element.label}s`}`,
    element,
    intList: isInt,
    size,
    coerce(v) {
      if (size !== null && isInt && !Array.isArray(v)) {
        const one = element.coerce(v);
        return one === NO_MATCH ? NO_MATCH : new Array<unknown>(size).fill(one);
      }
      if (!Array.isArray(v)) return NO_MATCH;
      if (size !== null && v.length !== size && !(size === 1 && isInt)) return NO_MATCH;
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        const c = element.coerce(v[i]);
        if (c === NO_MATCH) return NO_MATCH;
        out[i] = c;
      }
      return out;
    },
  };
}

/** Where an int list failed: the first element that is not an int (for PyTorch's message). */
export function badElement(type: ArgType, v: unknown): number {
  if (!Array.isArray(v) || !type.element) return -1;
  return v.findIndex((e) => type.element!.coerce(e) === NO_MATCH);
}

defineArgType('Tensor', { label: 'Tensor', coerce: (v) => (v instanceof Tensor ? v : NO_MATCH), passesTensor: true });
defineArgType('int', simple('int', toInt));
defineArgType('SymInt', simple('int', toInt64));
defineArgType('float', simple('float', toFloat));
defineArgType('bool', simple('bool', (v) => (typeof v === 'boolean' ? v : NO_MATCH)));
defineArgType('str', simple('str', (v) => (typeof v === 'string' ? v : NO_MATCH)));
defineArgType('Scalar', simple('Number', toScalar));
defineArgType('ScalarType', simple('torch.dtype', (v) => (isDType(v) ? v : NO_MATCH)));
defineArgType('Device', simple('torch.device', (v) => deviceOf(v) ?? NO_MATCH));
defineArgType('Generator', simple('torch.Generator', (v) => (v instanceof Generator ? v : NO_MATCH)));
defineArgType('MemoryFormat', simple('torch.memory_format', (v) =>
  v === 'preserve_format' || v === 'contiguous_format' ? v : NO_MATCH,
));
defineArgType('Layout', simple('torch.layout', (v) => (v === 'strided' ? v : NO_MATCH)));
defineArgType('Callable', simple('callable', (v) => (typeof v === 'function' ? v : NO_MATCH)));
defineArgType('dict', simple('dict', (v) => (v instanceof Map || isPlainObject(v) ? v : NO_MATCH)));
// Anything a Python parameter without a checked type takes; undefined is not a Python value.
// `Any` also takes a trailing plain object as its value when it is no options object (torch.save's
// obj); `object` never does: there a plain object must be given by name (a sample, a dataset).
defineArgType('Any', simple('object', (v) => (v === undefined ? NO_MATCH : v)));
defineArgType('object', simple('object', (v) => (v === undefined ? NO_MATCH : v)));
// A value PyTorch's own code checks after binding, with its own messages (RNNBase's sizes,
// add_module's module, a scheduler's optimizer): anything but a plain object, which in JS is
// always the options object there (so a misspelled option is reported as one, not passed on).
defineArgType('Value', simple('object', (v) => (v === undefined || isPlainObject(v) ? NO_MATCH : v)));
