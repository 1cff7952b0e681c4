// The optimizers called as PyTorch users call them: positionally in PyTorch's order, by name in
// one options object, mixed, and wrongly. Every expected number and message was printed by
// PyTorch 2.13 for the same call (the Python call is in each test's name or beside it).
import { type Tensor, tensor } from '@wick/tensor';
import { install } from '@wick/autograd';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, Optimizer, RMSprop, SGD } from '../src/index.js';
import { argumentError, param, pytorchError, withGrad } from './binding.js';

beforeAll(() => install());

/** p after one step from [1, 2] with the gradient [0.5, -1]. */
function stepped(make: (params: Tensor[]) => Optimizer): number[] {
  const p = param();
  const opt = make([p]);
  withGrad(p);
  opt.step();
  return p.tolist() as number[];
}

describe('positional in PyTorch order, by name, and mixed give the same step', () => {
  it('SGD([p], 0.1) steps with lr 0.1', () => {
    const expected = [0.949999988079071, 2.0999999046325684];
    expect(stepped((ps) => new SGD(ps, 0.1))).toEqual(expected);
    expect(stepped((ps) => new SGD({ params: ps, lr: 0.1 }))).toEqual(expected);
    expect(stepped((ps) => new SGD(ps, { lr: 0.1 }))).toEqual(expected);
  });
  it('SGD([p], 0.1, 0.9, 0, 0.01, True)', () => {
    const expected = [0.9031000137329102, 2.186199903488159];
    expect(stepped((ps) => new SGD(ps, 0.1, 0.9, 0, 0.01, true))).toEqual(expected);
    expect(stepped((ps) => new SGD(ps, 0.1, 0.9, { weight_decay: 0.01, nesterov: true }))).toEqual(expected);
    expect(stepped((ps) => new SGD({ nesterov: true, weight_decay: 0.01, momentum: 0.9, lr: 0.1, params: ps }))).toEqual(expected);
  });
  it('Adam([p], 0.1) steps with lr 0.1', () => {
    const expected = [0.9000000357627869, 2.0999999046325684];
    expect(stepped((ps) => new Adam(ps, 0.1))).toEqual(expected);
    expect(stepped((ps) => new Adam({ params: ps, lr: 0.1 }))).toEqual(expected);
  });
  it('Adam([p], 0.1, (0.8, 0.9), 1e-3, 0.1, True)', () => {
    const expected = [0.900166392326355, 2.0998752117156982];
    expect(stepped((ps) => new Adam(ps, 0.1, [0.8, 0.9], 1e-3, 0.1, true))).toEqual(expected);
    expect(stepped((ps) => new Adam(ps, 0.1, { betas: [0.8, 0.9], eps: 1e-3, weight_decay: 0.1, amsgrad: true }))).toEqual(expected);
  });
  it('AdamW([p], 0.1)', () => {
    const expected = [0.8990000486373901, 2.0980000495910645];
    expect(stepped((ps) => new AdamW(ps, 0.1))).toEqual(expected);
    expect(stepped((ps) => new AdamW(ps, { lr: 0.1 }))).toEqual(expected);
  });
  it('RMSprop([p], 0.1, 0.9, 1e-8, 0.0, 0.5, True)', () => {
    const expected = [0.6666667461395264, 2.3333332538604736];
    expect(stepped((ps) => new RMSprop(ps, 0.1, 0.9, 1e-8, 0.0, 0.5, true))).toEqual(expected);
    expect(stepped((ps) => new RMSprop(ps, 0.1, { alpha: 0.9, momentum: 0.5, centered: true }))).toEqual(expected);
  });
  it('Adagrad([p], 0.1, 0.01, 0.0, 0.1)', () => {
    const expected = [0.9154845476150513, 2.095346212387085];
    expect(stepped((ps) => new Adagrad(ps, 0.1, 0.01, 0.0, 0.1))).toEqual(expected);
    expect(stepped((ps) => new Adagrad({ params: ps, lr: 0.1, lr_decay: 0.01, initial_accumulator_value: 0.1 }))).toEqual(expected);
  });
  it("param groups keep PyTorch's layout: SGD([{'params': [a], 'lr': 0.5}, {'params': [b]}], 0.1).state_dict()", () => {
    const opt = new SGD([{ params: [param()], lr: 0.5 }, { params: [param()] }], 0.1);
    const groups = opt.state_dict().get('param_groups') as Map<string, unknown>[];
    expect(Object.fromEntries(groups[1]!)).toEqual({
      lr: 0.1, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, foreach: null,
      differentiable: false, fused: null, params: [1],
    });
    expect(groups[0]!.get('lr')).toBe(0.5);
  });
});

