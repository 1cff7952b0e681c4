import { Tensor, isFloating, pyTypeName, tensor } from '@wick/tensor';
import { indexError, typeError, valueError } from './errors.js';

// Python's protocols as torch.utils.data uses them on JS values: len(), obj[i], iter(), and how
// an f-string prints a value in a message. A dataset or sampler may be a wick class, a user's
// object with PyTorch's method names (__getitem__, __len__, __iter__), or a plain JS value that
// plays the Python built-in's part (an array for a list, a Tensor, any JS iterable).

type Dunder = { __len__?: unknown; __getitem__?: unknown; __iter__?: unknown };

/** Python's len(x): __len__(), an array's or string's length, a Tensor's first size. */
export function len(x: unknown): number {
  if (typeof x === 'object' && x !== null && typeof (x as Dunder).__len__ === 'function') {
    const n: unknown = (x as { __len__(): unknown }).__len__();
    if (typeof n === 'bigint') return Number(n);
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw typeError(`'${pyTypeName(n)}' object cannot be interpreted as an integer`);
    }
    if (n < 0) throw valueError('__len__() should return >= 0');
    return n;
  }
  if (Array.isArray(x) || typeof x === 'string' || isTypedArray(x)) return (x as ArrayLike<unknown>).length;
  if (x instanceof Tensor) {
    if (x.shape.length === 0) throw typeError('len() of a 0-d tensor');
    return x.shape[0]!;
  }
  if (x instanceof Map || x instanceof Set) return x.size;
  throw typeError(`object of type '${pyTypeName(x)}' has no len()`);
}

/** Whether x is a typed array (a NumPy array's part in JS), not a DataView. */
export function isTypedArray(x: unknown): x is ArrayLike<number | bigint> & ArrayBufferView {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** Python's sequence index on a list: negative counts from the end; outside is IndexError. */
export function listIndex(i: number, length: number, what = 'list'): number {
  const j = i < 0 ? i + length : i;
  if (j < 0 || j >= length) throw indexError(`${what} index out of range`);
  return j;
}

/** An int index as Python takes one (__index__): a JS integer, a bigint, a 1-element integer tensor. */
export function toIndex(i: unknown): number | null {
  if (typeof i === 'number') return Number.isInteger(i) ? i : null;
  if (typeof i === 'bigint') return Number(i);
  if (i instanceof Tensor && i.numel() === 1 && !isFloating(i.dtype) && i.dtype !== 'bool') return Number(i.item());
  return null;
}

/** Python's obj[index] on a map-style dataset: __getitem__, or a list's / a Tensor's indexing. */
export function getItem(dataset: unknown, index: unknown): unknown {
  if (typeof dataset === 'object' && dataset !== null && typeof (dataset as Dunder).__getitem__ === 'function') {
    return (dataset as { __getitem__(i: unknown): unknown }).__getitem__(index);
  }
  if (Array.isArray(dataset)) {
    const i = toIndex(index);
    if (i === null) throw typeError(`list indices must be integers or slices, not ${pyTypeName(index)}`);
    return dataset[listIndex(i, dataset.length)];
  }
  if (dataset instanceof Tensor) return tensorIndex(dataset, index);
  throw typeError(`'${pyTypeName(dataset)}' object is not subscriptable`);
}

/** tensor[i] for an int (a view, as PyTorch's) or a list of ints (a copy, as advanced indexing). */
export function tensorIndex(t: Tensor, index: unknown): Tensor {
  if (t.shape.length === 0) {
    throw indexError(
      'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a ' +
        '0-dim tensor to a number',
    );
  }
  const size = t.shape[0]!;
  const one = toIndex(index);
  if (one !== null) {
    if (one < -size || one >= size) throw indexError(`index ${one} is out of bounds for dimension 0 with size ${size}`);
    return t.select(0, one < 0 ? one + size : one);
  }
  if (Array.isArray(index)) {
    const rows = index.map((v) => {
      const i = toIndex(v);
      if (i === null) throw typeError(`tensor indices must be integers, not ${pyTypeName(v)}`);
      if (i < -size || i >= size) throw indexError(`index ${i} is out of bounds for dimension 0 with size ${size}`);
      return i < 0 ? i + size : i;
    });
    return t.index_select(0, tensor(rows, { dtype: 'int64' }));
  }
  throw typeError(
    'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices ' +
      `(got ${pyTypeName(index)})`,
  );
}

/** Python's iter(x): a JS iterable's iterator, or what the object's __iter__() returns. */
export function iter<T>(x: unknown): Iterator<T> {
  if (typeof x === 'object' && x !== null) {
    if (typeof (x as Iterable<T>)[Symbol.iterator] === 'function') return (x as Iterable<T>)[Symbol.iterator]();
    if (typeof (x as Dunder).__iter__ === 'function') return (x as { __iter__(): Iterator<T> }).__iter__();
  }
  if (typeof x === 'string') return (x as unknown as Iterable<T>)[Symbol.iterator]();
  throw typeError(`'${pyTypeName(x)}' object is not iterable`);
}

/** How a Python f-string prints a value in a message (`got batch_size=True`, `sampler=[0]`). */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** Python's repr of a JS value, for messages: None, True, 'text', [1, 2], <Sampler object>. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyFloatOrInt(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'function') return `<function ${v.name || '<lambda>'}>`;
  return `<${pyTypeName(v)} object>`;
}

function pyFloatOrInt(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}
