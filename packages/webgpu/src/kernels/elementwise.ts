import { type BinaryOp, type Complex, DTypeError, type StridedView, type UnaryOp } from '@wick/tensor';
import type { Context } from '../context.js';
import { type Kind, kindOf } from '../wgsl/dtypes.js';
import { runElementwise, scalarWords } from './elementwise-core.js';

// copy, fill, unary, binary, where and clamp: each formula written once per shader kind. The op
// layer has already chosen the compute dtype (inputs arrive in it), so a formula sees one kind;
// bool inputs compute as i32 (0 or 1) and convert to the result's dtype when stored.

type Formula = (x: readonly string[]) => string;

const UNARY_F32: Record<string, Formula> = {
  neg: ([x]) => `-${x}`,
  abs: ([x]) => `abs(${x})`,
  sign: ([x]) => `select(select(0.0, -1.0, ${x} < 0.0), 1.0, ${x} > 0.0)`,
  exp: ([x]) => `exp_f32(${x})`,
  expm1: ([x]) => `expm1_f32(${x})`,
  log: ([x]) => `log_f32(${x})`,
  log1p: ([x]) => `log1p_f32(${x})`,
  log2: ([x]) => `log2_f32(${x})`,
  log10: ([x]) => `log10_f32(${x})`,
  sqrt: ([x]) => `sqrt(${x})`,
  rsqrt: ([x]) => `1.0 / sqrt(${x})`,
  reciprocal: ([x]) => `1.0 / ${x}`,
  sin: ([x]) => `sin_f32(${x})`,
  cos: ([x]) => `cos_f32(${x})`,
  tan: ([x]) => `tan_f32(${x})`,
  tanh: ([x]) => `tanh_f32(${x})`,
  sigmoid: ([x]) => `sigmoid_f32(${x})`,
  erf: ([x]) => `erf_f32(${x})`,
  relu: ([x]) => `select(0.0, ${x}, ${x} > 0.0 || is_nan(${x}))`,
  floor: ([x]) => `floor(${x})`,
  ceil: ([x]) => `ceil(${x})`,
  trunc: ([x]) => `trunc(${x})`,
  round: ([x]) => `round(${x})`, // WGSL's round is half to even, as PyTorch's
  square: ([x]) => `${x} * ${x}`,
  logical_not: ([x]) => `${x} == 0.0`,
  isnan: ([x]) => `is_nan(${x})`,
  isinf: ([x]) => `(bitcast<u32>(${x}) & 0x7fffffffu) == 0x7f800000u`,
  isfinite: ([x]) => `(bitcast<u32>(${x}) & 0x7fffffffu) < 0x7f800000u`,
};

const UNARY_I32: Record<string, Formula> = {
  neg: ([x]) => `-${x}`,
  abs: ([x]) => `abs(${x})`,
  sign: ([x]) => `sign(${x})`,
  relu: ([x]) => `max(${x}, 0)`,
  floor: ([x]) => x!,
  ceil: ([x]) => x!,
  trunc: ([x]) => x!,
  round: ([x]) => x!,
  square: ([x]) => `${x} * ${x}`,
  logical_not: ([x]) => `${x} == 0`,
  isnan: () => 'false',
  isinf: () => 'false',
  isfinite: () => 'true',
};

const UNARY_I64: Record<string, Formula> = {
  neg: ([x]) => `i64_neg(${x})`,
  abs: ([x]) => `i64_abs(${x})`,
  sign: ([x]) => `select(select(vec2<u32>(0u), vec2<u32>(1u, 0u), any(${x} != vec2<u32>(0u))), vec2<u32>(0xffffffffu), i64_is_neg(${x}))`,
  relu: ([x]) => `select(${x}, vec2<u32>(0u), i64_is_neg(${x}))`,
  floor: ([x]) => x!,
  ceil: ([x]) => x!,
  trunc: ([x]) => x!,
  round: ([x]) => x!,
  square: ([x]) => `i64_mul(${x}, ${x})`,
  logical_not: ([x]) => `all(${x} == vec2<u32>(0u))`,
  isnan: () => 'false',
  isinf: () => 'false',
  isfinite: () => 'true',
};

