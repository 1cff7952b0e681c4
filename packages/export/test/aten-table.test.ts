// The ATen table's contract beyond the fixtures: schema defaults for omitted arguments, the
// overloads' meanings, and ExportError (naming the op and the argument) for a value of the wrong
// kind or one wick cannot honour, raised before anything changes.
import { expectWickError } from '@wick/testing';
import { type Tensor, arange, ones, randn, tensor, zeros } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { ATEN_OPS } from '../src/aten/index.js';
import type { AtenArgs, AtenValue } from '../src/aten/types.js';
import { ExportError } from '../src/errors.js';

function call(name: string, args: AtenArgs): AtenValue {
  const op = ATEN_OPS.get(name);
  if (op === undefined) throw new Error(`no ${name}`);
  return op(args);
}
const t = (v: AtenValue): Tensor => v as Tensor;
const list = (v: AtenValue): Tensor[] => v as Tensor[];

describe('ATEN_OPS: schema defaults and overload meanings', () => {
  const x = arange(24, { dtype: 'float32' }).reshape([2, 3, 4]);

  // The graph's end=sys.maxsize ("to the end") reaches the table as the float64 number 2 ** 63.
  it('slice.Tensor: dim 0, the whole range and step 1 when omitted', () => {
    expect(t(call('aten.slice.Tensor', { self: x })).tolist()).toEqual(x.tolist());
    expect(t(call('aten.slice.Tensor', { self: x, dim: 2, start: 1, end: 2 ** 63, step: 2 })).shape).toEqual([2, 3, 2]);
  });

  it('sum.dim_IntList and mean.dim: None or an empty dim list reduce every dim', () => {
    for (const dim of [null, []]) {
      expect(t(call('aten.sum.dim_IntList', { self: x, dim })).item()).toBe(276);
      expect(t(call('aten.mean.dim', { self: x, dim, keepdim: true })).shape).toEqual([1, 1, 1]);
    }
    expect(t(call('aten.sum.dim_IntList', { self: x, dim: [1] })).shape).toEqual([2, 4]);
  });

  it('add.Tensor takes the Python number a graph keeps as other; alpha defaults to 1', () => {
    const n = tensor(3);
    expect(t(call('aten.add.Tensor', { self: n, other: 1 })).item()).toBe(4);
    expect(t(call('aten.add.Tensor', { self: n, other: n, alpha: 2 })).item()).toBe(9);
  });

  it('sub.Tensor with a number as self (rsub decomposed): self - alpha * other', () => {
    expect(t(call('aten.sub.Tensor', { self: 1, other: tensor([0.25, 2]), alpha: 2 })).tolist()).toEqual([0.5, -3]);
  });

  it('elu.default with scale and input_scale (selu and celu decomposed)', () => {
    const v = tensor([-1, 2], { dtype: 'float64' });
    expect(t(call('aten.elu.default', { self: v, alpha: 2, scale: 3, input_scale: 0.5 })).tolist()).toEqual([6 * Math.expm1(-0.5), 6]);
  });

  it('repeat.default tiles, with leading dims for extra repeats', () => {
    const v = tensor([[1, 2]]);
    expect(t(call('aten.repeat.default', { self: v, repeats: [2, 1, 2] })).tolist()).toEqual([[[1, 2, 1, 2]], [[1, 2, 1, 2]]]);
  });

  it('add_.Tensor changes self and returns it', () => {
    const n = tensor(3);
    expect(call('aten.add_.Tensor', { self: n, other: 1 })).toBe(n);
    expect(n.item()).toBe(4);
  });

  it('native_layer_norm and native_group_norm return their mean and rstd in ATen shapes', () => {
    const [out, mean, rstd] = list(call('aten.native_layer_norm.default', { input: x, normalized_shape: [4], weight: null, bias: null, eps: 1e-5 }));
    expect([out!.shape, mean!.shape, rstd!.shape]).toEqual([[2, 3, 4], [2, 3, 1], [2, 3, 1]]);
    const g = list(call('aten.native_group_norm.default', { input: x, weight: null, bias: null, N: 2, C: 3, HxW: 4, group: 3, eps: 1e-5 }));
    expect(g.map((v) => v.shape)).toEqual([[2, 3, 4], [2, 3], [2, 3]]);
  });

  it('_native_batch_norm_legit_functional in evaluation: empty statistics, the running ones unchanged', () => {
    const input = randn([4, 3]);
    const [mean, vari] = [zeros([3]), ones([3])];
    const out = list(call('aten._native_batch_norm_legit_functional.default', {
      input, weight: null, bias: null, running_mean: mean, running_var: vari, training: false, momentum: 0.1, eps: 1e-5,
    }));
    expect(out.map((v) => v.shape)).toEqual([[4, 3], [0], [0], [3], [3]]);
    expect([out[3], out[4]]).toEqual([mean, vari]);
  });

  it('native_dropout with train=False: a copy of the input and an all-true mask', () => {
    const [out, mask] = list(call('aten.native_dropout.default', { input: x, p: 0.5, train: false }));
    expect(out!.tolist()).toEqual(x.tolist());
    expect(out).not.toBe(x);
    expect([mask!.dtype, mask!.all().item()]).toEqual(['bool', true]);
  });

  it('avg_pool2d and max_pool2d: stride=[] means the kernel size', () => {
    const img = randn([1, 1, 4, 4]);
    expect(t(call('aten.avg_pool2d.default', { self: img, kernel_size: [2, 2], stride: [] })).shape).toEqual([1, 1, 2, 2]);
    expect(list(call('aten.max_pool2d_with_indices.default', { self: img, kernel_size: [2, 2] })).map((v) => v.dtype)).toEqual(['float32', 'int64']);
  });

  it('scalar_tensor takes the default dtype; arange int64 for integer bounds', () => {
    expect(t(call('aten.scalar_tensor.default', { s: 0 })).dtype).toBe('float32');
    expect(t(call('aten.arange.start_step', { start: 1, end: 8, step: 2 })).dtype).toBe('int64');
    expect(t(call('aten.arange.default', { end: 4, dtype: 'float64' })).dtype).toBe('float64');
  });

  it('gru.input returns (output, h_n), lstm.input (output, h_n, c_n)', () => {
    const params = [randn([12, 2]), randn([12, 4]), randn([12]), randn([12])];
    const settings = { params, has_biases: true, num_layers: 1, dropout: 0, train: false, bidirectional: false, batch_first: true };
    expect(list(call('aten.gru.input', { input: randn([1, 3, 2]), hx: zeros([1, 1, 4]), ...settings })).map((v) => v.shape))
      .toEqual([[1, 3, 4], [1, 1, 4]]);
    const lstmParams = [randn([16, 2]), randn([16, 4]), randn([16]), randn([16])];
    expect(list(call('aten.lstm.input', { input: randn([1, 3, 2]), hx: [zeros([1, 1, 4]), zeros([1, 1, 4])], ...settings, params: lstmParams }))
      .map((v) => v.shape)).toEqual([[1, 3, 4], [1, 1, 4], [1, 1, 4]]);
  });
});

