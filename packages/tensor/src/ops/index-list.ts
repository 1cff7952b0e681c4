import { backendFor } from '../device.js';
import { ArgumentError, DeviceError, ValueError } from '../errors.js';
import { contiguousStrides, numel } from '../shape.js';
import { pyTypeName } from '../signature/index.js';
import { isComplex } from '../dtype.js';
import { Tensor, realItem } from '../tensor.js';

// A nested JS array used as one index item (Python's list inside an index: x[[0, 2]] is
// x.__getitem__([[0, 2]])) becomes a tensor as PyTorch's indexing_tensor_from_data makes one:
// all booleans give a bool mask, anything else an int64 index (floats truncated toward zero).

/** A nested list of index values. */
export type IndexList = readonly (number | bigint | boolean | Tensor | IndexList)[];

type Leaf = number | bigint | boolean;

/** A one-element tensor's value, as Python reads a tensor inside a list. */
function leafOf(v: unknown): Leaf | undefined {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (v instanceof Tensor && v.numel() === 1 && v.device === 'cpu') return isComplex(v.dtype) ? undefined : realItem(v);
  return undefined;
}

/** The shape the first elements describe (PyTorch's compute_sizes). */
function sizesOf(list: IndexList): number[] {
  const sizes: number[] = [];
  let v: unknown = list;
  while (Array.isArray(v)) {
    sizes.push(v.length);
    v = v[0];
  }
  return sizes;
}

/** Whether every leaf is a boolean (else an int64 index); refuses what is not a number (infer_scalar_type). */
function allBooleans(v: unknown): boolean {
  if (Array.isArray(v)) return v.reduce<boolean>((all, e) => allBooleans(e) && all, true);
  const leaf = leafOf(v);
  if (leaf === undefined) {
    if (v instanceof Tensor && v.numel() === 1 && v.device !== 'cpu') {
      // PyTorch reads such a value synchronously (an .item() on the device); here it cannot be.
      throw new DeviceError(`a list index holding a ${v.device} tensor needs its value on the host: use a number or a CPU tensor`);
    }
    if (typeof v === 'string') throw new ArgumentError("new(): invalid data type 'str'");
    throw new ValueError(`Could not infer dtype of ${pyTypeName(v)}`);
  }
  if (typeof leaf === 'bigint' && (leaf >= 2n ** 63n || leaf < -(2n ** 63n))) {
    throw new ValueError('Overflow when unpacking long long', 'ValueError');
  }
  return typeof leaf === 'boolean';
}

/** The leaves in row-major order, checked against the shape (PyTorch's recursive_store messages). */
function flatten(v: unknown, sizes: readonly number[], dim: number, out: Leaf[]): void {
  if (dim === sizes.length) {
    if (Array.isArray(v)) throw new ArgumentError("'list' object cannot be interpreted as an integer");
    out.push(leafOf(v)!);
    return;
  }
  if (!Array.isArray(v)) throw new ArgumentError('not a sequence');
  if (v.length !== sizes[dim]) {
    throw new ValueError(`expected sequence of length ${sizes[dim]} at dim ${dim} (got ${v.length})`, 'ValueError');
  }
  for (const e of v) flatten(e, sizes, dim + 1, out);
}

/** The tensor a nested list stands for as an index: a bool mask, or int64 indices. */
export function indexTensorFromList(list: IndexList): Tensor {
  const sizes = sizesOf(list);
  const bool = numel(sizes) > 0 && allBooleans(list);
  const leaves: Leaf[] = [];
  flatten(list, sizes, 0, leaves);
  const dtype = bool ? 'bool' : 'int64';
  const storage = backendFor('cpu').allocate(dtype, leaves.length);
  const data = storage.data!;
  for (let i = 0; i < leaves.length; i++) {
    const v = leaves[i]!;
    if (bool) data[i] = v ? 1 : 0;
    else data[i] = typeof v === 'bigint' ? v : BigInt(typeof v === 'boolean' ? Number(v) : toInt64(v));
  }
  return new Tensor(storage, sizes, contiguousStrides(sizes), 0);
}

/** A float stored into an int64 index: truncated toward zero; NaN, inf and values past int64 refused. */
function toInt64(v: number): number {
  if (!Number.isFinite(v) || v >= 2 ** 63 || v < -(2 ** 63)) {
    throw new ValueError('value cannot be converted to type int64 without overflow');
  }
  return Math.trunc(v);
}
