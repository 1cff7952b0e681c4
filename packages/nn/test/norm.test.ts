// The normalisation layers' call forms and buffers: each module built positionally and by name
// (the same module, printed as PyTorch prints it), each nn.functional form positional, by name and
// mixed, wrong calls refused with PyTorch 2.13's messages (recorded by running each call in
// PyTorch), and the running statistics' bookkeeping (state_dict keys, int64 count, resets, no
// autograd history). Their values against PyTorch's are in fixtures/nn/norm.msgpack
// (fixtures.test.ts, gradients.test.ts).
import { install, no_grad } from '@wick/autograd';
import * as torch from '@wick/tensor';
import { type Tensor, WickError } from '@wick/tensor';
import { type AnyFn, callUntyped as call, constructUntyped as make } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

const F = nn.functional;
const values = (t: Tensor): unknown => t.tolist();

beforeAll(() => install());

torch.manual_seed(0);
const x = torch.randn(5, 3, 4).mul(2).add(0.5);

describe('each module built positionally and by name is the same module', () => {
  // [PyTorch's repr of both, built by name, built positionally]
  const cases: [string, () => nn.Module, () => nn.Module][] = [
    ['BatchNorm1d(3, eps=0.001, momentum=None, affine=False, bias=False, track_running_stats=True)',
      () => new nn.BatchNorm1d({ num_features: 3, eps: 1e-3, momentum: null, affine: false }), () => new nn.BatchNorm1d(3, 1e-3, null, false)],
    ['BatchNorm2d(3, eps=1e-05, momentum=0.2, affine=True, bias=False, track_running_stats=False)',
      () => new nn.BatchNorm2d(3, { momentum: 0.2, track_running_stats: false, bias: false }),
      () => new nn.BatchNorm2d(3, 1e-5, 0.2, true, false, null, null, { bias: false })],
    ['InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)',
      () => new nn.InstanceNorm1d({ num_features: 3, affine: true, track_running_stats: true }), () => new nn.InstanceNorm1d(3, 1e-5, 0.1, true, true)],
    ['InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False)',
      () => new nn.InstanceNorm2d({ num_features: 3 }), () => new nn.InstanceNorm2d(3)],
    ['GroupNorm(3, 3, eps=0.01, affine=True, bias=False)',
      () => new nn.GroupNorm({ num_groups: 3, num_channels: 3, eps: 0.01, bias: false }), () => new nn.GroupNorm(3, 3, 0.01, { bias: false })],
    ['RMSNorm((4,), eps=None, elementwise_affine=False)',
      () => new nn.RMSNorm({ normalized_shape: 4, elementwise_affine: false }), () => new nn.RMSNorm(4, null, false)],
    ['LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=False)',
      () => new nn.LayerNorm(4, { bias: false }), () => new nn.LayerNorm(4, 1e-5, true, false)],
  ];
  for (const [repr, byName, positional] of cases) {
    it(repr, () => {
      const a = byName();
      const b = positional();
      expect(String(a)).toBe(repr);
      expect(String(b)).toBe(repr);
      const input = repr.startsWith('BatchNorm2d') || repr.startsWith('InstanceNorm2d') ? x.unsqueeze(-1) : x;
      // RMSNorm.forward's argument is named x, as PyTorch's is.
      const byNameArgs = repr.startsWith('RMSNorm') ? { x: input } : { input };
      expect(values(a.forward(input) as Tensor)).toEqual(values(b.forward(byNameArgs) as Tensor));
    });
  }
});

