// ReduceMean, ReduceSum, ReduceMax, ReduceMin. Their axes are an attribute until an opset that
// makes them an input (13 for ReduceSum, 18 for the others).
import type { Tensor } from '@wick/tensor';
import { type NodeRun, type Operator, axisOf, intsOf, need, op } from './operator.js';

type Reduce = (x: Tensor, dims: number[], keepdim: boolean) => Tensor;

function reduction(axesInputFrom: number, f: Reduce): Operator {
  return op(['axes', 'keepdims', 'noop_with_empty_axes'], (n: NodeRun) => {
    const x = need(n, 0, 'data');
    const given = n.opset >= axesInputFrom ? (n.inputs[1] === undefined ? undefined : intsOf(n.inputs[1])) : n.attrs.ints('axes');
    const keepdims = n.attrs.int('keepdims', 1) === 1;
    if ((given === undefined || given.length === 0) && n.attrs.int('noop_with_empty_axes', 0) === 1) return x;
    const axes = given === undefined || given.length === 0 ? x.shape.map((_, i) => i) : given.map((a) => axisOf(n, a, x.ndim));
    return f(x, axes, keepdims);
  });
}

export const REDUCE: Record<string, Operator> = {
  ReduceMean: reduction(18, (x, dims, keepdim) => x.mean(dims, keepdim)),
  ReduceSum: reduction(13, (x, dims, keepdim) => x.sum(dims, keepdim)),
  ReduceMax: reduction(18, (x, dims, keepdim) => x.amax(dims, keepdim)),
  ReduceMin: reduction(18, (x, dims, keepdim) => x.amin(dims, keepdim)),
};
