// Elementwise ops: each input is taken in the result's dtype (PyTorch's type promotion happened
// in the trace; a Python scalar arrives as a 0-dim float64 or int64 constant, written here in the
// result's dtype), then one ONNX operator, or a short formula of them.
import { result_type } from '@wick/tensor';
import type { MapContext, Mapper } from '../context.js';

const unary = (opType: string): Mapper => (c) => [c.g.op(opType, [c.x(0, c.out(0).dtype)])];

/** Inputs of a comparison or where: in their common dtype (PyTorch's result_type). */
function commonInputs(c: MapContext, from: number): string[] {
  const dtype = result_type(c.t(from), c.t(from + 1));
  return [c.x(from, dtype), c.x(from + 1, dtype)];
}

const binary = (opType: string): Mapper => (c) => {
  const dtype = c.out(0).dtype;
  return [c.g.op(opType, [c.x(0, dtype), c.x(1, dtype)])];
};

const compare = (opType: string): Mapper => (c) => [c.g.op(opType, commonInputs(c, 0))];

/** add and sub with alpha: other * alpha first (alpha is 1 in every call that passes none). */
const withAlpha = (opType: string): Mapper => (c) => {
  const dtype = c.out(0).dtype;
  const alpha = (c.attrs as { alpha?: number }).alpha ?? 1;
  let other = c.x(1, dtype);
  if (alpha !== 1) other = c.g.op('Mul', [other, c.g.constant(dtype, [], [alpha])]);
  return [c.g.op(opType, [c.x(0, dtype), other])];
};

function clamp(c: MapContext): string[] {
  const { min, max } = c.attrs as { min: number | null; max: number | null };
  const dtype = c.out(0).dtype;
  const bound = (v: number | null) => (v === null ? '' : c.g.constant(dtype, [], [v]));
  const inputs = [c.x(0, dtype), bound(min), bound(max)];
  while (inputs.at(-1) === '') inputs.pop();
  return [c.g.op('Clip', inputs)];
}

export const ELEMENTWISE: Record<string, Mapper> = {
  relu: unary('Relu'),
  sigmoid: unary('Sigmoid'),
  tanh: unary('Tanh'),
  erf: unary('Erf'),
  exp: unary('Exp'),
  log: unary('Log'),
  neg: unary('Neg'),
  abs: unary('Abs'),
  sqrt: unary('Sqrt'),
  reciprocal: unary('Reciprocal'),
  sin: unary('Sin'),
  cos: unary('Cos'),
  rsqrt: (c) => [c.g.op('Reciprocal', [c.g.op('Sqrt', [c.x(0, c.out(0).dtype)])])],
  expm1: (c) => {
    const dtype = c.out(0).dtype;
    return [c.g.op('Sub', [c.g.op('Exp', [c.x(0, dtype)]), c.g.constant(dtype, [], [1])])];
  },
  log1p: (c) => {
    const dtype = c.out(0).dtype;
    return [c.g.op('Log', [c.g.op('Add', [c.x(0, dtype), c.g.constant(dtype, [], [1])])])];
  },
  add: withAlpha('Add'),
  sub: withAlpha('Sub'),
  mul: binary('Mul'),
  div: binary('Div'),
  pow: binary('Pow'),
  maximum: binary('Max'),
  minimum: binary('Min'),
  eq: compare('Equal'),
  lt: compare('Less'),
  gt: compare('Greater'),
  le: compare('LessOrEqual'),
  ge: compare('GreaterOrEqual'),
  logical_and: (c) => [c.g.op('And', [c.x(0, 'bool'), c.x(1, 'bool')])],
  logical_or: (c) => [c.g.op('Or', [c.x(0, 'bool'), c.x(1, 'bool')])],
  logical_not: (c) => [c.g.op('Not', [c.x(0, 'bool')])],
  where: (c) => [c.g.op('Where', [c.x(0, 'bool'), ...commonInputs(c, 1)])],
  clamp,
  /** masked_fill(self, mask, value): value where mask is set. */
  masked_fill: (c) => {
    const dtype = c.out(0).dtype;
    return [c.g.op('Where', [c.x(1, 'bool'), c.x(2, dtype), c.x(0, dtype)])];
  },
};
