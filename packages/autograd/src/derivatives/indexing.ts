import { type Tensor, arange, deviceHolds, ones_like, where, zeros } from '@wick/tensor';
import { AutogradError } from '../errors.js';
import { zerosOf } from './helpers.js';
import { type Derivative, derivative } from './types.js';

// Indexing (ops/indexing.ts). The index tensors take no gradient.

interface ScatterAttrs {
  dim: number;
  reduce: 'add' | 'multiply' | null;
}

/** scatter with reduce has no derivative in PyTorch either: its backward raises. */
function unreduced(reduce: string | null, formula: () => Tensor): Tensor {
  if (reduce !== null) throw new AutogradError('derivative for aten::scatter is not implemented');
  return formula();
}

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
  scatter: derivative<ScatterAttrs>({
    node: (a) => (a.reduce === null ? 'ScatterBackward0' : 'NotImplemented'),
    args: ['self', 'index', 'src'],
    saves: ['index'],
    grads: {
      self: ({ grad, saved, attrs: { dim, reduce } }) => unreduced(reduce, () => grad.scatter(dim, saved('index'), 0)),
      src: ({ grad, saved, attrs: { dim, reduce } }) => unreduced(reduce, () => grad.gather(dim, saved('index'))),
    },
  }),
  scatter_value: derivative<ScatterAttrs>({
    node: (a) => (a.reduce === null ? 'ScatterBackward1' : 'NotImplemented'),
    args: ['self', 'index'],
    saves: ['index'],
    grads: { self: ({ grad, saved, attrs: { dim, reduce } }) => unreduced(reduce, () => grad.scatter(dim, saved('index'), 0)) },
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
  embedding: derivative<{ padding_idx: number; scale_grad_by_freq: boolean }>({
    node: 'EmbeddingBackward0',
    args: ['weight', 'indices'],
    saves: ['indices'],
    grads: {
      weight: ({ grad, inputs, saved, attrs: { padding_idx, scale_grad_by_freq } }) => {
        const [rows, width] = inputs[0]!.shape as [number, number];
        let g = grad.reshape([-1, width]);
        const ids = saved('indices').long().reshape([-1, 1]);
        if (scale_grad_by_freq) {
          // Each row's gradient is scaled by 1 / (how often the indices name that row), a double
          // that PyTorch's add_(grad, alpha=scale) rounds to the gradient's dtype.
          const counts = zeros([rows, 1], { dtype: 'int64', device: ids.device }).scatter_add(0, ids, ones_like(ids));
          // (On a device without float64 the count's reciprocal is taken in the gradient's dtype, as
          // PyTorch's CUDA kernel takes it in float32.)
          const freq = counts.gather(0, ids);
          g = g.mul((deviceHolds(g.device, 'float64') ? freq.double() : freq.to(g.dtype)).reciprocal().to(g.dtype));
        }
        const summed = zerosOf(inputs[0]!).scatter_add(0, ids.expand([g.shape[0]!, width]), g);
        if (padding_idx < 0) return summed;
        return where(arange(rows, { device: summed.device }).eq(padding_idx).unsqueeze(1), 0, summed);
      },
    },
  }),
};
