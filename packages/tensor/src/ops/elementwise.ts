import { backendFor } from '../device.js';
import { type DType, get_default_dtype, isFloating, scalarName } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { broadcastShapes, broadcastStrides } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  type TensorOrScalar,
  asTensor,
  castTo,
  checkCastable,
  checkOutShape,
  empty,
  resultType,
  sameDevice,
} from './helpers.js';
import { erf as erfScalar, floorDiv, floorDivI64, powFloat, powI64, powInt, remainder as remainderScalar, remainderI64 } from './math.js';
import { type BinaryOp, type DTypeRule, type Op, type UnaryOp, defineOp } from './table.js';

// ---------------------------------------------------------------------------------------------
// Unary ops: one row each, the formula written once.

const unaryRows = {
  neg: { dtype: 'same', f: (x) => -x, noBool: 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.' },
  abs: { dtype: 'same', f: Math.abs, i64: (x) => (x < 0n ? -x : x) },
  sign: { dtype: 'same', f: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), // NOTE: sign(NaN) is 0, as (0 < x) - (x < 0)
    i64: (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n) },
  exp: { dtype: 'float', f: Math.exp },
  expm1: { dtype: 'float', f: Math.expm1 },
  log: { dtype: 'float', f: Math.log },
  log1p: { dtype: 'float', f: Math.log1p },
  log2: { dtype: 'float', f: Math.log2 },
  log10: { dtype: 'float', f: Math.log10 },
  sqrt: { dtype: 'float', f: Math.sqrt },
  rsqrt: { dtype: 'float', f: (x) => 1 / Math.sqrt(x) },
  reciprocal: { dtype: 'float', f: (x) => 1 / x },
  sin: { dtype: 'float', f: Math.sin },
  cos: { dtype: 'float', f: Math.cos },
  tan: { dtype: 'float', f: Math.tan },
  tanh: { dtype: 'float', f: Math.tanh },
  // NOTE: 1 / (1 + exp(-x)) is exact in the tails: exp(-x) overflows to inf and gives 0, never NaN.
  sigmoid: { dtype: 'float', f: (x) => 1 / (1 + Math.exp(-x)), f32: (x) => 1 / (1 + Math.fround(Math.exp(-x))) },
  erf: { dtype: 'float', f: erfScalar },
  // NOTE: relu passes NaN through (x > 0 is false for NaN, so a plain test would give 0).
  relu: { dtype: 'same', f: (x) => (x > 0 || x !== x ? x : 0), i64: (x) => (x > 0n ? x : 0n) },
  floor: { dtype: 'same', f: Math.floor, i64: (x) => x },
  ceil: { dtype: 'same', f: Math.ceil, i64: (x) => x },
  trunc: { dtype: 'same', f: Math.trunc, i64: (x) => x },
  round: { dtype: 'same', f: roundHalfEven, i64: (x) => x },
  square: { dtype: 'same', f: (x) => x * x },
  // NOTE: truth is "nonzero", so NaN is true (JS's !NaN would say false).
  logical_not: { dtype: 'bool', f: (x) => x === 0, i64: (x) => x === 0n },
  isnan: { dtype: 'bool', f: (x) => x !== x, i64: () => false },
  isinf: { dtype: 'bool', f: (x) => x === Infinity || x === -Infinity, i64: () => false },
  isfinite: { dtype: 'bool', f: Number.isFinite, i64: () => true },
} satisfies Record<string, Omit<UnaryOp, 'name'>>;

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export type UnaryName = keyof typeof unaryRows;

/** The compute dtype (what the kernel sees) and result dtype of an elementwise op. */
function dtypesFor(rule: DTypeRule, promoted: DType): { compute: DType; result: DType } {
  const compute = rule === 'float' && !isFloating(promoted) ? get_default_dtype() : promoted;
  return { compute, result: rule === 'bool' ? 'bool' : compute };
}

function runUnary(row: UnaryOp, x: Tensor, out?: Tensor): Tensor {
  if (row.noBool && x.dtype === 'bool') throw new DTypeError(row.noBool);
  const { compute, result } = dtypesFor(row.dtype, x.dtype);
  if (out) {
    checkCastable(result, out);
    checkOutShape(x.shape, out);
  }
  const backend = backendFor(x.device);
  const target = out && out.dtype === result ? out : empty(x.shape, result, x.device);
  backend.unary(row, castTo(x, compute), target);
  if (out && target !== out) backend.copy(target, out);
  return out ?? target;
}

