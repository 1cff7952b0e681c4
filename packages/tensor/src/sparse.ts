// Sparse tensors as PyTorch saves them: COO (indices [sparse_dim, nnz], values [nnz, ...dense])
// and the compressed layouts CSR, CSC, BSR, BSC (compressed and plain indices, values), with
// PyTorch's accessors. They hold their parts as dense Tensors and compute nothing but to_dense()
// and coalesce(); every one is checked against PyTorch's invariants when it is made.

import { type DType, allocate, reprName } from './dtype.js';
import { formatParts, hasDefaultDtype, shapeTuple } from './format.js';
import { ValueError } from './errors.js';
import { indexPut_ } from './ops/advanced-index.js';
import { contiguousStrides, numel, perDimension } from './shape.js';
import { NO_MATCH, defineArgType } from './signature/arg-types.js';
import { declare, defineFunction } from './signature/declare.js';
import type { PyArgs } from './signature/py-args.js';
import {
  type SparseLayout, blockSize, checkCompressed, checkCoo, compressedNames, indexValues,
} from './sparse-invariants.js';
import { Storage } from './storage.js';
import { Tensor } from './tensor.js';

export type { SparseLayout } from './sparse-invariants.js';
/** torch.layout values: a layout is its PyTorch name, so `torch.sparse_coo === 'sparse_coo'`. */
export type Layout = 'strided' | SparseLayout;
export const strided = 'strided';
export const sparse_coo = 'sparse_coo';
export const sparse_csr = 'sparse_csr';
export const sparse_csc = 'sparse_csc';
export const sparse_bsr = 'sparse_bsr';
export const sparse_bsc = 'sparse_bsc';

const LAYOUTS: readonly string[] = [sparse_coo, sparse_csr, sparse_csc, sparse_bsr, sparse_bsc];
/** The layout's name in PyTorch's "expected ... layout but got X" messages. */
const LAYOUT_WORD: Readonly<Record<SparseLayout, string>> = {
  sparse_coo: 'Sparse', sparse_csr: 'SparseCsr', sparse_csc: 'SparseCsc', sparse_bsr: 'SparseBsr', sparse_bsc: 'SparseBsc',
};

const initSig = declare(
  'SparseTensor.__init__',
  'SparseTensor.__init__(str layout, Tensor[] indices, Tensor values, int[] size, *, bool? is_coalesced=None)',
  {
    style: 'python',
    differs:
      "wick's class for PyTorch's sparse layouts (in PyTorch a torch.Tensor whose layout is sparse): indices is [indices] for " +
      'sparse_coo and [compressed_indices, plain_indices] for the compressed layouts; torch.sparse_coo_tensor, ' +
      "torch.sparse_csr_tensor and torch.load make them, and PyTorch's invariants are always checked",
  },
);

/** A sparse tensor: PyTorch's COO, CSR, CSC, BSR or BSC layout, on the CPU, outside autograd. */
export class SparseTensor {
  readonly layout: SparseLayout;
  readonly shape: readonly number[];
  readonly device = 'cpu' as const;
  readonly requires_grad = false;
  readonly #indices: readonly Tensor[];
  readonly #values: Tensor;
  readonly #coalesced: boolean;

  constructor(...args: PyArgs<[layout: Layout, indices: readonly Tensor[], values: Tensor, size: readonly number[]], { is_coalesced?: boolean | null }>) {
    const a = initSig.bind(args);
    const layout = a.layout as string;
    if (!LAYOUTS.includes(layout)) throw new ValueError(`expected a sparse layout (${LAYOUTS.join(', ')}), but got ${layout}`);
    const indices = [...(a.indices as Tensor[])];
    const values = a.values as Tensor;
    const size = a.size as number[];
    if (size.some((n) => n < 0)) throw new ValueError(`size must be non-negative, but got [${size.join(', ')}]`);
    if (layout === sparse_coo) {
      if (indices.length !== 1) throw new ValueError(`a sparse_coo tensor has one indices tensor, but got ${indices.length}`);
      // As torch.sparse_coo_tensor does, indices of another dtype become int64.
      if (indices[0]!.dtype !== 'int64') indices[0] = indices[0]!.to('int64');
      checkCoo(indices[0]!, values, size, a.is_coalesced as boolean | null);
    } else {
      if (indices.length !== 2) throw new ValueError(`a ${layout} tensor has compressed and plain indices, but got ${indices.length} tensors`);
      checkCompressed(layout as SparseLayout, indices[0]!, indices[1]!, values, size);
    }
    this.layout = layout as SparseLayout;
    this.shape = Object.freeze(size.slice());
    this.#indices = Object.freeze(indices.slice());
    this.#values = values;
    this.#coalesced = layout === sparse_coo && (a.is_coalesced ?? (values.shape[0]! <= 1));
  }

