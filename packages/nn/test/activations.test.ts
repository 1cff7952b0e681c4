// The pointwise activations' call forms: each module built positionally and by name (the same
// module, printed as PyTorch prints it), each nn.functional form positional, by name and mixed,
// the inplace forms writing into their input, and wrong calls refused with PyTorch 2.13's
// messages (recorded by running each call in PyTorch). Their values against PyTorch's are in
// fixtures/nn/activations.msgpack (fixtures.test.ts, gradients.test.ts).
import { install } from '@wick/autograd';
import * as torch from '@wick/tensor';
import { type Tensor } from '@wick/tensor';
import { callUntyped as call, constructUntyped as make, expectRaises } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

const F = nn.functional;
const values = (t: Tensor): unknown => t.tolist();

beforeAll(() => install());

torch.manual_seed(0);
const x = torch.randn(4, 6).mul(3);

describe('each module built positionally and by name is the same module', () => {
  // [PyTorch's repr of both, built by name, built positionally]
  const cases: [string, () => nn.Module, () => nn.Module][] = [
    ['SiLU(inplace=True)', () => new nn.SiLU({ inplace: true }), () => new nn.SiLU(true)],
    ['Mish(inplace=True)', () => new nn.Mish({ inplace: true }), () => new nn.Mish(true)],
    ['Softplus(beta=2.0, threshold=3.5)', () => new nn.Softplus({ beta: 2, threshold: 3.5 }), () => new nn.Softplus(2, 3.5)],
    ['LeakyReLU(negative_slope=0.2, inplace=True)', () => new nn.LeakyReLU({ negative_slope: 0.2, inplace: true }), () => new nn.LeakyReLU(0.2, true)],
    ['ELU(alpha=0.5, inplace=True)', () => new nn.ELU({ alpha: 0.5, inplace: true }), () => new nn.ELU(0.5, true)],
    ['SELU(inplace=True)', () => new nn.SELU({ inplace: true }), () => new nn.SELU(true)],
    ['Hardswish()', () => new nn.Hardswish({ inplace: true }), () => new nn.Hardswish(true)],
    ['Hardsigmoid()', () => new nn.Hardsigmoid({ inplace: true }), () => new nn.Hardsigmoid(true)],
    ['Hardtanh(min_val=-2.0, max_val=3.0, inplace=True)',
      () => new nn.Hardtanh({ min_val: -2, max_val: 3, inplace: true }), () => new nn.Hardtanh(-2, 3, true)],
    // nn.Hardtanh(min_value=-2.0, max_value=3.0): the deprecated names override min_val and max_val.
    ['Hardtanh(min_val=-2.0, max_val=3.0)', () => new nn.Hardtanh({ min_value: -2, max_value: 3 }), () => new nn.Hardtanh(-1, 1, false, -2, 3)],
    ['ReLU6(inplace=True)', () => new nn.ReLU6({ inplace: true }), () => new nn.ReLU6(true)],
    ['PReLU(num_parameters=3)', () => new nn.PReLU({ num_parameters: 3, init: 0.1 }), () => new nn.PReLU(3, 0.1)],
    ['GLU(dim=0)', () => new nn.GLU({ dim: 0 }), () => new nn.GLU(0)],
    ['Threshold(threshold=0.5, value=-1.0, inplace=True)',
      () => new nn.Threshold({ threshold: 0.5, value: -1, inplace: true }), () => new nn.Threshold(0.5, -1, true)],
    ['Softsign()', () => new nn.Softsign(), () => new nn.Softsign()],
  ];
  for (const [repr, byName, positional] of cases) {
    it(repr, () => {
      const a = byName();
      const b = positional();
      expect(String(a)).toBe(repr);
      expect(String(b)).toBe(repr);
      // Inplace modules write into their input: each gets its own copy.
      const input = repr.startsWith('PReLU') ? x.narrow(1, 0, 3) : x;
      expect(values(a.forward(input.clone()) as Tensor)).toEqual(values(b.forward({ input: input.clone() }) as Tensor));
    });
  }

  it("PReLU's weight: one Parameter per channel, filled with init, under state_dict key weight", () => {
    const m = new nn.PReLU({ num_parameters: 3, init: 0.1, dtype: 'float64' });
    expect([...m.state_dict().keys()]).toEqual(['weight']);
    expect(m.weight.dtype).toBe('float64');
    expect(values(m.weight)).toEqual([0.1, 0.1, 0.1]);
    expect(values(new nn.PReLU().weight)).toEqual([0.25]);
    expect([...new nn.PReLU().parameters()]).toHaveLength(1);
  });
});