describe('each nn.functional form called positionally, by name and mixed gives the same result', () => {
  const same = (...results: Tensor[]) => {
    for (const r of results.slice(1)) expect(values(r)).toEqual(values(results[0]!));
  };
  const w = torch.tensor([0.5, -1, 2]);
  const b = torch.tensor([0.1, 0.2, -0.3]);
  const rm = torch.tensor([0.2, -0.1, 0.4]);
  const rv = torch.tensor([1.5, 0.7, 1.1]);
  it('batch_norm', () => {
    same(F.batch_norm(x, rm, rv, w, b, false, 0.1, 1e-3), F.batch_norm(x, rm, rv, { weight: w, bias: b, eps: 1e-3 }),
      F.batch_norm({ input: x, running_mean: rm, running_var: rv, weight: w, bias: b, eps: 1e-3 }), F.batch_norm(x, rm, rv, w, { bias: b, eps: 1e-3 }));
    same(F.batch_norm(x, null, null, null, null, true), F.batch_norm(x, null, null, { training: true }));
  });
  it('instance_norm', () => {
    same(F.instance_norm(x, null, null, w, b), F.instance_norm(x, { weight: w, bias: b }), F.instance_norm({ input: x, weight: w, bias: b }));
  });
  it('group_norm', () => {
    same(F.group_norm(x, 3, w, b, 1e-3), F.group_norm(x, 3, { weight: w, bias: b, eps: 1e-3 }),
      F.group_norm({ input: x, num_groups: 3, weight: w, bias: b, eps: 1e-3 }));
  });
  it('rms_norm', () => {
    const g = torch.tensor([1, 2, 3, 4]);
    same(F.rms_norm(x, [4], g, 1e-3), F.rms_norm(x, [4], { weight: g, eps: 1e-3 }), F.rms_norm({ input: x, normalized_shape: [4], weight: g, eps: 1e-3 }));
    same(F.rms_norm(x, [4]), F.rms_norm(x, [4], null, null), F.rms_norm(x, [4], null, 2 ** -23));
  });
});

describe('running statistics', () => {
  it("are buffers under PyTorch's state_dict keys, num_batches_tracked an int64 count", () => {
    const m = new nn.BatchNorm1d(3);
    expect([...m.state_dict().keys()]).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(m.num_batches_tracked!.dtype).toBe('int64');
    m.double();
    expect(m.running_mean!.dtype).toBe('float64');
    expect(m.num_batches_tracked!.dtype).toBe('int64');
    expect([...new nn.BatchNorm2d(3, { track_running_stats: false }).state_dict().keys()]).toEqual(['weight', 'bias']);
    expect([...new nn.InstanceNorm1d(3).state_dict().keys()]).toEqual([]);
  });

  it('move in place in training mode, without autograd history, and stay put in eval mode', () => {
    const m = new nn.BatchNorm1d(3);
    const [mean, variance, count] = [m.running_mean!, m.running_var!, m.num_batches_tracked!];
    const input = x.clone().requires_grad_();
    m.forward(input).sum().backward();
    expect(m.running_mean).toBe(mean);
    expect(m.running_var).toBe(variance);
    expect(m.num_batches_tracked).toBe(count);
    expect(count.item()).toBe(1);
    expect(mean.requires_grad || variance.requires_grad).toBe(false);
    expect(values(mean)).not.toEqual([0, 0, 0]);
    m.eval();
    const before = values(mean);
    m.forward(x);
    expect(values(mean)).toEqual(before);
    expect(count.item()).toBe(1);
  });

  it('reset_running_stats and reset_parameters restore zeros, ones and a zero count', () => {
    const m = new nn.BatchNorm1d(3);
    m.forward(x);
    no_grad(() => m.weight!.fill_(2));
    m.reset_running_stats();
    expect(values(m.running_mean!)).toEqual([0, 0, 0]);
    expect(values(m.running_var!)).toEqual([1, 1, 1]);
    expect(m.num_batches_tracked!.item()).toBe(0);
    expect(values(m.weight!)).toEqual([2, 2, 2]);
    m.forward(x);
    m.reset_parameters();
    expect(values(m.running_mean!)).toEqual([0, 0, 0]);
    expect(values(m.weight!)).toEqual([1, 1, 1]);
  });

  it("an untracked BatchNorm normalises with the batch's statistics in eval mode too", () => {
    const m = new nn.BatchNorm1d(3, { track_running_stats: false }).eval();
    expect(values(m.forward(x))).toEqual(values(F.batch_norm(x, null, null, m.weight, m.bias, true)));
  });

  it('InstanceNorm takes unbatched input as a batch of one', () => {
    const m = new nn.InstanceNorm1d(3, { affine: true });
    const one = x.select(0, 2);
    expect(values(m.forward(one))).toEqual(values(m.forward(one.unsqueeze(0)).squeeze(0)));
  });
});

