import { type Derivative, derivative } from './types.js';

// mm and bmm are the only product entries; matmul, mv, dot, addmm, linear are composites of them.

export const matmulDerivatives: Record<string, Derivative> = {
  mm: derivative({
    node: 'MmBackward0',
    args: ['self', 'mat2'],
    saves: { self: ['mat2'], mat2: ['self'] },
    grads: {
      self: (c) => c.grad.mm(c.saved('mat2').t()),
      mat2: (c) => c.self.t().mm(c.grad),
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
