import { type Bound, type SignatureOptions, defineMethod } from '../signature/index.js';
import type { Tensor } from '../tensor.js';

/**
 * A Tensor method with no torch.* twin (view, expand, scatter_, squeeze_, ...), declared once:
 * `method(self, args)` binds args with `self` as the first parameter and runs `impl`.
 */
export function defineTensorMethod<R>(
  name: string,
  texts: string | readonly string[],
  impl: (a: Bound) => R,
  opts: Pick<SignatureOptions, 'differs' | 'leftOut'> = {},
): (self: Tensor, args: readonly unknown[]) => R {
  const sig = defineMethod(name, texts, opts);
  return (self, args) => impl(sig.bind(args, self));
}

/** The fields an in-place view op rewrites, which Tensor keeps readonly for everyone else. */
interface Geometry {
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
}

/**
 * Gives `self` the shape, strides and offset of `view` (a view of self's own storage). NOTE: in-place
 * view ops (t_, squeeze_, as_strided_) are the one place PyTorch changes a tensor's geometry after
 * it is made; Tensor's fields are readonly so that nothing else does.
 */
export function setGeometry(self: Tensor, view: Tensor): void {
  const g: Geometry = self;
  g.shape = view.shape;
  g.strides = view.strides;
  g.offset = view.offset;
}
