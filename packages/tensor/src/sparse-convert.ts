// Tensor.to_sparse, to_sparse_coo, to_sparse_csr and to_sparse_csc: a dense tensor's nonzero
// elements (NaN counts, -0.0 does not) as a SparseTensor, in PyTorch's order (row-major for COO
// and CSR, column-major for CSC). With dense dims, a slice is kept when any of its elements is
// nonzero.

import { ValueError } from './errors.js';
import { defineTensorMethod } from './ops/define.js';
import { contiguousStrides, numel } from './shape.js';
import { NO_MATCH, defineArgType } from './signature/arg-types.js';
import { type Layout, SparseTensor, sparse_coo, sparse_csc, sparse_csr } from './sparse.js';
import { Storage } from './storage.js';
import { Tensor, hostValues } from './tensor.js';

const LAYOUT = defineArgType('SparseLayoutArg', {
  label: 'torch.layout',
  coerce: (v) => (v === 'strided' || (typeof v === 'string' && v.startsWith('sparse_')) ? v : NO_MATCH),
});

function int64(values: readonly number[], shape: number[]): Tensor {
  return new Tensor(Storage.cpu('int64', BigInt64Array.from(values, BigInt)), shape, contiguousStrides(shape), 0);
}

/** Flat positions over the first `sparseDim` dims whose slice holds a nonzero element, in row-major order. */
function nonzeroSlots(x: Tensor, sparseDim: number): number[] {
  const values = hostValues(x);
  const inner = numel(x.shape.slice(sparseDim));
  const slots: number[] = [];
  for (let p = 0; p * inner < values.length; p++) {
    for (let i = p * inner; i < (p + 1) * inner; i++) {
      const v = values[i]!;
      if (typeof v === 'bigint' ? v !== 0n : v !== 0) {
        slots.push(p);
        break;
      }
    }
  }
  return slots;
}

/** The kept slices of x, stacked: [slots.length, ...x.shape.slice(sparseDim)]. */
function slices(x: Tensor, sparseDim: number, slots: readonly number[]): Tensor {
  const rest = x.shape.slice(sparseDim);
  return x.reshape([numel(x.shape.slice(0, sparseDim)), ...rest]).index_select(0, int64(slots, [slots.length]));
}

function toCoo(x: Tensor, sparseDim: number): SparseTensor {
  if (!(sparseDim >= 0 && sparseDim <= x.ndim)) throw new ValueError(`sparse_dim must be in [0, ${x.ndim}], but got ${sparseDim}`);
  const slots = nonzeroSlots(x, sparseDim);
  const shape = x.shape.slice(0, sparseDim);
  const indices: number[] = new Array<number>(sparseDim * slots.length);
  slots.forEach((p, k) => {
    for (let d = sparseDim - 1; d >= 0; d--) {
      indices[d * slots.length + k] = p % shape[d]!;
      p = Math.floor(p / shape[d]!);
    }
  });
  return new SparseTensor(sparse_coo, [int64(indices, [sparseDim, slots.length])], slices(x, sparseDim, slots), [...x.shape], {
    is_coalesced: true,
  });
}

function toCompressed(x: Tensor, layout: 'sparse_csr' | 'sparse_csc', denseDim: number | null): SparseTensor {
  const dense = denseDim ?? 0;
  if (x.ndim - dense !== 2) {
    throw new ValueError(
      `wick's compressed sparse tensors have no batch dimensions: a ${layout} tensor needs 2 + dense_dim dims, but got ${x.ndim} with dense_dim=${dense}`,
    );
  }
  const [rows, cols] = x.shape as [number, number];
  let slots = nonzeroSlots(x, 2);
  if (layout === sparse_csc) slots = [...slots].sort((a, b) => (a % cols) - (b % cols) || a - b);
  const [outer, plain] = layout === sparse_csr ? [rows, (p: number) => p % cols] : [cols, (p: number) => Math.floor(p / cols)];
  const compressed = new Array<number>(outer + 1).fill(0);
  for (const p of slots) compressed[(layout === sparse_csr ? Math.floor(p / cols) : p % cols) + 1]!++;
  for (let i = 0; i < outer; i++) compressed[i + 1]! += compressed[i]!;
  const parts = [int64(compressed, [outer + 1]), int64(slots.map(plain), [slots.length])];
  return new SparseTensor(layout, parts, slices(x, 2, slots), [...x.shape]);
}

const COMPRESSED_ONLY = "wick converts to sparse_coo, sparse_csr and sparse_csc; blocksize (BSR/BSC) is refused by name";

/** x.to_sparse(*, layout=None, blocksize=None, dense_dim=None) and x.to_sparse(sparse_dim). */
export const to_sparse = defineTensorMethod(
  'to_sparse',
  [
    `to_sparse(Tensor self, *, ${LAYOUT}? layout=None, int[]? blocksize=None, int? dense_dim=None)`,
    'to_sparse(Tensor self, int sparse_dim)',
  ],
  (a): SparseTensor => {
    const x = a.self as Tensor;
    if (a.sparse_dim !== undefined) return toCoo(x, a.sparse_dim as number);
    if (a.blocksize !== null) throw new ValueError(`to_sparse: ${COMPRESSED_ONLY}`);
    const layout = (a.layout ?? sparse_coo) as Layout;
    const denseDim = a.dense_dim as number | null;
    if (layout === sparse_coo) return toCoo(x, x.ndim - (denseDim ?? 0));
    if (layout === sparse_csr || layout === sparse_csc) return toCompressed(x, layout, denseDim);
    throw new ValueError(`to_sparse: ${COMPRESSED_ONLY}; got layout=torch.${layout}`);
  },
);

export const to_sparse_coo = defineTensorMethod('to_sparse_coo', 'to_sparse_coo(Tensor self)', (a) => toCoo(a.self as Tensor, (a.self as Tensor).ndim));

export const to_sparse_csr = defineTensorMethod('to_sparse_csr', 'to_sparse_csr(Tensor self, int? dense_dim=None)', (a) =>
  toCompressed(a.self as Tensor, sparse_csr, a.dense_dim as number | null));

export const to_sparse_csc = defineTensorMethod('to_sparse_csc', 'to_sparse_csc(Tensor self, int? dense_dim=None)', (a) =>
  toCompressed(a.self as Tensor, sparse_csc, a.dense_dim as number | null));
