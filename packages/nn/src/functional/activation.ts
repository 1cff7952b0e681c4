import { type DType, Tensor, ValueError, erf, log_softmax as logSoftmaxOp, relu as reluOp, sigmoid as sigmoidOp, softmax as softmaxOp, tanh as tanhOp } from '@wick/tensor';

export const relu = (input: Tensor, inplace = false): Tensor => (inplace ? input.relu_() : reluOp(input));
export const tanh = (input: Tensor): Tensor => tanhOp(input);
export const sigmoid = (input: Tensor): Tensor => sigmoidOp(input);

export interface GeluOptions {
  approximate?: 'none' | 'tanh';
}

/** x * Phi(x); with approximate 'tanh', the tanh approximation of Phi. */
export function gelu(input: Tensor, opts: GeluOptions = {}): Tensor {
  const approximate = opts.approximate ?? 'none';
  if (approximate === 'none') return input.mul(0.5).mul(erf(input.mul(Math.SQRT1_2)).add(1));
  if (approximate === 'tanh') {
    const inner = input.add(input.mul(input).mul(input).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return input.mul(0.5).mul(inner.tanh().add(1));
  }
  throw new ValueError(`approximate argument must be either none or tanh.`);
}

/** PyTorch's implicit softmax dim (deprecated in PyTorch, kept for its modules' dim=None). */
function implicitDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

export interface SoftmaxOptions {
  dtype?: DType | null;
}

export function softmax(input: Tensor, dim?: number | null, opts: SoftmaxOptions = {}): Tensor {
  return softmaxOp(input, dim ?? implicitDim(input.ndim), opts.dtype ?? null);
}

export function log_softmax(input: Tensor, dim?: number | null, opts: SoftmaxOptions = {}): Tensor {
  return logSoftmaxOp(input, dim ?? implicitDim(input.ndim), opts.dtype ?? null);
}
