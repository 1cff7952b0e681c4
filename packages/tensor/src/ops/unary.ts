import type { PyArgs } from '../signature/py-args.js';
import { defineFunction } from '../signature/declare.js';
import type { Tensor } from '../tensor.js';
import { defineTensorMethod } from './define.js';
import { type UnaryName, unary, unaryInplace } from './elementwise.js';

// The public unary functions, torch.<name>(input) and Tensor.<name>(), and the in-place
// Tensor.<name>_() where PyTorch has one: each declared with PyTorch's signature, the formulas in
// ops/elementwise.ts.

export interface InputOption {
  input?: Tensor;
}
export type UnaryFn = (...args: PyArgs<[input: Tensor], InputOption>) => Tensor;
/** A Tensor method's implementation: self and the method's own arguments. */
export type InplaceMethod = (self: Tensor, args: readonly unknown[]) => Tensor;

function unaryFunction(name: UnaryName, as: string = name) {
  return defineFunction<UnaryFn>(as, `${as}(Tensor input)`, (a) => unary(name, a.input), { method: true });
}

/** self.<name>_(): the op's result written into self (PyTorch's in-place checks first). */
function inplaceMethod(name: UnaryName, as: string = name): InplaceMethod {
  const method = defineTensorMethod(`${as}_`, `${as}_(Tensor input)`, (a) => unaryInplace(name, a.input));
  return method as InplaceMethod;
}

export const abs = unaryFunction('abs');
export const neg = unaryFunction('neg');
export const negative = unaryFunction('neg', 'negative');
export const sign = unaryFunction('sign');
export const exp = unaryFunction('exp');
export const expm1 = unaryFunction('expm1');
export const log = unaryFunction('log');
export const log1p = unaryFunction('log1p');
export const log2 = unaryFunction('log2');
export const log10 = unaryFunction('log10');
export const sqrt = unaryFunction('sqrt');
export const rsqrt = unaryFunction('rsqrt');
export const reciprocal = unaryFunction('reciprocal');
export const sin = unaryFunction('sin');
export const cos = unaryFunction('cos');
export const tan = unaryFunction('tan');
export const tanh = unaryFunction('tanh');
export const sigmoid = unaryFunction('sigmoid');
export const erf = unaryFunction('erf');
export const relu = unaryFunction('relu');
export const floor = unaryFunction('floor');
export const ceil = unaryFunction('ceil');
export const trunc = unaryFunction('trunc');
export const square = unaryFunction('square');
export const logical_not = unaryFunction('logical_not');
export const isnan = unaryFunction('isnan');
export const isinf = unaryFunction('isinf');
export const isfinite = unaryFunction('isfinite');

export interface RoundOptions extends InputOption {
  decimals?: number | bigint | Tensor;
}
export type RoundFn = (...args: PyArgs<[input: Tensor], RoundOptions>) => Tensor;
const ROUND = ['round(Tensor input)', 'round(Tensor input, *, int decimals)'];
const roundAttrs = (a: { decimals?: number }) => ({ decimals: a.decimals ?? null });

/**
 * torch.round(x): half to even; torch.round(x, { decimals }): PyTorch's round.decimals, which
 * scales by 10^decimals, rounds half to even and scales back, each step rounded in x's dtype.
 */
export const round = defineFunction<RoundFn>('round', ROUND, (a) => unary('round', a.input, roundAttrs(a)), { method: true });

/** Tensor.<name>_() for each unary op PyTorch has in place (isnan/isinf/isfinite have none). */
export const inplace = {
  abs_: inplaceMethod('abs'),
  neg_: inplaceMethod('neg'),
  negative_: inplaceMethod('neg', 'negative'),
  sign_: inplaceMethod('sign'),
  exp_: inplaceMethod('exp'),
  expm1_: inplaceMethod('expm1'),
  log_: inplaceMethod('log'),
  log1p_: inplaceMethod('log1p'),
  log2_: inplaceMethod('log2'),
  log10_: inplaceMethod('log10'),
  sqrt_: inplaceMethod('sqrt'),
  rsqrt_: inplaceMethod('rsqrt'),
  reciprocal_: inplaceMethod('reciprocal'),
  sin_: inplaceMethod('sin'),
  cos_: inplaceMethod('cos'),
  tan_: inplaceMethod('tan'),
  tanh_: inplaceMethod('tanh'),
  sigmoid_: inplaceMethod('sigmoid'),
  erf_: inplaceMethod('erf'),
  relu_: inplaceMethod('relu'),
  floor_: inplaceMethod('floor'),
  ceil_: inplaceMethod('ceil'),
  trunc_: inplaceMethod('trunc'),
  square_: inplaceMethod('square'),
  logical_not_: inplaceMethod('logical_not'),
  round_: defineTensorMethod('round_', ['round_(Tensor input)', 'round_(Tensor input, *, int decimals)'], (a) =>
    unaryInplace('round', a.input, roundAttrs(a)),
  ) as InplaceMethod,
};
