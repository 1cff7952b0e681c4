import { ArgumentError, Tensor, ones, tensor } from '@wick/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AutogradError, Function, type FunctionCtx, GradcheckError, backward, enable_grad, grad, gradcheck, install, is_grad_enabled,
  no_grad, set_grad_enabled,
} from '../src/index.js';

// autograd's API called as PyTorch users call it: positionally, by name, and wrongly (messages
// recorded by running the same calls in PyTorch 2.13).

beforeAll(() => install());

const leaf = () => tensor([1, 2], { dtype: 'float64', requires_grad: true });
const square = (x: Tensor) => x.mul(x).sum();

describe('Tensor.backward', () => {
  it('y.backward({ retain_graph: true }) keeps the graph for a second backward', () => {
    const x = leaf();
    const y = square(x);
    y.backward({ retain_graph: true });
    y.backward();
    expect(x.grad!.tolist()).toEqual([4, 8]);
  });

  it('takes gradient, retain_graph, create_graph and inputs positionally or by name', () => {
    const x = leaf();
    const z = leaf();
    const y = x.mul(z).sum();
    y.backward(tensor(2, { dtype: 'float64' }), true, false, [x]);
    expect(x.grad!.tolist()).toEqual([2, 4]);
    expect(z.grad).toBeNull();
    y.backward({ gradient: tensor(1, { dtype: 'float64' }), inputs: z });
    expect(z.grad!.tolist()).toEqual([1, 2]);
  });

  it('refuses what PyTorch refuses, in its words', () => {
    const y = square(leaf());
    expect(() => y.backward({ bogus: 1 } as never)).toThrow(new ArgumentError("Tensor.backward() got an unexpected keyword argument 'bogus'"));
    expect(() => Reflect.apply(y.backward, y, [null, true, false, null, 5])).toThrow(
      'Tensor.backward() takes from 1 to 5 positional arguments but 6 were given',
    );
    expect(() => Reflect.apply(y.register_hook, y, [])).toThrow("Tensor.register_hook() missing 1 required positional argument: 'hook'");
  });
});

describe('torch.autograd.backward and grad', () => {
  it('binds every parameter positionally or by name', () => {
    const x = leaf();
    backward(square(x), null, null, false, null, x);
    expect(x.grad!.tolist()).toEqual([2, 4]);
    const [g] = grad(square(x), [x], { create_graph: true });
    expect(g!.tolist()).toEqual([2, 4]);
    expect(g!.requires_grad).toBe(true);
    const [h] = grad({ outputs: square(x), inputs: x, grad_outputs: tensor(3, { dtype: 'float64' }) });
    expect(h!.tolist()).toEqual([6, 12]);
  });

  it("PyTorch's errors", () => {
    const x = leaf();
    expect(() => Reflect.apply(grad, undefined, [square(x)])).toThrow("grad() missing 1 required positional argument: 'inputs'");
    expect(() => grad(square(x), x, { bogus: 1 } as never)).toThrow("grad() got an unexpected keyword argument 'bogus'");
    expect(() => backward(square(x), { bogus: 2 } as never)).toThrow("backward() got an unexpected keyword argument 'bogus'");
    expect(() => Reflect.apply(grad, undefined, [square(x), x, null, true, false, true, null, false, false, 1])).toThrow(
      'grad() takes from 2 to 9 positional arguments but 10 were given',
    );
    expect(() => grad(square(x), x, { materialize_grads: true, allow_unused: false })).toThrow(
      'Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.',
    );
    expect(() => grad(square(x), x, { is_grads_batched: true })).toThrow(AutogradError);
  });

  it('materialize_grads gives zeros for an unused input, as PyTorch', () => {
    const x = leaf();
    const unused = leaf();
    const [gx, gu] = grad(square(x), [x, unused], { materialize_grads: true });
    expect(gx!.tolist()).toEqual([2, 4]);
    expect(gu!.tolist()).toEqual([0, 0]);
  });
});

describe('grad mode', () => {
  it('no_grad and enable_grad run a callback, or decorate a function as PyTorch instances do', () => {
    const x = leaf();
    expect(no_grad(() => square(x)).requires_grad).toBe(false);
    const f = no_grad()((a: Tensor) => square(a));
    expect(f(x).requires_grad).toBe(false);
    expect(no_grad(() => enable_grad(() => square(x))).requires_grad).toBe(true);
    expect(no_grad(() => enable_grad()((a: Tensor) => square(a))(x)).requires_grad).toBe(true);
  });

  it('set_grad_enabled sets the mode, or runs a callback under it; bad calls are refused', () => {
    expect(set_grad_enabled(false, () => is_grad_enabled())).toBe(false);
    expect(is_grad_enabled()).toBe(true);
    set_grad_enabled({ mode: false });
    expect(is_grad_enabled()).toBe(false);
    set_grad_enabled(true);
    expect(() => Reflect.apply(set_grad_enabled, undefined, [])).toThrow("set_grad_enabled() missing 1 required positional argument: 'mode'");
    expect(() => Reflect.apply(set_grad_enabled, undefined, [1])).toThrow("set_grad_enabled(): argument 'mode' (position 1) must be bool, not int");
    expect(() => Reflect.apply(no_grad, undefined, [5])).toThrow("no_grad(): argument 'fn' (position 1) must be callable, not int");
  });
});

describe('gradcheck', () => {
  const input = () => ones([3], { dtype: 'float64', requires_grad: true });
  it('takes its options by name and refuses the checks wick cannot run', () => {
    expect(gradcheck((a: Tensor) => a.mul(a), [input()], { eps: 1e-6, atol: 1e-5 })).toBe(true);
    expect(gradcheck({ func: (a: Tensor) => a.exp(), inputs: input() })).toBe(true);
    expect(() => gradcheck((a: Tensor) => a.mul(2), [input()], { check_forward_ad: true })).toThrow(GradcheckError);
    expect(() => gradcheck((a: Tensor) => a.mul(2), [input()], { bogus: true } as never)).toThrow(
      "gradcheck() got an unexpected keyword argument 'bogus'",
    );
  });
});

describe('custom Function', () => {
  class Scale extends Function {
    static override forward(ctx: FunctionCtx, x: Tensor, k: number) {
      ctx.k = k;
      ctx.save_for_backward(x, null);
      return x.mul(k);
    }
    static override backward(ctx: FunctionCtx, g: Tensor) {
      return [g.mul(ctx.k as number), null];
    }
  }
  it('saves tensors (None included) and checks what save_for_backward takes', () => {
    const x = leaf();
    Scale.apply(x, 3).sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3]);
    class Bad extends Function {
      static override forward(c: FunctionCtx, a: Tensor) {
        c.save_for_backward(a, 5 as never);
        return a.mul(1);
      }
    }
    expect(() => Bad.apply(leaf())).toThrow("FunctionCtx.save_for_backward(): argument 'tensors' (position 2) must be Tensor, not int");
  });
});
