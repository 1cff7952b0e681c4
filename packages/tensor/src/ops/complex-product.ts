import { isComplex } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { fromParts } from './complex-math.js';
import { part } from './complex-parts.js';

// Complex matrix products (mm, bmm and what is built on them: matmul, mv, dot, addmm, baddbmm,
// linear) as four real products of the parts: (A + iB)(C + iD) = (AC - BD) + i(AD + BC). Each real
// product is wick's own (each element summed in double, rounded once), so an element's error is
// bounded like a real product's: a few rounding units of sum |a||b| over k. PyTorch calls BLAS's
// cgemm/zgemm, which sums complex products in its own order; the two agree to that bound, not
// bit for bit (DESIGN.md, "Bit-for-bit-close").

/** The real operations the product is written with (matmul.ts hands its own in, to avoid an import cycle). */
export interface ProductOps {
  product(a: Tensor, b: Tensor): Tensor;
  add(a: Tensor, b: Tensor): Tensor;
  sub(a: Tensor, b: Tensor): Tensor;
}

/** a @ b for complex a and b of one dtype (mm or bmm shapes, checked by the caller). */
export function complexProduct(ops: ProductOps, a: Tensor, b: Tensor): Tensor {
  if (!isComplex(a.dtype)) throw new Error(`complexProduct of ${a.dtype} tensors`);
  const [ar, ai, br, bi] = [part(a, 0), part(a, 1), part(b, 0), part(b, 1)];
  const re = ops.sub(ops.product(ar, br), ops.product(ai, bi));
  const im = ops.add(ops.product(ar, bi), ops.product(ai, br));
  return fromParts(re, im, a.dtype);
}
