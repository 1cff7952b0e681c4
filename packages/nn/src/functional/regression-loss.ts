import { type Tensor, ValueError, broadcastShapes } from '@wick/tensor';
import { type Reduction, applyReduction, checkReduction } from './reduction.js';

export interface LossOptions {
  reduction?: Reduction;
}

export interface WeightedLossOptions extends LossOptions {
  /** Per-element weights, the input's size (PyTorch 2.13's mse_loss / l1_loss `weight`). */
  weight?: Tensor | null;
}

export interface SmoothL1Options extends LossOptions {
  beta?: number;
}

/** torch.broadcast_tensors of two tensors: PyTorch's regression losses broadcast input and target. */
function broadcastPair(input: Tensor, target: Tensor): [Tensor, Tensor] {
  const shape = broadcastShapes(input.shape, target.shape);
  return [input.expand(shape), target.expand(shape)];
}

/**
 * The weighted branch PyTorch's Python code takes (sum(w * loss) / sum(w) for 'mean'): it checks the
 * reduction only after computing, with its own message.
 */
function weightedReduction(loss: Tensor, weight: Tensor, input: Tensor, reduction: string): Tensor {
  if (weight.shape.length !== input.shape.length || weight.shape.some((s, i) => s !== input.shape[i])) {
    throw new ValueError('Weights and input must have the same size.', 'ValueError');
  }
  const weighted = loss.mul(weight);
  if (reduction === 'none') return weighted;
  if (reduction === 'sum') return weighted.sum();
  if (reduction === 'mean') return weighted.sum().div(weight.sum());
  throw new ValueError(`Invalid reduction mode: ${reduction}. Expected one of 'none', 'mean', 'sum'.`, 'ValueError');
}

/** (input - target)^2, reduced. */
export function mse_loss(input: Tensor, target: Tensor, opts: WeightedLossOptions = {}): Tensor {
  const [x, y] = broadcastPair(input, target);
  const reduction = opts.reduction ?? 'mean';
  if (opts.weight) return weightedReduction(x.sub(y).pow(2), opts.weight, input, reduction);
  const r = checkReduction(reduction);
  const diff = x.sub(y);
  return applyReduction(diff.mul(diff), r);
}

/** |input - target|, reduced. */
export function l1_loss(input: Tensor, target: Tensor, opts: WeightedLossOptions = {}): Tensor {
  const [x, y] = broadcastPair(input, target);
  const reduction = opts.reduction ?? 'mean';
  if (opts.weight) return weightedReduction(x.sub(y).abs(), opts.weight, input, reduction);
  return applyReduction(x.sub(y).abs(), checkReduction(reduction));
}

/** With z = |input - target|: 0.5 z^2 / beta where z < beta, z - 0.5 beta elsewhere; beta 0 is l1_loss. */
export function smooth_l1_loss(input: Tensor, target: Tensor, opts: SmoothL1Options = {}): Tensor {
  const [x, y] = broadcastPair(input, target);
  const beta = opts.beta ?? 1.0;
  const reduction = checkReduction(opts.reduction ?? 'mean');
  if (beta === 0) return applyReduction(x.sub(y).abs(), reduction);
  if (beta < 0) throw new ValueError('smooth_l1_loss does not support negative values for beta.');
  const z = x.sub(y).abs();
  // ATen's kernel: 0.5 * z * z / beta, left to right.
  const quadratic = z.mul(0.5).mul(z).div(beta);
  return applyReduction(quadratic.where(z.lt(beta), z.sub(0.5 * beta)), reduction);
}
