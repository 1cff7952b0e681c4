import { Function, type FunctionCtx } from '@wick/autograd';
import { DTypeError, IndexError, type PyArgs, ShapeError, type Tensor, ValueError, defineFunction, hostValues, log_softmax, zeros } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import { atenName } from './binary-loss.js';
import { type Reduction, applyReduction, checkReduction, lossReduction } from './reduction.js';
import type { LossOptions } from './regression-loss.js';

export interface NLLLossOptions extends LossOptions {
  weight?: Tensor | null;
  ignore_index?: number;
}

export interface CrossEntropyOptions extends NLLLossOptions {
  label_smoothing?: number;
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;
const isFloat = (t: Tensor): boolean => t.is_floating_point();

/**
 * nll_loss over (M, C) scores and (M,) int64 targets, with ATen's backward: the gradient is written
 * only at non-ignored targets, so an all-ignored 'mean' (0 / 0 = NaN loss) still has zero gradients
 * where the composite through a division would give NaN.
 */
class NllLoss2d extends Function {
  static override forward(
    ctx: FunctionCtx, input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: Reduction,
  ): Tensor {
    const mask = target.ne(ignoreIndex);
    const safe = target.where(mask, 0);
    const picked = input.gather(1, safe.unsqueeze(1)).squeeze(1);
    const w = weight ? weight.index_select(0, safe).where(mask, 0) : null;
    const losses = (w ? picked.neg().mul(w) : picked.neg()).where(mask, 0);
    ctx.save_for_backward(safe, mask, w);
    ctx.shape = input.shape;
    ctx.reduction = reduction;
    if (reduction === 'none') return losses;
    if (reduction === 'sum') return losses.sum();
    const totalWeight = w ? w.sum() : mask.sum().to(input.dtype);
    ctx.totalWeight = totalWeight;
    return losses.sum().div(totalWeight);
  }

  static override backward(ctx: FunctionCtx, grad: Tensor): (Tensor | null)[] {
    const [safe, mask, w] = ctx.saved_tensors;
    const shape = ctx.shape as number[];
    const reduction = ctx.reduction as Reduction;
    const g = reduction === 'mean' ? grad.div(ctx.totalWeight as Tensor).neg() : grad.neg();
    const perRow = (w ? g.mul(w) : g.expand([shape[0]!])).where(mask!, 0);
    const gradInput = zeros(shape, { dtype: grad.dtype, device: grad.device }).scatter(1, safe!.unsqueeze(1), perRow.unsqueeze(1));
    return [gradInput, null, null, null, null];
  }
}

/**
 * PyTorch's kernel-side target check ("Target 7 is out of bounds."). It reads values, so it runs for
 * CPU tensors only; on other devices gather reports a bad index instead.
 */
function checkTargets(target: Tensor, classes: number, ignoreIndex: number): void {
  if (target.device !== 'cpu') return;
  const values = hostValues(target);
  for (let i = 0; i < values.length; i++) {
    const t = Number(values[i]);
    if (t !== ignoreIndex && (t < 0 || t >= classes)) throw new IndexError(`Target ${t} is out of bounds.`);
  }
}

function checkWeight(weight: Tensor | null, input: Tensor, classes: number, prefix = ''): void {
  if (!weight) return;
  if (weight.ndim !== 1 || weight.numel() !== classes) {
    throw new ShapeError(`${prefix}weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${shapeText(weight.shape)}`);
  }
  if (weight.dtype !== input.dtype) throw new DTypeError(`expected scalar type ${atenName(input.dtype)} but found ${atenName(weight.dtype)}`);
}

/** The checks of ATen's nll_loss_nd, nll_loss and nll_loss2d, in their order. */
function checkNll(input: Tensor, target: Tensor, weight: Tensor | null): void {
  const dim = input.ndim;
  if (dim < 1) throw new ValueError(`Expected 1 or more dimensions (got ${dim})`, 'ValueError');
  if (dim !== 1 && input.shape[0] !== target.shape[0]) {
    throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`, 'ValueError');
  }
  if (dim <= 2) {
    if (target.ndim > 1) throw new ShapeError('0D or 1D target tensor expected, multi-target not supported');
    if (dim === 1 && target.ndim === 1 && target.shape[0] !== 1) {
      throw new ValueError(`For 1D input, 1D target must have size 1, but got target size: ${target.shape[0]}`, 'ValueError');
    }
  } else if (dim === 4) {
    if (target.ndim !== 3) throw new ShapeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim}`);
    if (input.shape[2] !== target.shape[1] || input.shape[3] !== target.shape[2]) {
      // NOTE: ATen's message really has " , target" and no closing parenthesis.
      throw new ShapeError(`size mismatch (got input: ${shapeText(input.shape)} , target: ${shapeText(target.shape)}`);
    }
  } else {
    const expected = [input.shape[0]!, ...input.shape.slice(2)];
    const rest = target.shape.slice(1);
    if (rest.length !== expected.length - 1 || rest.some((s, i) => s !== expected[i + 1])) {
      throw new ShapeError(`Expected target size ${shapeText(expected)}, got ${shapeText(target.shape)}`);
    }
  }
  if (target.dtype !== 'int64' && target.dtype !== 'uint8') {
    throw new DTypeError(`expected target dtype to be Long or Byte, but got ${atenName(target.dtype)}`);
  }
  checkWeight(weight, input, dim === 1 ? input.shape[0]! : input.shape[1]!);
}

