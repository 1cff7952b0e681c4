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

describe('convolution through the umbrella', () => {
  it('has torch.nn.Conv2d and friends, and torch.nn.functional.conv2d is torch.conv2d, as in PyTorch', () => {
    for (const name of ['Conv1d', 'Conv2d', 'ConvTranspose1d', 'ConvTranspose2d', 'Unfold', 'Fold'] as const) expect(torch.nn[name]).toBeTypeOf('function');
    expect(torch.nn.functional.conv2d).toBe(torch.conv2d);
    expect(torch.nn.functional.conv_transpose1d).toBe(torch.conv_transpose1d);
    expect(torch.nn.functional.unfold).toBeTypeOf('function');
    torch.manual_seed(0);
    const conv = new torch.nn.Conv2d(3, 4, 3, { padding: 1 });
    conv.forward(torch.ones(2, 3, 5, 5)).sum().backward();
    expect(conv.weight.grad?.shape).toEqual([4, 3, 3, 3]);
  });
});

describe('torch.optim through the umbrella', () => {
  it('takes SGD steps exactly as PyTorch', () => {
    // PyTorch: w = [1.0, -2.0], loss = (w * w).sum(); SGD(lr=0.1, momentum=0.9) twice -> [0.45999999999999996, -0.9199999999999999]
    const w = torch.tensor([1, -2], { dtype: torch.float64, requires_grad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    for (let i = 0; i < 2; i++) {
      opt.zero_grad();
      w.mul(w).sum().backward();
      opt.step();
    }
    expect(w.detach().tolist()).toEqual([0.45999999999999996, -0.9199999999999999]);
  });
});
