import { DTypeError, IndexError, ShapeError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { type Bound, type PyArgs, defineFunction } from '../signature/index.js';
import { maximum, minimum } from './elementwise.js';
import { type Dims, type DimsAttrs, type ValuesIndices, reducedDims, runKernel, valuesIndices }
  from './reduce-common.js';
import { defineOp } from './table.js';

// max/min (all elements, or values and indices along a dim), amax/amin, argmax/argmin. Ties give
// the first occurrence; a NaN wins and its own index is reported, as in PyTorch.

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
  input?: Tensor;
  other?: Tensor;
  dim?: number;
  keepdim?: boolean;
}
export type MaxDimParams = [dim: number, keepdim?: boolean];
/** max/min's three forms: everything (a Tensor), against another tensor (a Tensor), along a dim (a named tuple). */
type MaxFn = {
  (...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor;
  (...args: PyArgs<[input: Tensor, other: Tensor], { input?: Tensor; other?: Tensor }>): Tensor;
  (...args: PyArgs<[input: Tensor, ...MaxDimParams], MaxOptions>): ValuesIndices;
  (...args: PyArgs<[input: Tensor, dim?: number | Tensor, keepdim?: boolean], MaxOptions>): Tensor | ValuesIndices;
};

// PyTorch's order: everything, other, dim (so a Tensor second argument is `other`).
const extremeSignatures = (op: Extreme) => [
  `${op}(Tensor input)`,
  `${op}(Tensor input, Tensor other)`,
  `${op}(Tensor input, int dim, bool keepdim=False)`,
];

function extreme(op: Extreme, { input, other, dim, keepdim }: Bound): Tensor | ValuesIndices {
  const x = input as Tensor;
  if (other !== undefined) return op === 'max' ? maximum(x, other) : minimum(x, other);
  if (dim === undefined) {
    checkNonEmpty(op, x);
    return extremeAllOps[op].call([x], {});
  }
  const d = normalizeDim(dim, x.ndim);
  checkDimNonEmpty(op, x, d, d);
  const [values, indices] = extremeDimOps[op].callMulti([x], { dim: d, keepdim }) as Tensor[];
  return valuesIndices(values!, indices!);
}

/**
 * torch.max(input): the largest element (NaN if any). max(input, dim, keepdim): [values, indices],
 * the first occurrence of each maximum (a NaN's own index when there is one). max(input, other):
 * maximum.
 */
export const max = defineFunction<MaxFn>('max', extremeSignatures('max'), (a) => extreme('max', a), { method: true });

/** torch.min: as max, for the smallest. */
export const min = defineFunction<MaxFn>('min', extremeSignatures('min'), (a) => extreme('min', a), { method: true });

const aminmaxOps = {
  amax: defineOp<DimsAttrs>('amax', ([x], { dim, keepdim }) => runKernel('max', x!, dim, keepdim, x!.dtype)[0]!),
  amin: defineOp<DimsAttrs>('amin', ([x], { dim, keepdim }) => runKernel('min', x!, dim, keepdim, x!.dtype)[0]!),
};

export interface AmaxOptions {
  input?: Tensor;
  dim?: Dims;
  keepdim?: boolean;
}
export type AmaxParams = [dim?: Dims, keepdim?: boolean];
type AmaxFn = (...args: PyArgs<[input: Tensor, ...AmaxParams], AmaxOptions>) => Tensor;

function aminmax(name: 'amax' | 'amin', { input, dim, keepdim }: Bound): Tensor {
  const x = input as Tensor;
  const given = dim as number[];
  if (given.length === 0) checkNonEmpty(name, x);
  // NOTE: amax's message shows each dim as the caller wrote it (-1 stays -1), unlike max's.
  for (const g of given) checkDimNonEmpty(name, x, normalizeDim(g, x.ndim), g);
  return aminmaxOps[name].call([x], { dim: reducedDims(x, given), keepdim });
}

/** torch.amax(input, dim=(), keepdim): the maximum over one or more dims (all for ()), no indices. */
export const amax = defineFunction<AmaxFn>(
  'amax', 'amax(Tensor input, int[1] dim=[], bool keepdim=False)', (a) => aminmax('amax', a), { method: true },
);
/** torch.amin: as amax, for the minimum. */
export const amin = defineFunction<AmaxFn>(
  'amin', 'amin(Tensor input, int[1] dim=[], bool keepdim=False)', (a) => aminmax('amin', a), { method: true },
);

interface ArgAttrs {
  dim: number | null;
  keepdim: boolean;
}
const argOps = {
  argmax: defineOp<ArgAttrs>('argmax', ([x], { dim, keepdim }) => runKernel('argmax', x!, reducedDims(x!, dim), keepdim, 'int64')[0]!),
  argmin: defineOp<ArgAttrs>('argmin', ([x], { dim, keepdim }) => runKernel('argmin', x!, reducedDims(x!, dim), keepdim, 'int64')[0]!),
};

export interface ArgOptions {
  input?: Tensor;
  dim?: number | null;
  keepdim?: boolean;
}
export type ArgParams = [dim?: number | null, keepdim?: boolean];
type ArgFn = (...args: PyArgs<[input: Tensor, ...ArgParams], ArgOptions>) => Tensor;

function arg(name: 'argmax' | 'argmin', { input, dim, keepdim }: Bound): Tensor {
  const x = input as Tensor;
  if (x.dtype === 'bool') throw new DTypeError(`${name}(): does not support bool input`);
  if (dim === null) {
    if (x.numel() === 0) throw new IndexError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
    return argOps[name].call([x], { dim: null, keepdim });
  }
  const d = normalizeDim(dim, x.ndim);
  checkDimNonEmpty(name, x, d, d);
  return argOps[name].call([x], { dim: d, keepdim });
}

/** torch.argmax(input, dim=None, keepdim): int64 positions; dim None indexes the flattened tensor. */
export const argmax = defineFunction<ArgFn>(
  'argmax', 'argmax(Tensor input, int? dim=None, bool keepdim=False)', (a) => arg('argmax', a), { method: true },
);
/** torch.argmin: as argmax, for the minimum. */
export const argmin = defineFunction<ArgFn>(
  'argmin', 'argmin(Tensor input, int? dim=None, bool keepdim=False)', (a) => arg('argmin', a), { method: true },
);
