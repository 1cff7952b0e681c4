// The umbrella turns autograd on: the README's example works as written.
import { expect, it } from 'vitest';
import * as torch from '../src/index.js';

it('records and differentiates through the torch namespace', () => {
  const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64 });
  const w = torch.tensor([[0.5, -1], [2, 0.25]], { dtype: torch.float64, requires_grad: true });
  const loss = torch.matmul(x, w).sum();
  loss.backward();
  expect(w.grad?.tolist()).toEqual([[4, 4], [6, 6]]);
  expect(torch.no_grad(() => torch.matmul(x, w)).requires_grad).toBe(false);
  const [g] = torch.autograd.grad(w.pow(2).sum(), [w]);
  expect(g?.tolist()).toEqual([[1, -2], [4, 0.5]]);
});
