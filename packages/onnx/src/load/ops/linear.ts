// MatMul and Gemm. Gemm with alpha = beta = 1 and a bias is PyTorch's Linear, computed as
// PyTorch computes it (addmm), so an exported Linear gives PyTorch's numbers.
import { type Tensor, addmm } from '@wick/tensor';
import { type NodeRun, type Operator, need, op } from './operator.js';

function gemm(n: NodeRun): Tensor {
  const a0 = need(n, 0, 'A');
  const b0 = need(n, 1, 'B');
  const a = n.attrs.int('transA', 0) ? a0.t() : a0;
  const b = n.attrs.int('transB', 0) ? b0.t() : b0;
  const alpha = n.attrs.float('alpha', 1);
  const beta = n.attrs.float('beta', 1);
  const c = n.inputs[2];
  if (c === undefined) return alpha === 1 ? a.matmul(b) : a.matmul(b).mul(alpha);
  return addmm(c, a, b, { beta, alpha });
}

export const LINEAR: Record<string, Operator> = {
  MatMul: op([], (n) => need(n, 0, 'A').matmul(need(n, 1, 'B'))),
  Gemm: op(['transA', 'transB', 'alpha', 'beta'], gemm),
};
