// Custom Functions and gradcheck as users write them (expected values printed by PyTorch 2.13).
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Function, type FunctionCtx, GradcheckError, gradcheck, gradgradcheck, install } from '../src/index.js';
import { expectClose, expectThrows, f64, fn } from './helpers.js';

beforeAll(() => install());

class MyExp extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor, k: number): Tensor {
    const r = x.exp().mul(k);
    ctx.save_for_backward(r);
    return r;
  }
  static override backward(ctx: FunctionCtx, g: Tensor): (Tensor | null)[] {
    const [r] = ctx.saved_tensors;
    return [g.mul(r!), null];
  }
}

describe('Function', () => {
  it('records a node named after the class and runs its backward', () => {
    const x = f64([0.5, -1]);
    const y = MyExp.apply(x, 2);
    expect(fn(y).name()).toBe('MyExpBackward');
    y.sum().backward();
    expectClose(x.grad, [3.2974425414002564, 0.7357588823428847]);
    expectThrows(
      () => y.sum().backward(),
      'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
    );
  });

  it('tells forward which inputs need gradients', () => {
    let seen: boolean[] = [];
    class N extends Function {
      static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor, _k: number): Tensor {
        seen = ctx.needs_input_grad;
        return a.mul(b);
      }
      static override backward(_ctx: FunctionCtx, g: Tensor) {
        return [g, g, null];
      }
    }
    N.apply(f64([1, 2]), torch.ones([2], { dtype: 'float64' }), 3);
    expect(seen).toEqual([true, false, false]);
  });

  it('leaves outputs marked non-differentiable without a gradient', () => {
    class SortLike extends Function {
      static override forward(ctx: FunctionCtx, x: Tensor): Tensor[] {
        const i = x.argmax().unsqueeze(0).double();
        ctx.mark_non_differentiable(i);
        return [x.mul(1), i];
      }
      static override backward(_ctx: FunctionCtx, gv: Tensor) {
        return gv;
      }
    }
    const [v, i] = SortLike.apply(f64([0.5, -1]));
    expect([i!.requires_grad, v!.requires_grad]).toEqual([false, true]);
  });

  it('checks the number of gradients backward returns', () => {
    class Bad extends Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.mul(2);
      }
      static override backward(_ctx: FunctionCtx, g: Tensor) {
        return [g, g];
      }
    }
    expectThrows(() => Bad.apply(f64([1, 2])).sum().backward(), 'function BadBackward returned an incorrect number of gradients (expected 1, got 2)');
  });

  it('passes gradcheck and gradgradcheck', () => {
    expect(gradcheck((x) => MyExp.apply(x, 2), [f64([0.5, -1, 0.25])])).toBe(true);
    expect(gradgradcheck((x) => MyExp.apply(x, 2), [f64([0.5, -1, 0.25])])).toBe(true);
  });
});

describe('gradcheck', () => {
  it('reports a wrong backward', () => {
    class Wrong extends Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.mul(x);
      }
      static override backward(_ctx: FunctionCtx, g: Tensor) {
        return g;
      }
    }
    expect(() => gradcheck((x) => Wrong.apply(x), [f64([1, 2])])).toThrow(GradcheckError);
    expect(gradcheck((x) => Wrong.apply(x), [f64([1, 2])], { raise_exception: false })).toBe(false);
  });

  it('handles several inputs and outputs', () => {
    const f = (a: Tensor, b: Tensor) => [a.mul(b).sum(0), a.sub(b).exp()];
    expect(gradcheck(f, [f64([[1, 2], [3, 4]]), f64([0.5, -0.5])])).toBe(true);
  });
});
