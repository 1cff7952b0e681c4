import { type Tensor, zeros } from '@wick/tensor';
import type { TensorInfo } from '../node.js';

/**
 * grad summed down to `shape` (PyTorch's at::sum_to): leading dims and dims that were broadcast
 * from size 1 are summed in one reduction, so the order of additions matches PyTorch's.
 */
export function sumTo(grad: Tensor, shape: readonly number[]): Tensor {
  const lead = grad.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < grad.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) dims.push(i);
  }
  if (dims.length === 0) return grad;
  const summed = grad.sum(dims, true);
  return lead > 0 ? summed.view(shape as number[]) : summed;
}

/** Zeros with an input's shape, dtype and device (the gradient of a piecewise-constant op). */
export const zerosOf = (t: TensorInfo): Tensor => zeros(t.shape as number[], { dtype: t.dtype, device: t.device });

/** grad with the reduced dims put back as size 1 (a no-op when the reduction kept them). */
export function restoreDims(grad: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  if (keepdim) return grad;
  let g = grad;
  for (const d of [...dims].sort((a, b) => a - b)) g = g.unsqueeze(d);
  return g;
}

/** PyTorch's sum_backward: the reduced gradient broadcast back over the input's shape. */
export function sumBackward(grad: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  return restoreDims(grad, dims, keepdim).expand(shape as number[]);
}

/** The number of elements a reduction over `dims` combined. */
export function reducedCount(shape: readonly number[], dims: readonly number[]): number {
  return dims.reduce((n, d) => n * shape[d]!, 1);
}
