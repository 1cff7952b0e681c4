// Products, reductions, softmax and embedding: one ONNX operator each, with the axis arguments in
// the form the opset wants (ReduceMean's axes became an input in opset 18, ReduceSum's in 13).
import type { DType } from '@wick/tensor';
import type { MapContext, Mapper } from '../context.js';
import { castTo, wrapDim } from '../context.js';

const matmul: Mapper = (c) => {
  const dtype = c.out(0).dtype;
  return [c.g.op('MatMul', [c.x(0, dtype), c.x(1, dtype)])];
};

/** addmm(input, mat1, mat2, beta, alpha): Gemm computes alpha * mat1 @ mat2 + beta * input. */
const addmm: Mapper = (c) => {
  const { beta = 1, alpha = 1 } = c.attrs as { beta?: number; alpha?: number };
  const dtype = c.out(0).dtype;
  return [c.g.op('Gemm', [c.x(1, dtype), c.x(2, dtype), c.x(0, dtype)], { alpha: { float: alpha }, beta: { float: beta } })];
};

/** The axes a reduction's dim attribute names (none or empty: all of them). */
function reduceAxes(c: MapContext): number[] {
  const { dim } = c.attrs as { dim: number | number[] | null };
  const n = c.t(0).ndim;
  const dims = dim === null ? [] : typeof dim === 'number' ? [dim] : dim;
  return dims.length === 0 ? [...Array(n).keys()] : dims.map((d) => wrapDim(d, n));
}

/** A Reduce* node over x; its axes an attribute before `axesInputFrom`, an input from it. */
function reduceNode(c: MapContext, opType: string, x: string, axesInputFrom: number): string {
  const axes = reduceAxes(c);
  const keepdims = (c.attrs as { keepdim?: boolean }).keepdim === true ? 1 : 0;
  if (c.opset >= axesInputFrom) return c.g.op(opType, [x, c.g.ints(axes)], { keepdims });
  return c.g.op(opType, [x], { axes, keepdims });
}

const reduce = (opType: string, axesInputFrom: number): Mapper => (c) => {
  const x = c.x(0, c.out(0).dtype as DType);
  return [c.t(0).ndim === 0 ? x : reduceNode(c, opType, x, axesInputFrom)];
};

/** all / any: the min / max of the elements' truth as int32 (ONNX reduces no bools), back to bool. */
const boolReduce = (opType: string): Mapper => (c) => {
  const x = castTo(c.g, castTo(c.g, c.x(0), c.t(0).dtype, 'bool'), 'bool', 'int32');
  return [castTo(c.g, c.t(0).ndim === 0 ? x : reduceNode(c, opType, x, 18), 'int32', 'bool')];
};

const softmax = (opType: string): Mapper => (c) => {
  const { dim } = c.attrs as { dim: number };
  const n = c.t(0).ndim;
  return [c.g.op(opType, [c.x(0, c.out(0).dtype)], { axis: n === 0 ? 0 : wrapDim(dim, n) })];
};

/** embedding(weight, indices): rows of the weight (padding_idx only changes gradients). */
function embedding(c: MapContext): string[] {
  return [c.g.op('Gather', [c.x(0), c.x(1)], { axis: 0 })];
}

export const NN: Record<string, Mapper> = {
  mm: matmul,
  bmm: matmul,
  matmul,
  addmm,
  sum: reduce('ReduceSum', 13),
  mean: reduce('ReduceMean', 18),
  amax: reduce('ReduceMax', 18),
  amin: reduce('ReduceMin', 18),
  all: boolReduce('ReduceMin'),
  any: boolReduce('ReduceMax'),
  softmax: softmax('Softmax'),
  log_softmax: softmax('LogSoftmax'),
  embedding,
};
