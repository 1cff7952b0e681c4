// Gradients of sort and topk against PyTorch: fixtures/autograd/sort.msgpack
// (tools/fixtures/autograd_cases/sort.py). Each case weights the values with fixed random tensors;
// the gradient reaches the positions the indices name, ties included.
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { runGradFixture } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { grad, install } from '../src/index.js';

install();

const gradOf = (outputs: Tensor[], inputs: Tensor[], grad_outputs: Tensor[]) => grad(outputs, inputs, { grad_outputs, allow_unused: true });

describe('sort', () => runGradFixture('autograd/sort.msgpack', torch, { grad: gradOf }));

describe('nodes', () => {
  it("are named as PyTorch's: sort is SortBackward0, sort.stable SortBackward1, topk TopkBackward0", () => {
    const x = torch.tensor([3, 1, 2], { dtype: torch.float32 }).requires_grad_();
    const name = (t: Tensor) => (t.grad_fn as { name(): string }).name();
    expect(name(x.sort().values)).toBe('SortBackward0');
    expect(name(x.sort({ stable: true }).values)).toBe('SortBackward1');
    expect(name(x.sort({ stable: null }).values)).toBe('SortBackward1');
    expect(name(x.topk(2).values)).toBe('TopkBackward0');
    // The indices and argsort carry no gradient.
    expect(x.sort().indices.grad_fn).toBeNull();
    expect(x.argsort().requires_grad).toBe(false);
  });
});
