// PyTorch's checks of a sparse tensor's parts (torch._validate_sparse_coo_tensor_args and
// torch._validate_sparse_compressed_tensor_args), in PyTorch's order and words. wick runs them on
// every sparse tensor it makes, loaded ones included: an index outside the size would otherwise
// make to_dense() write outside its result.

import { scalarName } from './dtype.js';
import { ValueError } from './errors.js';
import { hostValues } from './tensor.js';
import type { Tensor } from './tensor.js';

export type SparseLayout = 'sparse_coo' | 'sparse_csr' | 'sparse_csc' | 'sparse_bsr' | 'sparse_bsc';

/** An index tensor's values as numbers (int64 beyond 2^53 becomes a number out of every range). */
export function indexValues(t: Tensor): number[] {
  return Array.from(hostValues(t), Number);
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** The COO invariants: int64 indices [sparse_dim, nnz] inside `size`, values [nnz, ...dense size]. */
export function checkCoo(indices: Tensor, values: Tensor, size: readonly number[], isCoalesced: boolean | null): void {
  // NOTE: torch.sparse_coo_tensor converts indices of any dtype to int64 first; SparseTensor does too.
  if (indices.dtype !== 'int64') throw new ValueError(`expected scalar type Long but found ${scalarName(indices.dtype)}`);
  if (indices.ndim !== 2) throw new ValueError(`indices must be sparse_dim x nnz, but got: ${shapeText(indices.shape)}`);
  const sparseDim = indices.shape[0]!;
  const denseDim = values.ndim - 1;
  if (values.ndim < 1) throw new ValueError('values must have at least one dimension (nnz), but got a 0-dim tensor');
  if (size.length !== sparseDim + denseDim) {
    throw new ValueError(
      `'len(size) == sparse_dim + dense_dim' is not satisfied: len(size) = ${size.length}, sparse_dim = ${sparseDim}, dense_dim = ${denseDim}`,
    );
  }
  const nnz = indices.shape[1]!;
  if (values.shape[0] !== nnz) {
    throw new ValueError(`indices and values must have same nnz, but got nnz from indices: ${nnz}, nnz from values: ${values.shape[0]}`);
  }
  const denseSize = size.slice(sparseDim);
  if (values.shape.slice(1).some((n, i) => n !== denseSize[i])) {
    throw new ValueError(
      `values has incorrect size, expected ${shapeText([nnz, ...denseSize])}, got ${shapeText(values.shape)}`,
    );
  }
  const idx = indexValues(indices);
  for (let d = 0; d < sparseDim && nnz > 0; d++) {
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < nnz; k++) {
      const v = idx[d * nnz + k]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min < 0) throw new ValueError(`found negative index ${min} for dim ${d}`);
    if (max >= size[d]!) throw new ValueError(`size is inconsistent with indices: for dim ${d}, size is ${size[d]} but found index ${max}`);
  }
  if (isCoalesced === true && !cooIsCoalesced(idx, sparseDim, nnz)) {
    throw new ValueError('cannot set is_coalesced to true if indices correspond to uncoalesced COO tensor');
  }
}

/** Whether COO index columns are in strictly increasing lexicographic order (sorted, no duplicates). */
export function cooIsCoalesced(idx: readonly number[], sparseDim: number, nnz: number): boolean {
  for (let k = 1; k < nnz; k++) {
    let order = 0;
    for (let d = 0; d < sparseDim && order === 0; d++) order = Math.sign(idx[d * nnz + k]! - idx[d * nnz + k - 1]!);
    if (order <= 0) return false;
  }
  return true;
}

/** The names PyTorch's messages use for a compressed layout's parts and dims. */
export function compressedNames(layout: SparseLayout): { compressed: string; plain: string; cdim: string; pdim: string } {
  return layout === 'sparse_csr' || layout === 'sparse_bsr'
    ? { compressed: 'crow_indices', plain: 'col_indices', cdim: 'nrows', pdim: 'ncols' }
    : { compressed: 'ccol_indices', plain: 'row_indices', cdim: 'ncols', pdim: 'nrows' };
}

/** The block size of a BSR/BSC tensor (values' dims 1 and 2), [1, 1] for CSR/CSC. */
export function blockSize(layout: SparseLayout, values: Tensor): [number, number] {
  return layout === 'sparse_bsr' || layout === 'sparse_bsc' ? [values.shape[1] ?? 1, values.shape[2] ?? 1] : [1, 1];
}

