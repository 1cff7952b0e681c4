// Gradients through the in-place forms of scans and products (cumsum_, cumprod_, addmm_), against
// PyTorch 2.13's for the same program (recorded by running it).
import * as torch from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { install } from '../src/index.js';

install();

const t = (v: number[][]) => torch.tensor(v, { dtype: torch.float32 });

describe('in-place scans and products', () => {
  it("addmm_ on a non-leaf: PyTorch's values and gradients", () => {
    const w = t([[1, 2], [3, 4]]).requires_grad_();
    const m1 = t([[1, 0, 2], [0, 1, 1]]).requires_grad_();
    const m2 = t([[1, 2], [0, 1], [3, 0]]).requires_grad_();
    const a = w.clone();
    expect(a.addmm_(m1, m2, { beta: 0.5, alpha: 2 })).toBe(a);
    expect(a.tolist()).toEqual([[14.5, 5], [7.5, 4]]);
    a.mul(t([[1, -1], [2, 0.5]])).sum().backward();
    expect(w.grad!.tolist()).toEqual([[0.5, -0.5], [1, 0.25]]);
    expect(m1.grad!.tolist()).toEqual([[-2, -2, 6], [6, 1, 12]]);
    expect(m2.grad!.tolist()).toEqual([[2, -2], [4, 1], [8, -3]]);
  });

  it('cumprod_ and cumsum_: CumprodBackward0 and CumsumBackward0 with PyTorch\'s gradients', () => {
    const x = t([[1, 2, 3], [4, 5, 6]]).requires_grad_();
    const weights = t([[1, 2, 3], [-1, 0.5, 2]]);
    const y = x.mul(1);
    y.cumprod_(1);
    expect((y.grad_fn as { name(): string }).name()).toBe('CumprodBackward0');
    expect(y.tolist()).toEqual([[1, 2, 6], [4, 20, 120]]);
    y.mul(weights).sum().backward();
    expect(x.grad!.tolist()).toEqual([[23, 11, 6], [61.5, 50, 40]]);
    const z = x.detach().clone().requires_grad_();
    const s = z.mul(1);
    s.cumsum_(0);
    expect((s.grad_fn as { name(): string }).name()).toBe('CumsumBackward0');
    s.mul(weights).sum().backward();
    expect(z.grad!.tolist()).toEqual([[0, 2.5, 5], [-1, 0.5, 2]]);
  });

  it('refuse a leaf that requires grad, as PyTorch does', () => {
    const leaf = torch.ones([2]).requires_grad_();
    expect(() => leaf.cumsum_(0)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(leaf.tolist()).toEqual([1, 1]);
  });
});
