import { Function, type FunctionCtx } from '@wick/autograd';
import { DTypeError, type PyArgs, type Tensor, ValueError, broadcastShapes, defineFunction } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import { ATEN_RECORDED, type Reduction, applyReduction, checkReduction, lossReduction, torchSize } from './reduction.js';
import type { LossOptions } from './regression-loss.js';

export interface BCEOptions extends LossOptions {
  weight?: Tensor | null;
}

export interface BCEWithLogitsOptions extends BCEOptions {
  pos_weight?: Tensor | null;
}

/** -w (y log x + (1 - y) log(1 - x)) with each log clamped to >= -100, as PyTorch's BCELoss. */
export const binary_cross_entropy = defineFunction<
  (...args: PyArgs<[input: Tensor, target: Tensor, weight?: Tensor | null, size_average?: boolean | null, reduce?: boolean | null,
    reduction?: Reduction], BCEOptions>) => Tensor
>('binary_cross_entropy',
  "binary_cross_entropy(Tensor input, Tensor target, Tensor? weight=None, bool? size_average=None, bool? reduce=None, str reduction='mean')",
  (a) => binaryCrossEntropy(a.input, a.target, a.weight, lossReduction(a.size_average, a.reduce, a.reduction)),
  { ...PY_FUNCTION, namespace: 'nn.functional', differs: ATEN_RECORDED });

/** BCE on logits in the numerically stable form, with pos_weight for the positive class. */
export const binary_cross_entropy_with_logits = defineFunction<
  (...args: PyArgs<[input: Tensor, target: Tensor, weight?: Tensor | null, size_average?: boolean | null, reduce?: boolean | null,
    reduction?: Reduction, pos_weight?: Tensor | null], BCEWithLogitsOptions>) => Tensor
>('binary_cross_entropy_with_logits',
  'binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight=None, bool? size_average=None, bool? reduce=None, '
    + "str reduction='mean', Tensor? pos_weight=None)",
  (a) => binaryCrossEntropyWithLogits(a.input, a.target, a.weight, a.pos_weight, lossReduction(a.size_average, a.reduce, a.reduction)),
  { ...PY_FUNCTION, namespace: 'nn.functional' });

// NOTE: ATen declares this bound as a float, so float64 inputs see float(1e-12), not 1e-12.
const EPSILON = Math.fround(1e-12);

const sameShape = (a: Tensor, b: Tensor): boolean =>
  a.shape.length === b.shape.length && a.shape.every((s, i) => s === b.shape[i]);

/** ATen's log_sigmoid kernel: min(x, 0) - log1p(exp(-|x|)), stable at both tails. */
const logSigmoid = (x: Tensor): Tensor => x.clamp_max(0).sub(x.abs().neg().exp().log1p());

/** Scales a backward result as ATen's loss backwards do: by the weight, then 1/numel for 'mean'. */
function finishGrad(grad: Tensor, weight: Tensor | null, reduction: Reduction, numel: number): Tensor {
  const weighted = weight ? grad.mul(weight) : grad;
  return reduction === 'mean' ? weighted.div(numel) : weighted;
}

/**
 * binary_cross_entropy as ATen computes it, with ATen's own backward: the derivative of the clamped
 * logs would be 0 where a log hits -100, where PyTorch's (x - y) / max((1 - x) x, eps) is not.
 */
class BinaryCrossEntropy extends Function {
  static override forward(ctx: FunctionCtx, input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction): Tensor {
    ctx.save_for_backward(input, target, weight);
    ctx.hasWeight = weight !== null;
    ctx.reduction = reduction;
    const logX = input.log().clamp_min(-100);
    const log1mX = input.neg().log1p().clamp_min(-100);
    const loss = target.sub(1).mul(log1mX).sub(target.mul(logX));
    return applyReduction(weight ? loss.mul(weight) : loss, reduction);
  }

  static override backward(ctx: FunctionCtx, grad: Tensor): (Tensor | null)[] {
    const [input, target, weight] = bceSaved(ctx);
    const reduction = ctx.reduction as Reduction;
    let gradInput: Tensor | null = null;
    let gradTarget: Tensor | null = null;
    if (ctx.needs_input_grad[0]) {
      const denom = input.neg().add(1).mul(input).clamp_min(EPSILON);
      gradInput = finishGrad(grad.mul(input.sub(target)).div(denom), weight, reduction, input.numel());
    }
    if (ctx.needs_input_grad[1]) {
      // -logit(x) * grad: logit(x) = log(x / (1 - x)).
      const logit = input.div(input.neg().add(1)).log();
      gradTarget = finishGrad(logit.neg().mul(grad), weight, reduction, target.numel());
    }
    return [gradInput, gradTarget, null, null];
  }
}

