import { type PyArgs, ShapeError, type Tensor, defineFunction } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';

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
  const k = shape.length;
  const trailing = input.shape.slice(input.ndim - k);
  if (input.ndim < k || trailing.join(',') !== shape.join(',')) {
    throw new ShapeError(`Given normalized_shape=[${shape.join(', ')}], expected input with shape [*, ${shape.join(', ')}], but got input of size[${input.shape.join(', ')}]`);
  }
  const dims = shape.map((_, i) => input.ndim - k + i);
  const mean = input.mean(dims, true);
  const centered = input.sub(mean);
  const variance = centered.mul(centered).mean(dims, true);
  let out = centered.mul(variance.add(eps).rsqrt());
  if (weight) out = out.mul(weight);
  if (bias) out = out.add(bias);
  return out;
}