const BINARY_F32: Record<string, Formula> = {
  add: ([a, b]) => `${a} + ${b}`,
  sub: ([a, b]) => `${a} - ${b}`,
  mul: ([a, b]) => `${a} * ${b}`,
  div: ([a, b]) => `${a} / ${b}`,
  div_trunc: ([a, b]) => `trunc(${a} / ${b})`,
  div_floor: ([a, b]) => `floor_div_f32(${a}, ${b})`,
  remainder: ([a, b]) => `remainder_f32(${a}, ${b})`,
  fmod: ([a, b]) => `fmod_f32(${a}, ${b})`,
  pow: ([a, b]) => `pow_f32(${a}, ${b})`,
  atan2: ([a, b]) => `atan2_f32(${a}, ${b})`,
  maximum: ([a, b]) => `select(max(${a}, ${b}), nan_f32(), is_nan(${a}) || is_nan(${b}))`,
  minimum: ([a, b]) => `select(min(${a}, ${b}), nan_f32(), is_nan(${a}) || is_nan(${b}))`,
  eq: ([a, b]) => `${a} == ${b}`,
  ne: ([a, b]) => `${a} != ${b}`,
  lt: ([a, b]) => `${a} < ${b}`,
  le: ([a, b]) => `${a} <= ${b}`,
  gt: ([a, b]) => `${a} > ${b}`,
  ge: ([a, b]) => `${a} >= ${b}`,
  logical_and: ([a, b]) => `${a} != 0.0 && ${b} != 0.0`,
  logical_or: ([a, b]) => `${a} != 0.0 || ${b} != 0.0`,
  logical_xor: ([a, b]) => `(${a} != 0.0) != (${b} != 0.0)`,
};

const BINARY_I32: Record<string, Formula> = {
  add: ([a, b]) => `${a} + ${b}`,
  sub: ([a, b]) => `${a} - ${b}`,
  mul: ([a, b]) => `${a} * ${b}`,
  div_trunc: ([a, b]) => `${a} / ${b}`,
  div_floor: ([a, b]) => `${a} / ${b} - select(0, 1, ${a} % ${b} != 0 && ((${a} % ${b} < 0) != (${b} < 0)))`,
  remainder: ([a, b]) => `${a} % ${b} + select(0, ${b}, ${a} % ${b} != 0 && ((${a} % ${b} < 0) != (${b} < 0)))`,
  fmod: ([a, b]) => `${a} % ${b}`,
  pow: ([a, b]) => `pow_i32(${a}, ${b})`,
  maximum: ([a, b]) => `max(${a}, ${b})`,
  minimum: ([a, b]) => `min(${a}, ${b})`,
  eq: ([a, b]) => `${a} == ${b}`,
  ne: ([a, b]) => `${a} != ${b}`,
  lt: ([a, b]) => `${a} < ${b}`,
  le: ([a, b]) => `${a} <= ${b}`,
  gt: ([a, b]) => `${a} > ${b}`,
  ge: ([a, b]) => `${a} >= ${b}`,
  logical_and: ([a, b]) => `${a} != 0 && ${b} != 0`,
  logical_or: ([a, b]) => `${a} != 0 || ${b} != 0`,
  logical_xor: ([a, b]) => `(${a} != 0) != (${b} != 0)`,
};

const zero64 = 'vec2<u32>(0u)';
const BINARY_I64: Record<string, Formula> = {
  add: ([a, b]) => `i64_add(${a}, ${b})`,
  sub: ([a, b]) => `i64_sub(${a}, ${b})`,
  mul: ([a, b]) => `i64_mul(${a}, ${b})`,
  div_trunc: ([a, b]) => `i64_divmod(${a}, ${b})[0]`,
  div_floor: ([a, b]) => `floor_div_i64(${a}, ${b})`,
  remainder: ([a, b]) => `remainder_i64(${a}, ${b})`,
  fmod: ([a, b]) => `i64_divmod(${a}, ${b})[1]`,
  pow: ([a, b]) => `pow_i64(${a}, ${b})`,
  maximum: ([a, b]) => `select(${a}, ${b}, i64_lt(${a}, ${b}))`,
  minimum: ([a, b]) => `select(${a}, ${b}, i64_lt(${b}, ${a}))`,
  eq: ([a, b]) => `i64_eq(${a}, ${b})`,
  ne: ([a, b]) => `!i64_eq(${a}, ${b})`,
  lt: ([a, b]) => `i64_lt(${a}, ${b})`,
  le: ([a, b]) => `!i64_lt(${b}, ${a})`,
  gt: ([a, b]) => `i64_lt(${b}, ${a})`,
  ge: ([a, b]) => `!i64_lt(${a}, ${b})`,
  logical_and: ([a, b]) => `any(${a} != ${zero64}) && any(${b} != ${zero64})`,
  logical_or: ([a, b]) => `any(${a} != ${zero64}) || any(${b} != ${zero64})`,
  logical_xor: ([a, b]) => `any(${a} != ${zero64}) != any(${b} != ${zero64})`,
};

