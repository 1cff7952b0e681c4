import { type DType, DTypeError, type PyArgs, ShapeError, type Tensor, ValueError, defineFunction } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import { momentsOver, scaleAndShift } from './batch-norm.js';

export interface LayerNormOptions {
  input?: Tensor;
  normalized_shape?: readonly number[];
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

export const layer_norm = defineFunction<
  (...args: PyArgs<[input: Tensor, normalized_shape: readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps?: number],
    LayerNormOptions>) => Tensor
>('layer_norm', 'layer_norm(Tensor input, int[] normalized_shape, Tensor? weight=None, Tensor? bias=None, float eps=1e-05)',
  (a) => layerNormImpl(a.input, a.normalized_shape, a.weight, a.bias, a.eps), { ...PY_FUNCTION, namespace: 'nn.functional' });

/**
 * F.layer_norm over the trailing dims named by normalized_shape: (x - mean) / sqrt(var + eps),
 * with the biased variance, then the optional elementwise affine.
 */
export function layerNormImpl(input: Tensor, shape: readonly number[], weight: Tensor | null, bias: Tensor | null, eps: number): Tensor {
  const dims = trailingDims(input, shape);
  const mean = input.mean(dims, true);
  const centered = input.sub(mean);
  const variance = centered.mul(centered).mean(dims, true);
  let out = centered.mul(variance.add(eps).rsqrt());
  if (weight) out = out.mul(weight);
  if (bias) out = out.add(bias);
  return out;
}

export interface RmsNormOptions {
  input?: Tensor;
  normalized_shape?: readonly number[];
  weight?: Tensor | null;
  eps?: number | null;
}

export const rms_norm = defineFunction<
  (...args: PyArgs<[input: Tensor, normalized_shape: readonly number[], weight?: Tensor | null, eps?: number | null],
    RmsNormOptions>) => Tensor
>('rms_norm', 'rms_norm(Tensor input, int[] normalized_shape, Tensor? weight=None, float? eps=None)',
  (a) => rmsNormImpl(a.input, a.normalized_shape, a.weight, a.eps), { ...PY_FUNCTION, namespace: 'nn.functional' });

export interface GroupNormOptions {
  input?: Tensor;
  num_groups?: number;
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

export const group_norm = defineFunction<
  (...args: PyArgs<[input: Tensor, num_groups: number, weight?: Tensor | null, bias?: Tensor | null, eps?: number],
    GroupNormOptions>) => Tensor
>('group_norm', 'group_norm(Tensor input, int num_groups, Tensor? weight=None, Tensor? bias=None, float eps=1e-05)',
  (a) => groupNormImpl(a.input, a.num_groups, a.weight, a.bias, a.eps), { ...PY_FUNCTION, namespace: 'nn.functional' });

/** torch.finfo(dtype).eps: rms_norm's default eps. */
const MACHINE_EPSILON: Partial<Record<DType, number>> = { float64: 2 ** -52, float32: 2 ** -23, float16: 2 ** -10, bfloat16: 2 ** -7 };

/** F.rms_norm over the trailing normalized_shape dims: x * rsqrt(mean(x * x) + eps), then the optional weight. */
export function rmsNormImpl(input: Tensor, shape: readonly number[], weight: Tensor | null, eps: number | null): Tensor {
  if (input.ndim < shape.length) {
    throw new ValueError(`Input tensor must have at least ${shape.length} dimensions, but got ${input.ndim}`, 'ValueError');
  }
  // NOTE: rms_norm's message writes the expected shape as [*4, 5], layer_norm's as [*, 4, 5].
  const dims = trailingDims(input, shape, '*');
  const e = eps ?? MACHINE_EPSILON[input.dtype];
  if (e === undefined) throw new DTypeError(`rms_norm expects a floating point input, but got ${input.dtype}`);
  const out = input.mul(input.mul(input).mean(dims, true).add(e).rsqrt());
  return weight === null ? out : out.mul(weight);
}

/**
 * F.group_norm: statistics per sample over each group of num_channels / num_groups channels and
 * the spatial dims, then the per-channel affine folded in as PyTorch's CPU kernel does
 * (aten/src/ATen/native/cpu/group_norm_kernel.cpp): x * (rstd * weight) + (bias - mean * rstd * weight).
 */
export function groupNormImpl(input: Tensor, groups: number, weight: Tensor | null, bias: Tensor | null, eps: number): Tensor {
  if (input.ndim < 2) throw new ShapeError(`Expected at least 2 dimensions for input tensor but received ${input.ndim}`);
  const [n, c] = input.shape as [number, number];
  const spatial = input.shape.slice(2).reduce((p, s) => p * s, 1);
  const perGroupRows = Math.floor((n * c) / groups);
  if (perGroupRows * spatial === 1) {
    const size = [perGroupRows, groups, ...input.shape.slice(2)];
    throw new ValueError(`Expected more than 1 value per channel when training, got input size [${size.join(', ')}]`, 'ValueError');
  }
  if (c % groups !== 0) {
    throw new ShapeError('Expected number of channels in input to be divisible by num_groups, but got input of shape '
      + `[${input.shape.join(', ')}] and num_groups=${groups}`);
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t !== null && (t.ndim !== 1 || t.numel() !== c)) {
      throw new ShapeError(`Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape `
        + `[${t.shape.join(', ')}] and input of shape [${input.shape.join(', ')}]`);
    }
  }
  // [N, G, C / G, spatial]: statistics over the last two dims.
  const x = input.reshape([n, groups, c / groups, spatial]);
  const { mean, varSum, count } = momentsOver(x, [2, 3]);
  const rstd = varSum.div(count).add(eps).rsqrt();
  const perChannel = (t: Tensor | null): Tensor | null => (t === null ? null : t.reshape([1, groups, c / groups, 1]));
  return scaleAndShift(x, mean, rstd, perChannel(weight), perChannel(bias)).reshape(input.shape);
}

/** The trailing dims named by normalized_shape, checked against the input's shape. */
function trailingDims(input: Tensor, shape: readonly number[], star = '*, '): number[] {
  const k = shape.length;
  const trailing = input.shape.slice(input.ndim - k);
  if (input.ndim < k || trailing.join(',') !== shape.join(',')) {
    throw new ShapeError(`Given normalized_shape=[${shape.join(', ')}], expected input with shape [${star}${shape.join(', ')}], but got input of size[${input.shape.join(', ')}]`);
  }
  return shape.map((_, i) => input.ndim - k + i);
}
