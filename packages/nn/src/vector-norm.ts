import type { Tensor } from '@wick/tensor';

/**
 * torch.linalg.vector_norm(x, ord) over all elements, or along `dim` (kept), in x's dtype, for the
 * orders nn uses it with (clip_grad_norm_'s norm_type, embedding's max_norm renormalisation).
 */
export function vectorNorm(x: Tensor, ord: number, dim: number | null = null): Tensor {
  const sum = (t: Tensor) => (dim === null ? t.sum() : t.sum(dim, true));
  if (ord === Infinity) return dim === null ? x.abs().amax() : x.abs().amax(dim, true);
  if (ord === -Infinity) return dim === null ? x.abs().amin() : x.abs().amin(dim, true);
  if (ord === 0) return sum(x.ne(0)).to(x.dtype);
  if (ord === 1) return sum(x.abs());
  if (ord === 2) return sum(x.mul(x)).sqrt();
  return sum(x.abs().pow(ord)).pow(1 / ord);
}