describe('called wrongly: PyTorch\'s messages', () => {
  const p = () => [param()];
  it("SGD([p], momentun=0.9): an unknown name, at the top level and in a group", () => {
    expect(argumentError(() => new SGD(p(), { momentun: 0.9 } as never))).toBe("SGD.__init__() got an unexpected keyword argument 'momentun'");
    // NOTE: PyTorch keeps an unknown key in a group and never reads it; wick checks a group's options by name too.
    expect(argumentError(() => new SGD([{ params: p(), momentun: 0.9 }], 0.1))).toBe("SGD.__init__() got an unexpected keyword argument 'momentun'");
    expect(argumentError(() => new AdamW(p(), { decoupled_weight_decay: true } as never))).toBe("AdamW.__init__() got an unexpected keyword argument 'decoupled_weight_decay'");
  });
  it('SGD([p], 0.1, lr=0.1): a name given twice', () => {
    expect(argumentError(() => new SGD(p(), 0.1, { lr: 0.1 }))).toBe("SGD.__init__() got multiple values for argument 'lr'");
  });
  it('SGD() and SGD(lr=0.1): params missing', () => {
    expect(argumentError(() => new (SGD as unknown as new () => SGD)())).toBe("SGD.__init__() missing 1 required positional argument: 'params'");
    expect(argumentError(() => new SGD({ lr: 0.1 }))).toBe("SGD.__init__() missing 1 required positional argument: 'params'");
  });
  it('too many positional arguments (keyword-only options given positionally)', () => {
    const extra = (C: new (...a: unknown[]) => unknown, ...args: unknown[]) => argumentError(() => new C(p(), ...args));
    expect(extra(SGD as never, 0.1, 0, 0, 0, false, false)).toBe('SGD.__init__() takes from 2 to 7 positional arguments but 8 were given');
    expect(extra(Adam as never, 0.1, [0.9, 0.99], 1e-8, 0, false, true)).toBe('Adam.__init__() takes from 2 to 7 positional arguments but 8 were given');
    expect(extra(RMSprop as never, 0.1, 0.9, 1e-8, 0, 0, false, false, null, false, false, 1))
      .toBe('RMSprop.__init__() takes from 2 to 12 positional arguments but 13 were given');
    expect(extra(Adagrad as never, 0.1, 0, 0, 0, 1e-10, null, true)).toBe('Adagrad.__init__() takes from 2 to 8 positional arguments but 9 were given');
  });
  it('an undefined option is an error naming it (at the top level and in a group)', () => {
    expect(argumentError(() => new SGD(p(), { lr: undefined }))).toBe("SGD.__init__(): argument 'lr' must be Tensor or float, not undefined");
    expect(argumentError(() => new Adam([{ params: p(), eps: undefined }]))).toBe("Adam.__init__(): argument 'eps' must be float, not undefined");
  });
  it('wrong types name the parameter', () => {
    // PyTorch's own text here is incidental ("'<' not supported between instances of 'str' and 'float'"); both are TypeErrors.
    expect(argumentError(() => new SGD(p(), 'a' as never))).toBe("SGD.__init__(): argument 'lr' (position 2) must be Tensor or float, not str");
    expect(argumentError(() => new SGD(p(), 0.1, { nesterov: 1 } as never))).toBe("SGD.__init__(): argument 'nesterov' must be bool, not int");
    // PyTorch: 'float' object is not subscriptable / tuple index out of range.
    expect(argumentError(() => new Adam(p(), { betas: 0.9 } as never))).toBe("Adam.__init__(): argument 'betas' must be tuple of floats, not float");
    expect(argumentError(() => new Adam(p(), { betas: [0.9] } as never))).toBe("Adam.__init__(): argument 'betas' must be tuple of floats, not list");
  });
  it("PyTorch's value checks", () => {
    const value = (f: () => unknown) => pytorchError(f, 'ValueError');
    expect(value(() => new SGD(p(), { lr: -0.1 }))).toBe('Invalid learning rate: -0.1');
    expect(value(() => new SGD(p(), { momentum: -0.5 }))).toBe('Invalid momentum value: -0.5');
    expect(value(() => new SGD(p(), { weight_decay: -1e-5 }))).toBe('Invalid weight_decay value: -1e-05');
    expect(value(() => new SGD(p(), { nesterov: true }))).toBe('Nesterov momentum requires a momentum and zero dampening');
    expect(value(() => new SGD(p(), { momentum: 0.9, dampening: 0.1, nesterov: true }))).toBe('Nesterov momentum requires a momentum and zero dampening');
    expect(value(() => new Adam(p(), 0.1, [-0.1, 0.9]))).toBe('Invalid beta parameter at index 0: -0.1');
    expect(value(() => new Adam(p(), 0.1, [0.9, 1.5]))).toBe('Invalid beta parameter at index 1: 1.5');
    expect(value(() => new Adam(p(), { eps: -1e-8 }))).toBe('Invalid epsilon value: -1e-08');
    expect(value(() => new Adam(p(), { weight_decay: -1e-8 }))).toBe('Invalid weight_decay value: -1e-08');
    expect(value(() => new Adam(p(), { lr: NaN }))).toBe('Invalid learning rate: nan');
    expect(value(() => new AdamW(p(), { lr: -1 }))).toBe('Invalid learning rate: -1');
    expect(value(() => new RMSprop(p(), { alpha: -1 }))).toBe('Invalid alpha value: -1');
    expect(value(() => new Adagrad(p(), { lr_decay: -1 }))).toBe('Invalid lr_decay value: -1');
    expect(value(() => new Adagrad(p(), { initial_accumulator_value: -1 }))).toBe('Invalid initial_accumulator_value value: -1');
    // SGD tests lr < 0, so PyTorch accepts a NaN lr there.
    expect(new SGD(p(), NaN).param_groups[0]!.lr).toBeNaN();
  });
  it("PyTorch's checks of params", () => {
    expect(thrownType(() => new SGD(param() as never))).toBe('params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor');
    expect(pytorchError(() => new SGD([]), 'ValueError')).toBe('optimizer got an empty parameter list');
    expect(thrownType(() => new SGD([1] as never))).toBe('optimizer can only optimize Tensors, but one of the params is int');
    // SGD(model.state_dict()): a dict iterates over its keys.
    expect(thrownType(() => new SGD(new Map([['w', param()]]) as never))).toBe('optimizer can only optimize Tensors, but one of the params is str');
    expect(argumentError(() => new SGD(5 as never))).toBe("SGD.__init__(): argument 'params' (position 1) must be iterable, not int");
  });
});