const UNARY: Record<Kind, Record<string, Formula>> = { f32: UNARY_F32, i32: UNARY_I32, i64: UNARY_I64, bool: UNARY_I32 };
const BINARY: Record<Kind, Record<string, Formula>> = { f32: BINARY_F32, i32: BINARY_I32, i64: BINARY_I64, bool: BINARY_I32 };

/** The kind a formula computes in: bool computes as i32 (0 or 1). */
const computeIn = (k: Kind): Kind => (k === 'bool' ? 'i32' : k);

/** The kind a formula of this name returns: comparisons and tests return bool. */
function resultOf(name: string, kind: Kind): Kind {
  return /^(eq|ne|lt|le|gt|ge|logical_\w+|isnan|isinf|isfinite)$/.test(name) ? 'bool' : kind;
}

function formula(table: Record<Kind, Record<string, Formula>>, name: string, kind: Kind, family: string): Formula {
  const f = table[kind][name];
  if (f === undefined) throw new DTypeError(`${family} op ${name} is not implemented on webgpu for ${kind === 'i64' ? 'int64' : kind} tensors`, 'NotImplementedError');
  return f;
}

export function unary(ctx: Context, op: UnaryOp, x: StridedView, out: StridedView): void {
  const kind = computeIn(kindOf(x.dtype));
  const f = formula(UNARY, op.name, kind, 'unary');
  runElementwise(ctx, { name: `u:${op.name}`, inputs: [x], out, inputKinds: [kind], resultKind: resultOf(op.name, kind), formula: f });
}

export function binary(ctx: Context, op: BinaryOp, a: StridedView, b: StridedView, out: StridedView): void {
  const kind = computeIn(kindOf(a.dtype));
  const f = formula(BINARY, op.name, kind, 'binary');
  runElementwise(ctx, { name: `b:${op.name}`, inputs: [a, b], out, inputKinds: [kind, kind], resultKind: resultOf(op.name, kind), formula: f });
}

export function copy(ctx: Context, src: StridedView, dst: StridedView): void {
  runElementwise(ctx, { name: 'copy', inputs: [src], out: dst, resultKind: kindOf(src.dtype), formula: ([x]) => x! });
}

export function fill(ctx: Context, dst: StridedView, value: number | bigint | boolean | Complex): void {
  if (typeof value === 'object') throw new DTypeError('webgpu tensors hold no complex values');
  const kind = kindOf(dst.dtype);
  runElementwise(ctx, { name: 'fill', inputs: [], out: dst, scalars: scalarWords(value, kind), formula: (_, s) => s(0, kind) });
}

export function where(ctx: Context, cond: StridedView, a: StridedView, b: StridedView, out: StridedView): void {
  runElementwise(ctx, { name: 'where', inputs: [cond, a, b], out, formula: ([c, x, y]) => `select(${y}, ${x}, ${c})` });
}

export function clamp(ctx: Context, x: StridedView, lo: number | bigint | null, hi: number | bigint | null, out: StridedView): void {
  const kind = computeIn(kindOf(x.dtype));
  const bound = (v: number | bigint | null): number | bigint | null => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : v);
  const [l, h] = [bound(lo), bound(hi)];
  const scalars = [...(l === null ? [] : scalarWords(l, kind)), ...(h === null ? [] : scalarWords(h, kind))];
  const width = kind === 'i64' ? 2 : 1;
  const less = (p: string, q: string): string => (kind === 'i64' ? `i64_lt(${p}, ${q})` : `${p} < ${q}`);
  runElementwise(ctx, {
    name: `clamp:${l === null ? '' : 'lo'}${h === null ? '' : 'hi'}`,
    inputs: [x],
    out,
    inputKinds: [kind],
    resultKind: kind,
    scalars,
    // std::min(std::max(x, lo), hi), whose comparisons let NaN through.
    formula: ([v], s) => {
      let r = v!;
      if (l !== null) r = `select(${r}, ${s(0, kind)}, ${less(r, s(0, kind))})`;
      if (h !== null) {
        const hv = s(l === null ? 0 : width, kind);
        r = `select(${r}, ${hv}, ${less(hv, r)})`;
      }
      // Compilers may turn the selects into max/min, which drop NaN: keep it explicitly.
      return kind === 'f32' ? `select(${r}, ${v}, is_nan(${v}))` : r;
    },
  });
}
