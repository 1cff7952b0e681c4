// optim.LBFGS called as PyTorch users call it: positionally, by name, mixed, and wrongly. Every
// expected value and message was printed by PyTorch 2.13 for the same call.
import { type Tensor, tensor } from '@wick/tensor';
import { install } from '@wick/autograd';
import { beforeAll, describe, expect, it } from 'vitest';
import { LBFGS } from '../src/index.js';
import { argumentError, param, pytorchError } from './binding.js';
import { PROBLEMS } from './lbfgs-problems.js';

beforeAll(() => install());

/** One step on Rosenbrock from [-1.5, 2] (float64); returns [loss, x, func_evals, n_iter]. */
function rosenbrockStep(make: (params: Tensor[]) => LBFGS): unknown[] {
  const x = tensor([-1.5, 2.0], { dtype: 'float64', requires_grad: true });
  const opt = make([x]);
  const loss = opt.step(() => {
    opt.zero_grad();
    const l = PROBLEMS.rosenbrock2!({}, [x]);
    l.backward();
    return l;
  }) as Tensor;
  const state = opt.state.get(x)!;
  return [loss.item(), x.tolist(), state.get('func_evals'), state.get('n_iter')];
}

describe('LBFGS positionally, by name and mixed', () => {
  // LBFGS([x], 0.5, 5, None, 1e-7, 1e-9, 10, 'strong_wolfe').step(closure)
  const expected = [12.5, [-1.4188999387615726, 2.015631467465103], 6, 4];
  it("LBFGS([x], 0.5, 5, None, 1e-7, 1e-9, 10, 'strong_wolfe')", () => {
    expect(rosenbrockStep((ps) => new LBFGS(ps, 0.5, 5, null, 1e-7, 1e-9, 10, 'strong_wolfe'))).toEqual(expected);
  });
  it('the same by name and mixed', () => {
    expect(rosenbrockStep((ps) => new LBFGS({ params: ps, lr: 0.5, max_iter: 5, history_size: 10, line_search_fn: 'strong_wolfe' }))).toEqual(expected);
    expect(rosenbrockStep((ps) => new LBFGS(ps, 0.5, 5, { line_search_fn: 'strong_wolfe', history_size: 10 }))).toEqual(expected);
  });
  it('step(closure) by name', () => {
    const x = param();
    const opt = new LBFGS([x]);
    const closure = () => {
      opt.zero_grad();
      const l = x.sub(1).pow(2).sum();
      l.backward();
      return l;
    };
    expect((opt.step({ closure }) as Tensor).item()).toBe(1);
  });
  it('max_eval defaults to max_iter * 5 // 4; state_dict before any step', () => {
    expect([4, 5, -1].map((m) => new LBFGS([param()], { max_iter: m }).param_groups[0]!.max_eval)).toEqual([5, 6, -2]);
    const sd = new LBFGS([param()]).state_dict();
    expect((sd.get('state') as Map<number, unknown>).size).toBe(0);
    expect(Object.fromEntries((sd.get('param_groups') as Map<string, unknown>[])[0]!)).toEqual({
      lr: 1, max_iter: 20, max_eval: 25, tolerance_grad: 1e-7, tolerance_change: 1e-9, history_size: 100, line_search_fn: null, params: [0],
    });
  });
});

describe("LBFGS called wrongly: PyTorch's messages", () => {
  it('constructor', () => {
    expect(argumentError(() => new LBFGS([param()], { momentun: 1 } as never))).toBe("LBFGS.__init__() got an unexpected keyword argument 'momentun'");
    expect(argumentError(() => new LBFGS([param()], 1, 20, null, 1e-7, 1e-9, 100, 'strong_wolfe', 1 as never)))
      .toBe('LBFGS.__init__() takes from 2 to 9 positional arguments but 10 were given');
    expect(argumentError(() => new LBFGS([param()], 1, { lr: 1 }))).toBe("LBFGS.__init__() got multiple values for argument 'lr'");
    expect(pytorchError(() => new LBFGS([param()], { lr: -1 }), 'ValueError')).toBe('Invalid learning rate: -1');
    // PyTorch keeps max_iter=2.5 (and max_eval 3.0); its annotation is int, and wick takes ints only.
    expect(argumentError(() => new LBFGS([param()], { max_iter: 2.5 }))).toBe("LBFGS.__init__(): argument 'max_iter' must be int, not float");
  });
  it('one parameter group only', () => {
    expect(pytorchError(() => new LBFGS([{ params: [param()] }, { params: [param()] }]), 'ValueError'))
      .toBe("LBFGS doesn't support per-parameter options (parameter groups)");
    // NOTE: PyTorch's add_param_group accepts a second group that LBFGS then never steps; wick refuses it.
    const opt = new LBFGS([{ params: [param()], lr: 0.5 }]);
    expect(pytorchError(() => opt.add_param_group({ params: [param()] }), 'ValueError')).toBe("LBFGS doesn't support per-parameter options (parameter groups)");
    expect(opt.param_groups.length).toBe(1);
  });
  it('step', () => {
    const x = param();
    const opt = new LBFGS([x]);
    const closure = () => 1;
    expect(argumentError(() => (opt.step as () => unknown)())).toBe("LBFGS.step() missing 1 required positional argument: 'closure'");
    expect(argumentError(() => opt.step({ foo: 1 } as never))).toBe("LBFGS.step() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => opt.step(closure, closure as never))).toBe('LBFGS.step() takes 2 positional arguments but 3 were given');
    const vector = () => {
      opt.zero_grad();
      const l = x.mul(x);
      l.sum().backward();
      return l;
    };
    expect(pytorchError(() => opt.step(vector), 'ValueError')).toBe('only one element tensors can be converted to Python scalars');
  });
  it("line_search_fn other than 'strong_wolfe': PyTorch's error, raised before anything changes", () => {
    const p = tensor([0, 0], { dtype: 'float32', requires_grad: true });
    const opt = new LBFGS([p], { line_search_fn: 'weak_wolfe' as never });
    const closure = () => {
      opt.zero_grad();
      const l = p.sub(1).pow(2).sum();
      l.backward();
      return l;
    };
    expect(pytorchError(() => opt.step(closure), 'RuntimeError')).toBe("only 'strong_wolfe' is supported");
    // PyTorch has counted one evaluation and one iteration by then; wick has not evaluated.
    expect(opt.state.size).toBe(0);
    expect(p.tolist()).toEqual([0, 0]);
  });
});
