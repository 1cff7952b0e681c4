// Reductions over dims. In ATen an empty dim list (or None) reduces over every dim, which the
// core-ATen graphs use for the mean and sum of a loss (`sum.dim_IntList(x, [])`).
import { type Tensor, any, mean, sum } from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** The dims of an `int[1]? dim` argument: every dim of self when it is None or empty. */
function dims(a: Args, self: Tensor): number[] {
  const d = a.optInts('dim');
  return d === null || d.length === 0 ? self.shape.map((_, i) => i) : d;
}

export const REDUCTIONS: AtenGroup = {
  'aten.sum.dim_IntList': (a) => {
    const self = a.tensor('self');
    return sum(self, dims(a, self), { keepdim: a.bool('keepdim', false), dtype: a.dtype('dtype') });
  },
  'aten.sum.default': (a) => sum(a.tensor('self'), { dtype: a.dtype('dtype') }),
  'aten.mean.dim': (a) => {
    const self = a.tensor('self');
    return mean(self, dims(a, self), { keepdim: a.bool('keepdim', false), dtype: a.dtype('dtype') });
  },
  'aten.mean.default': (a) => mean(a.tensor('self'), { dtype: a.dtype('dtype') }),
  'aten.any.dim': (a) => any(a.tensor('self'), a.int('dim'), { keepdim: a.bool('keepdim', false) }),
};
