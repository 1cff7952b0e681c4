import { type PyArgs, Tensor, declare, isPlainObject, pyTypeName, stack, tensor } from '@wick/tensor';
import { KeyError, indexError, runtimeError, typeError } from './errors.js';
import { isTypedArray, len, pyRepr } from './python.js';
import { PY_FUNCTION } from './signatures.js';

// PyTorch's default_collate and default_convert (torch/utils/data/_utils/collate.py), with JS's
// values in Python's places: an array for a list or tuple, a plain object or a Map for a dict, a
// typed array for a NumPy array.

/**
 * What default_collate makes of a batch of T: tensors and numbers become one tensor, strings stay
 * a list, arrays and objects are collated field by field.
 */
export type Collated<T> = T extends Tensor | number | bigint | boolean | ArrayBufferView
  ? Tensor
  : T extends string
    ? string[]
    : T extends Map<infer K, infer V>
      ? Map<K, Collated<V>>
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { [K in keyof T]: Collated<T[K]> }
          : unknown;

const collateSig = declare('utils.data.default_collate', 'default_collate(object batch)', PY_FUNCTION);
const convertSig = declare('utils.data.default_convert', 'default_convert(object data)', PY_FUNCTION);

/**
 * Puts a list of samples together into a batch, as PyTorch's default_collate: tensors are stacked
 * along a new first dimension; numbers become a tensor (int64 when every one is an integer, else
 * float64: see the README on JS numbers); strings are returned as they are; typed arrays become
 * tensors and are stacked; arrays, plain objects and Maps are collated position by position or key
 * by key (the keys of the first sample).
 */
export function default_collate<T>(...args: PyArgs<[batch: readonly T[]], { batch?: readonly T[] }>): Collated<T> {
  const { batch } = collateSig.bind(args);
  return collate(batch) as Collated<T>;
}

/**
 * What a DataLoader without automatic batching (batch_size=null) does to each sample, as
 * PyTorch's default_convert: typed arrays (NumPy arrays' part) become tensors, inside arrays,
 * plain objects and Maps too; everything else is returned as it is.
 */
export function default_convert<T>(...args: PyArgs<[data: T], { data?: T }>): unknown {
  const { data } = convertSig.bind(args);
  return convert(data);
}

export function collate(batch: unknown): unknown {
  if (!Array.isArray(batch)) throw typeError(`'${pyTypeName(batch)}' object is not subscriptable`);
  if (batch.length === 0) throw indexError('list index out of range');
  const elem: unknown = batch[0];
  if (elem instanceof Tensor) {
    batch.forEach((b, i) => {
      if (!(b instanceof Tensor)) {
        throw typeError(`expected Tensor as element ${i} in argument 0, but got ${pyTypeName(b)}`);
      }
    });
    return stack(batch as Tensor[], 0);
  }
  if (isTypedArray(elem)) return collate(batch.map((b) => tensor(b as never)));
  if (typeof elem === 'number' || typeof elem === 'bigint') return collateNumbers(batch);
  // Python's bool is an int: torch.tensor(batch) gives a bool tensor, int64 if ints are mixed in.
  if (typeof elem === 'boolean') return tensor(batch);
  // PyTorch returns the batch of strings itself.
  if (typeof elem === 'string') return batch;
  if (elem instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const key of elem.keys()) out.set(key, collate(batch.map((d) => lookup(d, key))));
    return out;
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) out[key] = collate(batch.map((d) => lookup(d, key)));
    return out;
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    for (let i = 1; i < batch.length; i++) {
      if (len(batch[i]) !== size) throw runtimeError('each element in list of batch should be of equal size');
    }
    const out = new Array<unknown>(size);
    for (let j = 0; j < size; j++) out[j] = collate(batch.map((sample) => (sample as ArrayLike<unknown>)[j]));
    return out;
  }
  throw typeError(
    'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; ' +
      `found <class '${pyTypeName(elem)}'>`,
  );
}

/**
 * Numbers into one tensor. NOTE: PyTorch picks the dtype from the first sample's Python type (an
 * int: torch.tensor(batch); a float: float64). A JS number has no such type, so the batch decides:
 * all integers (Python ints) give int64, any fraction (a Python float) gives float64.
 */
function collateNumbers(batch: unknown[]): Tensor {
  const fractional = batch.some((v) => typeof v === 'number' && !Number.isInteger(v));
  return tensor(batch as number[], fractional ? { dtype: 'float64' } : {});
}

/** Python's `d[key]` on one sample of a batch of dicts. */
function lookup(d: unknown, key: unknown): unknown {
  if (d instanceof Map) {
    if (!d.has(key)) throw new KeyError(pyRepr(key));
    return d.get(key);
  }
  if (typeof d === 'object' && d !== null && !Array.isArray(d)) {
    if (typeof key === 'string' && Object.hasOwn(d, key)) return (d as Record<string, unknown>)[key];
    throw new KeyError(pyRepr(key));
  }
  throw typeError(`'${pyTypeName(d)}' object is not subscriptable`);
}

export function convert(data: unknown): unknown {
  if (data instanceof Tensor) return data;
  if (isTypedArray(data)) return tensor(data as never);
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, convert(v)]));
  if (isPlainObject(data)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, convert(v)]));
  if (Array.isArray(data)) return data.map(convert);
  return data;
}
