import { type DType, type Tensor, arange, cat, ones, stack, where } from '@wick/tensor';
import { reducedCount, restoreDims, sumBackward } from './helpers.js';
import { type Ctx, type Derivative, derivative } from './types.js';

// Reductions and ops along a dim (ops/reduce.ts, ops/scan.ts). Attrs carry the reduced dims
// normalized and ascending, so every formula restores them with restoreDims.

interface DimsAttrs {
  dim: number[];
  keepdim: boolean;
}
interface DimAttrs {
  dim: number;
  keepdim: boolean;
}
interface VarAttrs extends DimsAttrs {
  correction: number;
}
interface AlongAttrs {
  dim: number;
  dtype: DType | null;
}

const allReduced = (a: DimsAttrs, x: Tensor) => a.dim.length === x.ndim && !a.keepdim;

/** PyTorch's evenly_distribute_backward: max()/min() share the gradient among tied maxima. */
function evenlyDistribute(c: Ctx<object>): Tensor {
  const mask = c.self.eq(c.result).logical_or(c.self.isnan().logical_and(c.result.isnan()));
  return where(mask, c.grad.div(mask.sum()), 0);
}

/** amax/amin: the gradient split evenly among the elements equal to the extreme (scale_grad_by_count). */
function amaxBackward(c: Ctx<DimsAttrs>): Tensor {
  const { dim, keepdim } = c.attrs;
  const mask = c.self.eq(restoreDims(c.result, dim, keepdim));
  return restoreDims(c.grad, dim, keepdim).div(mask.sum(dim, true)).mul(mask);
}

/** max(dim)/min(dim): the gradient goes to the selected index (value_selecting_reduction_backward). */
function selectedBackward(c: Ctx<DimAttrs>): Tensor {
  const { dim, keepdim } = c.attrs;
  const shape = c.inputs[0]!.shape;
  const positions = arange(shape[dim]!, { device: c.grad.device }).view([shape[dim]!, ...new Array<number>(shape.length - 1 - dim).fill(1)]);
  const chosen = positions.eq(restoreDims(c.saved('result1'), [dim], keepdim));
  return where(chosen, restoreDims(c.grad, [dim], keepdim), 0);
}

/** The product of all elements but one along `dim`, without dividing (so zeros are fine). */
function prodOthers(x: Tensor, dim: number): Tensor {
  const n = x.shape[dim]!;
  if (n === 0) return x;
  const oneShape = x.shape.slice();
  oneShape[dim] = 1;
  const one = ones(oneShape, { dtype: x.dtype, device: x.device });
  const before = cat([one, x.narrow(dim, 0, n - 1)], dim).cumprod(dim);
  const after = cat([one, x.flip(dim).narrow(dim, 0, n - 1)], dim).cumprod(dim).flip(dim);
  return before.mul(after);
}

/**
 * prod's backward as the product of the other elements (PyTorch's prod_safe_zeros_backward). NOTE:
 * PyTorch uses grad * result / self when it finds no zeros; that reads values, which autograd
 * must not, and this form is exact where that one divides by zero.
 */
function prodBackward(c: Ctx<DimsAttrs>): Tensor {
  const { dim, keepdim } = c.attrs;
  const x = c.self;
  if (x.ndim === 0) return c.grad;
  const g = restoreDims(c.grad, dim, keepdim);
  if (dim.length === 1) return g.mul(prodOthers(x, dim[0]!));
  return g.mul(prodOthers(x.reshape([-1]), 0).reshape(x.shape as number[]));
}

/** var_backward: (2 / (N - correction)) * grad * (self - mean). */
function varBackward(grad: Tensor, self: Tensor, a: VarAttrs): Tensor {
  const dof = reducedCount(self.shape, a.dim) - a.correction;
  return restoreDims(grad, a.dim, a.keepdim).mul(2 / dof).mul(self.sub(self.mean(a.dim, true)));
}

/**
 * cumprod's backward without dividing by the input (so zeros are fine and no value is read):
 * grad_i = E_i * S_i, with E_i the product of the elements before i and
 * S_i = g_i + x_(i+1) * S_(i+1) summing the gradients of the later outputs. NOTE: PyTorch divides
 * by the input when it finds no zeros (reversed_cumsum(grad * result) / self); this agrees with
 * that to rounding and stays finite where it would divide by zero.
 */
