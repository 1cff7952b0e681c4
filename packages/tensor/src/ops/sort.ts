import { backendFor } from '../device.js';
import { DTypeError, ValueError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { StridedView } from '../storage.js';
import type { Tensor } from '../tensor.js';
import { type Bound, type PyArgs, defineFunction } from '../signature/index.js';
import { empty } from './helpers.js';
import { type ValuesIndices, valuesIndices } from './reduce-common.js';
import { defineOp } from './table.js';

// Sorting: sort and topk are op-table entries named as ATen names them; argsort is sort's indices
// (ATen's argsort is a composite of sort). Each returns PyTorch's named tuple [values, indices].
// Which order equal elements come out in is PyTorch's CPU kernels' (see cpu/sort.ts).

/** What a backend does with each line along the dim: sort it whole, or select its first k in that order. */
export type SortRequest =
  | { readonly kind: 'sort'; readonly descending: boolean; readonly stable: boolean }
  | { readonly kind: 'topk'; readonly k: number; readonly largest: boolean; readonly sorted: boolean };

interface SortAttrs {
  dim: number;
  descending: boolean;
  /** null: called without `stable` (ATen's sort); true/false: sort.stable (None is false). */
  stable: boolean | null;
}
interface TopkAttrs {
  k: number;
  dim: number;
  largest: boolean;
  sorted: boolean;
}

/** A 0-dim tensor seen as one element along dim 0, for the kernel. */
function atLeast1d(t: Tensor): StridedView {
  return t.ndim > 0 ? t : { storage: t.storage, dtype: t.dtype, shape: [1], strides: [1], offset: t.offset };
}

const sortOp = defineOp<SortAttrs>('sort', ([x], { dim, descending, stable }) => {
  const values = empty(x!.shape, x!.dtype, x!.device);
  const indices = empty(x!.shape, 'int64', x!.device);
  const request: SortRequest = { kind: 'sort', descending, stable: stable === true };
  backendFor(x!.device).sort(atLeast1d(x!), dim, atLeast1d(values), atLeast1d(indices), request);
  return [values, indices];
});

const topkOp = defineOp<TopkAttrs>('topk', ([x], { k, dim, largest, sorted }) => {
  const shape = x!.shape.slice();
  if (shape.length > 0) shape[dim] = k;
  const values = empty(shape, x!.dtype, x!.device);
  const indices = empty(shape, 'int64', x!.device);
  // NOTE: PyTorch copies a 0-dim input's one element for any valid k, k = 0 included.
  const request: SortRequest = { kind: 'topk', k: x!.ndim === 0 ? 1 : k, largest, sorted };
  backendFor(x!.device).sort(atLeast1d(x!), dim, atLeast1d(values), atLeast1d(indices), request);
  return [values, indices];
});

function sorted(x: Tensor, dim: number, descending: boolean, stable: boolean | null): [Tensor, Tensor] {
  const [values, indices] = sortOp.callMulti([x], { dim: normalizeDim(dim, x.ndim), descending, stable }) as Tensor[];
  return [values!, indices!];
}

/** null for ATen's sort (no `stable` given); for sort.stable, the flag (None is false). */
const stableOf = (a: Bound): boolean | null => ('stable' in a ? a.stable ?? false : null);

// --- sort, argsort -------------------------------------------------------------------------------

export interface SortOptions {
  input?: Tensor;
  dim?: number;
  descending?: boolean;
  stable?: boolean | null;
}
export type SortParams = [dim?: number, descending?: boolean];
type SortFn = (...args: PyArgs<[input: Tensor, ...SortParams], SortOptions>) => ValuesIndices;
type ArgsortFn = (...args: PyArgs<[input: Tensor, ...SortParams], SortOptions>) => Tensor;

/**
 * torch.sort(input, dim=-1, descending=False, *, stable=False): [values, indices] along dim. NaN
 * sorts as the largest value. With stable=True equal elements keep their order; otherwise their
 * order is whatever PyTorch's (unstable) CPU sort gives, which wick reproduces.
 */
export const sort = defineFunction<SortFn>(
  'sort',
  [
    'sort(Tensor input, *, bool? stable, int dim=-1, bool descending=False)',
    'sort(Tensor input, int dim=-1, bool descending=False)',
  ],
  (a) => valuesIndices(...sorted(a.input, a.dim, a.descending, stableOf(a))),
  { method: true },
);

/** torch.argsort(input, dim=-1, descending=False, *, stable=False): sort's indices. */
export const argsort = defineFunction<ArgsortFn>(
  'argsort',
  [
    'argsort(Tensor input, *, bool stable, int dim=-1, bool descending=False)',
    'argsort(Tensor input, int dim=-1, bool descending=False)',
  ],
  (a) => sorted(a.input, a.dim, a.descending, stableOf(a))[1],
  { method: true },
);

// --- topk ----------------------------------------------------------------------------------------

export interface TopkOptions {
  input?: Tensor;
  k?: number | bigint;
  dim?: number;
  largest?: boolean;
  sorted?: boolean;
}
export type TopkParams = [k: number | bigint, dim?: number, largest?: boolean, sorted?: boolean];
type TopkFn = (...args: PyArgs<[input: Tensor, ...TopkParams], TopkOptions>) => ValuesIndices;

/**
 * torch.topk(input, k, dim=-1, largest=True, sorted=True): the k largest (or smallest) elements
 * along dim and their positions, NaN counting as the largest. With sorted=False they come in the
 * order PyTorch's CPU kernel leaves them (its selection's partition order, see cpu/sort.ts).
 */
export const topk = defineFunction<TopkFn>(
  'topk',
  'topk(Tensor input, SymInt k, int dim=-1, bool largest=True, bool sorted=True)',
  ({ input, k, dim, largest, sorted: inOrder }) => {
    const x = input as Tensor;
    const d = normalizeDim(dim, x.ndim);
    const size = x.ndim > 0 ? x.shape[d]! : 1;
    if (typeof k !== 'number' || k < 0 || k > size) throw new ValueError('selected index k out of range');
    if (x.dtype === 'bool') throw new DTypeError('topk does not support bool dtypes on CPU');
    const [values, indices] = topkOp.callMulti([x], { k, dim: d, largest, sorted: inOrder }) as Tensor[];
    return valuesIndices(values!, indices!);
  },
  { method: true },
);
