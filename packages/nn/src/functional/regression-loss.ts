import { type PyArgs, type Tensor, ValueError, broadcastShapes, defineFunction } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import { ATEN_RECORDED, type Reduction, applyReduction, checkReduction, lossReduction } from './reduction.js';

/** The arguments every loss function takes by name. */
export interface LossOptions {
  input?: Tensor;
  target?: Tensor;
  /** Deprecated (PyTorch's legacy form of reduction): given, it and reduce decide the reduction. */
  size_average?: boolean | null;
  /** Deprecated (PyTorch's legacy form of reduction). */
  reduce?: boolean | null;
  reduction?: Reduction;
}

export interface WeightedLossOptions extends LossOptions {
  /** Per-element weights, the input's size (PyTorch 2.13's mse_loss / l1_loss `weight`). */
  weight?: Tensor | null;
}

export interface SmoothL1Options extends LossOptions {
  beta?: number;
}

type WeightedLossFn = (
  ...args: PyArgs<[input: Tensor, target: Tensor, size_average?: boolean | null, reduce?: boolean | null, reduction?: Reduction,
    weight?: Tensor | null], WeightedLossOptions>
) => Tensor;

const OPTS = { ...PY_FUNCTION, namespace: 'nn.functional', differs: ATEN_RECORDED } as const;
const WEIGHTED_PARAMS = "(Tensor input, Tensor target, bool? size_average=None, bool? reduce=None, str reduction='mean', Tensor? weight=None)";

/** (input - target)^2, reduced. */
export const mse_loss = defineFunction<WeightedLossFn>('mse_loss', `mse_loss${WEIGHTED_PARAMS}`,
  (a) => mseLoss(a.input, a.target, lossReduction(a.size_average, a.reduce, a.reduction), a.weight), OPTS);

/** |input - target|, reduced. */
export const l1_loss = defineFunction<WeightedLossFn>('l1_loss', `l1_loss${WEIGHTED_PARAMS}`,
  (a) => l1Loss(a.input, a.target, lossReduction(a.size_average, a.reduce, a.reduction), a.weight), OPTS);

/** With z = |input - target|: 0.5 z^2 / beta where z < beta, z - 0.5 beta elsewhere; beta 0 is l1_loss. */
export const smooth_l1_loss = defineFunction<
  (...args: PyArgs<[input: Tensor, target: Tensor, size_average?: boolean | null, reduce?: boolean | null, reduction?: Reduction,
    beta?: number], SmoothL1Options>) => Tensor
>('smooth_l1_loss', "smooth_l1_loss(Tensor input, Tensor target, bool? size_average=None, bool? reduce=None, str reduction='mean', float beta=1.0)",
  (a) => smoothL1Loss(a.input, a.target, lossReduction(a.size_average, a.reduce, a.reduction), a.beta), OPTS);

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

export function mseLoss(input: Tensor, target: Tensor, reduction: string, weight: Tensor | null): Tensor {
  const [x, y] = broadcastPair(input, target);
  if (weight) return weightedReduction(x.sub(y).pow(2), weight, input, reduction);
  const r = checkReduction(reduction);
  const diff = x.sub(y);
  return applyReduction(diff.mul(diff), r);
}

export function l1Loss(input: Tensor, target: Tensor, reduction: string, weight: Tensor | null): Tensor {
  const [x, y] = broadcastPair(input, target);
  if (weight) return weightedReduction(x.sub(y).abs(), weight, input, reduction);
  return applyReduction(x.sub(y).abs(), checkReduction(reduction));
}

export function smoothL1Loss(input: Tensor, target: Tensor, reduction: string, beta: number): Tensor {
  const [x, y] = broadcastPair(input, target);
  const r = checkReduction(reduction);
  if (beta === 0) return applyReduction(x.sub(y).abs(), r);
  if (beta < 0) throw new ValueError('smooth_l1_loss does not support negative values for beta.');
  const z = x.sub(y).abs();
  // ATen's kernel: 0.5 * z * z / beta, left to right.
  const quadratic = z.mul(0.5).mul(z).div(beta);
  return applyReduction(quadratic.where(z.lt(beta), z.sub(0.5 * beta)), r);
}