function thrownType(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TypeError);
    return (e as Error).message;
  }
  throw new Error('expected a TypeError');
}

describe('parameters that select an implementation', () => {
  const p = () => [param()];
  it('foreach=True is accepted: on CPU PyTorch computes the same bits with it (fixtures check the numbers)', () => {
    expect(stepped((ps) => new SGD(ps, 0.1, { foreach: true }))).toEqual([0.949999988079071, 2.0999999046325684]);
    expect(new Adam(p(), { foreach: false }).param_groups[0]!.foreach).toBe(false);
  });
  it("fused: PyTorch's conflicts first, then wick refuses fused=True (PyTorch's fused CPU kernel rounds otherwise)", () => {
    expect(pytorchError(() => new SGD(p(), 0.1, { foreach: true, fused: true }), 'RuntimeError')).toBe('`fused` and `foreach` cannot be `True` together.');
    expect(pytorchError(() => new Adam(p(), { fused: true, differentiable: true }), 'RuntimeError')).toBe('`fused` does not support `differentiable`');
    expect(pytorchError(() => new Adagrad(p(), { fused: true }), 'ValueError')).toMatch(/^Adagrad: fused=True is not supported by wick/);
    expect(new SGD(p(), { fused: false }).param_groups[0]!.fused).toBe(false);
  });
  it('differentiable=True is refused (wick steps outside autograd), also set on a group later', () => {
    expect(pytorchError(() => new RMSprop(p(), { differentiable: true }), 'ValueError')).toMatch(/^RMSprop: differentiable=True is not supported/);
    const q = param();
    const opt = new SGD([q], 0.1);
    opt.param_groups[0]!.differentiable = true;
    withGrad(q);
    expect(() => opt.step()).toThrow(/differentiable=True is not supported/);
    expect(q.tolist()).toEqual([1, 2]);
  });
  it("capturable=True: as PyTorch on CPU, built, then the first step fails with PyTorch's AssertionError", () => {
    const q = param();
    const opt = new Adam([q], { capturable: true });
    withGrad(q);
    expect(pytorchError(() => opt.step(), 'AssertionError')).toBe(
      "If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].",
    );
    expect(q.tolist()).toEqual([1, 2]);
    expect(opt.state.size).toBe(0);
  });
  it("a Tensor lr: PyTorch's 1-element check, then refused (PyTorch would compute the step in the tensor's dtype)", () => {
    expect(pytorchError(() => new SGD(p(), tensor([0.1, 0.2]) as never), 'ValueError')).toBe('Tensor lr must be 1-element');
    expect(pytorchError(() => new Adam(p(), { lr: tensor(0.1) as never, foreach: true }), 'ValueError'))
      .toBe('lr as a Tensor is not supported for capturable=False and foreach=True');
    expect(pytorchError(() => new Adam(p(), tensor(0.1) as never), 'ValueError')).toMatch(/^Adam: a Tensor lr is not supported by wick/);
  });
  it("Adagrad: a group's own initial_accumulator_value, which PyTorch would not use, is refused", () => {
    expect(() => new Adagrad([{ params: p(), initial_accumulator_value: 0.5 }], 0.1)).toThrow(/would not be used/);
    const opt = new Adagrad(p(), 0.1, { initial_accumulator_value: 0.25 });
    // A group added later takes its own (PyTorch creates no state for it, and its step fails).
    const later = param();
    opt.add_param_group({ params: [later], initial_accumulator_value: 0.5 });
    expect((opt.state.get(later)!.get('sum') as Tensor).tolist()).toEqual([0.5, 0.5]);
  });
});

