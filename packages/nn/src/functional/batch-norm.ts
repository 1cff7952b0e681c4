// F.batch_norm and F.instance_norm, built from tensor ops in the arithmetic order of PyTorch's CPU
// kernel (aten/src/ATen/native/cpu/batch_norm_kernel.cpp): per-channel mean, the sum of squared
// deviations from it, invstd = 1 / sqrt(var_sum / n + eps), then out = x * alpha + beta with
// alpha = invstd * weight and beta = bias - mean * alpha. Gradients come from autograd through
// those ops; the running statistics are updated in place, outside autograd.
import { no_grad } from '@wick/autograd';
import { type PyArgs, ShapeError, type Tensor, ValueError, defineFunction } from '@wick/tensor';
import { pyFloat } from '../py-repr.js';
import { PY_FUNCTION } from '../signatures.js';

const F = { ...PY_FUNCTION, namespace: 'nn.functional' } as const;

export interface BatchNormOptions {
  input?: Tensor;
  running_mean?: Tensor | null;
  running_var?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

export const batch_norm = defineFunction<
  (...args: PyArgs<[input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, weight?: Tensor | null,
    bias?: Tensor | null, training?: boolean, momentum?: number, eps?: number], BatchNormOptions>) => Tensor
>('batch_norm', 'batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight=None, Tensor? bias=None, '
  + 'bool training=False, float momentum=0.1, float eps=1e-05)',
(a) => batchNormImpl(a.input, a.running_mean, a.running_var, a.weight, a.bias, a.training, a.momentum, a.eps), F);

export interface InstanceNormOptions {
  input?: Tensor;
  running_mean?: Tensor | null;
  running_var?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  use_input_stats?: boolean;
  momentum?: number;
  eps?: number;
}

export const instance_norm = defineFunction<
  (...args: PyArgs<[input: Tensor, running_mean?: Tensor | null, running_var?: Tensor | null, weight?: Tensor | null,
    bias?: Tensor | null, use_input_stats?: boolean, momentum?: number, eps?: number], InstanceNormOptions>) => Tensor
>('instance_norm', 'instance_norm(Tensor input, Tensor? running_mean=None, Tensor? running_var=None, Tensor? weight=None, '
  + 'Tensor? bias=None, bool use_input_stats=True, float momentum=0.1, float eps=1e-05)',
(a) => instanceNormImpl(a.input, a.running_mean, a.running_var, a.weight, a.bias, a.use_input_stats, a.momentum, a.eps), F);

/** Python's repr of a torch.Size's list form, as PyTorch's messages print input.size(). */
const sizeList = (shape: readonly number[]): string => `torch.Size([${shape.join(', ')}])`;

/**
 * momentum is a number, or (BatchNorm with momentum=None) a 0-dim tensor holding
 * 1 / num_batches_tracked, so that the cumulative average needs no read of the count.
 */
export type Momentum = number | Tensor;

/**
 * F.batch_norm: statistics over every dim but 1 (the channels). In training the batch's biased
 * variance normalises, and running_mean/running_var (when given) move towards the batch mean and
 * unbiased variance by `momentum`; otherwise the running statistics normalise.
 */
export function batchNormImpl(
  input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null,
  training: boolean, momentum: Momentum, eps: number,
): Tensor {
  if (training) {
    const size = input.shape;
    const perChannel = size.reduce((p, s, i) => (i === 1 ? p : p * s), 1);
    if (size.length >= 2 && perChannel === 1) {
      throw new ValueError(`Expected more than 1 value per channel when training, got input size ${sizeList(size)}`, 'ValueError');
    }
    if (eps <= 0) throw new ValueError(`batch_norm eps must be positive during training, but got ${pyFloat(eps)}`, 'ValueError');
  } else if (eps < 0) {
    throw new ValueError(`batch_norm eps must be non-negative, but got ${pyFloat(eps)}`, 'ValueError');
  }
  const channels = checkChannels(input, { running_mean: runningMean, running_var: runningVar, weight, bias });
  const dims = input.shape.map((_, i) => i).filter((d) => d !== 1);
  if (!training) {
    if (runningMean === null || runningVar === null) {
      throw new ValueError(`${runningMean === null ? 'running_mean' : 'running_var'} must be defined in evaluation mode`);
    }
    return normalizeWithRunning(input, runningMean, runningVar, weight, bias, eps, channels);
  }
  const { mean, varSum, count } = momentsOver(input, dims);
  const invstd = varSum.div(count).add(eps).rsqrt();
  if (runningMean !== null || runningVar !== null) {
    no_grad(() => {
      if (runningMean !== null) runningMean.copy_(moveTowards(runningMean, mean.reshape([channels]), momentum));
      if (runningVar !== null) runningVar.copy_(moveTowards(runningVar, varSum.reshape([channels]).div(count - 1), momentum));
    });
  }
  return scaleAndShift(input, mean, invstd, channelView(weight, input.ndim), channelView(bias, input.ndim));
}

/**
 * F.instance_norm: statistics per sample and channel, over the spatial dims. PyTorch runs it as
 * batch_norm on a (1, N * C, ...) view with the running statistics repeated N times, so each
 * sample's update lands in its own copy and the copies are averaged over the batch afterwards.
 */
export function instanceNormImpl(
  input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null,
  useInputStats: boolean, momentum: Momentum, eps: number,
): Tensor {
  const size = input.shape;
  if (useInputStats && size.slice(2).reduce((p, s) => p * s, 1) === 1) {
    throw new ValueError(`Expected more than 1 spatial element when training, got input size ${sizeList(size)}`, 'ValueError');
  }
  // PyTorch checks these on its (1, N * C, ...) view, against the tensors repeated N times.
  const channels = checkChannels(input, { running_mean: runningMean, running_var: runningVar, weight, bias }, size[0]);
  if (!useInputStats) {
    if (runningMean === null || runningVar === null) {
      throw new ValueError('Expected running_mean and running_var to be defined when use_input_stats is false');
    }
    return normalizeWithRunning(input, runningMean, runningVar, weight, bias, eps, channels);
  }
  const dims = size.map((_, i) => i).slice(2);
  const { mean, varSum, count } = momentsOver(input, dims);
  const invstd = varSum.div(count).add(eps).rsqrt();
  if (runningMean !== null || runningVar !== null) {
    const batch = size[0]!;
    no_grad(() => {
      if (runningMean !== null) {
        runningMean.copy_(moveTowards(runningMean, mean.reshape([batch, channels]), momentum).mean(0));
      }
      if (runningVar !== null) {
        runningVar.copy_(moveTowards(runningVar, varSum.reshape([batch, channels]).div(count - 1), momentum).mean(0));
      }
    });
  }
  return scaleAndShift(input, mean, invstd, channelView(weight, input.ndim), channelView(bias, input.ndim));
}

/**
 * The mean over dims (kept), the sum of squared deviations from it, and how many
 * elements each holds. NOTE: var_sum squares (x - mean) with the mean already rounded to the
 * input's dtype, as PyTorch's kernel does; var(correction=0) would differ in the last bits.
 */
export function momentsOver(input: Tensor, dims: readonly number[]): { mean: Tensor; varSum: Tensor; count: number } {
  const count = dims.reduce((p, d) => p * input.shape[d]!, 1);
  const mean = input.mean([...dims], true);
  const centered = input.sub(mean);
  return { mean, varSum: centered.mul(centered).sum([...dims], true), count };
}

/** x * alpha + beta, alpha = invstd * weight, beta = bias - mean * alpha (each broadcast against x). */
export function scaleAndShift(input: Tensor, mean: Tensor, invstd: Tensor, weight: Tensor | null, bias: Tensor | null): Tensor {
  const alpha = weight === null ? invstd : invstd.mul(weight);
  const shift = mean.mul(alpha);
  const beta = bias === null ? shift.neg() : bias.sub(shift);
  return input.mul(alpha).add(beta);
}

/** Eval mode: the running statistics normalise, invstd = 1 / sqrt(running_var + eps). */
function normalizeWithRunning(
  input: Tensor, runningMean: Tensor, runningVar: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number, channels: number,
): Tensor {
  const shape = channelShape(input.ndim, channels);
  const invstd = runningVar.add(eps).rsqrt().reshape(shape);
  return scaleAndShift(input, runningMean.reshape(shape), invstd, channelView(weight, input.ndim), channelView(bias, input.ndim));
}

/** momentum * batch + (1 - momentum) * running, PyTorch's update order. */
function moveTowards(running: Tensor, batch: Tensor, momentum: Momentum): Tensor {
  const keep = typeof momentum === 'number' ? 1 - momentum : momentum.neg().add(1);
  return batch.mul(momentum).add(running.mul(keep));
}

/** [1, C, 1, ...] for an input of rank ndim. */
function channelShape(ndim: number, channels: number): number[] {
  return Array.from({ length: Math.max(ndim, 2) }, (_, i) => (i === 1 ? channels : 1));
}

function channelView(t: Tensor | null, ndim: number): Tensor | null {
  return t === null ? null : t.reshape(channelShape(ndim, t.numel()));
}

/**
 * The channel count (input.size(1)); each given per-channel tensor must hold that many elements
 * (PyTorch's check_dims_match_num_input_features).
 */
function checkChannels(input: Tensor, perChannel: Record<string, Tensor | null>, repeats = 1): number {
  if (input.ndim < 2) {
    const rank = Math.max(input.ndim, 1);
    throw new ShapeError(`Dimension out of range (expected to be in range of [-${rank}, ${rank - 1}], but got 1)`, 'IndexError');
  }
  const channels = input.shape[1]!;
  for (const [name, t] of Object.entries(perChannel)) {
    if (t !== null && t.numel() !== channels) {
      throw new ShapeError(`${name} should contain ${channels * repeats} elements not ${t.numel() * repeats}`);
    }
  }
  return channels;
}
