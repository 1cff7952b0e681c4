import { type PyArgs, type Tensor, ValueError, defineFunction, dropout_mask } from '@wick/tensor';
import { pyNumber } from '../py-repr.js';
import { PY_FUNCTION } from '../signatures.js';

export interface DropoutOptions {
  input?: Tensor;
  p?: number;
  training?: boolean;
  inplace?: boolean;
}

export const dropout = defineFunction<
  (...args: PyArgs<[input: Tensor, p?: number, training?: boolean, inplace?: boolean], DropoutOptions>) => Tensor
>('dropout', 'dropout(Tensor input, float p=0.5, bool training=True, bool inplace=False)',
  (a) => dropoutImpl(a.input, a.p, a.training, a.inplace), { ...PY_FUNCTION, namespace: 'nn.functional' });

/**
 * The Python-side check of a dropout probability (F.dropout and the Dropout modules' constructors):
 * NaN passes it, as in Python.
 */
export function checkDropoutP(p: number): void {
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${pyNumber(p)}`, 'ValueError');
}

/**
 * F.dropout: in training, zeroes each element with probability p and scales the rest by
 * 1 / (1 - p), with the mask drawn as PyTorch's CPU path draws it (the tensor package's
 * dropout_mask); inplace writes the result into input. Like PyTorch, out of training, p = 0 or an
 * empty input return the input itself (untouched), and p = 1 draws nothing.
 */
export function dropoutImpl(input: Tensor, p: number, training: boolean, inplace: boolean): Tensor {
  checkDropoutP(p);
  // ATen's own check, made whether or not training: it is what refuses NaN.
  if (Number.isNaN(p)) throw new ValueError('dropout probability has to be between 0 and 1, but got nan', 'RuntimeError');
  if (!training || p === 0 || input.numel() === 0) return input;
  const mask = dropout_mask(input, p);
  return inplace ? input.mul_(mask) : input.mul(mask);
}
