import { get_default_dtype, isComplex, isFloating, scalarName } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { type Bound, type PyArgs, defineFunction } from '../signature/index.js';
import { castTo } from './helpers.js';
import {
  type Dims,
  type DimsAttrs,
  type DimsDTypeAttrs,
  type DTypeOptions,
  accumulateDType,
  kernelInput,
  reducedDims,
  runComplexKernel,
  runKernel,
} from './reduce-common.js';
import { defineOp } from './table.js';

export type { DimArg, Dims, DTypeOptions, ValuesIndices } from './reduce-common.js';
export { cumprod, cumprodInplace, cumsum, cumsumInplace, log_softmax, softmax } from './scan.js';
export * from './extrema.js';
export * from './sort.js';
export type { AlongOptions, ScanParams, SoftmaxParams } from './scan.js';

// Reductions. Every one is an op-table entry whose attrs hold the reduced dims normalized and
// ascending (all dims spelled out), so a derivative formula never re-derives PyTorch's dim rules.
// Entry names follow ATen: sum, mean, prod, var, std, logsumexp, all, any here; max/min (all
// elements), max_dim/min_dim (values and indices), amax, amin, argmax, argmin in extrema.ts;
// softmax, log_softmax, cumsum, cumprod in scan.ts; sort, topk in sort.ts. Each function declares
// PyTorch's signatures (every overload, in the order PyTorch's parser tries them) and is also the
// Tensor method of the same name.

/** The parameters of sum and mean by name; positionally (input, dim, keepdim), dtype by name only. */
export interface ReduceOptions extends DTypeOptions {
  input?: Tensor;
  dim?: Dims | null;
  keepdim?: boolean;
}
export type SumParams = [dim?: Dims | null, keepdim?: boolean];
type SumFn = (...args: PyArgs<[input: Tensor, ...SumParams], ReduceOptions>) => Tensor;

// --- sum, mean, prod -----------------------------------------------------------------------------

const sumOp = defineOp<DimsDTypeAttrs>('sum', ([x], { dim, keepdim, dtype }) => {
  const out = accumulateDType(x!.dtype, dtype);
  if (isComplex(out)) return runComplexKernel('sum', castTo(x!, out), dim, keepdim);
  return runKernel('sum', kernelInput(x!, out), dim, keepdim, out)[0]!;
});

