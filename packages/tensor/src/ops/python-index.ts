import { Complex } from '../complex.js';
import { backendFor } from '../device.js';
import { isFloating, scalarName } from '../dtype.js';
import { ArgumentError, IndexError, ValueError } from '../errors.js';
import { type PyArgs, defineMethod, pyTypeName } from '../signature/index.js';
import { Tensor } from '../tensor.js';
import { advancedIndex, indexPut_ } from './advanced-index.js';
import { checkedScalar } from './checked-scalar.js';
import { checkScalarFits, wrapComplex } from './scalars.js';
import * as conv from './convert.js';
import type { Scalar } from './helpers.js';
import { type IndexList, indexTensorFromList } from './index-list.js';
import { defineOp } from './table.js';
import * as views from './views.js';

export type { IndexList } from './index-list.js';

// Python's x[index] and x[index] = value, as PyTorch runs them
// (torch/csrc/autograd/python_variable_indexing.cpp and ATen's TensorIndexing.h). Ints, slices,
// None, Ellipsis walk the dims with views (select, slice, unsqueeze); booleans, tensors and lists
// are advanced indices collected on the way and applied at the end by `index` (a copy) or
// `index_put_`.
//
// The JS spelling: an index is one item or an array of items (Python's tuple). An item is an
// integer (number, bigint, or 0-dim integer tensor), null (None), '...' (Ellipsis), a slice as
// Python writes it ('1:3', ':', '::2', '-2:'), a boolean, a Tensor, or a nested array (Python's
// list: an index tensor, or a mask when all booleans). NOTE: the outer array is always the
// tuple, so x.__getitem__([0, 1]) is x[0, 1]; Python's x[[0, 1]] is x.__getitem__([[0, 1]]).

/** One index item. */
export type IndexItem = number | bigint | boolean | null | string | Tensor | IndexList;
/** An index: one item, or a tuple of items. */
export type Index = IndexItem | readonly IndexItem[];

type Item =
  | { kind: 'int'; value: number | bigint }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'tensor'; value: Tensor };

const isMaskDType = (t: Tensor) => t.dtype === 'bool' || t.dtype === 'uint8';