/** nll_loss_nd after its checks: scores moved to (M, C), targets to (M,), the result shaped back. */
function nllLossNd(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: Reduction): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const classes = input.shape[classDim]!;
  const scores = input.ndim === 1 ? input.unsqueeze(0) : input.movedim(1, -1).reshape([-1, classes]);
  const flat = target.to('int64').reshape([-1]);
  checkTargets(flat, classes, ignoreIndex);
  const out = NllLoss2d.apply(scores, flat, weight, ignoreIndex, reduction);
  if (reduction !== 'none') return out;
  return input.ndim === 1 ? out.reshape([]) : out.reshape(target.shape);
}

/** -w[t] * input[t] per sample (0 where t == ignore_index), reduced; 'mean' divides by sum(w[t]). */
export const nll_loss = defineFunction<
  (...args: PyArgs<[input: Tensor, target: Tensor, weight?: Tensor | null, size_average?: boolean | null, ignore_index?: number,
    reduce?: boolean | null, reduction?: Reduction], NLLLossOptions>) => Tensor
>('nll_loss',
  "nll_loss(Tensor input, Tensor target, Tensor? weight=None, bool? size_average=None, int ignore_index=-100, bool? reduce=None, str reduction='mean')",
  (a) => nllLoss(a.input, a.target, a.weight, a.ignore_index, lossReduction(a.size_average, a.reduce, a.reduction)),
  { ...PY_FUNCTION, namespace: 'nn.functional' });

export function nllLoss(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reductionGiven: string): Tensor {
  const reduction = checkReduction(reductionGiven);
  checkNll(input, target, weight);
  return nllLossNd(input, target, weight, ignoreIndex, reduction);
}

/** Weights shaped to broadcast along the class dim of the scores. */
function classWeights(weight: Tensor, ndim: number, classDim: number): Tensor {
  const shape = Array.from({ length: ndim }, (_, d) => (d === classDim ? weight.shape[0]! : 1));
  return weight.view(shape);
}