const unaryOps = Object.fromEntries(
  Object.entries(unaryRows).map(([name, row]) => {
    const full: UnaryOp = { name, ...row };
    return [name, defineOp<object>(name, ([x], _attrs, out) => runUnary(full, x!, out))];
  }),
) as Record<UnaryName, Op<object>>;

export function unary(name: UnaryName, x: Tensor): Tensor {
  return unaryOps[name].call([x], {});
}
export function unaryInplace(name: UnaryName, x: Tensor): Tensor {
  return unaryOps[name].callInplace([x], {});
}

export const neg = (x: Tensor) => unary('neg', x);
export const negative = neg;
export const abs = (x: Tensor) => unary('abs', x);
export const sign = (x: Tensor) => unary('sign', x);
export const exp = (x: Tensor) => unary('exp', x);
export const expm1 = (x: Tensor) => unary('expm1', x);
export const log = (x: Tensor) => unary('log', x);
export const log1p = (x: Tensor) => unary('log1p', x);
export const log2 = (x: Tensor) => unary('log2', x);
export const log10 = (x: Tensor) => unary('log10', x);
export const sqrt = (x: Tensor) => unary('sqrt', x);
export const rsqrt = (x: Tensor) => unary('rsqrt', x);
export const reciprocal = (x: Tensor) => unary('reciprocal', x);
export const sin = (x: Tensor) => unary('sin', x);
export const cos = (x: Tensor) => unary('cos', x);
export const tan = (x: Tensor) => unary('tan', x);
export const tanh = (x: Tensor) => unary('tanh', x);
export const sigmoid = (x: Tensor) => unary('sigmoid', x);
export const erf = (x: Tensor) => unary('erf', x);
export const relu = (x: Tensor) => unary('relu', x);
export const floor = (x: Tensor) => unary('floor', x);
export const ceil = (x: Tensor) => unary('ceil', x);
export const trunc = (x: Tensor) => unary('trunc', x);
export const round = (x: Tensor) => unary('round', x);
export const square = (x: Tensor) => unary('square', x);
export const logical_not = (x: Tensor) => unary('logical_not', x);
export const isnan = (x: Tensor) => unary('isnan', x);
export const isinf = (x: Tensor) => unary('isinf', x);
export const isfinite = (x: Tensor) => unary('isfinite', x);

// ---------------------------------------------------------------------------------------------
// Binary ops with broadcasting and type promotion.

const binaryRows = {
  add: { dtype: 'same', f: (a, b) => a + b, i64: (a, b) => a + b },
  sub: { dtype: 'same', f: (a, b) => a - b, i64: (a, b) => a - b },
  mul: { dtype: 'same', f: (a, b) => a * b, int: Math.imul, i64: (a, b) => a * b },
  div: { dtype: 'float', f: (a, b) => a / b },
  div_trunc: { dtype: 'same', f: (a, b) => Math.trunc(a / b), i64: (a, b) => a / b },
  div_floor: { dtype: 'same', f: floorDiv, int: (a, b) => Math.floor(a / b), i64: floorDivI64 },
  remainder: { dtype: 'same', f: remainderScalar, i64: remainderI64 },
  fmod: { dtype: 'same', f: (a, b) => a % b, i64: (a, b) => a % b },
  pow: { dtype: 'same', f: powFloat, int: powInt, i64: powI64 },
  atan2: { dtype: 'float', f: Math.atan2 },
  // NOTE: maximum/minimum propagate NaN (Math.max does); bigints need their own comparison.
  maximum: { dtype: 'same', f: Math.max, i64: (a, b) => (a > b ? a : b) },
  minimum: { dtype: 'same', f: Math.min, i64: (a, b) => (a < b ? a : b) },
  eq: { dtype: 'bool', f: (a, b) => a === b },
  ne: { dtype: 'bool', f: (a, b) => a !== b },
  lt: { dtype: 'bool', f: (a, b) => a < b },
  le: { dtype: 'bool', f: (a, b) => a <= b },
  gt: { dtype: 'bool', f: (a, b) => a > b },
  ge: { dtype: 'bool', f: (a, b) => a >= b },
  logical_and: { dtype: 'bool', f: (a, b) => a !== 0 && b !== 0, i64: (a, b) => a !== 0n && b !== 0n },
  logical_or: { dtype: 'bool', f: (a, b) => a !== 0 || b !== 0, i64: (a, b) => a !== 0n || b !== 0n },
  logical_xor: { dtype: 'bool', f: (a, b) => (a !== 0) !== (b !== 0), i64: (a, b) => (a !== 0n) !== (b !== 0n) },
} satisfies Record<string, Omit<BinaryOp, 'name'>>;

