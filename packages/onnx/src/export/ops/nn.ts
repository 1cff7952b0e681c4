// Products, reductions, softmax and embedding: one ONNX operator each, with the axis arguments in
// the form the opset wants (ReduceMean's axes became an input in opset 18, ReduceSum's in 13).
import type { DType } from '@wick/tensor';
import type { MapContext, Mapper } from '../context.js';
import { wrapDim } from '../context.js';

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

const reduce = (opType: string, axesInputFrom: number): Mapper => (c) => {
  const { dim, keepdim } = c.attrs as { dim: number[] | null; keepdim: boolean };
  const n = c.t(0).ndim;
  const axes = dim === null || dim.length === 0 ? [...Array(n).keys()] : dim.map((d) => wrapDim(d, n));
  const x = c.x(0, c.out(0).dtype as DType);
  const keep = keepdim ? 1 : 0;
  if (n === 0) return [x];
  if (c.opset >= axesInputFrom) return [c.g.op(opType, [x, c.g.ints(axes)], { keepdims: keep })];
  return [c.g.op(opType, [x], { axes, keepdims: keep })];
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
  softmax: softmax('Softmax'),
  log_softmax: softmax('LogSoftmax'),
  embedding,
};
