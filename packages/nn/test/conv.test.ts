// Convolution's call forms: each module built positionally and by name (the same module, printed as
// PyTorch prints it, with PyTorch's parameter names and shapes), each nn.functional form positional,
// by name and mixed, and wrong calls refused with PyTorch 2.13's messages (recorded by running each
// call in PyTorch). Their values against PyTorch's are in fixtures/nn/conv.msgpack (fixtures.test.ts,
// gradients.test.ts).
import { install } from '@wick/autograd';
import * as torch from '@wick/tensor';
import { type Tensor } from '@wick/tensor';
import { callUntyped as call, constructUntyped as make, expectRaises } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

const F = nn.functional;
const values = (t: Tensor): unknown => t.tolist();
const same = (...results: Tensor[]) => {
  for (const r of results.slice(1)) expect(values(r)).toEqual(values(results[0]!));
};

beforeAll(() => install());

torch.manual_seed(0);
const x = torch.randn(2, 4, 6, 6);
const x1 = torch.randn(2, 4, 9);
const w = torch.randn(6, 2, 3, 3);
const b = torch.randn(6);

describe('each module built positionally and by name is the same module', () => {
  // [PyTorch's repr, parameter shapes, built by name, built positionally, input]
  const cases: [string, number[][], () => nn.Module, () => nn.Module, Tensor][] = [
    ['Conv1d(4, 6, kernel_size=(3,), stride=(2,), padding=(1,), bias=False, padding_mode=reflect)', [[6, 4, 3]],
      () => new nn.Conv1d({ in_channels: 4, out_channels: 6, kernel_size: 3, stride: 2, padding: 1, bias: false, padding_mode: 'reflect' }),
      () => new nn.Conv1d(4, 6, 3, 2, 1, 1, 1, false, 'reflect'), x1],
    ['Conv2d(4, 6, kernel_size=(3, 2), stride=(1, 1), padding=same, dilation=(2, 1), groups=2)', [[6, 2, 3, 2], [6]],
      () => new nn.Conv2d(4, 6, [3, 2], { padding: 'same', dilation: [2, 1], groups: 2 }),
      () => new nn.Conv2d(4, 6, [3, 2], 1, 'same', [2, 1], 2), x],
    ['ConvTranspose1d(4, 6, kernel_size=(3,), stride=(2,), output_padding=(1,), groups=2)', [[4, 3, 3], [6]],
      () => new nn.ConvTranspose1d(4, 6, 3, { stride: 2, output_padding: 1, groups: 2 }),
      () => new nn.ConvTranspose1d(4, 6, 3, 2, 0, 1, 2), x1],
    ['ConvTranspose2d(4, 6, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2), bias=False)', [[4, 6, 3, 3]],
      () => new nn.ConvTranspose2d({ in_channels: 4, out_channels: 6, kernel_size: 3, stride: 2, padding: 1, bias: false, dilation: 2 }),
      () => new nn.ConvTranspose2d(4, 6, 3, 2, 1, 0, 1, false, 2), x],
    ['Unfold(kernel_size=(2, 3), dilation=1, padding=1, stride=2)', [],
      () => new nn.Unfold({ kernel_size: [2, 3], padding: 1, stride: 2 }), () => new nn.Unfold([2, 3], 1, 1, 2), x],
    ['Fold(output_size=(5, 6), kernel_size=2, dilation=1, padding=0, stride=1)', [],
      () => new nn.Fold({ output_size: [5, 6], kernel_size: 2 }), () => new nn.Fold([5, 6], 2), torch.randn(2, 8, 20)],
  ];
  for (const [repr, shapes, byName, positional, input] of cases) {
    it(repr, () => {
      torch.manual_seed(1);
      const a = byName();
      torch.manual_seed(1);
      const p = positional();
      expect(String(a)).toBe(repr);
      expect(String(p)).toBe(repr);
      expect([...a.named_parameters()].map(([, t]) => t.shape)).toEqual(shapes);
      expect(values(a.forward(input) as Tensor)).toEqual(values(p.forward({ input }) as Tensor));
    });
  }

  it("has PyTorch's state_dict keys, and makes its parameters in the dtype asked for", () => {
    const m = new nn.Conv2d(4, 6, 3, { dtype: 'float64' });
    expect([...m.state_dict().keys()]).toEqual(['weight', 'bias']);
    expect(m.weight.dtype).toBe('float64');
    expect([...new nn.Conv1d(4, 6, 3, 1, 0, 1, 1, false).state_dict().keys()]).toEqual(['weight']);
  });

  it('reset_parameters draws again as PyTorch does', () => {
    torch.manual_seed(5);
    const m = new nn.Conv2d(4, 6, 3);
    const first = values(m.weight);
    torch.manual_seed(5);
    m.reset_parameters();
    expect(values(m.weight)).toEqual(first);
  });

  it('ConvTranspose forward takes output_size positionally or by name', () => {
    const m = new nn.ConvTranspose2d(4, 6, 3, { stride: 2 });
    same(m.forward(x, [14, 14]), m.forward(x, { output_size: [14, 14] }), m.forward({ input: x, output_size: [2, 6, 14, 14] }));
    expect(m.forward(x, [14, 14]).shape).toEqual([2, 6, 14, 14]);
  });
});