describe("the Optimizer methods (PyTorch's Optimizer.*)", () => {
  const closure = () => 1;
  it('step(closure) positionally and by name; wrongly', () => {
    const opt = new SGD([param()], 0.1);
    expect(opt.step(closure)).toBe(1);
    expect(opt.step({ closure })).toBe(1);
    expect(opt.step(null)).toBeUndefined();
    expect(argumentError(() => opt.step({ foo: 1 } as never))).toBe("SGD.step() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => opt.step(closure, closure as never))).toBe('SGD.step() takes from 1 to 2 positional arguments but 3 were given');
    expect(argumentError(() => opt.step(closure, { closure }))).toBe("SGD.step() got multiple values for argument 'closure'");
    expect(argumentError(() => new Adam([param()]).step({ foo: 1 } as never))).toBe("Adam.step() got an unexpected keyword argument 'foo'");
    // AdamW inherits Adam.step, so Python names Adam.
    expect(argumentError(() => new AdamW([param()]).step({ foo: 1 } as never))).toBe("Adam.step() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => new RMSprop([param()]).step({ foo: 1 } as never))).toBe("RMSprop.step() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => new Adagrad([param()]).step({ foo: 1 } as never))).toBe("Adagrad.step() got an unexpected keyword argument 'foo'");
  });
  it('zero_grad(set_to_none) positionally and by name; wrongly', () => {
    const q = withGrad(param());
    const opt = new SGD([q], 0.1);
    opt.zero_grad(false);
    expect(q.grad!.tolist()).toEqual([0, 0]);
    opt.zero_grad({ set_to_none: true });
    expect(q.grad).toBeNull();
    expect(argumentError(() => opt.zero_grad({ foo: 1 } as never))).toBe("Optimizer.zero_grad() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => opt.zero_grad(true, false as never))).toBe('Optimizer.zero_grad() takes from 1 to 2 positional arguments but 3 were given');
    expect(argumentError(() => opt.zero_grad(true, { set_to_none: true }))).toBe("Optimizer.zero_grad() got multiple values for argument 'set_to_none'");
    expect(argumentError(() => opt.zero_grad(1 as never))).toBe("Optimizer.zero_grad(): argument 'set_to_none' (position 1) must be bool, not int");
  });
  it('state_dict() takes nothing', () => {
    const opt = new SGD([param()], 0.1);
    expect(argumentError(() => opt.state_dict(1 as never))).toBe('Optimizer.state_dict() takes 1 positional argument but 2 were given');
    expect(argumentError(() => opt.state_dict({ foo: 1 } as never))).toBe("Optimizer.state_dict() got an unexpected keyword argument 'foo'");
  });
  it('load_state_dict(state_dict) positionally and by name; wrongly', () => {
    const opt = new SGD([param()], 0.1, 0.9);
    const sd = opt.state_dict();
    opt.load_state_dict(sd);
    opt.load_state_dict({ state_dict: sd });
    opt.load_state_dict(Object.fromEntries(sd));
    expect(argumentError(() => (opt.load_state_dict as () => void)())).toBe("Optimizer.load_state_dict() missing 1 required positional argument: 'state_dict'");
    expect(argumentError(() => opt.load_state_dict({ foo: 1 }))).toBe("Optimizer.load_state_dict() got an unexpected keyword argument 'foo'");
    // load_state_dict({}) and ({'state': {}}): PyTorch's KeyError.
    expect(() => opt.load_state_dict(new Map())).toThrow("'param_groups'");
    expect(() => opt.load_state_dict({ state: {} })).toThrow("'param_groups'");
    expect(pytorchError(() => opt.load_state_dict({ param_groups: [], state: {} }), 'ValueError')).toBe('loaded state dict has a different number of parameter groups');
  });
  it('add_param_group(param_group) positionally and by name; wrongly', () => {
    const opt = new SGD([param()], 0.1);
    opt.add_param_group({ params: [param()], lr: 0.5 });
    opt.add_param_group({ param_group: { params: [param()] } });
    expect(opt.param_groups.map((g) => g.lr)).toEqual([0.1, 0.5, 0.1]);
    expect(argumentError(() => (opt.add_param_group as () => void)())).toBe("Optimizer.add_param_group() missing 1 required positional argument: 'param_group'");
    expect(argumentError(() => opt.add_param_group({ foo: 1 } as never))).toBe("Optimizer.add_param_group() got an unexpected keyword argument 'foo'");
    expect(thrownType(() => opt.add_param_group([param()] as never))).toBe("param_group must be a dict, but got <class 'list'>");
    const shared = opt.param_groups[0]!.params;
    expect(pytorchError(() => opt.add_param_group({ params: shared }), 'ValueError')).toBe('some parameters appear in more than one parameter group');
    expect(thrownType(() => opt.add_param_group({ params: new Set([param()]) }))).toMatch(/^optimizer parameters need to be organized in ordered collections/);
    expect(argumentError(() => opt.add_param_group({ params: [param()], lr: 'x' }))).toBe("SGD.__init__(): argument 'lr' must be Tensor or float, not str");
    expect(opt.param_groups.length).toBe(3);
  });
  it('Optimizer(params, defaults) as a base: built, and its step is not implemented', () => {
    const opt = new Optimizer([param()], { lr: 1 });
    expect(opt.param_groups[0]!.lr).toBe(1);
    expect(argumentError(() => new Optimizer([param()] as never))).toBe("Optimizer.__init__() missing 1 required positional argument: 'defaults'");
    expect(argumentError(() => new Optimizer([param()], { lr: 1 }, { foo: 1 } as never))).toBe("Optimizer.__init__() got an unexpected keyword argument 'foo'");
    expect(pytorchError(() => opt.step(), 'NotImplementedError')).toBe('');
  });
});

describe("a user's subclass", () => {
  it('of AdamW binds as AdamW (decoupled weight decay, AdamW.__init__ messages)', () => {
    class MyAdamW extends AdamW {}
    const opt = new MyAdamW([param()], 0.1);
    expect(opt.param_groups[0]!.decoupled_weight_decay).toBe(true);
    expect(argumentError(() => new MyAdamW([param()], { decoupled_weight_decay: false } as never)))
      .toBe("AdamW.__init__() got an unexpected keyword argument 'decoupled_weight_decay'");
  });
});
