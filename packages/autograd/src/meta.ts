import type { Tensor } from '@wick/tensor';
import type { GradHook } from '@wick/tensor';
import type { AccumulateGrad } from './accumulate.js';
import type { Node } from './node.js';

/**
 * What autograd keeps per tensor beyond Tensor's plain fields (requires_grad, grad, grad_fn):
 * which output of its grad_fn it is, the leaf's gradient accumulator and its hooks. Kept in a
 * WeakMap so that @wick/tensor's Tensor stays free of autograd types.
 */
export interface TensorMeta {
  outputNr: number;
  accumulator: AccumulateGrad | null;
  /** Hooks on a leaf's gradient (non-leaf hooks live on the grad_fn, per output). */
  leafHooks: GradHook[];
  /**
   * For a view with history: its base's grad_fn when the view's grad_fn was made. If the base's
   * grad_fn has changed since (an in-place write through the base or another view), the view's
   * history is stale and is regenerated from the base (PyTorch regenerates it the same way).
   */
  baseFn?: unknown;
}

const metas = new WeakMap<Tensor, TensorMeta>();

export function meta(t: Tensor): TensorMeta {
  let m = metas.get(t);
  if (!m) {
    m = { outputNr: 0, accumulator: null, leafHooks: [] };
    metas.set(t, m);
  }
  return m;
}

export function gradFn(t: Tensor): Node | null {
  return (t.grad_fn as Node | null) ?? null;
}