describe("wrong calls are refused with PyTorch's error", () => {
  const x2 = torch.zeros(3, 4);
  const rows: [string, () => unknown, string, string][] = [
    ['F.batch_norm(x, None)', () => call(F.batch_norm, x2, null), 'TypeError', "batch_norm() missing 1 required positional argument: 'running_var'"],
    ['F.batch_norm(x, None, None, momentun=0.1)', () => call(F.batch_norm, x2, null, null, { momentun: 0.1 }), 'TypeError',
      "batch_norm() got an unexpected keyword argument 'momentun'"],
    ['F.batch_norm with 9 positional', () => call(F.batch_norm, x2, null, null, null, null, true, 0.1, 1e-5, 1), 'TypeError',
      'batch_norm() takes from 3 to 8 positional arguments but 9 were given'],
    ['F.group_norm(x)', () => call(F.group_norm, x2), 'TypeError', "group_norm() missing 1 required positional argument: 'num_groups'"],
    ['F.rms_norm(x, [4], epsilon=1)', () => call(F.rms_norm, x2, [4], { epsilon: 1 }), 'TypeError',
      "rms_norm() got an unexpected keyword argument 'epsilon'"],
    ['F.instance_norm(x, input=x)', () => call(F.instance_norm, x2, { input: x2 }), 'TypeError',
      "instance_norm() got multiple values for argument 'input'"],
    ['nn.GroupNorm(2)', () => make(nn.GroupNorm, 2), 'TypeError', "GroupNorm.__init__() missing 1 required positional argument: 'num_channels'"],
    ['nn.GroupNorm(2, 4, 1e-5, True, None, None, False)', () => make(nn.GroupNorm, 2, 4, 1e-5, true, null, null, false), 'TypeError',
      'GroupNorm.__init__() takes from 3 to 7 positional arguments but 8 were given'],
    ['nn.RMSNorm(4, bias=False)', () => make(nn.RMSNorm, 4, { bias: false }), 'TypeError',
      "RMSNorm.__init__() got an unexpected keyword argument 'bias'"],
    ['nn.InstanceNorm2d with 8 positional', () => make(nn.InstanceNorm2d, 3, 1e-5, 0.1, true, true, null, null, false), 'TypeError',
      '_InstanceNorm.__init__() takes from 2 to 8 positional arguments but 9 were given'],
    ['BatchNorm1d.forward(x, x)', () => call(new nn.BatchNorm1d(4).forward as AnyFn, x2, x2), 'TypeError',
      '_BatchNorm.forward() takes 2 positional arguments but 3 were given'],
    ['BatchNorm1d.reset_running_stats(1)', () => call(new nn.BatchNorm1d(4).reset_running_stats as AnyFn, 1), 'TypeError',
      '_NormBase.reset_running_stats() takes 1 positional argument but 2 were given'],
    ['RMSNorm.forward(input=x)', () => call(new nn.RMSNorm(4).forward as AnyFn, { input: x2 }), 'TypeError',
      "RMSNorm.forward() got an unexpected keyword argument 'input'"],
    ['F.batch_norm eval without running stats', () => F.batch_norm(x2, null, null), 'RuntimeError', 'running_mean must be defined in evaluation mode'],
    ['F.batch_norm training with eps=0', () => F.batch_norm(x2, null, null, { training: true, eps: 0 }), 'ValueError',
      'batch_norm eps must be positive during training, but got 0.0'],
    ['F.batch_norm weight of 3 for 4 channels', () => F.batch_norm(x2, torch.zeros(4), torch.ones(4), torch.ones(3)), 'RuntimeError',
      'weight should contain 4 elements not 3'],
    ['F.instance_norm use_input_stats=False without stats', () => F.instance_norm(torch.zeros(3, 4, 5), { use_input_stats: false }),
      'RuntimeError', 'Expected running_mean and running_var to be defined when use_input_stats is false'],
    ['F.instance_norm running_mean of 3 for 4 channels', () => F.instance_norm(torch.zeros(3, 4, 5), torch.zeros(3), torch.ones(3)),
      'RuntimeError', 'running_mean should contain 12 elements not 9'],
  ];
  for (const [label, fn, type, message] of rows) {
    it(label, () => {
      let thrown: unknown = null;
      try {
        fn();
      } catch (e) {
        thrown = e;
      }
      expect(WickError.isInstance(thrown) || thrown instanceof TypeError, `${label} threw ${String(thrown)}`).toBe(true);
      expect((thrown as Error).message).toBe(message);
      if (WickError.isInstance(thrown)) expect(thrown.pytorchType).toBe(type);
      else expect(type).toBe('TypeError');
    });
  }
});