function invalidIndex(v: unknown): IndexError {
  return new IndexError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${pyTypeName(v)})`,
  );
}

const SLICE = /^\s*([+-]?\d+)?\s*:\s*([+-]?\d+)?\s*(?::\s*([+-]?\d+)?\s*)?$/;

/** 'start:stop:step' with every part optional, as Python writes a slice. */
function parseSlice(text: string): Item {
  const m = SLICE.exec(text);
  if (m === null) {
    throw new ValueError(
      `invalid index string '${text}': an index string is a slice written as in Python ('1:3', ':', '::2', '-2:') or '...' (Ellipsis)`,
      'TypeError',
    );
  }
  const part = (s: string | undefined) => (s === undefined ? null : Number(s));
  const step = part(m[3]) ?? 1;
  if (step === 0) throw new ValueError('slice step cannot be zero', 'ValueError');
  return { kind: 'slice', start: part(m[1]), stop: part(m[2]), step };
}

/** One JS index item as Python's indexing sees it. */
function toItem(v: unknown): Item {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'bigint' || typeof v === 'number') {
    if (typeof v === 'number' && !Number.isInteger(v)) throw invalidIndex(v);
    // A Python int past int64 fails before it becomes an index.
    if (v >= 2 ** 63 || v < -(2 ** 63)) throw new ValueError('Overflow when unpacking long long', 'ValueError');
    return { kind: 'int', value: v };
  }
  if (typeof v === 'string') return v === '...' ? { kind: 'ellipsis' } : parseSlice(v);
  if (v instanceof Tensor) return { kind: 'tensor', value: v };
  if (Array.isArray(v)) return { kind: 'tensor', value: indexTensorFromList(v as IndexList) };
  throw invalidIndex(v);
}

/** How many dims of self the items consume (PyTorch's count_specified_dimensions). */
function countSpecified(items: readonly unknown[]): number {
  let count = 0;
  for (const v of items) {
    if (v instanceof Tensor) count += isMaskDType(v) ? v.ndim : 1;
    else if (v !== null && v !== '...' && typeof v !== 'boolean') count++;
  }
  return count;
}

/** x.select(dim, index) with PyTorch's indexing checks and messages (realDim: the item's position). */
function applySelect(x: Tensor, dim: number, index: number | bigint, realDim: number): Tensor {
  if (index === 0 && dim === 0 && x.ndim === 0) {
    throw new IndexError(
      'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number',
    );
  }
  // NOTE: PyTorch reads the size of a 0-dim tensor's first dim as 0 here.
  const size = x.shape[dim] ?? 0;
  const i = Number(index);
  if (!(size > -1 - i && size > i)) {
    throw new IndexError(`index ${index} is out of bounds for dimension ${realDim} with size ${size}`);
  }
  return views.select(x, dim, i);
}

/** x[start:stop:step] along dim; a slice that keeps the whole dim returns x itself unless `always`. */
function applySlice(x: Tensor, dim: number, item: Item & { kind: 'slice' }, always: boolean): Tensor {
  if (item.step <= 0) throw new ValueError('step must be greater than zero', 'ValueError');
  if (x.ndim === 0) throw new IndexError('slice() cannot be applied to a 0-dim tensor.');
  const start = item.start ?? 0;
  const stop = item.stop ?? Infinity;
  if (!always && start === 0 && stop >= x.shape[dim]! && item.step === 1) return x;
  return views.slice(x, dim, item.start, item.stop, item.step);
}

/** A bool index as PyTorch's boolToIndexingTensor makes it: [0] for True, [] for False. */
function boolIndex(value: boolean): Tensor {
  const n = value ? 1 : 0;
  return new Tensor(backendFor('cpu').allocate('int64', n), [n], [1], 0);
}

/**
 * Applies the basic items of a tuple index with views and collects the advanced ones (PyTorch's
 * applySlicing): returns the view and ATen's Tensor?[] list for index/index_put_ (empty when none).
 */
function applySlicing(self: Tensor, items: readonly unknown[]): [Tensor, (Tensor | null)[]] {
  const specified = countSpecified(items);
  if (specified > self.ndim) throw new IndexError(`too many indices for tensor of dimension ${self.ndim}`);
  const indices: (Tensor | null)[] = [];
  let result = self;
  let dim = 0;
  // `indices` is ATen's list, where a mask takes one entry for all its dims: the first index goes
  // at its dim (after Nones for the dims before it), later ones are appended, and once the list
  // has begun each dim kept by a slice, None or Ellipsis appends a None.
  const record = (t: Tensor) => {
    if (indices.length === 0) while (indices.length < dim) indices.push(null);
    indices.push(t);
    dim += isMaskDType(t) ? t.ndim : 1;
  };
  const keep = (n: number) => {
    dim += n;
    if (indices.length > 0) for (let k = 0; k < n; k++) indices.push(null);
  };
  items.forEach((raw, i) => {
    const item = toItem(raw);
    switch (item.kind) {
      case 'int':
        result = applySelect(result, dim, item.value, i);
        break;
      case 'slice':
        result = applySlice(result, dim, item, false);
        keep(1);
        break;
      case 'ellipsis':
        keep(self.ndim - specified);
        break;
      case 'none':
        result = views.unsqueeze(result, dim);
        keep(1);
        break;
      case 'bool':
        result = views.unsqueeze(result, dim);
        record(boolIndex(item.value));
        break;
      case 'tensor': {
        const t = item.value;
        if (t.ndim === 0 && !isFloating(t.dtype)) {
          // A 0-dim integer tensor selects like an int; a 0-dim bool (or uint8) acts as a bool.
          if (!isMaskDType(t)) {
            result = applySelect(result, dim, t.item() as number | bigint, i);
          } else {
            result = views.unsqueeze(result, dim);
            record(boolIndex(t.item() !== 0 && t.item() !== false));
          }
        } else {
          record(t);
        }
        break;
      }
    }
  });
  return [result, indices];
}

// x[...] with nothing to change returns an alias: a new view of the same elements (AliasBackward0).
const aliasOp = defineOp<object>('alias', ([x]) => Tensor.view(x!, x!.shape, x!.strides, x!.offset));

/** x[index]: a view for ints, slices, None and Ellipsis; a copy when any item is advanced. */
export function getitem(self: Tensor, index: Index): Tensor {
  if (!Array.isArray(index)) {
    // PyTorch's single-item fast paths (a slice here always slices, even a whole dim).
    const v = index as unknown;
    if (v === null) return views.unsqueeze(self, 0);
    if (v === '...') return aliasOp.call([self], {});
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') {
      const item = toItem(v);
      if (item.kind === 'int') return applySelect(self, 0, item.value, 0);
      if (item.kind === 'slice') return applySlice(self, 0, item, true);
    }
    if (typeof v === 'boolean') {
      const result = views.unsqueeze(self, 0);
      return advancedIndex(result, [boolIndex(v)]);
    }
    return getitem(self, [index as IndexItem]);
  }
  const [sliced, indices] = applySlicing(self, index as readonly unknown[]);
  if (indices.length === 0) return sliced === self ? aliasOp.call([self], {}) : sliced;
  while (indices[indices.length - 1] === null) indices.pop();
  return advancedIndex(sliced, indices);
}

/** The legacy PyTorch tensor type name: torch.FloatTensor. */
const typeName = (t: Tensor) => `torch.${scalarName(t.dtype)}Tensor`;

/** A value as x[...] = value takes it: a Tensor as is, a Python scalar as a 0-dim tensor of self's dtype. */
function valueToTensor(self: Tensor, value: unknown): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    const t = new Tensor(backendFor(self.device).allocate(self.dtype, 1), [], [], 0);
    backendFor(self.device).fill(t, checkedScalar(value as Scalar, self.dtype));
    return t;
  }
  if (value instanceof Complex) {
    // A Python complex: checked as fill_ checks it (a nonzero imaginary part fits no real dtype).
    const wrapped = wrapComplex(value);
    checkScalarFits(wrapped, self.dtype);
    const t = new Tensor(backendFor(self.device).allocate(self.dtype, 1), [], [], 0);
    backendFor(self.device).fill(t, value);
    return t;
  }
  throw new ArgumentError(`can't assign a ${pyTypeName(value)} to a ${typeName(self)}`);
}

