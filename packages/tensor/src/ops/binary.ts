import type { Complex } from '../complex.js';
import { isComplex, isFloating } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { PyArgs } from '../signature/py-args.js';
import type { Bound } from '../signature/bind.js';
import { defineFunction } from '../signature/declare.js';
import { Tensor } from '../tensor.js';
import { convert } from './convert.js';
import { defineFunctionAndMethod, defineTensorMethod } from './define.js';
import { type BinaryName, binary, binaryInplace } from './elementwise.js';
import { type Scalar, type TensorOrScalar, asTensor, castTo, resultType } from './helpers.js';
import { type NumberArg, isFloatScalar } from './scalars.js';
import type { InplaceMethod } from './unary.js';

// The public binary functions, torch.<name>(input, other) and Tensor.<name>(other), and their
// in-place Tensor.<name>_(other), each with PyTorch's overloads. Where PyTorch's parser lets a
// Tensor parameter take a Python number (add, sub, mul, div and their aliases), the parameter is a
// TensorOrNumber: a number works, a string is "must be Tensor, not str" as in PyTorch.

/** A Python number as JS passes it, or a one-element tensor standing for one. */
export type NumberLike = Scalar | Tensor | Complex;
export type Operand = Tensor | Scalar | Complex;

export interface OtherOptions {
  other?: Operand;
}
export interface BinaryOptions extends OtherOptions {
  input?: Operand;
}
export interface AlphaOptions extends BinaryOptions {
  alpha?: NumberLike;
}
export interface DivOptions extends BinaryOptions {
  rounding_mode?: 'trunc' | 'floor' | null;
}
export interface AlphaMethodOptions extends OtherOptions {
  alpha?: NumberLike;
}
export interface DivMethodOptions extends OtherOptions {
  rounding_mode?: 'trunc' | 'floor' | null;
}
export interface PowOptions {
  input?: Tensor;
  self?: NumberLike;
  exponent?: Operand;
}

export type BinaryFn = (...args: PyArgs<[input: Operand, other: Operand], BinaryOptions>) => Tensor;
export type AlphaFn = (...args: PyArgs<[input: Operand, other: Operand], AlphaOptions>) => Tensor;
export type SubtractFn = (...args: PyArgs<[input: Operand, other: Operand, alpha?: NumberLike], AlphaOptions>) => Tensor;
export type DivFn = (...args: PyArgs<[input: Operand, other: Operand], DivOptions>) => Tensor;
export type PowFn = (...args: PyArgs<[input: Operand, exponent: Operand], PowOptions>) => Tensor;

// --- add and sub: other scaled by alpha ----------------------------------------------------------