describe('ATEN_OPS: refusals', () => {
  const x = randn([2, 3]);
  const refused = (name: string, args: AtenArgs, message: string) =>
    expectWickError(() => call(name, args), `${name}: ${message}`, 'RuntimeError', ExportError);

  it('an argument of the wrong kind, or a required one missing', () => {
    refused('aten.relu.default', { self: 3 }, "argument 'self' expected a Tensor, but got number 3");
    refused('aten.view.default', { self: x }, "argument 'size' expected a list of ints, but got nothing");
    refused('aten.cat.default', { tensors: [x, 1] }, "argument 'tensors' expected a list of Tensors, but got a list");
    refused('aten.select.int', { self: x, dim: 0, index: 0.5 }, "argument 'index' expected an int, but got number 0.5");
    refused('aten.sum.dim_IntList', { self: x, dim: [0], dtype: 'float' }, "argument 'dtype' expected a dtype, but got string float");
  });

  it('values wick cannot honour', () => {
    refused('aten._softmax.default', { self: x, dim: 1, half_to_float: true }, "argument 'half_to_float' expected False (a CUDA-only path), but got boolean true");
    refused('aten.full.default', { size: [2], fill_value: 0, layout: 'sparse_coo' },
      "argument 'layout' expected torch.strided (wick creates strided tensors only), but got string sparse_coo");
    refused('aten.zeros.default', { size: [2], pin_memory: true }, "argument 'pin_memory' expected False (wick has no pinned memory), but got boolean true");
    refused('aten.clone.default', { self: x, memory_format: 'channels_last' },
      "argument 'memory_format' expected torch.contiguous_format or torch.preserve_format (wick keeps no channels_last layout), but got string channels_last");
    refused('aten.gelu.default', { self: x, approximate: 'erf' }, "argument 'approximate' expected one of 'none', 'tanh', but got string erf");
    refused('aten.mse_loss.default', { self: x, target: x, reduction: 3 }, "argument 'reduction' expected 0 (none), 1 (mean) or 2 (sum), but got number 3");
    refused('aten.upsample_nearest2d.vec', { input: randn([1, 1, 2, 2]), output_size: null, scale_factors: null },
      "argument 'output_size' expected exactly one of output_size and scale_factors, but got None");
    refused('aten.repeat.default', { self: x, repeats: [2] }, "argument 'repeats' expected at least 2 repeats (one per dim of self), but got a list");
    refused('aten._native_batch_norm_legit.no_stats', { input: x, weight: null, bias: null, training: false, momentum: 0.1, eps: 1e-5 },
      "argument 'training' expected True (without running statistics there is nothing to evaluate with), but got boolean false");
    refused('aten.conv1d.padding', { input: randn([1, 1, 4]), weight: randn([1, 1, 2]), padding: 'full' },
      "argument 'padding' expected one of 'valid', 'same', but got string full");
    refused('aten.sub.Tensor', { self: 1, other: 2 }, "argument 'other' expected a Tensor where self is a number, but got number 2");
    refused('aten.native_group_norm.default', { input: x, weight: null, bias: null, N: 2, C: 3, HxW: 2, group: 1, eps: 1e-5 },
      "argument 'HxW' expected N * C * HxW = 6 elements (input has shape [2, 3]), but got number 2");
  });

  it('refuses before anything changes', () => {
    const n = tensor(3);
    refused('aten.add_.Tensor', { self: n, other: 1, alpha: 'two' }, "argument 'alpha' expected a Scalar (number or bool), but got string two");
    expect(n.item()).toBe(3);
  });
});
