// multinomial, poisson and the in-place fills geometric_, cauchy_, log_normal_ under autograd, as
// PyTorch 2.13 records them (derivatives.yaml): the fills and poisson have zero gradients and
// their own nodes; multinomial's int64 indices carry none. Expected names and messages from PyTorch.
import * as torch from '@wick/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { install } from '../src/index.js';
import { expectThrows, f64, fn } from './helpers.js';

beforeAll(() => install());

describe('random sampling under autograd', () => {
  it('poisson: a PoissonBackward0 node whose gradient is zeros', () => {
    const rates = f64([1, 2]);
    const counts = torch.poisson(rates, new torch.Generator().manual_seed(0));
    expect(counts.requires_grad).toBe(true);
    expect(fn(counts).name()).toBe('PoissonBackward0');
    counts.sum().backward();
    expect(rates.grad!.tolist()).toEqual([0, 0]);
  });

  it('the fills: their nodes, zero gradients, and no writes into a leaf', () => {
    const x = f64([1, 2]);
    const fills: [(t: torch.Tensor) => torch.Tensor, string][] = [
      [(t) => t.geometric_(0.5), 'GeometricBackward0'],
      [(t) => t.cauchy_(), 'CauchyBackward0'],
      [(t) => t.log_normal_(), 'LogNormalBackward0'],
    ];
    for (const [fill, name] of fills) {
      x.grad = null;
      const y = fill(x.mul(1));
      expect(fn(y).name()).toBe(name);
      y.sum().backward();
      expect(x.grad!.tolist()).toEqual([0, 0]);
      expectThrows(() => fill(x), 'a leaf Variable that requires grad is being used in an in-place operation.');
    }
  });

  it('multinomial: indices without a gradient', () => {
    const m = torch.multinomial(f64([0.2, 0.8]), 1);
    expect(m.requires_grad).toBe(false);
    expect(m.grad_fn).toBeNull();
  });
});