/** sizes without their leading 1s (NumPy's rule, kept by PyTorch for backward compatibility). */
function stripLeadingOnes(shape: readonly number[]): number[] {
  const first = shape.findIndex((s) => s !== 1);
  return first < 0 ? [] : shape.slice(first);
}

/** PyTorch's copy_to: dst.copy_(src), src a 0-dim CPU tensor filling, else broadcast to dst. */
function copyTo(dst: Tensor, src: Tensor): void {
  if (dst.shape.length === src.shape.length && dst.shape.every((s, i) => s === src.shape[i])) {
    conv.copyInto(dst, src);
  } else if (src.ndim === 0 && src.device === 'cpu') {
    conv.fillWith(dst, src);
  } else {
    conv.copyInto(dst, views.expand(views.view(src, stripLeadingOnes(src.shape)), dst.shape));
  }
}

/** x[index] = value: basic indices write through a view (copy_/fill_), advanced ones with index_put_. */
export function setitem(self: Tensor, index: Index, value: unknown): void {
  const v = valueToTensor(self, value);
  if (!Array.isArray(index)) {
    const i = index as unknown;
    if (i === false) return; // nothing is selected (PyTorch skips even the shape check)
    if (i === '...') return copyTo(self, v);
    if (i === null || i === true) return copyTo(views.unsqueeze(self, 0), v);
    if (typeof i === 'number' || typeof i === 'bigint' || typeof i === 'string') {
      const item = toItem(i);
      if (item.kind === 'int') return copyTo(applySelect(self, 0, item.value, 0), v);
      if (item.kind === 'slice') return copyTo(applySlice(self, 0, item, false), v);
    }
    return setitem(self, [index as IndexItem], v);
  }
  const [sliced, indices] = applySlicing(self, index as readonly unknown[]);
  if (indices.length === 0) return copyTo(sliced, v);
  while (indices[indices.length - 1] === null) indices.pop();
  const stripped = stripLeadingOnes(v.shape);
  indexPut_(sliced, indices, stripped.length === v.ndim ? v : views.view(v, stripped));
}

// ---------------------------------------------------------------------------------------------
// The Tensor methods, bound through the shared binder.

const positionalOnly =
  "PyTorch's __getitem__(self, indices, /) and __setitem__(self, indices, value, /) are positional-only slot wrappers, absent from its signature list; the binder has no positional-only parameters, so the names also bind in an options object";

const getitemSig = defineMethod('__getitem__', '__getitem__(Tensor self, Any indices)', { differs: positionalOnly });
const setitemSig = defineMethod(
  '__setitem__', '__setitem__(Tensor self, Any indices, Any value)', { differs: positionalOnly },
);

export type GetitemArgs = PyArgs<[indices: Index], { indices?: Index }>;
export type SetitemArgs = PyArgs<[indices: Index, value: Tensor | Scalar | Complex], { indices?: Index; value?: Tensor | Scalar | Complex }>;

/** Tensor.__getitem__(indices). */
export function getitemMethod(self: Tensor, args: readonly unknown[]): Tensor {
  const a = getitemSig.bind(args, self);
  return getitem(a.self, a.indices);
}

/** Tensor.__setitem__(indices, value). */
export function setitemMethod(self: Tensor, args: readonly unknown[]): void {
  const a = setitemSig.bind(args, self);
  setitem(a.self, a.indices, a.value);
}
