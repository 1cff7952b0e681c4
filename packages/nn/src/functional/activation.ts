import {
  type DType, type PyArgs, type Tensor, ValueError, defineFunction, erf, log_softmax as logSoftmaxOp, relu as reluOp,
  sigmoid as sigmoidOp, softmax as softmaxOp, tanh as tanhOp,
} from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';

const F = { ...PY_FUNCTION, namespace: 'nn.functional' } as const;

export const relu = defineFunction<(...args: PyArgs<[input: Tensor, inplace?: boolean], { input?: Tensor; inplace?: boolean }>) => Tensor>(
  'relu', 'relu(Tensor input, bool inplace=False)', (a) => reluImpl(a.input, a.inplace), F,
);

/** relu, writing into input when inplace (PyTorch's torch.relu_). */
export function reluImpl(input: Tensor, inplace: boolean): Tensor {
  return inplace ? input.relu_() : reluOp(input);
}

export const tanh = defineFunction<(...args: PyArgs<[input: Tensor], { input?: Tensor }>) => Tensor>(
  'tanh', 'tanh(Tensor input)', (a) => tanhOp(a.input), F,
);

export const sigmoid = defineFunction<(...args: PyArgs<[input: Tensor], { input?: Tensor }>) => Tensor>(
  'sigmoid', 'sigmoid(Tensor input)', (a) => sigmoidOp(a.input), F,
);

export interface GeluOptions {
  input?: Tensor;
  approximate?: 'none' | 'tanh';
}

// NOTE: PyTorch's parser declares gelu(Tensor self, *, str approximate='none'): F.gelu(x, 'tanh')
// is a TypeError there, whatever the type stub says.
export const gelu = defineFunction<(...args: PyArgs<[input: Tensor], GeluOptions>) => Tensor>(
  'gelu', "gelu(Tensor input, *, str approximate='none')", (a) => geluImpl(a.input, a.approximate), {
    namespace: 'nn.functional',
    differs: "PyTorch's _nn.pyi stub lists approximate as positional, but its argument parser takes it by name only "
      + "(gelu(Tensor self, *, str approximate='none')): F.gelu(x, 'tanh') is a TypeError in PyTorch, and in wick",
  },
);

/** x * Phi(x); with approximate 'tanh', the tanh approximation of Phi. */
export function geluImpl(input: Tensor, approximate: string): Tensor {
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
  input?: Tensor;
  dim?: number | null;
  /** Where PyTorch's implicit-dim warning points; wick prints no warnings, so it changes nothing. */
  _stacklevel?: number;
  dtype?: DType | null;
}
type SoftmaxFn = (
  ...args: PyArgs<[input: Tensor, dim?: number | null, _stacklevel?: number, dtype?: DType | null], SoftmaxOptions>
) => Tensor;

// _stacklevel only says which caller PyTorch's implicit-dim warning names; wick does not warn.
const SOFTMAX_PARAMS = '(Tensor input, int? dim=None, int _stacklevel=3, ScalarType? dtype=None)';

export const softmax = defineFunction<SoftmaxFn>('softmax', `softmax${SOFTMAX_PARAMS}`, (a) => softmaxImpl(a.input, a.dim, a.dtype), F);

export const log_softmax = defineFunction<SoftmaxFn>(
  'log_softmax', `log_softmax${SOFTMAX_PARAMS}`, (a) => logSoftmaxImpl(a.input, a.dim, a.dtype), F,
);

export function softmaxImpl(input: Tensor, dim: number | null, dtype: DType | null): Tensor {
  return softmaxOp(input, dim ?? implicitDim(input.ndim), dtype);
}

export function logSoftmaxImpl(input: Tensor, dim: number | null, dtype: DType | null): Tensor {
  return logSoftmaxOp(input, dim ?? implicitDim(input.ndim), dtype);
}
