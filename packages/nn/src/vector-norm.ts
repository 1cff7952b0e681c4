import type { Tensor } from '@wick/tensor';

/**
 * torch.linalg.vector_norm(x, ord) over all elements, in x's dtype, for the orders nn uses it with
 * (clip_grad_norm_'s norm_type, embedding's max_norm renormalisation).
 */
export function vectorNorm(x: Tensor, ord: number): Tensor {
  if (ord === Infinity) return x.abs().amax();
  if (ord === -Infinity) return x.abs().amin();
  if (ord === 0) return x.ne(0).sum().to(x.dtype);
  if (ord === 1) return x.abs().sum();
  if (ord === 2) return x.mul(x).sum().sqrt();
  return x.abs().pow(ord).sum().pow(1 / ord);
}
