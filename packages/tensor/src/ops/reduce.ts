import { get_default_dtype, isFloating, scalarName } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { castTo } from './helpers.js';
import {
  type DimArg,
  type DimsAttrs,
  type DimsArgs,
  type DimsDTypeAttrs,
  type ReduceArgs,
  type ReduceOptions,
  type VarOptions,
  accumulateDType,
  bindArgs,
  kernelInput,
  reducedDims,
  runKernel,
} from './reduce-common.js';
import { defineOp } from './table.js';

export type { DimArg, DimsArgs, DTypeOptions, ReduceArgs, ReduceOptions, VarOptions } from './reduce-common.js';
export { cumprod, cumsum, log_softmax, softmax } from './scan.js';
export * from './extrema.js';
export type { AlongOptions, ScanParams, SoftmaxParams } from './scan.js';

// Reductions. Every one is an op-table entry whose attrs hold the reduced dims normalized and
// ascending (all dims spelled out), so a derivative formula never re-derives PyTorch's dim rules.
// Entry names follow ATen: sum, mean, prod, var, std, logsumexp, all, any here; max/min (all
// elements), max_dim/min_dim (values and indices), amax, amin, argmax, argmin in extrema.ts;
// softmax, log_softmax, cumsum, cumprod in scan.ts.

/**
 * Argument forms (see ReduceArgs): sum/mean take a dtype keyword; prod one dim at most; amax/amin,
 * all and any dims and keepdim only.
 */
export type SumArgs = ReduceArgs;
export type ProdArgs = ReduceArgs<ProdOptions, number | null | undefined>;
/** logsumexp's dim is required. */
export type LogsumexpArgs =
  | [opts: Omit<ReduceOptions, 'dtype'> & { dim: number | readonly number[] }]
  | [dim: number | readonly number[], opts?: Omit<ReduceOptions, 'dtype'>]
  | [dim: number | readonly number[], keepdim: boolean | undefined, opts?: Omit<ReduceOptions, 'dtype'>];

// --- sum, mean, prod -----------------------------------------------------------------------------

const sumOp = defineOp<DimsDTypeAttrs>('sum', ([x], { dim, keepdim, dtype }) => {
  const out = accumulateDType(x!.dtype, dtype);
  return runKernel('sum', kernelInput(x!, out), dim, keepdim, out)[0]!;
});

/** torch.sum(x), sum(x, dim, keepdim, {dtype}); dim [] sums everything, as PyTorch's does. */
export function sum(x: Tensor, ...args: SumArgs): Tensor {
  const { dim, keepdim = false, dtype = null } = bindArgs<ReduceOptions>(args, ['dim', 'keepdim']);
  return sumOp.call([x], { dim: reducedDims(x, dim), keepdim, dtype });
}

const meanOp = defineOp<DimsDTypeAttrs>('mean', ([x], { dim, keepdim, dtype }) => {
  const out = dtype ?? x!.dtype;
  return runKernel('mean', castTo(x!, out), dim, keepdim, out)[0]!;
});

/** torch.mean: float (or a float `dtype`) only; an empty reduction is NaN. */
export function mean(x: Tensor, ...args: SumArgs): Tensor {
  const { dim, keepdim = false, dtype = null } = bindArgs<ReduceOptions>(args, ['dim', 'keepdim']);
  const out = dtype ?? x.dtype;
  if (!isFloating(out)) {
    const which = dtype ? 'Optional' : 'Input';
    throw new DTypeError(`mean(): could not infer output dtype. ${which} dtype must be either a floating point or complex dtype. Got: ${scalarName(out)}`);
  }
  return meanOp.call([x], { dim: reducedDims(x, dim), keepdim, dtype });
}

const prodOp = defineOp<DimsDTypeAttrs>('prod', ([x], { dim, keepdim, dtype }) => {
  const out = accumulateDType(x!.dtype, dtype);
  return runKernel('prod', kernelInput(x!, out), dim, keepdim, out)[0]!;
});

export interface ProdOptions extends ReduceOptions {
  dim?: number | null;
}

/** torch.prod(x) or prod(x, dim, keepdim, {dtype}): one dim at most, as in PyTorch. */
export function prod(x: Tensor, ...args: ProdArgs): Tensor {
  const { dim, keepdim = false, dtype = null } = bindArgs<ProdOptions>(args, ['dim', 'keepdim']);
  return prodOp.call([x], { dim: reducedDims(x, dim), keepdim, dtype });
}

// --- var, std ------------------------------------------------------------------------------------

interface VarAttrs extends DimsAttrs {
  correction: number;
}