/** ATen's cross_entropy_loss_prob_target: -sum(w * y * log_softmax(x)) over classes. */
function probTargetLoss(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, smoothing: number): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const classes = input.shape[classDim]!;
  if (weight && (weight.ndim !== 1 || weight.numel() !== classes)) checkWeight(weight, input, classes, 'cross_entropy: ');
  const logp = log_softmax(input, classDim);
  const y = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
  const prod = weight ? logp.mul(y).mul(classWeights(weight, input.ndim, classDim)) : logp.mul(y);
  if (reduction === 'none') return prod.sum(classDim).neg();
  const total = prod.sum().neg();
  if (reduction === 'sum') return total;
  // NOTE: ATen divides by the integer numel / C (samples), and gives NaN for empty input.
  if (input.numel() === 0) return total.mul(Number.NaN);
  return total.div(Math.trunc(input.numel() / classes));
}

/** ATen's cross_entropy_loss_label_smoothing for class-index targets. */
function smoothedLoss(
  input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number, smoothing: number,
): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const classes = input.shape[classDim]!;
  const logp = log_softmax(input, classDim);
  const nll = nllLossNd(logp, target, weight, ignoreIndex, reduction);
  const ignored = target.eq(ignoreIndex);
  const smooth = (weight ? logp.mul(classWeights(weight, input.ndim, classDim)) : logp).sum(classDim).neg().masked_fill(ignored, 0);
  let ret: Tensor;
  if (reduction === 'mean') {
    const kept = ignored.logical_not();
    const denom = weight
      ? weight.index_select(0, target.to('int64').where(kept, 0).reshape([-1])).where(kept.reshape([-1]), 0).sum()
      : kept.sum();
    ret = smooth.sum().div(denom);
  } else {
    ret = applyReduction(smooth, reduction);
  }
  return nll.mul(1 - smoothing).add(ret.mul(smoothing / classes));
}

/**
 * log_softmax over the class dim then nll_loss, for class-index targets (with label smoothing), or
 * -sum(y log_softmax(x)) when the target holds class probabilities (same shape as the input).
 */
export const cross_entropy = defineFunction<
  (...args: PyArgs<[input: Tensor, target: Tensor, weight?: Tensor | null, size_average?: boolean | null, ignore_index?: number,
    reduce?: boolean | null, reduction?: Reduction, label_smoothing?: number], CrossEntropyOptions>) => Tensor
>('cross_entropy',
  'cross_entropy(Tensor input, Tensor target, Tensor? weight=None, bool? size_average=None, int ignore_index=-100, bool? reduce=None, '
    + "str reduction='mean', float label_smoothing=0.0)",
  (a) => crossEntropy(a.input, a.target, a.weight, a.ignore_index, lossReduction(a.size_average, a.reduce, a.reduction), a.label_smoothing),
  { ...PY_FUNCTION, namespace: 'nn.functional' });

export function crossEntropy(
  input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reductionGiven: string, smoothing: number,
): Tensor {
  const reduction = checkReduction(reductionGiven);
  const sameShape = input.ndim === target.ndim && input.shape.every((s, i) => s === target.shape[i]);
  if (sameShape) {
    if (!isFloat(target)) throw new DTypeError(`Expected floating point type for target with class probabilities, got ${atenName(target.dtype)}`);
    if (ignoreIndex >= 0) throw new ValueError('ignore_index is not supported for floating point target');
    if (smoothing > 1) throw new ValueError(`label_smoothing must be between 0.0 and 1.0. Got: ${pyFloat(smoothing)}`);
    if (input.ndim === 0) throw new IndexError('Dimension specified as 1 but tensor has no dimensions');
    return probTargetLoss(input, target, weight, reduction, smoothing);
  }
  if (smoothing > 0) {
    if (smoothing > 1) throw new ValueError(`label_smoothing must be between 0.0 and 1.0. Got: ${pyFloat(smoothing)}`);
    checkNll(input, target, weight);
    return smoothedLoss(input, target, weight, reduction, ignoreIndex, smoothing);
  }
  checkNll(input, target, weight);
  return nllLossNd(log_softmax(input, input.ndim === 1 ? 0 : 1), target, weight, ignoreIndex, reduction);
}

/** A float as C++'s stream prints it in ATen messages (1.5, 2). */
const pyFloat = (x: number): string => String(x);
