import { backendFor } from '../device.js';
import { type DType, can_cast, get_default_dtype, isComplex, isFloat8, isFloating, isReducedFloat, scalarName } from '../dtype.js';
import { type RealOps, complexBinary, complexUnary } from './complex-math.js';
import { part } from './complex-parts.js';
import { type ElementaryName, complexElementary } from './complex-elementary.js';
import { DTypeError, type PyTorchErrorType } from '../errors.js';
import { onDevice } from './convert.js';
import { commonDevice } from './device-check.js';
import { broadcastShapes, broadcastStrides } from '../shape.js';
import { hostValues, Tensor } from '../tensor.js';
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
import { checkInplaceOverlap, checkNoInternalOverlap } from './overlap.js';
import { type NumberArg, checkScalarFits, numberOf, scalarValue } from './scalars.js';
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

/** Unary kernels PyTorch has no bool form of: its message and error type. */
const noBoolKernel: Partial<Record<string, [string, PyTorchErrorType]>> = {
  abs: [`"abs_cpu" not implemented for 'Bool'`, 'NotImplementedError'],
  relu: ['Boolean inputs not supported for relu', 'RuntimeError'],
  floor: [`"floor_vml_cpu" not implemented for 'Bool'`, 'NotImplementedError'],
  ceil: [`"ceil_vml_cpu" not implemented for 'Bool'`, 'NotImplementedError'],
  trunc: [`"trunc_vml_cpu" not implemented for 'Bool'`, 'NotImplementedError'],
  round: [`"round_vml_cpu" not implemented for 'Bool'`, 'NotImplementedError'],
};

function runUnary(row: UnaryOp, x: Tensor, out?: Tensor): Tensor {
  if (isComplex(x.dtype)) return runComplexUnary(row.name, x, out);
  if (row.noBool && x.dtype === 'bool') throw new DTypeError(row.noBool);
  const refused = x.dtype === 'bool' ? noBoolKernel[row.name] : undefined;
  if (refused) throw new DTypeError(refused[0], refused[1]);
  // NOTE: PyTorch's square is pow(x, 2), so a bool tensor squares into int64.
  const { compute, result } = dtypesFor(row.dtype, row.name === 'square' && x.dtype === 'bool' ? 'int64' : x.dtype);
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

const ELEMENTARY: ReadonlySet<string> = new Set<ElementaryName>(['exp', 'log', 'sqrt']);

/** The unary ops wick computes for complex: neg, abs, exp, log, sqrt. */
function runComplexUnary(name: string, x: Tensor, out?: Tensor): Tensor {
  const result = ELEMENTARY.has(name) ? complexElementary(name as ElementaryName, x) : complexUnary(realOps, name as 'neg' | 'abs', x);
  if (!out) return result;
  checkCastable(result.dtype, out);
  checkOutShape(result.shape, out);
  backendFor(out.device).copy(result, out);
  return out;
}

/** A unary op's attributes: round's decimals (PyTorch's round.decimals), null for the others. */
export interface UnaryAttrs {
  decimals?: number | null;
}

const unaryOps = Object.fromEntries(
  Object.entries(unaryRows).map(([name, row]) => {
    const full: UnaryOp = { name, ...row };
    return [
      name,
      defineOp<UnaryAttrs>(name, ([x], attrs, out) =>
        attrs.decimals === undefined || attrs.decimals === null ? runUnary(full, x!, out) : runRoundDecimals(x!, attrs.decimals, out),
      ),
    ];
  }),
) as Record<UnaryName, Op<UnaryAttrs>>;

/**
 * PyTorch's round_decimals_kernel: with p = 10^|decimals| in the op's math type (float for half
 * types), nearbyint(x * p) / p, or nearbyint(x / p) * p for negative decimals, each step rounded
 * in that type. Integers have no such kernel.
 */
function runRoundDecimals(x: Tensor, decimals: number, out?: Tensor): Tensor {
  if (!isFloating(x.dtype)) throw new DTypeError(`"round_cpu" not implemented for '${scalarName(x.dtype)}'`, 'NotImplementedError');
  if (out) checkOutShape(x.shape, out);
  const math: DType = isReducedFloat(x.dtype) ? 'float32' : x.dtype;
  const backend = backendFor(x.device);
  const scale = empty([], math, x.device);
  // NOTE: '1e<n>' parses to the correctly rounded power (std::pow's result), where Math.pow may not.
  backend.fill(scale, Number(`1e${Math.abs(decimals)}`));
  const mul: BinaryOp = { name: 'mul', ...binaryRows.mul };
  const div: BinaryOp = { name: 'div', ...binaryRows.div };
  const [first, last] = decimals >= 0 ? [mul, div] : [div, mul];
  const t = empty(x.shape, math, x.device);
  const s = expandView(scale, x.shape);
  backend.binary(first, castTo(x, math), s, t);
  backend.unary({ name: 'round', ...unaryRows.round }, t, t);
  backend.binary(last, t, s, t);
  const target = out ?? (math === x.dtype ? t : empty(x.shape, x.dtype, x.device));
  if (target !== t) backend.copy(t, target);
  return target;
}

/** The unary op `name` on x (the internal form; the public functions are in ops/unary.ts). */
export function unary(name: UnaryName, x: Tensor, attrs: UnaryAttrs = {}): Tensor {
  return unaryOps[name].call([x], attrs);
}

/** x = op(x) in place: PyTorch's overlap, dtype and shape checks, then the op table's in-place call. */
export function unaryInplace(name: UnaryName, x: Tensor, attrs: UnaryAttrs = {}): Tensor {
  return unaryOps[name].callInplace([x], attrs);
}

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
  const values = hostValues(b);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0 || values[i] === 0n) throw new DTypeError('ZeroDivisionError');
  }
}

