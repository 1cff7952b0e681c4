import { type DType, isFloating } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { type Generator, default_generator } from '../random.js';
import type { FloatValues } from '../rng/distributions.js';
import { samplePoisson } from '../rng/poisson.js';
import { cauchyValues, geometricValues, logNormalValues } from '../rng/transforms.js';
import { type Bound, type PyArgs, defineFunction, defineMethod } from '../signature/index.js';
import { type Tensor, hostValues } from '../tensor.js';
import { empty } from './helpers.js';
import { cppDouble, notImplemented, storeInMemoryOrder } from './random.js';
import { checkNoInternalOverlap } from './overlap.js';
import { defineOp } from './table.js';

// geometric_, cauchy_, log_normal_ and torch.poisson with PyTorch's CPU draws (rng/transforms.ts,
// rng/poisson.ts): the in-place fills write in memory order, as PyTorch's serial kernels do; poisson
// makes a new contiguous tensor of the input's dtype, drawn in its logical order.

export interface GeneratorArg {
  generator?: Generator | null;
}
/** A float may also be a one-element tensor, as PyTorch's parser allows. */
type Float = number | Tensor;
export interface GeometricOptions extends GeneratorArg {
  p?: Float;
}
export interface CauchyOptions extends GeneratorArg {
  median?: Float;
  sigma?: Float;
}
export interface LogNormalOptions extends GeneratorArg {
  mean?: Float;
  std?: Float;
}
export interface PoissonOptions extends GeneratorArg {
  input?: Tensor;
}
export type GeometricParams = [p: Float];
export type CauchyParams = [median?: Float, sigma?: Float];
export type LogNormalParams = [mean?: Float, std?: Float];
type PoissonFn = (...args: PyArgs<[input: Tensor, generator?: Generator | null], PoissonOptions>) => Tensor;

const generatorOf = (a: Bound): Generator => a.generator ?? default_generator;
const storedDType = (values: FloatValues): DType => (values instanceof Float64Array ? 'float64' : 'float32');

/** The names PyTorch's cauchy_ check prints for a dtype (C++'s names of the element types). */
const cppTypeName: Partial<Record<DType, string>> = {
  int64: 'long int', int32: 'int', int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};

// --- in-place fills (op-table entries: they bump the version counter; autograd sees zeros) -------

// The fills check internal overlap where PyTorch's TensorIterator does: after their argument
// checks and the early return for an empty tensor, before the kernel's dtype check.

interface GeometricAttrs { p: number; generator: Generator }
interface CauchyAttrs { median: number; sigma: number; generator: Generator }
interface LogNormalAttrs { mean: number; std: number; generator: Generator }

const geometricOp = defineOp<GeometricAttrs>('geometric_', ([self], { p, generator }, out) => {
  const t = out ?? empty(self!.shape, self!.dtype, self!.device);
  const values = geometricValues(t.numel(), t.dtype, p, generator);
  storeInMemoryOrder(t, storedDType(values), values);
  return t;
});

const cauchyOp = defineOp<CauchyAttrs>('cauchy_', ([self], { median, sigma, generator }, out) => {
  const t = out ?? empty(self!.shape, self!.dtype, self!.device);
  const values = cauchyValues(t.numel(), t.dtype, median, sigma, generator);
  storeInMemoryOrder(t, storedDType(values), values);
  return t;
});

const logNormalOp = defineOp<LogNormalAttrs>('log_normal_', ([self], { mean, std, generator }, out) => {
  const t = out ?? empty(self!.shape, self!.dtype, self!.device);
  const values = logNormalValues(t.numel(), t.dtype, mean, std, generator);
  storeInMemoryOrder(t, storedDType(values), values);
  return t;
});

const geometricSig = defineMethod('geometric_', 'geometric_(Tensor self, float p, *, Generator? generator=None)');
const cauchySig = defineMethod(
  'cauchy_', 'cauchy_(Tensor self, float median=0, float sigma=1, *, Generator? generator=None)',
);
const logNormalSig = defineMethod(
  'log_normal_', 'log_normal_(Tensor self, float mean=1, float std=2, *, Generator? generator=None)',
);