describe('each nn.functional form called positionally, by name and mixed gives the same result', () => {
  it('conv1d and conv2d', () => {
    same(F.conv2d(x, w, b, 2, 1, 1, 2), F.conv2d(x, w, b, { stride: 2, padding: 1, groups: 2 }),
      F.conv2d({ input: x, weight: w, bias: b, stride: [2, 2], padding: [1, 1], dilation: 1, groups: 2 }), F.conv2d(x, w, b, 2, { padding: 1, groups: 2 }));
    same(F.conv2d(x, w, null, 1, 'same', 2, 2), F.conv2d(x, w, { padding: 'same', dilation: 2, groups: 2 }));
    const w1 = torch.randn(6, 4, 3);
    same(F.conv1d(x1, w1, null, 2), F.conv1d(x1, w1, { stride: 2 }), F.conv1d({ input: x1, weight: w1, stride: [2] }));
    // torch.conv2d and nn.functional.conv2d are the same function, as in PyTorch.
    expect(F.conv2d).toBe(torch.conv2d);
  });
  it('conv_transpose1d and conv_transpose2d', () => {
    const wt = torch.randn(4, 3, 3, 3);
    same(F.conv_transpose2d(x, wt, null, 2, 1, 1, 1, 1), F.conv_transpose2d(x, wt, { stride: 2, padding: 1, output_padding: 1 }),
      F.conv_transpose2d({ input: x, weight: wt, stride: 2, padding: 1, output_padding: [1, 1] }));
    const wt1 = torch.randn(4, 2, 3);
    same(F.conv_transpose1d(x1, wt1, null, 3), F.conv_transpose1d(x1, wt1, { stride: 3 }));
  });
  it('unfold and fold', () => {
    same(F.unfold(x, 2, 1, 1, 2), F.unfold(x, { kernel_size: 2, padding: 1, stride: 2 }), F.unfold({ input: x, kernel_size: [2, 2], stride: 2, padding: [1, 1] }));
    const cols = torch.randn(2, 8, 20);
    same(F.fold(cols, [5, 6], 2), F.fold(cols, { output_size: [5, 6], kernel_size: 2 }), F.fold({ input: cols, output_size: [5, 6], kernel_size: [2, 2] }));
  });
  it('take an empty batch and integer tensors, as PyTorch does', () => {
    expect(F.conv2d(torch.zeros(0, 4, 5, 5), torch.zeros(6, 4, 3, 3)).shape).toEqual([0, 6, 3, 3]);
    expect(F.conv_transpose2d(torch.zeros(0, 4, 5, 5), torch.zeros(4, 6, 3, 3)).shape).toEqual([0, 6, 7, 7]);
    // PyTorch: F.conv2d(torch.arange(50).reshape(1, 2, 5, 5), torch.ones(1, 2, 3, 3, dtype=torch.long)).sum() -> 3969
    expect(F.conv2d(torch.arange(50).reshape([1, 2, 5, 5]), torch.ones([1, 2, 3, 3], { dtype: 'int64' })).sum().item()).toBe(3969);
  });
  it('fold undoes unfold where blocks do not overlap', () => {
    const img = torch.randn(1, 3, 4, 6);
    same(F.fold(F.unfold(img, 2, 1, 0, 2), [4, 6], 2, 1, 0, 2), img);
  });
});