function runBinary(row: BinaryOp, a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const device = sameDevice([a, b]);
  const promoted = resultType(a, b);
  if (isComplex(promoted)) {
    if (row.name === 'eq' || row.name === 'ne') return finishComplexEquality(row.name === 'eq', castTo(a, promoted), castTo(b, promoted), out);
    const shape = broadcastShapes(a.shape, b.shape);
    if (out) checkOutShape(shape, out);
    return complexBinary(realOps, row.name as 'add' | 'sub' | 'mul' | 'div', a, b, promoted, out);
  }
  const dtypes = dtypesFor(row.dtype, promoted);
  // NOTE: float8 compares by value (NaN unequal, -0 == 0), not by byte: in float32, which holds every float8 value.
  const compute = isFloat8(dtypes.compute) ? 'float32' : dtypes.compute;
  const result = dtypes.result;
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

/** Complex eq/ne (the only comparisons PyTorch has for complex): both parts equal. */
function finishComplexEquality(eq: boolean, a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const same = (k: 0 | 1) => binaryOps.eq.call([part(a, k), part(b, k)], {});
  const both = binaryOps.logical_and.call([same(0), same(1)], {});
  const result = eq ? both : unaryOps.logical_not.call([both], {});
  if (!out) return result;
  checkOutShape(result.shape, out);
  backendFor(out.device).copy(result, out);
  return out;
}

/** The real ops complex arithmetic is written with (ops/complex-math.ts). */
const realOps: RealOps = {
  binary: (name, a, b) => binaryOps[name].call([a, b], {}),
  neg: (a) => unaryOps.neg.call([a], {}),
};

function checkIntegerPow(b: Tensor): void {
  const values = hostValues(b);
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

/** The binary op `name` (the internal form; the public functions are in ops/binary.ts). */
export function binary(name: BinaryName, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const [ta, tb] = operands(a, b);
  return binaryOps[name].call([ta, tb], {});
}

/**
 * self = op(self, other) in place, as PyTorch's TensorIterator does it: no element of self may
 * share memory with another or partly with other, other broadcasts to self's shape (self never
 * grows), and the result must cast to self's dtype (can_cast), all checked before anything changes.
 */
export function binaryInplace(name: BinaryName, self: Tensor, other: TensorOrScalar): Tensor {
  const o = asTensor(other);
  return binaryOps[name].callInplace([self, onDevice(o, self.device, scalarCompute(self, o))], {});
}

/**
 * The dtype a CPU scalar beside a device tensor travels in: the operands' promoted dtype, which
 * the kernel computes in (a Python number is wrapped on the CPU, as PyTorch's are).
 */
function scalarCompute(a: Tensor, b: Tensor): DType {
  return resultType(a, b);
}

function operands(a: TensorOrScalar, b: TensorOrScalar): [Tensor, Tensor] {
  const ta = asTensor(a);
  const tb = asTensor(b);
  const common = commonDevice([ta, tb]);
  if (ta.device === common && tb.device === common) return [ta, tb];
  const promoted = scalarCompute(ta, tb);
  return [onDevice(ta, common, promoted), onDevice(tb, common, promoted)];
}

// Internal forms other ops call (ops/matmul.ts, ops/complex-product.ts through it, ops/extrema.ts).
export const add = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary('add', a, b);
export const sub = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary('sub', a, b);
export const mul = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary('mul', a, b);
export const maximum = (a: Tensor, b: Tensor): Tensor => binary('maximum', a, b);
export const minimum = (a: Tensor, b: Tensor): Tensor => binary('minimum', a, b);

// ---------------------------------------------------------------------------------------------
// where, masked_fill, clamp (the public functions are in ops/select.ts).

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

/** torch.where(condition, input, other) on tensors or scalars (scalars as weak as Python's). */
export function whereSelect(condition: Tensor, input: TensorOrScalar, other: TensorOrScalar): Tensor {
  const x = asTensor(input);
  const y = asTensor(other);
  const common = commonDevice([condition, x, y]);
  if (x.device === common && y.device === common && condition.device === common) return whereOp.call([condition, x, y], {});
  const promoted = resultType(x, y);
  return whereOp.call([onDevice(condition, common), onDevice(x, common, promoted), onDevice(y, common, promoted)], {});
}

const maskedFillOp = defineOp<object>('masked_fill', ([self, mask, value], _attrs, out) => {
  checkMask(mask!);
  // NOTE: out of place PyTorch broadcasts the mask with self (expand_outplace(mask, self)), in place
  // self with the mask: the order names the tensors in a size mismatch's message.
  const shape = out ? broadcastShapes(self!.shape, mask!.shape) : broadcastShapes(mask!.shape, self!.shape);
  if (out) checkOutShape(shape, out);
  const target = out ?? empty(shape, self!.dtype, self!.device);
  backendFor(self!.device).where(expandView(mask!, shape), expandView(value!, shape), expandView(self!, shape), target);
  return target;
});

/** self with value where mask is true; `inplace` writes into self (PyTorch skips the overlap check there). */
export function maskedFill(self: Tensor, mask: Tensor, value: NumberArg, inplace: boolean): Tensor {
  checkMask(mask);
  const v = fillValue(value, self);
  return inplace ? maskedFillOp.callInplace([self, mask, v], {}) : maskedFillOp.call([self, mask, v], {});
}

/** The C++ type names PyTorch's masked_fill message uses. */
export const cTypeNames: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'long int',
  int32: 'int', int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
  complex64: 'c10::complex<float>', complex128: 'c10::complex<double>', uint16: 'short unsigned int', uint32: 'unsigned int',
  uint64: 'long unsigned int', float8_e4m3fn: 'c10::Float8_e4m3fn', float8_e5m2: 'c10::Float8_e5m2',
  float8_e4m3fnuz: 'c10::Float8_e4m3fnuz', float8_e5m2fnuz: 'c10::Float8_e5m2fnuz', float8_e8m0fnu: 'c10::Float8_e8m0fnu',
};

function checkMask(mask: Tensor): void {
  if (mask.dtype !== 'bool') {
    throw new DTypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${cTypeNames[mask.dtype]}`);
  }
}

/**
 * masked_fill keeps self's dtype: the fill value (a number or a 0-dim tensor, whose value PyTorch
 * reads with item()) is converted to it with PyTorch's overflow check, not promoted with it.
 */
function fillValue(value: NumberArg, self: Tensor): Tensor {
  if (value instanceof Tensor && !value.wrappedNumber) {
    if (value.shape.length !== 0) {
      throw new DTypeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.shape.length} dimension(s).`);
    }
    // A tensor value stays in the graph (masked_fill is differentiable in it), converted by to().
    // NOTE: another device's value cannot be read here to check it.
    if (value.device === 'cpu') checkScalarFits(numberOf(value), self.dtype);
    // A 0-dim CPU value goes to self's device, as PyTorch takes it beside a device self.
    return onDevice(value.to(self.dtype), self.device);
  }
  checkScalarFits(value, self.dtype);
  const t = empty([], self.dtype, self.device);
  backendFor(self.device).fill(t, scalarValue(value));
  return t;
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
  // NOTE: PyTorch fills the result with NaN when a bound is NaN (clamp_out, clamp_min_out).
  if (Number.isNaN(min) || Number.isNaN(max)) backend.fill(target, NaN);
  else backend.clamp(castTo(x!, dtype), inDType(min, dtype), inDType(max, dtype), target);
  if (out && target !== out) backend.copy(target, out);
  return out ?? target;
});