/**
 * self.geometric_(p): the number of Bernoulli(p) trials up to the first success, ceil(log(u) /
 * log1p(-p)), for every dtype but bool (integers take C++'s cast of the double).
 */
export function geometric_(self: Tensor, args: readonly unknown[]): Tensor {
  const a = geometricSig.bind(args, self);
  const p: number = a.p;
  if (!(p > 0 && p < 1)) throw new ValueError(`geometric_ expects p to be in (0, 1), but got p=${cppDouble(p)}`);
  // An empty tensor skips PyTorch's iterator and kernel, so their checks too (it still counts as a write).
  if (self.numel() > 0) {
    checkNoInternalOverlap(self);
    if (self.dtype === 'bool') throw notImplemented('geometric_cpu', self.dtype);
  }
  return geometricOp.callInplace([self], { p, generator: generatorOf(a) });
}

/** self.cauchy_(median, sigma): median + sigma * tan(pi * (u - 0.5)); floating dtypes only. */
export function cauchy_(self: Tensor, args: readonly unknown[]): Tensor {
  const a = cauchySig.bind(args, self);
  const median: number = a.median;
  const sigma: number = a.sigma;
  if (!(sigma > 0)) throw new ValueError(`cauchy_ expects sigma > 0.0, but found sigma=${cppDouble(sigma)}`);
  if (!isFloating(self.dtype)) {
    throw new DTypeError(
      'Cauchy distribution is a continuous probability distribution. dtype must be a floating point ' +
        `but you specified ${cppTypeName[self.dtype]}`,
    );
  }
  if (self.numel() > 0) checkNoInternalOverlap(self);
  return cauchyOp.callInplace([self], { median, sigma, generator: generatorOf(a) });
}

/** self.log_normal_(mean, std): exp of normal(mean, std) draws (the scalar normal path). */
export function log_normal_(self: Tensor, args: readonly unknown[]): Tensor {
  const a = logNormalSig.bind(args, self);
  const mean: number = a.mean;
  const std: number = a.std;
  if (!(std > 0)) throw new ValueError(`log_normal_ expects std > 0.0, but found std=${cppDouble(std)}`);
  if (self.numel() > 0) {
    checkNoInternalOverlap(self);
    if (!isFloating(self.dtype)) throw notImplemented('log_normal_cpu', self.dtype);
  }
  return logNormalOp.callInplace([self], { mean, std, generator: generatorOf(a) });
}

// --- torch.poisson --------------------------------------------------------------------------------

interface PoissonAttrs { generator: Generator }

const poissonOp = defineOp<PoissonAttrs>('poisson', ([rates], { generator }) => {
  const out = empty(rates!.shape, rates!.dtype, rates!.device);
  const lambdas = hostValues(rates!);
  const n = lambdas.length;
  // NOTE: an int64 count goes to float16/bfloat16 through float32 (C++'s casts), rounded twice.
  const values = out.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = samplePoisson(lambdas[i] as number, generator);
  storeInMemoryOrder(out, storedDType(values), values);
  return out;
});

/**
 * torch.poisson(input, generator): one Poisson sample per rate in input, a new tensor of input's
 * (floating) dtype. NOTE: PyTorch checks each rate as it reaches it, after drawing for the ones
 * before; wick checks them all first, so a bad rate leaves the generator untouched.
 */
export const poisson = defineFunction<PoissonFn>('poisson', 'poisson(Tensor input, Generator? generator=None)', (a) => {
  const input: Tensor = a.input;
  if (!isFloating(input.dtype)) throw notImplemented('poisson_cpu', input.dtype);
  const rates = hostValues(input);
  for (let i = 0; i < rates.length; i++) {
    if (!((rates[i] as number) >= 0)) throw new ValueError('invalid Poisson rate, expected rate to be non-negative');
  }
  return poissonOp.call([input], { generator: generatorOf(a) });
});
