// Every op against PyTorch: one test per recorded case in fixtures/tensor/*.msgpack.
import { runFixture } from '@wick/testing';
import { describe } from 'vitest';
import * as torch from '../src/index.js';

/**
 * F.embedding(input, weight, padding_idx=None) as @wick/nn defines it (this package cannot import
 * nn): padding_idx wrapped as PyTorch's Python code does, then torch.embedding(weight, input, ...).
 */
function functionalEmbedding(input: torch.Tensor, weight: torch.Tensor, padding_idx: number | null = null): torch.Tensor {
  const pad = padding_idx === null ? -1 : padding_idx < 0 ? padding_idx + weight.size(0) : padding_idx;
  return torch.embedding(weight, input, pad);
}

const ns = {
  ...torch,
  nn: { functional: { pad: torch.functionalPad, embedding: functionalEmbedding, linear: torch.linear } },
};
const extra = { repr: (t: unknown) => String(t) };

const families = ['creation', 'unary', 'binary', 'promotion', 'reduce', 'matmul', 'index', 'shape', 'repr', 'errors', 'getitem', 'elementwise_args', 'factory_args', 'tril_repeat', 'einsum'];

for (const family of families) {
  describe(family, () => runFixture(`tensor/${family}.msgpack`, ns, { extra }));
}