function varEntry(name: 'var' | 'std') {
  return defineOp<VarAttrs>(name, ([x], { dim, keepdim, correction }) => runKernel(name, x!, dim, keepdim, x!.dtype, correction)[0]!);
}
const varOps = { var: varEntry('var'), std: varEntry('std') };

/** var(x), var(x, unbiased), var(x, dim, {correction, keepdim}), or the legacy var(x, dim, unbiased, keepdim). */
export type VarArgs =
  | [opts?: VarOptions]
  | [unbiased: boolean]
  | [dim: DimArg, opts?: VarOptions]
  | [dim: DimArg, unbiased: boolean | undefined, keepdim?: boolean, opts?: VarOptions];

function variance(name: 'var' | 'std', x: Tensor, args: VarArgs): Tensor {
  // The second positional argument is the legacy `unbiased` flag (var(x, 1, false, true)).
  const names: (keyof VarOptions)[] = typeof args[0] === 'boolean' ? ['unbiased'] : ['dim', 'unbiased', 'keepdim'];
  const { dim, unbiased, correction, keepdim = false } = bindArgs<VarOptions>(args, names);
  if (unbiased !== undefined && correction !== undefined) {
    throw new ValueError(`${name}() received an invalid combination of arguments - got both unbiased and correction`, 'TypeError');
  }
  if (!isFloating(x.dtype)) throw new DTypeError('std and var only support floating point and complex dtypes');
  const c = correction ?? (unbiased === false ? 0 : 1);
  return varOps[name].call([x], { dim: reducedDims(x, dim), keepdim, correction: c });
}

/**
 * torch.var: sum((x - mean)^2) / max(0, N - correction), correction 1 by default. N <= correction
 * gives inf (NaN when every deviation is 0), as PyTorch does (it also warns).
 */
export function var_(x: Tensor, ...args: VarArgs): Tensor {
  return variance('var', x, args);
}
export { var_ as var };

/** torch.std: sqrt of var, with var's arguments. */
export function std(x: Tensor, ...args: VarArgs): Tensor {
  return variance('std', x, args);
}

// --- logsumexp -----------------------------------------------------------------------------------

const logsumexpOp = defineOp<DimsAttrs>('logsumexp', ([x], { dim, keepdim }) => {
  const xf = isFloating(x!.dtype) ? x! : castTo(x!, get_default_dtype());
  return runKernel('logsumexp', xf, dim, keepdim, xf.dtype)[0]!;
});

/**
 * torch.logsumexp(x, dim, keepdim) = max + log(sum(exp(x - max))), with an infinite max taken as 0
 * (so all -inf gives -inf and +inf gives inf). Integer input computes in the default float dtype.
 */
export function logsumexp(x: Tensor, ...args: LogsumexpArgs): Tensor {
  const { dim, keepdim = false } = bindArgs<ReduceOptions>(args, ['dim', 'keepdim']);
  if (dim === undefined || dim === null) {
    throw new ValueError('logsumexp() missing 1 required positional arguments: "dim"', 'TypeError');
  }
  // NOTE: PyTorch reduces everything for dim [] but then fails adding the kept-dim maxes back
  // (only for a non-empty tensor with dims and keepdim false); its message is reproduced.
  if (Array.isArray(dim) && dim.length === 0 && !keepdim && x.ndim > 0 && x.numel() > 0) {
    throw new ShapeError(`output with shape [] doesn't match the broadcast shape ${formatShape(x.shape.map(() => 1))}`);
  }
  return logsumexpOp.call([x], { dim: reducedDims(x, dim), keepdim });
}

// --- all, any --------------------------------------------------------------------------------------

function truthEntry(name: 'all' | 'any') {
  // NOTE: uint8 input gives a uint8 result (PyTorch keeps it for backward compatibility).
  return defineOp<DimsAttrs>(name, ([x], { dim, keepdim }) =>
    runKernel(name, x!, dim, keepdim, x!.dtype === 'uint8' ? 'uint8' : 'bool')[0]!,
  );
}
const truthOps = { all: truthEntry('all'), any: truthEntry('any') };

/** torch.all(x, dim, keepdim): whether every element is nonzero (NaN counts as true). dim [] reduces nothing. */
export function all(x: Tensor, ...args: DimsArgs): Tensor {
  const { dim, keepdim = false } = bindArgs<ReduceOptions>(args, ['dim', 'keepdim']);
  return truthOps.all.call([x], { dim: reducedDims(x, dim, true), keepdim });
}
export function any(x: Tensor, ...args: DimsArgs): Tensor {
  const { dim, keepdim = false } = bindArgs<ReduceOptions>(args, ['dim', 'keepdim']);
  return truthOps.any.call([x], { dim: reducedDims(x, dim, true), keepdim });
}
