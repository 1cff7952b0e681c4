import { isFloating } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';

// What the factory functions (ops/creation.ts, ops/random.ts) share once their arguments are bound.

/** Applies requires_grad to a freshly made tensor, with PyTorch's check. */
export function finish(t: Tensor, opts: { requires_grad?: boolean }): Tensor {
  if (opts.requires_grad) {
    if (!isFloating(t.dtype)) throw new DTypeError('Only Tensors of floating point and complex dtype can require gradients');
    t.requires_grad = true;
  }
  return t;
}
