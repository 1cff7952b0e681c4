import { type Tensor, ValueError } from '@wick/tensor';

/** How a loss combines its per-element values: PyTorch's `reduction` argument. */
export type Reduction = 'none' | 'mean' | 'sum';

/** PyTorch's _Reduction.get_enum: the check every loss makes before computing anything. */
export function checkReduction(reduction: string): Reduction {
  if (reduction === 'none' || reduction === 'mean' || reduction === 'sum') return reduction;
  throw new ValueError(`${reduction} is not a valid value for reduction`, 'ValueError');
}

/** ATen's apply_loss_reduction: mean() or sum() of the per-element loss, or the loss itself. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  return loss;
}

/** torch.Size's repr, as PyTorch's Python-side messages print shapes. */
export const torchSize = (shape: readonly number[]): string =>
  `torch.Size([${shape.join(', ')}])`;
