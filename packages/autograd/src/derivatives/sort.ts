import { zerosOf } from './helpers.js';
import { type Ctx, type Derivative, derivative } from './types.js';

// Sorting (ops/sort.ts): the values are elements of the input, so their gradient goes back to the
// positions the indices name; the indices carry none.

interface SortAttrs {
  dim: number;
  stable: boolean | null;
}

/**
 * PyTorch's value_selecting_reduction_backward with keepdim: zeros of the input's shape with grad
 * scattered back through the indices (each position is chosen at most once).
 */
const scatterBack = ({ grad, inputs, saved, attrs: { dim } }: Ctx<{ dim: number }>) =>
  zerosOf(inputs[0]!).scatter(dim, saved('result1'), grad);

export const sortDerivatives: Record<string, Derivative> = {
  // sort.stable (called with `stable`, even None) is SortBackward1, as in PyTorch.
  sort: derivative<SortAttrs>({
    node: (a) => (a.stable === null ? 'SortBackward0' : 'SortBackward1'),
    args: ['self'],
    saves: ['result1'],
    grads: { self: scatterBack },
  }),
  topk: derivative<{ dim: number }>({
    node: 'TopkBackward0',
    args: ['self'],
    saves: ['result1'],
    grads: { self: scatterBack },
  }),
};
