import { IndexError, ShapeError } from '../errors.js';
import { formatShape, normalizeDim } from '../shape.js';
import { type PyArgs, Signatures, declare, defineFunction } from '../signature/index.js';
import { Tensor } from '../tensor.js';
import { type DimOptions, narrowView, selectAt } from './views.js';

// unbind, split, split_with_sizes and chunk: a tensor cut into views along one dim.

type IntList = readonly number[];
/** torch.<name>(input, ...P): input first, also by name. */
type Fn<P extends unknown[], O extends object, R = Tensor> = (...args: PyArgs<[input: Tensor, ...P], O & { input?: Tensor }>) => R;

function unbindViews(x: Tensor, dim: number): Tensor[] {
  if (x.dim() === 0) throw new IndexError('Dimension specified as 0 but tensor has no dimensions');
  const d = normalizeDim(dim, x.dim());
  return Array.from({ length: x.shape[d]! }, (_, i) => selectAt(x, d, i));
}

/** torch.unbind(x, dim=0): the slices along dim, each without that dim. */
export const unbind = defineFunction<Fn<[dim?: number], DimOptions, Tensor[]>>(
  'unbind', 'unbind(Tensor input, int dim=0)', (a) => unbindViews(a.input, a.dim), { method: true },
);

function checkSplittable(x: Tensor, name: string): void {
  if (x.dim() === 0) throw new ShapeError(`${name} expects at least a 1-dimensional tensor`);
}

/** Pieces of `size` elements along dim (the last may be shorter). */
function splitBySize(x: Tensor, splitSize: number, dim: number): Tensor[] {
  checkSplittable(x, 'split');
  const d = normalizeDim(dim, x.dim());
  const size = x.shape[d]!;
  if (splitSize < 0) throw new ShapeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
  if (splitSize === 0 && size !== 0) {
    throw new ShapeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
  }
  const parts = splitSize === 0 ? 1 : Math.max(Math.ceil(size / splitSize), 1);
  return Array.from({ length: parts }, (_, i) => narrowView(x, d, i * splitSize, Math.min(splitSize, size - i * splitSize)));
}

/** Pieces of the given sizes along dim; they must add up to the dim's size. */
function splitBySizes(x: Tensor, sections: IntList, dim: number): Tensor[] {
  checkSplittable(x, 'split_with_sizes');
  const d = normalizeDim(dim, x.dim());
  const size = x.shape[d]!;
  if (sections.some((len) => len < 0)) {
    throw new ShapeError(`split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${formatShape(sections)}`);
  }
  const total = sections.reduce((a, b) => a + b, 0);
  if (total !== size) {
    throw new ShapeError(
      `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${dim}), but got split_sizes=${formatShape(sections)}`,
    );
  }
  let start = 0;
  return sections.map((len) => {
    const part = narrowView(x, d, start, len);
    start += len;
    return part;
  });
}

// torch.split and Tensor.split are Python functions in PyTorch: they take anything and pass an int
// size to the builtin split and anything else to split_with_sizes, whose parsers check the types.
const builtinSplit = new Signatures(['split(Tensor input, int split_size, int dim=0)', 'split(Tensor input, int[] split_size, int dim=0)']);

function pythonSplit(x: Tensor, size: unknown, dim: unknown): Tensor[] {
  // Tensor.split first tries int() on a tensor size: a one-element tensor counts as its value.
  let s = size instanceof Tensor && size.numel() === 1 ? Math.trunc(Number(size.item())) : size;
  if (typeof s === 'bigint' && s >= -(2n ** 53n) && s <= 2n ** 53n) s = Number(s);
  if ((typeof s === 'number' && Number.isInteger(s)) || typeof s === 'boolean' || typeof s === 'bigint') {
    const a = builtinSplit.bind([x, s, dim]);
    return typeof a.split_size === 'number' ? splitBySize(x, a.split_size, a.dim) : splitBySizes(x, a.split_size, a.dim);
  }
  return split_with_sizes(x, s as IntList, dim as number);
}

type SplitParams = [split_size_or_sections: number | IntList, dim?: number];
export interface SplitOptions {
  tensor?: Tensor;
  split_size_or_sections?: number | IntList;
  dim?: number;
}
const splitSig = declare('torch.split', 'split(Tensor tensor, Value split_size_or_sections, Value dim=0)', { style: 'python' });
/** torch.split(x, split_size_or_sections, dim=0): pieces of one size, or of the listed sizes, along dim. */
export function split(...args: PyArgs<[tensor: Tensor, ...SplitParams], SplitOptions>): Tensor[] {
  const a = splitSig.bind(args);
  return pythonSplit(a.tensor, a.split_size_or_sections, a.dim);
}

export type TensorSplitParams = [split_size: number | IntList | Tensor, dim?: number];
export interface TensorSplitOptions {
  split_size?: number | IntList | Tensor;
  dim?: number;
}
// NOTE: declared without self, as Python counts a method's arguments (messages say "Tensor.split()").
const tensorSplitSig = declare('Tensor.split', 'Tensor.split(Value split_size, Value dim=0)', { style: 'python', pythonMethod: true });
export function splitMethod(self: Tensor, args: readonly unknown[]): Tensor[] {
  const a = tensorSplitSig.bind(args);
  return pythonSplit(self, a.split_size, a.dim);
}

export type SplitWithSizesParams = [split_sizes: IntList, dim?: number];
export interface SplitWithSizesOptions {
  split_sizes?: IntList;
  dim?: number;
}
/** torch.split_with_sizes(x, split_sizes, dim=0): pieces of the listed sizes along dim. */
export const split_with_sizes = defineFunction<Fn<SplitWithSizesParams, SplitWithSizesOptions, Tensor[]>>(
  'split_with_sizes', 'split_with_sizes(Tensor input, int[] split_sizes, int dim=0)',
  (a) => splitBySizes(a.input, a.split_sizes, a.dim), { method: true },
);

function chunkViews(x: Tensor, chunks: number, dim: number): Tensor[] {
  checkSplittable(x, 'chunk');
  if (chunks <= 0) throw new ShapeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim(dim, x.dim());
  const each = Math.ceil(x.shape[d]! / chunks);
  // An empty dim gives `chunks` empty pieces, as PyTorch does.
  if (each === 0) return Array.from({ length: chunks }, () => narrowView(x, d, 0, 0));
  return splitBySize(x, each, d);
}

export interface ChunkOptions {
  chunks?: number;
  dim?: number;
}
/** torch.chunk(x, chunks, dim=0): at most `chunks` pieces of equal size (the last may be smaller). */
export const chunk = defineFunction<Fn<[chunks: number, dim?: number], ChunkOptions, Tensor[]>>(
  'chunk', 'chunk(Tensor input, int chunks, int dim=0)', (a) => chunkViews(a.input, a.chunks, a.dim), { method: true },
);
