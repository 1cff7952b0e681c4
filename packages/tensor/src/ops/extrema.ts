import { DTypeError, IndexError, ShapeError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { maximum, minimum } from './elementwise.js';
import {
  type DimsArgs,
  type DimsAttrs,
  type ReduceArgs,
  type ReduceOptions,
  bindArgs,
  reducedDims,
  runKernel,
} from './reduce-common.js';
import { defineOp } from './table.js';

// max/min (all elements, or values and indices along a dim), amax/amin, argmax/argmin. Ties give
// the first occurrence; a NaN wins and its own index is reported, as in PyTorch.

/** A named tuple as PyTorch returns from max(dim)/min(dim): `[values, indices]` with names. */
export type ValuesIndices = [Tensor, Tensor] & { readonly values: Tensor; readonly indices: Tensor };

function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return Object.assign<[Tensor, Tensor], { values: Tensor; indices: Tensor }>([values, indices], { values, indices });
}

export type ArgArgs = ReduceArgs<ArgOptions, number | null | undefined>;

type Extreme = 'max' | 'min';

function checkNonEmpty(name: string, x: Tensor): void {
  if (x.numel() === 0) {
    throw new ShapeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
}

/** PyTorch's check before reducing over a dim with no elements; `shown` is the dim as the message prints it. */
function checkDimNonEmpty(name: string, x: Tensor, dim: number, shown: number): void {
  if (x.ndim > 0 && x.shape[dim] === 0) {
    throw new IndexError(`${name}(): Expected reduction dim ${shown} to have non-zero size.`);
  }
}

const extremeAllOps = {
  max: defineOp<object>('max', ([x]) => runKernel('max', x!, reducedDims(x!, null), false, x!.dtype)[0]!),
  min: defineOp<object>('min', ([x]) => runKernel('min', x!, reducedDims(x!, null), false, x!.dtype)[0]!),
};

interface DimAttrs {
  dim: number;
  keepdim: boolean;
}
const extremeDimOps = {
  max: defineOp<DimAttrs>('max_dim', ([x], { dim, keepdim }) => runKernel('max', x!, reducedDims(x!, dim), keepdim, x!.dtype, 0, true)),
  min: defineOp<DimAttrs>('min_dim', ([x], { dim, keepdim }) => runKernel('min', x!, reducedDims(x!, dim), keepdim, x!.dtype, 0, true)),
};

export interface MaxOptions {
  dim?: number;
  keepdim?: boolean;
}

function extreme(op: Extreme, x: Tensor, args: readonly unknown[]): Tensor | ValuesIndices {
  const first = args[0];
  if (first instanceof Tensor) return op === 'max' ? maximum(x, first) : minimum(x, first);
  const { dim, keepdim = false } = bindArgs<MaxOptions>(args, ['dim', 'keepdim']);
  if (dim === undefined || dim === null) {
    checkNonEmpty(op, x);
    return extremeAllOps[op].call([x], {});
  }
  const d = normalizeDim(dim, x.ndim);
  checkDimNonEmpty(op, x, d, d);
  const [values, indices] = extremeDimOps[op].callMulti([x], { dim: d, keepdim }) as Tensor[];
  return valuesIndices(values!, indices!);
}

/**
 * torch.max(x): the largest element (NaN if any). max(x, dim, keepdim): [values, indices], the
 * first occurrence of each maximum (a NaN's own index when there is one). max(x, other): maximum.
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim: number, opts: MaxOptions): ValuesIndices;
export function max(x: Tensor, opts: MaxOptions & { dim: number }): ValuesIndices;
export function max(x: Tensor, dim?: number | Tensor | MaxOptions, keepdim?: boolean | MaxOptions): Tensor | ValuesIndices;
export function max(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return extreme('max', x, args);
}

/** torch.min: as max, for the smallest. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim: number, opts: MaxOptions): ValuesIndices;
export function min(x: Tensor, opts: MaxOptions & { dim: number }): ValuesIndices;
export function min(x: Tensor, dim?: number | Tensor | MaxOptions, keepdim?: boolean | MaxOptions): Tensor | ValuesIndices;
export function min(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return extreme('min', x, args);
}

const aminmaxOps = {
  amax: defineOp<DimsAttrs>('amax', ([x], { dim, keepdim }) => runKernel('max', x!, dim, keepdim, x!.dtype)[0]!),
  amin: defineOp<DimsAttrs>('amin', ([x], { dim, keepdim }) => runKernel('min', x!, dim, keepdim, x!.dtype)[0]!),
};

function aminmax(name: 'amax' | 'amin', x: Tensor, args: DimsArgs): Tensor {
  const { dim, keepdim = false } = bindArgs<ReduceOptions>(args, ['dim', 'keepdim']);
  const dims = reducedDims(x, dim);
  const given = dim === null || dim === undefined ? [] : typeof dim === 'number' ? [dim] : dim;
  if (given.length === 0) checkNonEmpty(name, x);
  // NOTE: amax's message shows each dim as the caller wrote it (-1 stays -1), unlike max's.
  for (const g of given) checkDimNonEmpty(name, x, normalizeDim(g, x.ndim), g);
  return aminmaxOps[name].call([x], { dim: dims, keepdim });
}

/** torch.amax(x, dim, keepdim): the maximum over one or more dims (all by default), no indices. */
export function amax(x: Tensor, ...args: DimsArgs): Tensor {
  return aminmax('amax', x, args);
}
export function amin(x: Tensor, ...args: DimsArgs): Tensor {
  return aminmax('amin', x, args);
}

interface ArgAttrs {
  dim: number | null;
  keepdim: boolean;
}
const argOps = {
  argmax: defineOp<ArgAttrs>('argmax', ([x], { dim, keepdim }) => runKernel('argmax', x!, reducedDims(x!, dim), keepdim, 'int64')[0]!),
  argmin: defineOp<ArgAttrs>('argmin', ([x], { dim, keepdim }) => runKernel('argmin', x!, reducedDims(x!, dim), keepdim, 'int64')[0]!),
};

export interface ArgOptions {
  dim?: number | null;
  keepdim?: boolean;
}

function arg(name: 'argmax' | 'argmin', x: Tensor, args: ArgArgs): Tensor {
  const { dim = null, keepdim = false } = bindArgs<ArgOptions>(args, ['dim', 'keepdim']);
  if (x.dtype === 'bool') throw new DTypeError(`${name}(): does not support bool input`);
  if (dim === null) {
    if (x.numel() === 0) throw new IndexError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
    return argOps[name].call([x], { dim: null, keepdim });
  }
  const d = normalizeDim(dim, x.ndim);
  checkDimNonEmpty(name, x, d, d);
  return argOps[name].call([x], { dim: d, keepdim });
}

/** torch.argmax(x, dim, keepdim): int64 positions; dim null indexes the flattened tensor. */
export function argmax(x: Tensor, ...args: ArgArgs): Tensor {
  return arg('argmax', x, args);
}
export function argmin(x: Tensor, ...args: ArgArgs): Tensor {
  return arg('argmin', x, args);
}