describe('each nn.functional form called positionally, by name and mixed gives the same result', () => {
  const same = (...results: Tensor[]) => {
    for (const r of results.slice(1)) expect(values(r)).toEqual(values(results[0]!));
  };
  it('the inplace-only ones', () => {
    for (const fn of [F.silu, F.mish, F.selu, F.hardswish, F.hardsigmoid, F.relu6]) {
      same(fn(x), fn({ input: x }), fn(x, false), fn(x, { inplace: false }), fn({ input: x, inplace: false }));
    }
  });
  it('the ones with arguments', () => {
    same(F.softplus(x, 2, 3), F.softplus(x, { beta: 2, threshold: 3 }), F.softplus({ input: x, beta: 2, threshold: 3 }), F.softplus(x, 2, { threshold: 3 }));
    same(F.leaky_relu(x, 0.2), F.leaky_relu(x, { negative_slope: 0.2 }), F.leaky_relu({ input: x, negative_slope: 0.2, inplace: false }));
    same(F.elu(x, 0.5), F.elu(x, { alpha: 0.5 }), F.elu({ input: x, alpha: 0.5 }));
    same(F.hardtanh(x, -2, 3), F.hardtanh(x, { min_val: -2, max_val: 3 }), F.hardtanh(x, -2, { max_val: 3 }));
    same(F.glu(x, 0), F.glu(x, { dim: 0 }), F.glu({ input: x, dim: 0 }));
    same(F.threshold(x, 0.5, -1), F.threshold(x, { threshold: 0.5, value: -1 }), F.threshold(x, 0.5, { value: -1 }));
    const w = torch.tensor([0.1, -0.2, 0.3, 0.4, 0.5, 0.6]);
    same(F.prelu(x, w), F.prelu(x, { weight: w }), F.prelu({ input: x, weight: w }));
    same(F.softsign(x), F.softsign({ input: x }));
  });
});

describe('the inplace forms write into their input and return it', () => {
  const forms: [string, (t: Tensor) => Tensor][] = [
    ['F.silu', (t) => F.silu(t, true)], ['F.mish', (t) => F.mish(t, { inplace: true })], ['F.selu', (t) => F.selu(t, true)],
    ['F.hardswish', (t) => F.hardswish(t, true)], ['F.hardsigmoid', (t) => F.hardsigmoid(t, true)], ['F.relu6', (t) => F.relu6(t, true)],
    ['F.leaky_relu', (t) => F.leaky_relu(t, 0.1, true)], ['F.elu', (t) => F.elu(t, { inplace: true })],
    ['F.hardtanh', (t) => F.hardtanh(t, -1, 1, true)], ['F.threshold', (t) => F.threshold(t, 0.5, 2, true)],
    ['nn.SiLU(True)', (t) => new nn.SiLU(true).forward(t)], ['nn.ELU(inplace=True)', (t) => new nn.ELU({ inplace: true }).forward(t)],
    ['nn.ReLU6(True)', (t) => new nn.ReLU6(true).forward(t)], ['nn.Threshold(0, 5, True)', (t) => new nn.Threshold(0, 5, true).forward(t)],
  ];
  for (const [label, form] of forms) {
    it(label, () => {
      const t = x.clone();
      const before = values(t);
      const out = form(t);
      expect(out).toBe(t);
      expect(values(t)).not.toEqual(before);
    });
  }
});

