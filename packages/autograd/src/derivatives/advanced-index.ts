import { type Tensor, advancedIndex, broadcast_shapes, cat, indexPut, indexPut_, zeros } from '@wick/tensor';
import { zerosOf } from './helpers.js';
import { type Derivative, derivative } from './types.js';

// Advanced indexing (ops/advanced-index.ts), as PyTorch's derivatives.yaml writes it. The index
// tensors are the ops' trailing inputs (a list argument, '...indices'); `indexed` says which
// entries of ATen's Tensor?[] list they fill. They take no gradient.

interface IndexAttrs {
  indexed: boolean[];
}
interface IndexPutAttrs extends IndexAttrs {
  accumulate: boolean;
}

/** The Tensor?[] list of the forward call, from its saved index tensors. */
function indicesOf(indexed: readonly boolean[], tensors: readonly Tensor[]): (Tensor | null)[] {
  let k = 0;
  return indexed.map((has) => (has ? tensors[k++]! : null));
}

/** PyTorch's masked_scatter_backward: grad where the mask is True, padded with zeros to source's shape. */
function maskedScatterBackward(grad: Tensor, mask: Tensor, sizes: readonly number[]): Tensor {
  const n = sizes.reduce((a, b) => a * b, 1);
  let selected = grad.masked_select(mask);
  const missing = n - selected.numel();
  if (missing > 0) selected = cat([selected, zeros([missing], { dtype: grad.dtype, device: grad.device })], 0);
  return selected.view(sizes as number[]);
}

export const advancedIndexDerivatives: Record<string, Derivative> = {
  index: derivative<IndexAttrs>({
    node: 'IndexBackward0',
    args: ['self', '...indices'],
    saves: ['...indices'],
    // index_backward: zeros of self's shape with grad accumulated at the indexed places.
    grads: {
      self: ({ grad, inputs, attrs, savedList }) =>
        indexPut_(zerosOf(inputs[0]!), indicesOf(attrs.indexed, savedList('indices')), grad, true),
    },
  }),
  index_put: derivative<IndexPutAttrs>({
    node: 'IndexPutBackward0',
    args: ['self', 'values', '...indices'],
    saves: ['...indices'],
    grads: {
      // Written places took values (unless accumulating), so self's gradient is zero there.
      self: ({ grad, inputs, attrs, savedList }) => {
        if (attrs.accumulate) return grad;
        return indexPut(grad, indicesOf(attrs.indexed, savedList('indices')), zerosOf(inputs[1]!), false);
      },
      // NOTE: every value gets the gradient of its place, even one a later duplicate overwrote.
      values: ({ grad, attrs, savedList }) => advancedIndex(grad, indicesOf(attrs.indexed, savedList('indices'))),
    },
  }),
  masked_select: derivative({
    node: 'MaskedSelectBackward0',
    args: ['self', 'mask'],
    saves: ['mask'],
    grads: {
      // masked_select_backward: grad scattered into zeros of the broadcast shape (summed to self's by the engine).
      self: ({ grad, inputs, saved }) => {
        const zero = zeros(broadcast_shapes(inputs[0]!.shape, inputs[1]!.shape), { dtype: grad.dtype, device: grad.device });
        return zero.masked_scatter_(saved('mask'), grad);
      },
    },
  }),
  masked_scatter: derivative({
    node: 'MaskedScatterBackward0',
    args: ['self', 'mask', 'source'],
    saves: ['mask'],
    grads: {
      self: ({ grad, saved }) => grad.masked_fill(saved('mask'), 0),
      source: ({ grad, inputs, saved }) => maskedScatterBackward(grad, saved('mask'), inputs[2]!.shape),
    },
  }),
  alias: derivative({ node: 'AliasBackward0', args: ['self'], grads: { self: (c) => c.grad } }),
};
