import { ShapeError, Tensor } from '@wick/tensor';

/**
 * F.layer_norm over the trailing dims named by normalized_shape: (x - mean) / sqrt(var + eps),
 * with the biased variance, then the optional elementwise affine.
 */
export function layer_norm(input: Tensor, normalized_shape: number | readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const shape = typeof normalized_shape === 'number' ? [normalized_shape] : [...normalized_shape];
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