describe('the inplace forms under autograd', () => {
  it('refuse a leaf that requires grad, as PyTorch does', () => {
    const leaf = torch.tensor([-2, -0.5, 0.5, 2], { requires_grad: true });
    expect(() => F.silu(leaf, true)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
  });
  // PyTorch: x = torch.tensor([-2, -0.5, 0.5, 2.], requires_grad=True); y = x * 1; F.<fn>(y, ..., inplace=True);
  // y.sum().backward(); x.grad
  const expected: [string, (t: Tensor) => Tensor, number[]][] = [
    ['silu', (t) => F.silu(t, true), [-0.09078425168991089, 0.260038822889328, 0.7399612069129944, 1.0907843112945557]],
    ['mish', (t) => F.mish(t, true), [-0.10835510492324829, 0.2895106375217438, 0.8864244222640991, 1.0693179368972778]],
    ['selu', (t) => F.selu(t, true), [0.23793280124664307, 1.0663411617279053, 1.0507010221481323, 1.0507010221481323]],
    ['hardswish', (t) => F.hardswish(t, true), [-0.1666666865348816, 0.3333333134651184, 0.6666666865348816, 1.1666667461395264]],
    ['hardsigmoid', (t) => F.hardsigmoid(t, true), [0.1666666716337204, 0.1666666716337204, 0.1666666716337204, 0.1666666716337204]],
    ['relu6', (t) => F.relu6(t, true), [0, 0, 1, 1]],
    ['leaky_relu', (t) => F.leaky_relu(t, 0.1, true), [0.10000000149011612, 0.10000000149011612, 1, 1]],
    ['elu', (t) => F.elu(t, { alpha: 0.5, inplace: true }), [0.0676676332950592, 0.3032653331756592, 1, 1]],
    ['hardtanh', (t) => F.hardtanh(t, -1, 1, true), [0, 1, 1, 0]],
    ['threshold', (t) => F.threshold(t, 0, 5, true), [0, 0, 1, 1]],
  ];
  for (const [name, form, grad] of expected) {
    it(`carry PyTorch's gradient through a non-leaf: ${name}`, () => {
      const leaf = torch.tensor([-2, -0.5, 0.5, 2], { requires_grad: true });
      const y = leaf.mul(1);
      expect(form(y)).toBe(y);
      y.sum().backward();
      const got = leaf.grad!.tolist() as number[];
      // PyTorch's backward kernels round differently from the chain rule through the forward's ops:
      // held to the gradient fixtures' floor (nn_cases/family.py), 16 float32 eps of the largest gradient.
      const bound = 16 * 2 ** -23 * Math.max(...grad.map(Math.abs));
      got.forEach((g, i) => expect(Math.abs(g - grad[i]!), `${name}[${i}]: ${g} vs ${grad[i]!}`).toBeLessThanOrEqual(bound));
    });
  }
});

describe("wrong calls are refused with PyTorch's error", () => {
  const x2 = torch.zeros(2, 4);
  const rows: [string, () => unknown, string, string][] = [
    ['nn.SiLU(True, 1)', () => make(nn.SiLU, true, 1), 'TypeError', 'SiLU.__init__() takes from 1 to 2 positional arguments but 3 were given'],
    ['nn.Softplus(bogus=1)', () => make(nn.Softplus, { bogus: 1 }), 'TypeError', "Softplus.__init__() got an unexpected keyword argument 'bogus'"],
    ['nn.Threshold(0.5)', () => make(nn.Threshold, 0.5), 'TypeError', "Threshold.__init__() missing 1 required positional argument: 'value'"],
    ['nn.PReLU(1, 0.25, None, None, 5)', () => make(nn.PReLU, 1, 0.25, null, null, 5), 'TypeError',
      'PReLU.__init__() takes from 1 to 5 positional arguments but 6 were given'],
    ['nn.GLU()(x, x)', () => call(new nn.GLU(), x2, x2), 'TypeError', 'GLU.forward() takes 2 positional arguments but 3 were given'],
    ['nn.Mish()(input=x, bogus=1)', () => call(new nn.Mish(), { input: x2, bogus: 1 }), 'TypeError', "Mish.forward() got an unexpected keyword argument 'bogus'"],
    ['F.silu(x, True, 1)', () => call(F.silu, x2, true, 1), 'TypeError', 'silu() takes from 1 to 2 positional arguments but 3 were given'],
    ['F.elu(x, bogus=1)', () => call(F.elu, x2, { bogus: 1 }), 'TypeError', "elu() got an unexpected keyword argument 'bogus'"],
    ['F.glu(x, 0, 1)', () => call(F.glu, x2, 0, 1), 'TypeError', 'glu() takes from 1 to 2 positional arguments but 3 were given'],
    ['F.hardtanh(x, -1.0, 1.0, False, 3)', () => call(F.hardtanh, x2, -1, 1, false, 3), 'TypeError',
      'hardtanh() takes from 1 to 4 positional arguments but 5 were given'],
    ['F.softsign(x, 1)', () => call(F.softsign, x2, 1), 'TypeError', 'softsign() takes 1 positional argument but 2 were given'],
    ['F.leaky_relu(x, slope=1)', () => call(F.leaky_relu, x2, { slope: 1 }), 'TypeError', "leaky_relu() got an unexpected keyword argument 'slope'"],
    ['F.softplus(x, bogus=1)', () => call(F.softplus, x2, { bogus: 1 }), 'TypeError', "softplus() got an unexpected keyword argument 'bogus'"],
    ['F.glu(torch.ones(2, 3), 1)', () => F.glu(torch.ones(2, 3), 1), 'RuntimeError', 'Halving dimension must be even, but dimension 1 is size 3'],
    ['F.prelu(torch.ones(2, 4), torch.ones(3))', () => F.prelu(torch.ones(2, 4), torch.ones(3)), 'RuntimeError',
      'Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 4.'],
  ];
  for (const [label, thunk, type, message] of rows) it(label, () => expectRaises(thunk, type, message));
});