/** Saved tensors of the two BCE Functions: input, target, then the optional weights. */
function bceSaved(ctx: FunctionCtx): [Tensor, Tensor, Tensor | null, Tensor | null] {
  const saved = ctx.saved_tensors;
  const hasWeight = Boolean(ctx.hasWeight);
  const hasPos = Boolean(ctx.hasPosWeight);
  return [saved[0]!, saved[1]!, hasWeight ? saved[2]! : null, hasPos ? saved[hasWeight ? 3 : 2]! : null];
}

/**
 * binary_cross_entropy_with_logits as ATen writes it: (1 - y) x - lw * log_sigmoid(x) with
 * lw = (pos_weight - 1) y + 1, and ATen's backward (sigmoid(x) - y, which keeps tiny gradients exact).
 */
class BinaryCrossEntropyWithLogits extends Function {
  static override forward(
    ctx: FunctionCtx, input: Tensor, target: Tensor, weight: Tensor | null, posWeight: Tensor | null, reduction: Reduction,
  ): Tensor {
    ctx.save_for_backward(input, target, weight, posWeight);
    ctx.hasWeight = weight !== null;
    ctx.hasPosWeight = posWeight !== null;
    ctx.reduction = reduction;
    let logSig = logSigmoid(input);
    if (posWeight) logSig = logSig.mul(posWeight.sub(1).mul(target).add(1));
    const loss = target.neg().add(1).mul(input).sub(logSig);
    return applyReduction(weight ? loss.mul(weight) : loss, reduction);
  }

  static override backward(ctx: FunctionCtx, grad: Tensor): (Tensor | null)[] {
    const [input, target, weight, posWeight] = bceSaved(ctx);
    const reduction = ctx.reduction as Reduction;
    let gradInput: Tensor | null = null;
    let gradTarget: Tensor | null = null;
    if (ctx.needs_input_grad[0]) {
      let g: Tensor;
      if (posWeight) {
        const t = posWeight.mul(target);
        g = t.add(1).sub(target).mul(input.sigmoid()).sub(t);
      } else {
        g = input.sigmoid().sub(target);
      }
      gradInput = finishGrad(g.mul(grad), weight, reduction, input.numel());
    }
    if (ctx.needs_input_grad[1]) {
      const g = posWeight ? logSigmoid(input.neg()).sub(logSigmoid(input).mul(posWeight)) : input.neg();
      gradTarget = finishGrad(g.mul(grad), weight, reduction, target.numel());
    }
    return [gradInput, gradTarget, null, null, null];
  }
}

export function binaryCrossEntropy(input: Tensor, target: Tensor, weightGiven: Tensor | null, reductionGiven: string): Tensor {
  const reduction = checkReduction(reductionGiven);
  if (!sameShape(input, target)) {
    throw new ValueError(
      `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}) is deprecated. `
        + 'Please ensure they have the same size.',
      'ValueError',
    );
  }
  if (target.dtype !== input.dtype) throw new DTypeError(`Found dtype ${atenName(target.dtype)} but expected ${atenName(input.dtype)}`);
  const weight = weightGiven ? weightGiven.expand(broadcastShapes(target.shape, weightGiven.shape)) : null;
  // NOTE: PyTorch also checks 0 <= input <= 1 inside its kernel; wick never reads tensor values to
  // validate them (they may live on a GPU), so out-of-range inputs give NaN losses instead.
  return BinaryCrossEntropy.apply(input, target, weight, reduction);
}

export function binaryCrossEntropyWithLogits(
  input: Tensor, target: Tensor, weight: Tensor | null, posWeight: Tensor | null, reductionGiven: string,
): Tensor {
  const reduction = checkReduction(reductionGiven);
  if (!sameShape(input, target)) {
    throw new ValueError(`Target size (${torchSize(target.shape)}) must be the same as input size (${torchSize(input.shape)})`, 'ValueError');
  }
  return BinaryCrossEntropyWithLogits.apply(input, target, weight, posWeight, reduction);
}

/** ATen's ScalarType names, as its dtype messages print them. */
export function atenName(dtype: string): string {
  const names: Record<string, string> = {
    float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long', int32: 'Int',
    int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool',
  };
  return names[dtype] ?? dtype;
}