export type BinaryName = keyof typeof binaryRows;

function checkIntegerDivisor(row: BinaryOp, b: Tensor, compute: DType): void {
  // Integer division by zero is an error in PyTorch; only checkable for CPU data.
  const integerDiv = row.name === 'div_trunc' || row.name === 'div_floor' || row.name === 'remainder' || row.name === 'fmod';
  if (!integerDiv || isFloating(compute) || b.device !== 'cpu') return;
  const values = b.dataSync();
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0 || values[i] === 0n) throw new DTypeError('ZeroDivisionError');
  }
}

function runBinary(row: BinaryOp, a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const device = sameDevice([a, b]);
  const { compute, result } = dtypesFor(row.dtype, resultType(a, b));
  if (row.name === 'pow' && !isFloating(compute) && b.device === 'cpu') checkIntegerPow(b);
  checkIntegerDivisor(row, b, compute);
  const shape = broadcastShapes(a.shape, b.shape);
  if (out) {
    checkCastable(result, out);
    checkOutShape(shape, out);
  }
  const ac = castTo(a, compute);
  const bc = castTo(b, compute);
  const backend = backendFor(device);
  const target = out && out.dtype === result ? out : empty(shape, result, device);
  backend.binary(row, expandView(ac, shape), expandView(bc, shape), target);
  if (out && target !== out) backend.copy(target, out);
  return out ?? target;
}

function checkIntegerPow(b: Tensor): void {
  const values = b.dataSync();
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0) throw new DTypeError('Integers to negative integer powers are not allowed.');
  }
}

/** A view of t with broadcast dims given stride 0 (internal: kernels only). */
function expandView(t: Tensor, shape: readonly number[]) {
  return { storage: t.storage, dtype: t.dtype, shape, strides: broadcastStrides(t.shape, t.strides, shape), offset: t.offset };
}

const binaryOps = Object.fromEntries(
  Object.entries(binaryRows).map(([name, row]) => {
    const full: BinaryOp = { name, ...row };
    return [name, defineOp<object>(name, ([a, b], _attrs, out) => runBinary(full, a!, b!, out))];
  }),
) as Record<BinaryName, Op<object>>;

export function binary(name: BinaryName, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const [ta, tb] = operands(a, b);
  return binaryOps[name].call([ta, tb], {});
}

export function binaryInplace(name: BinaryName, self: Tensor, other: TensorOrScalar): Tensor {
  return binaryOps[name].callInplace([self, asTensor(other, self.device)], {});
}

function operands(a: TensorOrScalar, b: TensorOrScalar): [Tensor, Tensor] {
  const device = a instanceof Tensor ? a.device : b instanceof Tensor ? b.device : 'cpu';
  return [asTensor(a, device), asTensor(b, device)];
}

export interface AlphaOptions {
  alpha?: number;
}
export interface DivOptions {
  rounding_mode?: 'trunc' | 'floor' | null;
}