/** PyTorch refuses subtraction on bool tensors and points to the logical ops instead. */
function checkSubtractable(a: TensorOrScalar, b: TensorOrScalar): void {
  const isBool = (v: TensorOrScalar) => (v instanceof Tensor ? v.dtype === 'bool' : typeof v === 'boolean');
  if (isBool(a) && isBool(b)) {
    throw new DTypeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  if (isBool(a) || isBool(b)) {
    throw new DTypeError('Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
}

/**
 * input + alpha * other (or minus), as PyTorch's add kernel computes it: alpha * other in the
 * dtype input and other promote to, then the sum; alpha checked against that dtype first.
 */
function addScaled(name: 'add' | 'sub', a: Bound, inplace: boolean): Tensor {
  const self = a.input as TensorOrScalar;
  const other = a.other as TensorOrScalar;
  const alpha = a.alpha as NumberArg;
  if (name === 'sub') checkSubtractable(self, other);
  let scaled: TensorOrScalar = other;
  if (alpha !== 1) {
    const same = self instanceof Tensor && other instanceof Tensor && self.dtype === other.dtype;
    const common = same ? self.dtype : resultType(self, other);
    if ((typeof alpha === 'boolean' || (alpha instanceof Tensor && alpha.dtype === 'bool')) && common !== 'bool') {
      throw new DTypeError('Boolean alpha only supported for Boolean results.');
    }
    if (isFloatScalar(alpha) && !isFloating(common) && !isComplex(common)) {
      throw new DTypeError('For integral input tensors, argument alpha must not be a floating point number.');
    }
    // other in the common dtype (through the op table, so a gradient reaches it), times alpha, a
    // scalar as weak as Python's: the product stays in that dtype.
    // A number stays a CPU scalar (in the common dtype), which the op moves to its device.
    const o = other instanceof Tensor ? convert(other, common, other.device) : castTo(asTensor(other), common);
    scaled = binary('mul', o, alpha);
  }
  return inplace ? binaryInplace(name, self as Tensor, scaled) : binary(name, self, scaled);
}

const ADD = 'add(TensorOrNumber input, TensorOrNumber other, *, Number alpha=1)';
const SUB = 'sub(TensorOrNumber input, TensorOrNumber other, *, Number alpha=1)';
const SUBTRACT = ['subtract(TensorOrNumber input, TensorOrNumber other, *, Number alpha=1)', 'subtract(TensorOrNumber input, Number other, Number alpha=1)'];
const DEPRECATED = "PyTorch's deprecated (input, alpha, other) form, which warns 'This overload of add is deprecated'";

/** torch.add(input, other, { alpha }): input + alpha * other. */
export const add = defineFunctionAndMethod<AlphaFn>('add', ADD, (a) => addScaled('add', a, false), { fn: { leftOut: DEPRECATED } });
/** torch.sub(input, other, { alpha }): input - alpha * other. */
export const sub = defineFunctionAndMethod<AlphaFn>('sub', SUB, (a) => addScaled('sub', a, false), { fn: { leftOut: DEPRECATED } });
export const subtract = defineFunction<SubtractFn>('subtract', SUBTRACT, (a) => addScaled('sub', a, false), { method: true });

// --- the other arithmetic --------------------------------------------------------------------------

const pair = (op: BinaryName) => (a: Bound) => binary(op, a.input, a.other);

/** PyTorch's rounding_mode: None (true division), 'trunc' or 'floor'. */
function divName(mode: string | null): BinaryName {
  if (mode === null) return 'div';
  if (mode === 'trunc') return 'div_trunc';
  if (mode === 'floor') return 'div_floor';
  throw new DTypeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
}
const divide_ = (a: Bound) => divName(a.rounding_mode ?? null);

export const mul = defineFunction<BinaryFn>('mul', 'mul(TensorOrNumber input, TensorOrNumber other)', pair('mul'), { method: true });
export const multiply = defineFunction<BinaryFn>(
  'multiply', ['multiply(TensorOrNumber input, TensorOrNumber other)', 'multiply(TensorOrNumber input, Number other)'], pair('mul'), { method: true },
);
/** torch.div(input, other, { rounding_mode }): true division, or rounded 'trunc' / 'floor'. */
export const div = defineFunction<DivFn>(
  'div', 'div(TensorOrNumber input, TensorOrNumber other, *, str? rounding_mode=None)', (a) => binary(divide_(a), a.input, a.other), { method: true },
);
const DIVIDE = [
  'divide(TensorOrNumber input, TensorOrNumber other)',
  'divide(TensorOrNumber input, TensorOrNumber other, *, str? rounding_mode)',
  'divide(TensorOrNumber input, Number other, *, str? rounding_mode)',
  'divide(TensorOrNumber input, Number other)',
];
export const divide = defineFunction<DivFn>('divide', DIVIDE, (a) => binary(divide_(a), a.input, a.other), { method: true });
export const true_divide = defineFunction<BinaryFn>('true_divide', 'true_divide(TensorOrNumber input, TensorOrNumber other)', pair('div'), { method: true });
export const floor_divide = defineFunction<BinaryFn>('floor_divide', 'floor_divide(TensorOrNumber input, TensorOrNumber other)', pair('div_floor'), { method: true });

/** torch.remainder: Python's modulus (the result takes the divisor's sign); also a number dividend. */
export const remainder = defineFunctionAndMethod<BinaryFn>(
  'remainder', ['remainder(Tensor input, Tensor other)', 'remainder(Number self, Tensor other)', 'remainder(Tensor input, Number other)'],
  (a) => binary('remainder', 'self' in a ? a.self : a.input, a.other),
  { method: { texts: ['remainder(Tensor input, Tensor other)', 'remainder(Tensor input, Number other)'] } },
);
/** torch.fmod: C's fmod (the result takes the dividend's sign). */
export const fmod = defineFunction<BinaryFn>('fmod', ['fmod(Tensor input, Tensor other)', 'fmod(Tensor input, Number other)'], pair('fmod'), { method: true });
/** torch.pow(input, exponent); torch.pow(number, exponent) for a number base. */
export const pow = defineFunctionAndMethod<PowFn>(
  'pow', ['pow(Tensor input, Tensor exponent)', 'pow(Number self, Tensor exponent)', 'pow(Tensor input, Number exponent)'],
  (a) => binary('pow', 'self' in a ? a.self : a.input, a.exponent),
  { method: { texts: ['pow(Tensor input, Tensor exponent)', 'pow(Tensor input, Number exponent)'] } },
);

const tensorPair = (name: string, op: BinaryName) =>
  defineFunction<BinaryFn>(name, `${name}(Tensor input, Tensor other)`, pair(op), { method: true });
export const atan2 = tensorPair('atan2', 'atan2');
export const arctan2 = tensorPair('arctan2', 'atan2');
/** Elementwise maximum and minimum, propagating NaN. */
export const maximum = tensorPair('maximum', 'maximum');
export const minimum = tensorPair('minimum', 'minimum');
export const logical_and = tensorPair('logical_and', 'logical_and');
export const logical_or = tensorPair('logical_or', 'logical_or');
export const logical_xor = tensorPair('logical_xor', 'logical_xor');

// --- comparisons ---------------------------------------------------------------------------------

const compareTexts = (name: string) => [`${name}(Tensor input, Tensor other)`, `${name}(Tensor input, Number other)`];
const comparison = (name: string, op: BinaryName) => defineFunction<BinaryFn>(name, compareTexts(name), pair(op), { method: true });
export const eq = comparison('eq', 'eq');
export const ne = comparison('ne', 'ne');
export const lt = comparison('lt', 'lt');
export const le = comparison('le', 'le');
export const gt = comparison('gt', 'gt');
export const ge = comparison('ge', 'ge');
export const greater = comparison('greater', 'gt');
export const less = comparison('less', 'lt');
export const greater_equal = comparison('greater_equal', 'ge');
export const less_equal = comparison('less_equal', 'le');
export const not_equal = comparison('not_equal', 'ne');

// --- in place: Tensor.<name>_(...), the result cast into self ---------------------------------------

const inplacePair = (op: BinaryName) => (a: Bound) => binaryInplace(op, a.input, a.other);
const method = (name: string, texts: string | readonly string[], impl: (a: Bound) => Tensor): InplaceMethod => defineTensorMethod(name, texts, impl);
const tensorInplace = (name: string, op: BinaryName) => method(name, `${name}(Tensor input, Tensor other)`, inplacePair(op));
const compareInplace = (name: string, op: BinaryName) => method(name, compareTexts(name), inplacePair(op));

export const inplace = {
  add_: method('add_', 'add_(Tensor input, TensorOrNumber other, *, Number alpha=1)', (a) => addScaled('add', a, true)),
  sub_: method('sub_', 'sub_(Tensor input, TensorOrNumber other, *, Number alpha=1)', (a) => addScaled('sub', a, true)),
  subtract_: method(
    'subtract_', ['subtract_(Tensor input, TensorOrNumber other, *, Number alpha=1)', 'subtract_(Tensor input, Number other, Number alpha=1)'],
    (a) => addScaled('sub', a, true),
  ),
  mul_: method('mul_', 'mul_(Tensor input, TensorOrNumber other)', inplacePair('mul')),
  multiply_: method('multiply_', ['multiply_(Tensor input, TensorOrNumber other)', 'multiply_(Tensor input, Number other)'], inplacePair('mul')),
  div_: method('div_', 'div_(Tensor input, TensorOrNumber other, *, str? rounding_mode=None)', (a) => binaryInplace(divide_(a), a.input, a.other)),
  divide_: method('divide_', DIVIDE.map((t) => t.replace('divide(TensorOrNumber', 'divide_(Tensor')), (a) => binaryInplace(divide_(a), a.input, a.other)),
  true_divide_: method('true_divide_', 'true_divide_(Tensor input, TensorOrNumber other)', inplacePair('div')),
  floor_divide_: method('floor_divide_', 'floor_divide_(Tensor input, TensorOrNumber other)', inplacePair('div_floor')),
  remainder_: method('remainder_', ['remainder_(Tensor input, Tensor other)', 'remainder_(Tensor input, Number other)'], inplacePair('remainder')),
  fmod_: method('fmod_', ['fmod_(Tensor input, Tensor other)', 'fmod_(Tensor input, Number other)'], inplacePair('fmod')),
  pow_: method('pow_', ['pow_(Tensor input, Tensor exponent)', 'pow_(Tensor input, Number exponent)'], (a) => binaryInplace('pow', a.input, a.exponent)),
  atan2_: tensorInplace('atan2_', 'atan2'),
  arctan2_: tensorInplace('arctan2_', 'atan2'),
  logical_and_: tensorInplace('logical_and_', 'logical_and'),
  logical_or_: tensorInplace('logical_or_', 'logical_or'),
  logical_xor_: tensorInplace('logical_xor_', 'logical_xor'),
  eq_: compareInplace('eq_', 'eq'),
  ne_: compareInplace('ne_', 'ne'),
  lt_: compareInplace('lt_', 'lt'),
  le_: compareInplace('le_', 'le'),
  gt_: compareInplace('gt_', 'gt'),
  ge_: compareInplace('ge_', 'ge'),
  greater_: compareInplace('greater_', 'gt'),
  less_: compareInplace('less_', 'lt'),
  greater_equal_: compareInplace('greater_equal_', 'ge'),
  less_equal_: compareInplace('less_equal_', 'le'),
  not_equal_: compareInplace('not_equal_', 'ne'),
};
