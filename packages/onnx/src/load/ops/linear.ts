// MatMul and Gemm. Gemm with alpha = beta = 1 and a bias is PyTorch's Linear, computed as
// PyTorch computes it (addmm), so an exported Linear gives PyTorch's numbers.
import { type Tensor, addmm } from '@wick/tensor';
import { type NodeRun, type Operator, need, onOneDevice, op } from './operator.js';

function gemm(n: NodeRun): Tensor {
  const [a0, b0] = onOneDevice([need(n, 0, 'A'), need(n, 1, 'B')]) as [Tensor, Tensor];
  const a = n.attrs.int('transA', 0) ? a0.t() : a0;
  const b = n.attrs.int('transB', 0) ? b0.t() : b0;
  const alpha = n.attrs.float('alpha', 1);
  const beta = n.attrs.float('beta', 1);
  const c = n.inputs[2]?.to(a.device);
  if (c === undefined) return alpha === 1 ? a.matmul(b) : a.matmul(b).mul(alpha);
  return addmm(c, a, b, { beta, alpha });
}

export const LINEAR: Record<string, Operator> = {
  MatMul: op([], (n) => {
    const [a, b] = onOneDevice([need(n, 0, 'A'), need(n, 1, 'B')]) as [Tensor, Tensor];
    return a.matmul(b);
  }),
  Gemm: op(['transA', 'transB', 'alpha', 'beta'], gemm),
};