describe("wrong calls are refused with PyTorch's error", () => {
  const x4 = torch.zeros(1, 4, 5, 5);
  const w4 = torch.zeros(6, 4, 3, 3);
  const invalidConv2d = (got: string) => `conv2d() received an invalid combination of arguments - got (${got}), but expected one of:\n`
    + ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1)\n'
    + ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = "valid", tuple of ints dilation = 1, int groups = 1)\n';
  const rows: [string, () => unknown, string, string][] = [
    ['nn.Conv2d(4, 6)', () => make(nn.Conv2d, 4, 6), 'TypeError', "Conv2d.__init__() missing 1 required positional argument: 'kernel_size'"],
    ['nn.Conv2d(4, 6, 3, bogus=1)', () => make(nn.Conv2d, 4, 6, 3, { bogus: 1 }), 'TypeError', "Conv2d.__init__() got an unexpected keyword argument 'bogus'"],
    ['nn.Conv2d with 13 positional', () => make(nn.Conv2d, 4, 6, 3, 1, 0, 1, 1, true, 'zeros', null, null, 5), 'TypeError',
      'Conv2d.__init__() takes from 4 to 12 positional arguments but 13 were given'],
    ['nn.ConvTranspose2d with 14 positional', () => make(nn.ConvTranspose2d, 4, 6, 3, 1, 0, 0, 1, true, 1, 'zeros', null, null, 5), 'TypeError',
      'ConvTranspose2d.__init__() takes from 4 to 13 positional arguments but 14 were given'],
    ['nn.Conv1d(4, 6, 3)(x, y)', () => call(new nn.Conv1d(4, 6, 3), torch.zeros(1, 4, 5), torch.zeros(1)), 'TypeError',
      'Conv1d.forward() takes 2 positional arguments but 3 were given'],
    ['nn.ConvTranspose1d(4, 6, 3)(x, [7], 1)', () => call(new nn.ConvTranspose1d(4, 6, 3), torch.zeros(1, 4, 5), [7], 1), 'TypeError',
      'ConvTranspose1d.forward() takes from 2 to 3 positional arguments but 4 were given'],
    ['nn.Unfold()', () => make(nn.Unfold), 'TypeError', "Unfold.__init__() missing 1 required positional argument: 'kernel_size'"],
    ['nn.Fold(3)', () => make(nn.Fold, 3), 'TypeError', "Fold.__init__() missing 1 required positional argument: 'kernel_size'"],
    ['F.unfold(x)', () => call(F.unfold, x4), 'TypeError', "unfold() missing 1 required positional argument: 'kernel_size'"],
    ['F.fold(x, 3)', () => call(F.fold, x4, 3), 'TypeError', "fold() missing 1 required positional argument: 'kernel_size'"],
    ['F.unfold(x, 2, bogus=1)', () => call(F.unfold, x4, 2, { bogus: 1 }), 'TypeError', "unfold() got an unexpected keyword argument 'bogus'"],
    ['F.conv2d(x)', () => call(F.conv2d, x4), 'TypeError', invalidConv2d('Tensor')],
    ['F.conv2d(x, w, bogus=1)', () => call(F.conv2d, x4, w4, { bogus: 1 }), 'TypeError', invalidConv2d('Tensor, Tensor, bogus=int')],
    ["F.conv2d(x, w, padding='foo')", () => call(F.conv2d, x4, w4, { padding: 'foo' }), 'RuntimeError', "Invalid padding string: 'foo'"],
    ['F.conv2d(x, 2-d weight)', () => F.conv2d(x4, torch.zeros(6, 4)), 'RuntimeError', 'weight should have at least three dimensions'],
    ['F.conv2d(x, 3-d weight)', () => F.conv2d(x4, torch.zeros(6, 4, 3)), 'RuntimeError',
      'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]'],
    ['F.conv2d(x, w, 2-d bias)', () => F.conv2d(x4, w4, torch.zeros(6, 1)), 'RuntimeError',
      'Given weight of size [6, 4, 3, 3], expected bias to be 1-dimensional with 6 elements, but got bias of size [6, 1] instead'],
    ['F.conv2d(x, w, groups=0)', () => F.conv2d(x4, w4, { groups: 0 }), 'RuntimeError', 'non-positive groups is not supported'],
    ['F.conv2d(x, w, padding=(1, 2, 3))', () => F.conv2d(x4, w4, { padding: [1, 2, 3] }), 'RuntimeError',
      'expected padding to be a single integer value or a list of 2 values to match the convolution dimensions, but got padding=[1, 2, 3]'],
    ["F.conv1d(x, w, padding='same', stride=2)", () => F.conv1d(torch.zeros(1, 4, 5), torch.zeros(6, 4, 3), { padding: 'same', stride: 2 }), 'RuntimeError',
      "padding='same' is not supported for strided convolutions"],
    ['F.conv_transpose2d(x, w, bias of 3)', () => F.conv_transpose2d(x4, torch.zeros(4, 2, 3, 3), torch.zeros(3)), 'RuntimeError',
      'Given transposed=1, weight of size [4, 2, 3, 3], expected bias to be 1-dimensional with 2 elements, but got bias of size [3] instead'],
    ['F.conv_transpose2d(x, w, output_padding=-1)', () => F.conv_transpose2d(x4, torch.zeros(4, 2, 3, 3), { output_padding: -1 }), 'RuntimeError',
      'negative output_padding is not supported'],
    ['F.conv2d(x, w of 5 filters, groups=2)', () => F.conv2d(x4, torch.zeros(5, 2, 3, 3), { groups: 2 }), 'RuntimeError',
      'Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[5, 2, 3, 3]] instead'],
  ];
  for (const [label, thunk, type, message] of rows) it(label, () => expectRaises(thunk, type, message));

  it("refuses an unknown padding string or padding_mode in the constructor (PyTorch prints a set, whose order varies)", () => {
    expect(() => new nn.Conv2d(4, 6, 3, { padding: 'full' as 'same' })).toThrow("Invalid padding string 'full', should be one of {'valid', 'same'}");
    expect(() => new nn.Conv2d(4, 6, 3, { padding_mode: 'mirror' as 'zeros' })).toThrow(
      "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='mirror'",
    );
  });
});
