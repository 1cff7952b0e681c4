// ONNX's elementwise operators. ONNX gives both operands of a binary operator one dtype (Pow
// aside), so wick's type promotion never changes a result's dtype here; broadcasting is numpy's
// in both.
import { type DType, type Tensor, isFloating, where } from '@wick/tensor';
import { functional as F } from '@wick/nn';
import { OnnxError } from '../../errors.js';
import { type NodeRun, type Operator, axisOf, need, onOneDevice, op, scalarOf } from './operator.js';

const unary = (f: (x: Tensor) => Tensor): Operator => op([], (n) => f(need(n, 0, 'X')));
/** Input i and j, on one device. */
const pair = (n: NodeRun, what: [string, string]): [Tensor, Tensor] => {
  const [a, b] = onOneDevice([need(n, 0, what[0]), need(n, 1, what[1])]);
  return [a!, b!];
};
const binary = (f: (a: Tensor, b: Tensor) => Tensor): Operator => op([], (n) => f(...pair(n, ['A', 'B'])));

/** Max, Min, Sum: any number of inputs, broadcast together. */
const variadic = (f: (a: Tensor, b: Tensor) => Tensor): Operator =>
  op([], (n) => onOneDevice(n.inputs.map((t, i) => t ?? need(n, i, `data_${i}`))).reduce((a, b) => f(a, b)));

/** ONNX's integer Div truncates toward zero (C's), where a float Div is true division. */
function divide(a: Tensor, b: Tensor): Tensor {
  return isFloating(a.dtype) ? a.div(b) : a.div(b, { rounding_mode: 'trunc' });
}

function softmaxLike(log: boolean): Operator {
  return op(['axis'], (n) => {
    const x = need(n, 0, 'input');
    const axis = axisOf(n, n.attrs.int('axis', n.opset >= 13 ? -1 : 1), x.ndim);
    const f = (t: Tensor, dim: number) => (log ? F.log_softmax(t, dim) : F.softmax(t, dim));
    if (n.opset >= 13) return f(x, axis);
    // Before opset 13 the input is seen as 2-D, [prod(dims before axis), prod(dims from axis)].
    const rows = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    return f(x.reshape(rows, -1), 1).reshape(x.shape);
  });
}

function clip(n: NodeRun): Tensor {
  const x = need(n, 0, 'input');
  const [lo, hi] = n.opset >= 11
    ? [n.inputs[1] === undefined ? undefined : scalarOf(n.inputs[1]), n.inputs[2] === undefined ? undefined : scalarOf(n.inputs[2])]
    : [n.attrs.float('min', -Infinity), n.attrs.float('max', Infinity)];
  return x.clamp(lo ?? null, hi ?? null);
}

function gelu(n: NodeRun): Tensor {
  const approximate = n.attrs.string('approximate', 'none');
  if (approximate !== 'none' && approximate !== 'tanh') throw new OnnxError(`${n.label}: approximate='${approximate}' is not 'none' or 'tanh'`);
  return F.gelu(need(n, 0, 'X'), { approximate });
}

/** ONNX's Mod: the divisor's sign (Python's %) unless fmod=1 (C's fmod, the dividend's sign). */
function mod(n: NodeRun): Tensor {
  const [a, b] = pair(n, ['A', 'B']);
  const fmod = n.attrs.int('fmod', 0);
  if (fmod === 0 && isFloating(a.dtype)) throw new OnnxError(`${n.label}: Mod of floats needs fmod=1 (ONNX's rule), found fmod=0`);
  return fmod === 1 ? a.fmod(b) : a.remainder(b);
}

/** Pow: the result has the base's dtype whatever the exponent's. */
function pow(n: NodeRun): Tensor {
  const [x, y] = pair(n, ['X', 'Y']);
  const out = x.pow(y);
  return out.dtype === x.dtype ? out : out.to(x.dtype as DType);
}

export const ELEMENTWISE: Record<string, Operator> = {
  Relu: unary((x) => x.relu()),
  Tanh: unary((x) => x.tanh()),
  Sigmoid: unary((x) => x.sigmoid()),
  Erf: unary((x) => x.erf()),
  Exp: unary((x) => x.exp()),
  Log: unary((x) => x.log()),
  Sqrt: unary((x) => x.sqrt()),
  Neg: unary((x) => x.neg()),
  Abs: unary((x) => x.abs()),
  Reciprocal: unary((x) => x.reciprocal()),
  Floor: unary((x) => x.floor()),
  Ceil: unary((x) => x.ceil()),
  Sin: unary((x) => x.sin()),
  Cos: unary((x) => x.cos()),
  Not: unary((x) => x.logical_not()),
  Gelu: op(['approximate'], gelu),
  LeakyRelu: op(['alpha'], (n) => F.leaky_relu(need(n, 0, 'X'), n.attrs.float('alpha', 0.01))),
  Softmax: softmaxLike(false),
  LogSoftmax: softmaxLike(true),
  Clip: op(['min', 'max'], clip),
  Add: binary((a, b) => a.add(b)),
  Sub: binary((a, b) => a.sub(b)),
  Mul: binary((a, b) => a.mul(b)),
  Div: binary(divide),
  Pow: op([], pow),
  Mod: op(['fmod'], mod),
  Equal: binary((a, b) => a.eq(b)),
  Less: binary((a, b) => a.lt(b)),
  LessOrEqual: binary((a, b) => a.le(b)),
  Greater: binary((a, b) => a.gt(b)),
  GreaterOrEqual: binary((a, b) => a.ge(b)),
  And: binary((a, b) => a.logical_and(b)),
  Or: binary((a, b) => a.logical_or(b)),
  Xor: binary((a, b) => a.logical_xor(b)),
  Max: variadic((a, b) => a.maximum(b)),
  Min: variadic((a, b) => a.minimum(b)),
  Sum: variadic((a, b) => a.add(b)),
  Where: op([], (n) => {
    const [condition, x, y] = onOneDevice([need(n, 0, 'condition'), need(n, 1, 'X'), need(n, 2, 'Y')]);
    return where(condition!, x!, y!);
  }),
};