  get dtype(): DType {
    return this.#values.dtype;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** True for the COO layout only, as in PyTorch. */
  get is_sparse(): boolean {
    return this.layout === sparse_coo;
  }

  get is_sparse_csr(): boolean {
    return this.layout === sparse_csr;
  }

  get is_quantized(): boolean {
    return false;
  }

  size(...args: PyArgs<[dim?: number | null], { dim?: number | null }>): number | number[] {
    const { dim } = sig.size.bind(args, this);
    return perDimension(this.shape, dim);
  }

  dim(...args: PyArgs<[], object>): number {
    sig.dim.bind(args, this);
    return this.ndim;
  }

  /** The indices of a coalesced COO tensor (int64 [sparse_dim, nnz]). */
  indices(...args: PyArgs<[], object>): Tensor {
    sig.indices.bind(args, this);
    this.#expect('indices', 'coordinate');
    if (!this.#coalesced) throw new ValueError('Cannot get indices on an uncoalesced tensor, please call .coalesce() first');
    return this.#indices[0]!;
  }

  /** The indices of a COO tensor, coalesced or not. */
  _indices(...args: PyArgs<[], object>): Tensor {
    sig._indices.bind(args, this);
    this.#expect('_indices', 'coordinate');
    return this.#indices[0]!;
  }

  /** The stored values ([nnz, ...dense dims], or [nnz, block, ...] for BSR/BSC). */
  values(...args: PyArgs<[], object>): Tensor {
    sig.values.bind(args, this);
    if (this.layout === sparse_coo && !this.#coalesced) {
      throw new ValueError('Cannot get values on an uncoalesced tensor, please call .coalesce() first');
    }
    return this.#values;
  }

  /** The values of a COO tensor, coalesced or not. */
  _values(...args: PyArgs<[], object>): Tensor {
    sig._values.bind(args, this);
    this.#expect('_values', 'coordinate');
    return this.#values;
  }

  crow_indices(...args: PyArgs<[], object>): Tensor {
    sig.crow_indices.bind(args, this);
    return this.#compressedPart('crow_indices', 'row', 0);
  }

  col_indices(...args: PyArgs<[], object>): Tensor {
    sig.col_indices.bind(args, this);
    return this.#compressedPart('col_indices', 'row', 1);
  }

  ccol_indices(...args: PyArgs<[], object>): Tensor {
    sig.ccol_indices.bind(args, this);
    return this.#compressedPart('ccol_indices', 'column', 0);
  }

  row_indices(...args: PyArgs<[], object>): Tensor {
    sig.row_indices.bind(args, this);
    return this.#compressedPart('row_indices', 'column', 1);
  }

  /** The number of stored elements (blocks for BSR/BSC). */
  _nnz(...args: PyArgs<[], object>): number {
    sig._nnz.bind(args, this);
    return this.#values.shape[0]!;
  }

  sparse_dim(...args: PyArgs<[], object>): number {
    sig.sparse_dim.bind(args, this);
    return this.layout === sparse_coo ? this.#indices[0]!.shape[0]! : 2;
  }

  dense_dim(...args: PyArgs<[], object>): number {
    sig.dense_dim.bind(args, this);
    return this.ndim - this.sparse_dim();
  }

  is_coalesced(...args: PyArgs<[], object>): boolean {
    sig.is_coalesced.bind(args, this);
    this.#expect('is_coalesced', 'coordinate');
    return this.#coalesced;
  }

  /**
   * A COO tensor with its indices sorted and duplicates summed (self when already coalesced).
   * Duplicates are summed in the order they are stored.
   */
  coalesce(...args: PyArgs<[], object>): SparseTensor {
    sig.coalesce.bind(args, this);
    this.#expect('coalesce', 'coordinate');
    if (this.#coalesced) return this;
    const indices = this.#indices[0]!;
    const [sparseDim, nnz] = indices.shape as [number, number];
    const idx = indexValues(indices);
    const column = (k: number): number[] => Array.from({ length: sparseDim }, (_, d) => idx[d * nnz + k]!);
    const order = Array.from({ length: nnz }, (_, k) => k).sort((x, y) => {
      for (let d = 0; d < sparseDim; d++) {
        const c = idx[d * nnz + x]! - idx[d * nnz + y]!;
        if (c !== 0) return c;
      }
      return x - y;
    });
    // Each stored element's place among the distinct coordinates, in sorted order.
    const group = new BigInt64Array(nnz);
    const firsts: number[] = [];
    for (let i = 0; i < nnz; i++) {
      const k = order[i]!;
      const prev = i > 0 ? order[i - 1]! : -1;
      if (prev < 0 || column(k).some((v, d) => v !== idx[d * nnz + prev])) firsts.push(k);
      group[k] = BigInt(firsts.length - 1);
    }
    const unique = new BigInt64Array(sparseDim * firsts.length);
    firsts.forEach((k, j) => column(k).forEach((v, d) => (unique[d * firsts.length + j] = BigInt(v))));
    const values = this.#values;
    const summed = zerosOf(values.dtype, [firsts.length, ...values.shape.slice(1)]);
    indexPut_(summed, [int64(group, [nnz])], values, true);
    return new SparseTensor(sparse_coo, [int64(unique, [sparseDim, firsts.length])], summed, [...this.shape], { is_coalesced: true });
  }

  /** The dense tensor with the same elements (duplicates of an uncoalesced COO tensor summed). */
  to_dense(...args: PyArgs<[dtype?: DType | null], { dtype?: DType | null; masked_grad?: boolean | null }>): Tensor {
    const a = sig.to_dense.bind(args, this);
    if (a.dtype !== null) throw new ValueError('dtype argument is not supported by sparse_to_dense');
    const out = zerosOf(this.dtype, this.shape);
    if (this.layout === sparse_coo) {
      const indices = this.#indices[0]!;
      if (indices.shape[0] === 0) {
        // No sparse dims: every stored value is the whole tensor.
        for (let k = 0; k < this.#values.shape[0]!; k++) out.add_(this.#values.select(0, k));
        return out;
      }
      const rows = Array.from({ length: indices.shape[0]! }, (_, d) => indices.select(0, d));
      return indexPut_(out, rows, this.#values, true);
    }
    const [rows, cols, values] = this.#coordinates();
    return indexPut_(out, [rows, cols], values, false);
  }

  /** Row and column of every stored element of a compressed layout, and the values to match. */
  #coordinates(): [Tensor, Tensor, Tensor] {
    const rowMajor = this.layout === sparse_csr || this.layout === sparse_bsr;
    const c = indexValues(this.#indices[0]!);
    const p = indexValues(this.#indices[1]!);
    const values = this.#values;
    const [b0, b1] = blockSize(this.layout, values);
    const nnz = values.shape[0]!;
    const rows = new BigInt64Array(nnz * b0 * b1);
    const cols = new BigInt64Array(nnz * b0 * b1);
    let at = 0;
    for (let i = 0; i + 1 < c.length; i++) {
      for (let k = c[i]!; k < c[i + 1]!; k++) {
        const [r, col] = rowMajor ? [i, p[k]!] : [p[k]!, i];
        for (let bi = 0; bi < b0; bi++) {
          for (let bj = 0; bj < b1; bj++, at++) {
            rows[at] = BigInt(r * b0 + bi);
            cols[at] = BigInt(col * b1 + bj);
          }
        }
      }
    }
    const blocked = this.layout === sparse_bsr || this.layout === sparse_bsc;
    const flat = blocked ? values.reshape([nnz * b0 * b1, ...values.shape.slice(3)]) : values;
    return [int64(rows, [at]), int64(cols, [at]), flat];
  }

  #compressedPart(name: string, kind: 'row' | 'column', part: 0 | 1): Tensor {
    const ok = kind === 'row' ? this.layout === sparse_csr || this.layout === sparse_bsr : this.layout === sparse_csc || this.layout === sparse_bsc;
    if (!ok) throw new ValueError(`${name} expected sparse ${kind} compressed tensor layout but got ${LAYOUT_WORD[this.layout]}`);
    return this.#indices[part]!;
  }

  #expect(name: string, kind: 'coordinate'): void {
    if (this.layout !== sparse_coo) throw new ValueError(`${name} expected sparse ${kind} tensor layout but got ${LAYOUT_WORD[this.layout]}`);
  }

  /** The parts torch.save writes: [indices] or [compressed, plain], and the values. */
  get parts(): { indices: readonly Tensor[]; values: Tensor; coalesced: boolean } {
    return { indices: this.#indices, values: this.#values, coalesced: this.#coalesced };
  }

  /** PyTorch's repr: the parts one per line, then size, nnz, dtype (unless a default one) and layout. */
  toString(): string {
    const names = this.layout === sparse_coo ? ['indices'] : [compressedNames(this.layout).compressed, compressedNames(this.layout).plain];
    const parts = [...names.map((n, i) => [n, this.#indices[i]!] as const), ['values', this.#values] as const];
    const suffixes = [`size=${shapeTuple(this.shape)}`, `nnz=${this.#values.shape[0]}`];
    if (!hasDefaultDtype(this.dtype)) suffixes.push(`dtype=${reprName(this.dtype)}`);
    suffixes.push(`layout=torch.${this.layout}`);
    return formatParts(parts, suffixes, this.layout === sparse_coo);
  }

}

function zerosOf(dtype: DType, shape: readonly number[]): Tensor {
  let data: ReturnType<typeof allocate>;
  try {
    data = allocate(dtype, numel(shape));
  } catch (e) {
    // A sparse tensor's size may be far larger than memory (a file can claim any size).
    if (!(e instanceof RangeError)) throw e;
    throw new ValueError(`to_dense: a dense tensor of size [${shape.join(', ')}] (${numel(shape)} elements) cannot be allocated`);
  }
  return new Tensor(Storage.cpu(dtype, data), [...shape], contiguousStrides(shape), 0);
}

function int64(data: BigInt64Array, shape: number[]): Tensor {
  return new Tensor(Storage.cpu('int64', data), shape, contiguousStrides(shape), 0);
}

const SELF = defineArgType('SparseTensor', { label: 'Tensor', coerce: (v) => (v instanceof SparseTensor ? v : NO_MATCH) });
const method = (name: string, params: string, differs?: string, path = `Tensor.${name}`): ReturnType<typeof declare> =>
  declare(path, `${name}(${SELF} self${params})`, { self: true, ...(differs === undefined ? {} : { differs }) });
const SAME = (name: string): string => `Tensor.${name} of wick's sparse tensor class (Tensor.${name} is declared for dense tensors)`;
const PRIVATE = "PyTorch's private accessor, which its stubs leave out: the COO parts whether coalesced or not";

const sig = {
  indices: method('indices', ''),
  _indices: method('_indices', '', PRIVATE),
  values: method('values', ''),
  _values: method('_values', '', PRIVATE),
  crow_indices: method('crow_indices', ''),
  col_indices: method('col_indices', ''),
  ccol_indices: method('ccol_indices', ''),
  row_indices: method('row_indices', ''),
  _nnz: method('_nnz', '', "PyTorch's private accessor, which its stubs leave out: the number of stored elements"),
  sparse_dim: method('sparse_dim', ''),
  dense_dim: method('dense_dim', ''),
  is_coalesced: method('is_coalesced', ''),
  coalesce: method('coalesce', ''),
  to_dense: method('to_dense', ', ScalarType? dtype=None, *, bool? masked_grad=None'),
  size: method('size', ', int? dim=None', SAME('size'), 'SparseTensor.size'),
  dim: method('dim', '', SAME('dim'), 'SparseTensor.dim'),
};

const NOT_AUTOGRAD = "wick's sparse tensors are outside autograd: requires_grad=True is refused";

interface CooOptions {
  indices?: Tensor;
  values?: Tensor;
  size?: readonly number[] | null;
  dtype?: DType | null;
  device?: string | null;
  requires_grad?: boolean;
  check_invariants?: boolean | null;
  is_coalesced?: boolean | null;
}

/** The values converted to the requested dtype, on the CPU, outside autograd. */
function valuesFor(values: Tensor, dtype: DType | null, device: string | null, requiresGrad: boolean): Tensor {
  if (requiresGrad) throw new ValueError(NOT_AUTOGRAD);
  if (device !== null && device !== 'cpu' && device !== 'cpu:0') throw new ValueError(`wick's sparse tensors live on the CPU, not on ${device}`);
  return dtype === null || dtype === values.dtype ? values : values.to(dtype);
}

/**
 * torch.sparse_coo_tensor(indices, values, size=None, ...): a COO tensor (size inferred when None).
 * values is a Tensor; requires_grad=True is refused; the invariants are always checked.
 */
export const sparse_coo_tensor = defineFunction<(...args: PyArgs<[indices: Tensor, values: Tensor, size?: readonly number[] | null], CooOptions>) => SparseTensor>(
  'sparse_coo_tensor',
  'sparse_coo_tensor(Tensor indices, Tensor values, int[]? size=None, *, ScalarType? dtype=None, Device? device=None, ' +
    'bool requires_grad=False, bool? check_invariants=None, bool? is_coalesced=None)',
  (a) => {
    const indices = a.indices as Tensor;
    const values = valuesFor(a.values as Tensor, a.dtype, a.device, a.requires_grad);
    let size = a.size as number[] | null;
    if (size === null) {
      // PyTorch's inference: one past the largest index of each sparse dim, then values' dense dims.
      if (indices.ndim !== 2) throw new ValueError(`indices must be sparse_dim x nnz, but got: [${indices.shape.join(', ')}]`);
      const [sparseDim, nnz] = indices.shape as [number, number];
      const idx = indexValues(indices);
      size = Array.from({ length: sparseDim }, (_, d) => (nnz === 0 ? 0 : Math.max(...idx.slice(d * nnz, (d + 1) * nnz)) + 1));
      size.push(...values.shape.slice(1));
    }
    return new SparseTensor(sparse_coo, [indices], values, size, { is_coalesced: a.is_coalesced });
  },
);

interface CsrOptions extends Omit<CooOptions, 'indices' | 'is_coalesced'> {
  crow_indices?: Tensor;
  col_indices?: Tensor;
}

/**
 * torch.sparse_csr_tensor(crow_indices, col_indices, values, size=None, ...): the parts are Tensors;
 * requires_grad=True is refused; the invariants are always checked.
 */
export const sparse_csr_tensor = defineFunction<
  (...args: PyArgs<[crow_indices: Tensor, col_indices: Tensor, values: Tensor, size?: readonly number[] | null], CsrOptions>) => SparseTensor
>(
  'sparse_csr_tensor',
  'sparse_csr_tensor(Tensor crow_indices, Tensor col_indices, Tensor values, int[]? size=None, *, ScalarType? dtype=None, ' +
    'Device? device=None, bool requires_grad=False, bool? check_invariants=None)',
  (a) => {
    const crow = a.crow_indices as Tensor;
    const col = a.col_indices as Tensor;
    const values = valuesFor(a.values as Tensor, a.dtype, a.device, a.requires_grad);
    let size = a.size as number[] | null;
    if (size === null) {
      const cols = indexValues(col);
      size = [Math.max(crow.shape[0]! - 1, 0), cols.length === 0 ? 0 : Math.max(...cols) + 1, ...values.shape.slice(1)];
    }
    return new SparseTensor(sparse_csr, [crow, col], values, size);
  },
);