/** torch.sum(input, dim, keepdim, *, dtype); no dim, None and [] sum everything, as PyTorch's does. */
export const sum = defineFunction<SumFn>(
  'sum',
  [
    'sum(Tensor input, *, ScalarType? dtype=None)',
    'sum(Tensor input, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  ({ input, dim = null, keepdim = false, dtype }) =>
    sumOp.call([input], { dim: reducedDims(input, dim), keepdim, dtype }),
  { method: true },
);

const meanOp = defineOp<DimsDTypeAttrs>('mean', ([x], { dim, keepdim, dtype }) => {
  const out = dtype ?? x!.dtype;
  if (isComplex(out)) return runComplexKernel('mean', castTo(x!, out), dim, keepdim);
  return runKernel('mean', castTo(x!, out), dim, keepdim, out)[0]!;
});

/** torch.mean: sum's arguments; float or complex (or such a `dtype`) only; an empty reduction is NaN. */
export const mean = defineFunction<SumFn>(
  'mean',
  [
    'mean(Tensor input, *, ScalarType? dtype=None)',
    'mean(Tensor input, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  ({ input, dim = null, keepdim = false, dtype }) => {
    const out = dtype ?? input.dtype;
    if (!isFloating(out) && !isComplex(out)) {
      const which = dtype ? 'Optional' : 'Input';
      throw new DTypeError(
        `mean(): could not infer output dtype. ${which} dtype must be either a floating point or complex dtype. ` +
          `Got: ${scalarName(out)}`,
      );
    }
    return meanOp.call([input], { dim: reducedDims(input, dim), keepdim, dtype });
  },
  { method: true },
);

const prodOp = defineOp<DimsDTypeAttrs>('prod', ([x], { dim, keepdim, dtype }) => {
  const out = accumulateDType(x!.dtype, dtype);
  return runKernel('prod', kernelInput(x!, out), dim, keepdim, out)[0]!;
});

export interface ProdOptions extends DTypeOptions {
  input?: Tensor;
  dim?: number;
  keepdim?: boolean;
}
export type ProdParams = [dim?: number, keepdim?: boolean];
type ProdFn = (...args: PyArgs<[input: Tensor, ...ProdParams], ProdOptions>) => Tensor;

/** torch.prod(input, *, dtype) or prod(input, dim, keepdim, *, dtype): one dim at most, as in PyTorch. */
export const prod = defineFunction<ProdFn>(
  'prod',
  [
    'prod(Tensor input, *, ScalarType? dtype=None)',
    'prod(Tensor input, int dim, bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  ({ input, dim = null, keepdim = false, dtype }) =>
    prodOp.call([input], { dim: reducedDims(input, dim), keepdim, dtype }),
  { method: true },
);

// --- var, std ------------------------------------------------------------------------------------

interface VarAttrs extends DimsAttrs {
  correction: number;
}

function varEntry(name: 'var' | 'std') {
  return defineOp<VarAttrs>(name, ([x], { dim, keepdim, correction }) => runKernel(name, x!, dim, keepdim, x!.dtype, correction)[0]!);
}
const varOps = { var: varEntry('var'), std: varEntry('std') };

export interface VarOptions {
  input?: Tensor;
  dim?: Dims | null;
  unbiased?: boolean;
  correction?: number | boolean | null;
  keepdim?: boolean;
}
/** (dim, unbiased, keepdim) positionally; correction by name (with dim and keepdim); or (unbiased) alone. */
type VarDimParams = [dim?: Dims | null, unbiased?: boolean, keepdim?: boolean];
export type VarParams = PyArgs<VarDimParams, VarOptions> | [unbiased: boolean];
type VarFn = (...args: PyArgs<[input: Tensor, ...VarDimParams], VarOptions> | [input: Tensor, unbiased: boolean]) => Tensor;

// PyTorch's three overloads: the legacy (dim, unbiased, keepdim), the current (dim, *, correction,
// keepdim), and (unbiased) alone.
const varianceSignatures = (name: 'var' | 'std') => [
  `${name}(Tensor input, int[1]? dim, bool unbiased=True, bool keepdim=False)`,
  `${name}(Tensor input, int[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)`,
  `${name}(Tensor input, bool unbiased=True)`,
];

function variance(name: 'var' | 'std', a: Bound): Tensor {
  const { input, dim = null, unbiased, correction = null, keepdim = false } = a;
  if (!isFloating(input.dtype)) throw new DTypeError('std and var only support floating point and complex dtypes');
  const c = correction === null ? (unbiased === false ? 0 : 1) : Number(correction);
  return varOps[name].call([input], { dim: reducedDims(input, dim), keepdim, correction: c });
}

/**
 * torch.var: sum((x - mean)^2) / max(0, N - correction), correction 1 by default (0 for
 * unbiased=False). N <= correction gives inf (NaN when every deviation is 0), as PyTorch does (it
 * also warns).
 */
const var_ = defineFunction<VarFn>('var', varianceSignatures('var'), (a) => variance('var', a), { method: true });
export { var_ as var };

/** torch.std: sqrt of var, with var's arguments. */
export const std = defineFunction<VarFn>('std', varianceSignatures('std'), (a) => variance('std', a), { method: true });

// --- logsumexp -----------------------------------------------------------------------------------

const logsumexpOp = defineOp<DimsAttrs>('logsumexp', ([x], { dim, keepdim }) => {
  const xf = isFloating(x!.dtype) ? x! : castTo(x!, get_default_dtype());
  return runKernel('logsumexp', xf, dim, keepdim, xf.dtype)[0]!;
});

export interface LogsumexpOptions {
  input?: Tensor;
  dim?: Dims;
  keepdim?: boolean;
}
export type LogsumexpParams = [dim: Dims, keepdim?: boolean];
type LogsumexpFn = (...args: PyArgs<[input: Tensor, ...LogsumexpParams], LogsumexpOptions>) => Tensor;

/**
 * torch.logsumexp(input, dim, keepdim) = max + log(sum(exp(x - max))), with an infinite max taken
 * as 0 (so all -inf gives -inf and +inf gives inf). Integer input computes in the default float dtype.
 */
export const logsumexp = defineFunction<LogsumexpFn>(
  'logsumexp',
  'logsumexp(Tensor input, int[1] dim, bool keepdim=False)',
  ({ input, dim, keepdim }) => {
    // NOTE: PyTorch reduces everything for dim [] but then fails adding the kept-dim maxes back
    // (only for a non-empty tensor with dims and keepdim false); its message is reproduced.
    if (dim.length === 0 && !keepdim && input.ndim > 0 && input.numel() > 0) {
      const kept = formatShape(input.shape.map(() => 1));
      throw new ShapeError(`output with shape [] doesn't match the broadcast shape ${kept}`);
    }
    return logsumexpOp.call([input], { dim: reducedDims(input, dim), keepdim });
  },
  { method: true },
);

// --- all, any --------------------------------------------------------------------------------------

function truthEntry(name: 'all' | 'any') {
  // NOTE: uint8 input gives a uint8 result (PyTorch keeps it for backward compatibility).
  return defineOp<DimsAttrs>(name, ([x], { dim, keepdim }) =>
    runKernel(name, x!, dim, keepdim, x!.dtype === 'uint8' ? 'uint8' : 'bool')[0]!,
  );
}
const truthOps = { all: truthEntry('all'), any: truthEntry('any') };

export interface TruthOptions {
  input?: Tensor;
  dim?: Dims | null;
  keepdim?: boolean;
}
export type TruthParams = [dim?: Dims | null, keepdim?: boolean];
type TruthFn = (...args: PyArgs<[input: Tensor, ...TruthParams], TruthOptions>) => Tensor;

// PyTorch's overloads: everything, a list of dims (int[] takes no bare int), one dim.
const truthSignatures = (name: 'all' | 'any') => [
  `${name}(Tensor input)`,
  `${name}(Tensor input, int[]? dim=None, bool keepdim=False)`,
  `${name}(Tensor input, int dim, bool keepdim=False)`,
];
const truth = (name: 'all' | 'any', { input, dim = null, keepdim = false }: Bound) =>
  truthOps[name].call([input], { dim: reducedDims(input, dim, true), keepdim });

/** torch.all(input, dim, keepdim): whether every element is nonzero (NaN counts as true). dim [] reduces nothing. */
export const all = defineFunction<TruthFn>('all', truthSignatures('all'), (a) => truth('all', a), { method: true });
/** torch.any(input, dim, keepdim): whether some element is nonzero. dim [] reduces nothing. */
export const any = defineFunction<TruthFn>('any', truthSignatures('any'), (a) => truth('any', a), { method: true });
