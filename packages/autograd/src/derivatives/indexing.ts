import { type Tensor, arange, where } from '@wick/tensor';
import { zerosOf } from './helpers.js';
import { type Derivative, derivative } from './types.js';

// Indexing (ops/indexing.ts). The index tensors take no gradient.

/** index as a tensor shaped like `like`, varying along `dim` only (for scatter_add/gather). */
function alongDim(index: Tensor, like: Tensor, dim: number): Tensor {
  const shape = like.shape.map((_, i) => (i === dim ? -1 : 1));
  return index.reshape(shape).expand(like.shape as number[]);
}

export const indexingDerivatives: Record<string, Derivative> = {
  index_select: derivative<{ dim: number }>({
    node: 'IndexSelectBackward0',
    args: ['self', 'index'],
    saves: ['index'],
    grads: {
      self: ({ grad, inputs, saved, attrs: { dim } }) => {
        const g = grad.ndim === 0 ? grad.reshape([1]) : grad;
        const z = zerosOf(inputs[0]!);
        const target = z.ndim === 0 ? z.reshape([1]) : z;
        return target.scatter_add(dim, alongDim(saved('index').long(), g, dim), g).reshape(inputs[0]!.shape as number[]);
      },
    },
  }),
  gather: derivative<{ dim: number }>({
    node: 'GatherBackward0',
    args: ['self', 'index'],
    saves: ['index'],
    grads: { self: ({ grad, inputs, saved, attrs: { dim } }) => zerosOf(inputs[0]!).scatter_add(dim, saved('index'), grad) },
  }),
  scatter: derivative<{ dim: number }>({
    node: 'ScatterBackward0',
    args: ['self', 'index', 'src'],
    saves: ['index'],
    grads: {
      self: ({ grad, saved, attrs: { dim } }) => grad.scatter(dim, saved('index'), 0),
      src: ({ grad, saved, attrs: { dim } }) => grad.gather(dim, saved('index')),
    },
  }),
  scatter_value: derivative<{ dim: number }>({
    node: 'ScatterBackward1',
    args: ['self', 'index'],
    saves: ['index'],
    grads: { self: ({ grad, saved, attrs: { dim } }) => grad.scatter(dim, saved('index'), 0) },
  }),
  scatter_add: derivative<{ dim: number }>({
    node: 'ScatterAddBackward0',
    args: ['self', 'index', 'src'],
    saves: ['index'],
    grads: {
      self: (c) => c.grad,
      src: ({ grad, saved, attrs: { dim } }) => grad.gather(dim, saved('index')),
    },
  }),
  embedding: derivative<{ padding_idx: number }>({
    node: 'EmbeddingBackward0',
    args: ['weight', 'indices'],
    saves: ['indices'],
    grads: {
      weight: ({ grad, inputs, saved, attrs: { padding_idx } }) => {
        const [rows, width] = inputs[0]!.shape as [number, number];
        const g = grad.reshape([-1, width]);
        const idx = saved('indices').long().reshape([-1, 1]).expand([g.shape[0]!, width]);
        const summed = zerosOf(inputs[0]!).scatter_add(0, idx, g);
        if (padding_idx < 0) return summed;
        return where(arange(rows).eq(padding_idx).unsqueeze(1), 0, summed);
      },
    },
  }),
};
