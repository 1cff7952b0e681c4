import { type Tensor, ValueError } from '@wick/tensor';

/** How a loss combines its per-element values: PyTorch's `reduction` argument. */
export type Reduction = 'none' | 'mean' | 'sum';

/** PyTorch's _Reduction.get_enum: the check every loss makes before computing anything. */
export function checkReduction(reduction: string): Reduction {
  if (reduction === 'none' || reduction === 'mean' || reduction === 'sum') return reduction;
  throw new ValueError(`${reduction} is not a valid value for reduction`, 'ValueError');
}

/**
 * PyTorch's _Reduction.legacy_get_string: the reduction the deprecated size_average and reduce
 * arguments name (None counts as True). Losses use it when either is given, in place of reduction.
 */
export function legacyReduction(sizeAverage: boolean | null, reduce: boolean | null): Reduction {
  const average = sizeAverage ?? true;
  if (!(reduce ?? true)) return 'none';
  return average ? 'mean' : 'sum';
}

/** The reduction a loss applies: reduction, unless the deprecated size_average or reduce is given. */
export function lossReduction(sizeAverage: boolean | null, reduce: boolean | null, reduction: string): string {
  return sizeAverage !== null || reduce !== null ? legacyReduction(sizeAverage, reduce) : reduction;
}

/**
 * Why a loss's declaration differs from its recorded signature: the recorder reads the builtin of
 * the same name in torch/_C/_nn.pyi (the ATen op, which takes reduction as an enum), while
 * torch.nn.functional's own function is the Python one declared here.
 */
export const ATEN_RECORDED = "the record holds torch._C._nn's ATen op of the same name, read from _nn.pyi; "
  + "torch.nn.functional's function is Python's, with this signature (inspect.signature gives it)";

/** ATen's apply_loss_reduction: mean() or sum() of the per-element loss, or the loss itself. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  return loss;
}

/** torch.Size's repr, as PyTorch's Python-side messages print shapes. */
export const torchSize = (shape: readonly number[]): string =>
  `torch.Size([${shape.join(', ')}])`;
