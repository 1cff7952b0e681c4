import type { Tensor } from '@wick/tensor';
import { type Ctx, type Derivative, derivative } from './types.js';

// mm and bmm are the only product entries; matmul, mv, dot, addmm, linear are composites of them.

export const matmulDerivatives: Record<string, Derivative> = {
  mm: derivative({
    node: 'MmBackward0',
    args: ['self', 'mat2'],
    saves: { self: ['mat2'], mat2: ['self'] },
    grads: {
      self: (c) => c.grad.mm(c.saved('mat2').t()),
      mat2: (c) => mm_mat2_backward(c),
    },
  }),
  bmm: derivative({
    node: 'BmmBackward0',
    args: ['self', 'mat2'],
    saves: { self: ['mat2'], mat2: ['self'] },
    grads: {
      self: (c) => c.grad.bmm(c.saved('mat2').transpose(1, 2)),
      mat2: (c) => c.self.transpose(1, 2).bmm(c.grad),
    },
  }),
};

/**
 * self^T @ grad, laid out like mat2 was (PyTorch's mm_mat2_backward): when mat2 is a transposed
 * contiguous matrix (linear's weight.t()), the product is computed as (grad^T @ self)^T, so the
 * weight's gradient arrives contiguous and summing it over many steps reads memory in order. Both
 * forms sum the same products in the same k order, so the values are identical.
 */
function mm_mat2_backward(c: Ctx<object>): Tensor {
  const mat2 = c.inputs[1]!;
  const strides = mat2.geometry?.strides;
  const columnMajor = strides !== undefined && strides[0] === 1 && strides[1] === mat2.shape[0] && mat2.shape[1]! > 1;
  return columnMajor ? c.grad.t().mm(c.self).t() : c.self.t().mm(c.grad);
}