/**
 * The compressed invariants (CSR, CSC, BSR, BSC without batch dims): int32/int64 indices of one
 * dtype, compressed indices of length (compressed dim)/block + 1 from 0 to nnz, non-decreasing by
 * at most the plain dim per step, plain indices inside the plain dim, sorted and distinct per row.
 */
export function checkCompressed(layout: SparseLayout, compressed: Tensor, plain: Tensor, values: Tensor, size: readonly number[]): void {
  const n = compressedNames(layout);
  for (const t of [compressed, plain]) {
    if (t.dtype !== 'int32' && t.dtype !== 'int64') {
      throw new ValueError(`${n.compressed} and ${n.plain} dtype must be Int or Long, but got ${scalarName(t.dtype)}`);
    }
  }
  if (compressed.dtype !== plain.dtype) {
    throw new ValueError(
      `${n.compressed} and ${n.plain} must have the same dtype, bot got ${scalarName(compressed.dtype)} and ${scalarName(plain.dtype)}, respectively`,
    );
  }
  if (compressed.ndim !== 1 || plain.ndim !== 1) {
    throw new ValueError(
      `wick's compressed sparse tensors have no batch dimensions: ${n.compressed} and ${n.plain} must be 1-D, but got ` +
        `${shapeText(compressed.shape)} and ${shapeText(plain.shape)}`,
    );
  }
  const blocked = layout === 'sparse_bsr' || layout === 'sparse_bsc';
  const base = blocked ? 3 : 1;
  if (values.ndim < base || size.length !== 2 + values.ndim - base) {
    throw new ValueError(
      `values of shape ${shapeText(values.shape)} do not fit a ${layout} tensor of size ${shapeText(size)}`,
    );
  }
  const [b0, b1] = blockSize(layout, values);
  const rowMajor = layout === 'sparse_csr' || layout === 'sparse_bsr';
  const [cBlock, pBlock] = rowMajor ? [b0, b1] : [b1, b0];
  const [cSize, pSize] = rowMajor ? [size[0]!, size[1]!] : [size[1]!, size[0]!];
  if (blocked && (b0 === 0 || b1 === 0 || size[0]! % b0 !== 0 || size[1]! % b1 !== 0)) {
    throw new ValueError(`the block size ${shapeText([b0, b1])} must divide the size ${shapeText(size.slice(0, 2))}`);
  }
  const denseSize = size.slice(2);
  if (values.shape.slice(base).some((d, i) => d !== denseSize[i])) {
    throw new ValueError(`values of shape ${shapeText(values.shape)} do not fit the dense size ${shapeText(denseSize)}`);
  }
  const cdim = cSize / cBlock;
  const pdim = pSize / pBlock;
  const nnz = values.shape[0]!;
  if (compressed.shape[0] !== cdim + 1) {
    throw new ValueError(`${n.compressed}.shape[-1] must be equal to the number of ${n.cdim === 'nrows' ? 'rows' : 'columns'} + 1 (=${cdim + 1}), but got ${compressed.shape[0]}`);
  }
  if (plain.shape[0] !== nnz) {
    throw new ValueError(`${n.plain}.shape[-1] must be equal to nnz (=${nnz}) as defined by values.shape[0], but got ${plain.shape[0]}`);
  }
  const c = indexValues(compressed);
  const p = indexValues(plain);
  const fail = (what: string): never => {
    throw new ValueError(`\`${what}\` is not satisfied.`);
  };
  if (c[0] !== 0) fail(`${n.compressed}[..., 0] == 0`);
  if (c[cdim] !== nnz) fail(`${n.compressed}[..., -1] == nnz`);
  for (let i = 1; i <= cdim; i++) {
    const start = c[i - 1]!;
    const end = c[i]!;
    if (!(end - start >= 0 && end - start <= pdim)) fail(`0 <= ${n.compressed}[..., 1:] - ${n.compressed}[..., :-1] <= ${n.pdim}`);
    for (let k = start; k < end; k++) if (!(p[k]! >= 0 && p[k]! < pdim)) fail(`0 <= ${n.plain} < ${n.pdim}`);
    for (let k = start + 1; k < end; k++) {
      if (!(p[k]! > p[k - 1]!)) {
        fail(`${n.plain}[..., ${n.compressed}[..., i - 1]:${n.compressed}[..., i]] for all i = 1, ..., ${n.cdim} are sorted and distinct along the last dimension values`);
      }
    }
  }
}