/** other scaled by alpha, as add/sub's `alpha` keyword does. */
function scaled(other: TensorOrScalar, alpha: number | undefined, self?: TensorOrScalar): TensorOrScalar {
  if (alpha === undefined || alpha === 1) return other;
  if (!Number.isInteger(alpha) && !isFloating(resultType(self ?? other, other))) {
    throw new DTypeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
  return other instanceof Tensor ? binary('mul', other, alpha) : Number(other) * alpha;
}

export const add = (a: TensorOrScalar, b: TensorOrScalar, opts: AlphaOptions = {}) => binary('add', a, scaled(b, opts.alpha, a));
export function sub(a: TensorOrScalar, b: TensorOrScalar, opts: AlphaOptions = {}): Tensor {
  checkSubtractable(a, b);
  return binary('sub', a, scaled(b, opts.alpha, a));
}

/** PyTorch refuses subtraction on bool tensors and points to the logical ops instead. */
export function checkSubtractable(a: TensorOrScalar, b: TensorOrScalar): void {
  const isBool = (v: TensorOrScalar) => (v instanceof Tensor ? v.dtype === 'bool' : typeof v === 'boolean');
  if (isBool(a) && isBool(b)) {
    throw new DTypeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  if (isBool(a) || isBool(b)) {
    throw new DTypeError('Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
}
export const subtract = sub;
export const mul = (a: TensorOrScalar, b: TensorOrScalar) => binary('mul', a, b);
export const multiply = mul;
export function div(a: TensorOrScalar, b: TensorOrScalar, opts: DivOptions = {}): Tensor {
  return binary(divName(opts), a, b);
}
export const divide = div;
export const true_divide = (a: TensorOrScalar, b: TensorOrScalar) => binary('div', a, b);
export const floor_divide = (a: TensorOrScalar, b: TensorOrScalar) => binary('div_floor', a, b);
export const remainder = (a: TensorOrScalar, b: TensorOrScalar) => binary('remainder', a, b);
export const fmod = (a: TensorOrScalar, b: TensorOrScalar) => binary('fmod', a, b);
export const pow = (a: TensorOrScalar, b: TensorOrScalar) => binary('pow', a, b);
export const atan2 = (a: TensorOrScalar, b: TensorOrScalar) => binary('atan2', a, b);
export const maximum = (a: Tensor, b: Tensor) => binary('maximum', a, b);
export const minimum = (a: Tensor, b: Tensor) => binary('minimum', a, b);
export const eq = (a: TensorOrScalar, b: TensorOrScalar) => binary('eq', a, b);
export const ne = (a: TensorOrScalar, b: TensorOrScalar) => binary('ne', a, b);
export const lt = (a: TensorOrScalar, b: TensorOrScalar) => binary('lt', a, b);
export const le = (a: TensorOrScalar, b: TensorOrScalar) => binary('le', a, b);
export const gt = (a: TensorOrScalar, b: TensorOrScalar) => binary('gt', a, b);
export const ge = (a: TensorOrScalar, b: TensorOrScalar) => binary('ge', a, b);
export const greater = gt;
export const less = lt;
export const greater_equal = ge;
export const less_equal = le;
export const not_equal = ne;
export const logical_and = (a: TensorOrScalar, b: TensorOrScalar) => binary('logical_and', a, b);
export const logical_or = (a: TensorOrScalar, b: TensorOrScalar) => binary('logical_or', a, b);
export const logical_xor = (a: TensorOrScalar, b: TensorOrScalar) => binary('logical_xor', a, b);

export function divName(opts: DivOptions): BinaryName {
  const mode = opts.rounding_mode ?? null;
  if (mode === null) return 'div';
  if (mode === 'trunc') return 'div_trunc';
  if (mode === 'floor') return 'div_floor';
  throw new DTypeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(mode)}'`);
}

/** Inputs: ?alpha-scaled other for the in-place add_/sub_. */
export const scaledOther = scaled;

// ---------------------------------------------------------------------------------------------
// where, masked_fill, clamp.

const whereOp = defineOp<object>('where', ([cond, a, b], _attrs, out) => {
  if (cond!.dtype !== 'bool') {
    throw new DTypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarName(cond!.dtype)}`);
  }
  const device = sameDevice([cond!, a!, b!]);
  const dtype = resultType(a!, b!);
  const shape = broadcastShapes(broadcastShapes(cond!.shape, a!.shape), b!.shape);
  if (out) {
    checkCastable(dtype, out);
    checkOutShape(shape, out);
  }
  const target = out && out.dtype === dtype ? out : empty(shape, dtype, device);
  const backend = backendFor(device);
  backend.where(expandView(cond!, shape), expandView(castTo(a!, dtype), shape), expandView(castTo(b!, dtype), shape), target);
  if (out && target !== out) backend.copy(target, out);
  return out ?? target;
});


export function where(condition: Tensor, input: TensorOrScalar, other: TensorOrScalar): Tensor {
  const device = condition.device;
  return whereOp.call([condition, asTensor(input, device), asTensor(other, device)], {});
}

const maskedFillOp = defineOp<object>('masked_fill', ([self, mask, value], _attrs, out) => {
  checkMask(mask!);
  const shape = broadcastShapes(self!.shape, mask!.shape);
  if (out) checkOutShape(shape, out);
  const target = out ?? empty(shape, self!.dtype, self!.device);
  backendFor(self!.device).where(expandView(mask!, shape), expandView(value!, shape), expandView(self!, shape), target);
  return target;
});

export function masked_fill(self: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  return maskedFillOp.call([self, mask, fillValue(value, self)], {});
}

export function masked_fill_(self: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  return maskedFillOp.callInplace([self, mask, fillValue(value, self)], {});
}

/** The C++ type names PyTorch's masked_fill message uses. */
const cTypeNames: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'long int',
  int32: 'int', int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};

function checkMask(mask: Tensor): void {
  if (mask.dtype !== 'bool') {
    throw new DTypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${cTypeNames[mask.dtype]}`);
  }
}

/** masked_fill keeps self's dtype: the fill value is cast to it, not promoted with it. */
function fillValue(value: TensorOrScalar, self: Tensor): Tensor {
  const t = asTensor(value, self.device);
  if (t.shape.length !== 0) {
    throw new DTypeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${t.shape.length} dimension(s).`);
  }
  const c = castTo(t, self.dtype);
  c.wrappedNumber = false;
  return c;
}

export interface ClampAttrs {
  min: number | bigint | null;
  max: number | bigint | null;
}

const clampOp = defineOp<ClampAttrs>('clamp', ([x], { min, max }, out) => {
  const dtype = resultType(x!, ...[min, max].filter((v): v is number | bigint => v !== null));
  if (out) checkCastable(dtype, out);
  const backend = backendFor(x!.device);
  const target = out && out.dtype === dtype ? out : empty(x!.shape, dtype, x!.device);
  const bound = (v: number | bigint | null) => (v === null ? null : dtype === 'int64' ? BigInt(v) : Number(v));
  backend.clamp(castTo(x!, dtype), bound(min), bound(max), target);
  if (out && target !== out) backend.copy(target, out);
  return out ?? target;
});

export type ClampBound = number | bigint | Tensor | null | undefined;

export interface ClampOptions {
  min?: ClampBound;
  max?: ClampBound;
}

/** Accepts clamp(x, min, max) and clamp(x, { min, max }) (bounds given by name). */
function clampArgs(min: ClampBound | ClampOptions, max: ClampBound): [ClampBound, ClampBound] {
  if (min !== null && typeof min === 'object' && !(min instanceof Tensor)) return [min.min, min.max];
  return [min, max];
}

/** clamp(x, min, max): scalar bounds are one op; tensor bounds are maximum/minimum. */
export function clamp(x: Tensor, minArg?: ClampBound | ClampOptions, maxArg?: ClampBound): Tensor {
  const [min, max] = clampArgs(minArg, maxArg);
  checkClampArgs(min, max);
  if (min instanceof Tensor || max instanceof Tensor) {
    let r = x;
    if (min !== null && min !== undefined) r = binary('maximum', r, min);
    if (max !== null && max !== undefined) r = binary('minimum', r, max);
    return r;
  }
  return clampOp.call([x], { min: min ?? null, max: max ?? null });
}

export function clamp_(x: Tensor, minArg?: ClampBound | ClampOptions, maxArg?: ClampBound): Tensor {
  const [min, max] = clampArgs(minArg, maxArg);
  checkClampArgs(min, max);
  if (min instanceof Tensor || max instanceof Tensor) {
    if (min !== null && min !== undefined) binaryInplace('maximum', x, min);
    if (max !== null && max !== undefined) binaryInplace('minimum', x, max);
    return x;
  }
  return clampOp.callInplace([x], { min: min ?? null, max: max ?? null });
}

function checkClampArgs(min: ClampBound, max: ClampBound): void {
  if ((min === null || min === undefined) && (max === null || max === undefined)) {
    throw new DTypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
}

export const clip = clamp;
export const clamp_min = (x: Tensor, min: ClampBound) => clamp(x, min, null);
export const clamp_max = (x: Tensor, max: ClampBound) => clamp(x, null, max);