function cumprodBackward(grad: Tensor, x: Tensor, dim: number): Tensor {
  const n = x.shape[dim]!;
  if (n <= 1) return grad;
  const one = ones(x.narrow(dim, 0, 1).shape as number[], { dtype: x.dtype, device: x.device });
  const before = cat([one, x.narrow(dim, 0, n - 1)], dim).cumprod(dim);
  const later: Tensor[] = new Array<Tensor>(n);
  later[n - 1] = grad.select(dim, n - 1);
  for (let i = n - 2; i >= 0; i--) later[i] = grad.select(dim, i).add(x.select(dim, i + 1).mul(later[i + 1]!));
  return before.mul(stack(later, dim));
}

/** Reversed cumulative sum along dim (PyTorch's reversed_cumsum). */
const reversedCumsum = (t: Tensor, dim: number) => t.flip(dim).cumsum(dim).flip(dim);

export const reduceDerivatives: Record<string, Derivative> = {
  sum: derivative<DimsAttrs>({
    node: (a, [x]) => `SumBackward${allReduced(a, x!) ? 0 : 1}`,
    args: ['self'],
    grads: { self: ({ grad, inputs, attrs }) => sumBackward(grad, inputs[0]!.shape, attrs.dim, attrs.keepdim) },
  }),
  mean: derivative<DimsAttrs>({
    node: (a, [x]) => `MeanBackward${allReduced(a, x!) ? 0 : 1}`,
    args: ['self'],
    grads: {
      self: ({ grad, inputs: [x], attrs }) => sumBackward(grad, x!.shape, attrs.dim, attrs.keepdim).div(reducedCount(x!.shape, attrs.dim)),
    },
  }),
  prod: derivative<DimsAttrs>({
    node: (a, [x]) => `ProdBackward${allReduced(a, x!) ? 0 : 1}`,
    args: ['self'],
    saves: ['self'],
    grads: { self: prodBackward },
  }),
  max: derivative({ node: 'MaxBackward1', args: ['self'], saves: ['self', 'result'], grads: { self: evenlyDistribute } }),
  min: derivative({ node: 'MinBackward1', args: ['self'], saves: ['self', 'result'], grads: { self: evenlyDistribute } }),
  max_dim: derivative<DimAttrs>({ node: 'MaxBackward0', args: ['self'], saves: ['result1'], grads: { self: selectedBackward } }),
  min_dim: derivative<DimAttrs>({ node: 'MinBackward0', args: ['self'], saves: ['result1'], grads: { self: selectedBackward } }),
  amax: derivative<DimsAttrs>({ node: 'AmaxBackward0', args: ['self'], saves: ['self', 'result'], grads: { self: amaxBackward } }),
  amin: derivative<DimsAttrs>({ node: 'AminBackward0', args: ['self'], saves: ['self', 'result'], grads: { self: amaxBackward } }),
  var: derivative<VarAttrs>({
    node: 'VarBackward0',
    args: ['self'],
    saves: ['self'],
    grads: { self: ({ grad, self, attrs }) => varBackward(grad, self, attrs) },
  }),
  std: derivative<VarAttrs>({
    node: 'StdBackward0',
    args: ['self'],
    saves: ['self', 'result'],
    grads: {
      // std_backward: var_backward(grad / (2 * result)), zero where result is 0.
      self: ({ grad, self, result, attrs }) => varBackward(grad.div(result.mul(2)).masked_fill(result.eq(0), 0), self, attrs),
    },
  }),
  logsumexp: derivative<DimsAttrs>({
    node: 'LogsumexpBackward0',
    args: ['self'],
    saves: ['self', 'result'],
    grads: {
      self: ({ grad, self, result, attrs: { dim, keepdim } }) =>
        restoreDims(grad, dim, keepdim).mul(self.sub(restoreDims(result, dim, keepdim)).exp()),
    },
  }),
  softmax: derivative<AlongAttrs>({
    node: 'SoftmaxBackward0',
    args: ['self'],
    saves: ['result'],
    grads: { self: ({ grad, result, attrs: { dim } }) => result.mul(grad.sub(grad.mul(result).sum(dim, true))) },
  }),
  log_softmax: derivative<AlongAttrs>({
    node: 'LogSoftmaxBackward0',
    args: ['self'],
    saves: ['result'],
    grads: { self: ({ grad, result, attrs: { dim } }) => grad.sub(result.exp().mul(grad.sum(dim, true))) },
  }),
  cumsum: derivative<AlongAttrs>({
    node: 'CumsumBackward0',
    args: ['self'],
    grads: { self: ({ grad, attrs: { dim } }) => (grad.ndim === 0 ? grad : reversedCumsum(grad, dim)) },
  }),
  cumprod: derivative<AlongAttrs>({
    node: 'CumprodBackward0',
    args: ['self'],
    saves: ['self'],
    grads: { self: ({ grad, self, attrs: { dim } }) => (grad.ndim === 0 ? grad : cumprodBackward(grad, self, dim)) },
  }),
};
