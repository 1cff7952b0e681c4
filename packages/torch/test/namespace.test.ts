import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

describe('the torch namespace', () => {
  it('carries the tensor API under PyTorch names', () => {
    expect(torch.float64).toBe('float64');
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64 });
    expect(String(torch.matmul(x, x.t()))).toBe('tensor([[ 5., 11.],\n        [11., 25.]], dtype=torch.float64)');
    const [values, indices] = x.max(1);
    expect(values.tolist()).toEqual([2, 4]);
    expect(indices.tolist()).toEqual([1, 1]);
    expect(x.max(1).indices.tolist()).toEqual([1, 1]);
  });
});

describe('torch.nn through the umbrella (autograd installed)', () => {
  it('initialises modules under no_grad and trains a GRU cell by backward', () => {
    torch.manual_seed(0);
    const cell = new torch.nn.GRUCell(3, 4);
    for (const p of cell.parameters()) {
      expect(p.requires_grad).toBe(true);
      expect(p.grad_fn).toBeNull();
    }
    const h = cell.forward(torch.ones(2, 3));
    h.sum().backward();
    for (const p of cell.parameters()) expect(p.grad?.shape).toEqual(p.shape);
  });
});
