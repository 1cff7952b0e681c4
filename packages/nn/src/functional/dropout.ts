import { type Tensor, ValueError, dropout_mask } from '@wick/tensor';

/**
 * F.dropout: in training, zeroes each element with probability p and scales the rest by
 * 1 / (1 - p), with the mask drawn as PyTorch's CPU path draws it (the tensor package's
 * dropout_mask). Like PyTorch, p = 0 returns the input itself and p = 1 draws nothing.
 */
export function dropout(input: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`, 'ValueError');
  if (!training || p === 0 || input.numel() === 0) return input;
  const mask = dropout_mask(input, p);
  return inplace ? input.mul_(mask) : input.mul(mask);
}
