import type { Tensor } from '@wick/tensor';
import { gradEnabled } from './grad-mode.js';
import { meta } from './meta.js';
import { Node, info } from './node.js';

/**
 * The sink for a leaf's gradient (PyTorch's AccumulateGrad): adds the gradient into `.grad`. One per leaf, made on first use and kept while the leaf lives.
 */
export class AccumulateGrad extends Node {
  // PyTorch gives accumulators the highest priority: a leaf's .grad is final as soon as possible.
  override readonly sequence_nr = Number.MAX_SAFE_INTEGER;

  constructor(readonly variable: Tensor) {
    super([], [info(variable)]);
  }

  name(): string {
    return 'torch::autograd::AccumulateGrad';
  }

  /** Adds the gradient (after the leaf's hooks, which the engine runs first) into .grad. */
  apply([g]: readonly (Tensor | null)[]): (Tensor | null)[] {
    if (g) accumulateInto(this.variable, g);
    return [];
  }
}

/**
 * .grad += g. Without create_graph the first gradient is stored as a fresh contiguous copy (so it
 * never aliases a tensor the user passed in) and later ones are added in place; with create_graph
 * the sum is out of place so that .grad keeps its graph (PyTorch's accumulateGrad).
 */
export function accumulateInto(t: Tensor, g: Tensor): void {
  const v = t.grad;
  if (v === null) {
    t.grad = gradEnabled() ? g : g.clone({ memory_format: 'contiguous_format' });
  } else if (gradEnabled()) {
    t.grad = v.add(g);
  } else {
    v.add_(g);
  }
}

export function accumulatorFor(t: Tensor): AccumulateGrad {
  const m = meta(t);
  if (m.accumulator === null) m.accumulator = new AccumulateGrad(t);
  return m.accumulator;
}