/**
 * A bound as the kernel compares with it: converted to the result dtype first, as PyTorch's
 * min.to<scalar_t>() does (a float bound rounded to float32, -5 wrapped into uint8).
 */
function inDType(v: number | bigint | null, dtype: DType): number | bigint | null {
  if (v === null) return null;
  const t = empty([], dtype, 'cpu');
  backendFor('cpu').fill(t, v);
  const converted = backendFor('cpu').readSync!(t)[0]!;
  return dtype === 'int64' ? BigInt(converted) : isReducedFloat(dtype) ? Number(t.item()) : Number(converted);
}

/**
 * clamp with number bounds (PyTorch's clamp.Scalar): one op, the bounds converted to the result
 * dtype with PyTorch's overflow check; in place, the result must cast to x's dtype (PyTorch names
 * the C++ type in this message).
 */
export function clampScalar(x: Tensor, min: NumberArg | null, max: NumberArg | null, inplace: boolean): Tensor {
  if (min === null && max === null) throw new DTypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const bounds = [min, max].filter((v): v is NumberArg => v !== null);
  const dtype = resultType(x, ...bounds);
  for (const b of bounds) checkScalarFits(b, dtype);
  const attrs = { min: min === null ? null : boundValue(min), max: max === null ? null : boundValue(max) };
  if (!inplace) return clampOp.call([x], attrs);
  // NOTE: PyTorch checks overlap before castability here (the op table's own check comes later).
  checkNoInternalOverlap(x);
  if (!can_cast(dtype, x.dtype)) {
    throw new DTypeError(`result type ${scalarName(dtype)} can't be cast to the desired output type ${cTypeNames[x.dtype]}`);
  }
  return clampOp.callInplace([x], attrs);
}

function boundValue(v: NumberArg): number | bigint {
  const value = scalarValue(v);
  return typeof value === 'boolean' ? Number(value) : value;
}

/**
 * clamp with tensor bounds (PyTorch's clamp.Tensor): maximum with min, then minimum with max, so
 * NaN bounds propagate and the three promote together.
 */
export function clampTensor(x: Tensor, min: Tensor | null, max: Tensor | null, inplace: boolean): Tensor {
  if (min === null && max === null) throw new DTypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (!inplace) {
    let r = x;
    if (min !== null) r = binary('maximum', r, min);
    if (max !== null) r = binary('minimum', r, max);
    return r;
  }
  // Both bounds are checked before the first write, so a bad max leaves x as it was.
  checkInplaceOverlap('clamp', [x, ...[min, max].filter((t): t is Tensor => t !== null)]);
  if (min !== null) binaryInplace('maximum', x, min);
  if (max !== null) binaryInplace('minimum', x, max);
  return x;
}
