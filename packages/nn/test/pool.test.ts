// The pooling and resizing layers' call forms: each module built positionally and by name (the same
// module, printed as PyTorch prints it), each nn.functional form positional, by name and mixed,
// results that are [output, indices] pairs, and wrong calls refused with PyTorch 2.13's messages
// (recorded by running each call in PyTorch). Their values against PyTorch's are in
// fixtures/nn/pool.msgpack (fixtures.test.ts, gradients.test.ts).
import { install } from '@wick/autograd';
import * as torch from '@wick/tensor';
import { type Tensor } from '@wick/tensor';
import { callUntyped as call, constructUntyped as make, expectRaises, useHostDevice } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

const F = nn.functional;
const values = (v: unknown): unknown => (Array.isArray(v) ? v.map(values) : (v as Tensor).tolist());

beforeAll(() => install());

torch.manual_seed(0);
const x = torch.randn(2, 3, 7, 6);
const x1 = torch.randn(2, 3, 9);

describe('each module built positionally and by name is the same module', () => {
  // [PyTorch's repr of both, built by name, built positionally, its input]
  const cases: [string, () => nn.Module, () => nn.Module, Tensor][] = [
    ['MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True)',
      () => new nn.MaxPool2d({ kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, return_indices: true }),
      () => new nn.MaxPool2d(3, 2, 1, 1, true, true), x],
    ['MaxPool1d(kernel_size=(3,), stride=2, padding=0, dilation=2, ceil_mode=False)',
      () => new nn.MaxPool1d([3], { stride: 2, dilation: 2 }), () => new nn.MaxPool1d([3], 2, 0, 2), x1],
    ['AvgPool2d(kernel_size=(3, 2), stride=(2, 1), padding=1)',
      () => new nn.AvgPool2d({ kernel_size: [3, 2], stride: [2, 1], padding: 1, count_include_pad: false, divisor_override: null }),
      () => new nn.AvgPool2d([3, 2], [2, 1], 1, false, false), x],
    ['AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))',
      () => new nn.AvgPool1d(3, { stride: 2, padding: 1, ceil_mode: true }), () => new nn.AvgPool1d(3, 2, 1, true), x1],
    ['AdaptiveAvgPool2d(output_size=(3, None))', () => new nn.AdaptiveAvgPool2d({ output_size: [3, null] }),
      () => new nn.AdaptiveAvgPool2d([3, null]), x],
    ['AdaptiveAvgPool1d(output_size=4)', () => new nn.AdaptiveAvgPool1d({ output_size: 4 }), () => new nn.AdaptiveAvgPool1d(4), x1],
    ['AdaptiveMaxPool2d(output_size=(2, 4))', () => new nn.AdaptiveMaxPool2d([2, 4], { return_indices: true }),
      () => new nn.AdaptiveMaxPool2d([2, 4], true), x],
    ["Upsample(scale_factor=1.5, mode='bilinear')",
      () => new nn.Upsample({ scale_factor: 1.5, mode: 'bilinear', align_corners: true }), () => new nn.Upsample(null, 1.5, 'bilinear', true), x],
    ["Upsample(size=(4, 9), mode='nearest')", () => new nn.Upsample({ size: [4, 9] }), () => new nn.Upsample([4, 9]), x],
    ['PixelShuffle(upscale_factor=2)', () => new nn.PixelShuffle({ upscale_factor: 2 }), () => new nn.PixelShuffle(2), torch.randn(1, 8, 2, 3)],
    ['PixelUnshuffle(downscale_factor=2)', () => new nn.PixelUnshuffle({ downscale_factor: 2 }), () => new nn.PixelUnshuffle(2),
      torch.randn(1, 2, 4, 6)],
  ];
  for (const [repr, byName, positional, input] of cases) {
    it(repr, () => {
      const a = byName();
      const b = positional();
      expect(String(a)).toBe(`${repr}`);
      expect(String(b)).toBe(`${repr}`);
      expect(values(a.forward(input))).toEqual(values(b.forward({ input })));
    });
  }
});

describe('each nn.functional form called positionally, by name and mixed gives the same result', () => {
  const same = (...results: unknown[]) => {
    for (const r of results.slice(1)) expect(values(r)).toEqual(values(results[0]!));
  };
  it('max pooling, with and without indices', () => {
    same(F.max_pool2d(x, 3, 2, 1, 1, true, true), F.max_pool2d(x, 3, { stride: 2, padding: 1, ceil_mode: true, return_indices: true }),
      F.max_pool2d({ input: x, kernel_size: [3, 3], stride: [2, 2], padding: [1, 1], dilation: 1, ceil_mode: true, return_indices: true }));
    same(F.max_pool1d(x1, 3), F.max_pool1d(x1, [3], null), F.max_pool1d({ input: x1, kernel_size: 3, stride: 3 }));
    same(F.adaptive_max_pool2d(x, 3, true), F.adaptive_max_pool2d(x, { output_size: [3, 3], return_indices: true }));
  });
  it('average pooling', () => {
    same(F.avg_pool2d(x, 3, 2, 1, true, false), F.avg_pool2d(x, 3, 2, { padding: 1, ceil_mode: true, count_include_pad: false }));
    same(F.avg_pool1d(x1, 3, 2, 1), F.avg_pool1d({ input: x1, kernel_size: [3], stride: [2], padding: [1] }));
    same(F.adaptive_avg_pool2d(x, [3, null]), F.adaptive_avg_pool2d(x, { output_size: [3, 6] }), F.adaptive_avg_pool2d({ input: x, output_size: [3, 6] }));
    same(F.adaptive_avg_pool1d(x1, 4), F.adaptive_avg_pool1d(x1, { output_size: [4] }));
  });
  it('interpolate and pixel shuffles', () => {
    same(F.interpolate(x, null, 1.5, 'bilinear', true), F.interpolate(x, { scale_factor: [1.5, 1.5], mode: 'bilinear', align_corners: true }),
      F.interpolate({ input: x, scale_factor: 1.5, mode: 'bilinear', align_corners: true, antialias: false }));
    same(F.interpolate(x, [4, 9]), F.interpolate(x, { size: [4, 9], mode: 'nearest' }));
    const y = torch.randn(1, 8, 2, 3);
    same(F.pixel_shuffle(y, 2), F.pixel_shuffle(y, { upscale_factor: 2 }), F.pixel_shuffle({ input: y, upscale_factor: 2 }));
    same(F.pixel_unshuffle(F.pixel_shuffle(y, 2), 2), y);
  });
  it('return_indices gives [output, indices], the indices int64 and flat in each input plane', () => {
    const [out, indices] = F.max_pool2d(x, 2, { return_indices: true }) as [Tensor, Tensor];
    expect(out.shape).toEqual([2, 3, 3, 3]);
    expect(indices.dtype).toBe('int64');
    const flat = x.reshape([2, 3, 42]);
    expect(values(flat.gather(2, indices.reshape([2, 3, 9])).reshape([2, 3, 3, 3]))).toEqual(values(out));
  });
});

describe("wrong calls are refused with PyTorch's error", () => {
  const x4 = torch.zeros(2, 3, 4, 4);
  const rows: [string, () => unknown, string, string][] = [
    ['nn.MaxPool2d()', () => make(nn.MaxPool2d), 'TypeError', "_MaxPoolNd.__init__() missing 1 required positional argument: 'kernel_size'"],
    ['nn.MaxPool2d(2, 2, 0, 1, False, False, 3)', () => make(nn.MaxPool2d, 2, 2, 0, 1, false, false, 3), 'TypeError',
      '_MaxPoolNd.__init__() takes from 2 to 7 positional arguments but 8 were given'],
    ['nn.MaxPool2d(2, bogus=1)', () => make(nn.MaxPool2d, 2, { bogus: 1 }), 'TypeError', "_MaxPoolNd.__init__() got an unexpected keyword argument 'bogus'"],
    ['nn.AvgPool2d(2, 2, 0, False, True, None, 3)', () => make(nn.AvgPool2d, 2, 2, 0, false, true, null, 3), 'TypeError',
      'AvgPool2d.__init__() takes from 2 to 7 positional arguments but 8 were given'],
    ['nn.AvgPool1d()', () => make(nn.AvgPool1d), 'TypeError', "AvgPool1d.__init__() missing 1 required positional argument: 'kernel_size'"],
    ['nn.AdaptiveAvgPool2d(2, 3)', () => make(nn.AdaptiveAvgPool2d, 2, 3), 'TypeError',
      '_AdaptiveAvgPoolNd.__init__() takes 2 positional arguments but 3 were given'],
    ['nn.AdaptiveMaxPool2d(output=2)', () => make(nn.AdaptiveMaxPool2d, { output: 2 }), 'TypeError',
      "_AdaptiveMaxPoolNd.__init__() got an unexpected keyword argument 'output'"],
    ["nn.Upsample(2, 2.0, 'nearest', None, None, 1)", () => make(nn.Upsample, 2, 2, 'nearest', null, null, 1), 'TypeError',
      'Upsample.__init__() takes from 1 to 6 positional arguments but 7 were given'],
    ['nn.PixelShuffle()', () => make(nn.PixelShuffle), 'TypeError', "PixelShuffle.__init__() missing 1 required positional argument: 'upscale_factor'"],
    ['nn.PixelUnshuffle(2, 3)', () => make(nn.PixelUnshuffle, 2, 3), 'TypeError', 'PixelUnshuffle.__init__() takes 2 positional arguments but 3 were given'],
    ['nn.MaxPool2d(2)(x, x)', () => call(new nn.MaxPool2d(2), x4, x4), 'TypeError', 'MaxPool2d.forward() takes 2 positional arguments but 3 were given'],
    ['F.max_pool2d(x)', () => call(F.max_pool2d, x4), 'TypeError', "_max_pool2d() missing 1 required positional argument: 'kernel_size'"],
    ['F.max_pool2d(x, 2, bogus=1)', () => call(F.max_pool2d, x4, 2, { bogus: 1 }), 'TypeError', "_max_pool2d() got an unexpected keyword argument 'bogus'"],
    ['F.avg_pool2d(x, 2, 2, 0, False, True, None, 1)', () => call(F.avg_pool2d, x4, 2, 2, 0, false, true, null, 1), 'TypeError',
      'avg_pool2d() takes from 2 to 7 positional arguments but 8 were given'],
    ["F.interpolate(x, 2, 2.0, 'nearest', None, None, False, 1)", () => call(F.interpolate, x4, 2, 2, 'nearest', null, null, false, 1), 'TypeError',
      'interpolate() takes from 1 to 7 positional arguments but 8 were given'],
    ['F.interpolate(x, sizes=2)', () => call(F.interpolate, x4, { sizes: 2 }), 'TypeError', "interpolate() got an unexpected keyword argument 'sizes'"],
    ['F.adaptive_avg_pool2d(x, 2, 3)', () => call(F.adaptive_avg_pool2d, x4, 2, 3), 'TypeError', 'adaptive_avg_pool2d() takes 2 positional arguments but 3 were given'],
    // PyTorch raises NotImplementedError (a RuntimeError) for these.
    ["F.interpolate(x, size=3, mode='bilinear') on 3-d input", () => F.interpolate(x1, { size: 3, mode: 'bilinear' }), 'NotImplementedError',
      'Got 3D input, but bilinear mode needs 4D input'],
    ["F.interpolate(x, size=3, mode='foo')", () => F.interpolate(x4, { size: 3, mode: 'foo' }), 'NotImplementedError',
      'Input Error: Only 3D, 4D and 5D input Tensors supported (got 4D) for the modes: nearest | linear | bilinear | bicubic | trilinear | '
        + 'lanczos | area | nearest-exact (got foo)'],
    ['F.interpolate(2-d input)', () => F.interpolate(torch.zeros(3, 4), { size: 3 }), 'NotImplementedError',
      'Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest | linear | bilinear | bicubic | trilinear | '
        + 'lanczos | area | nearest-exact (got nearest)'],
    ['F.interpolate(x, size=3, antialias=True)', () => F.interpolate(x4, { size: 3, antialias: true }), 'ValueError',
      'Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input'],
  ];
  for (const [label, thunk, type, message] of rows) it(label, () => expectRaises(thunk, type, message));
  it("modes PyTorch has and wick does not yet are refused by name, not run as another mode", () => {
    expect(() => F.interpolate(x4, { scale_factor: 2, mode: 'bicubic' })).toThrow("interpolate: wick does not support mode 'bicubic' on 4D input");
    expect(() => F.interpolate(x4, { size: 3, mode: 'bilinear', antialias: true })).toThrow('wick does not support antialias=True');
  });
});

describe('integer inputs', () => {
  // PyTorch: x = torch.tensor([[[[-3, 2, 5], [4, -7, 1], [0, 2, 9]]]]); F.avg_pool2d(x, 2, 1), ...
  const xi = torch.tensor([[[[-3, 2, 5], [4, -7, 1], [0, 2, 9]]]]);
  it('average pooling divides as C++ integers do (truncating) and keeps int64', () => {
    expect(F.avg_pool2d(xi, 2, 1).dtype).toBe('int64');
    expect(values(F.avg_pool2d(xi, 2, 1))).toEqual([[[[-1, 0], [0, 1]]]]);
    expect(values(F.avg_pool2d(xi, 2, 1, { divisor_override: 3 }))).toEqual([[[[-1, 0], [0, 1]]]]);
    expect(values(F.avg_pool2d(xi, 3, 1, 1, { count_include_pad: false }))).toEqual([[[[-1, 0, 0], [0, 1, 2], [0, 1, 1]]]]);
  });
  it('max pooling takes them; uint8 images resize by nearest; the other kernels refuse them as PyTorch does', () => {
    expect(values(F.max_pool2d(xi, 2, 1))).toEqual([[[[4, 5], [4, 9]]]]);
    const u = torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], { dtype: 'uint8' }).unsqueeze(0);
    expect(values(F.interpolate(u, { size: [3, 3] }))).toEqual([[[[1, 1, 2], [1, 1, 2], [3, 3, 4]], [[5, 5, 6], [5, 5, 6], [7, 7, 8]]]]);
    const i32 = torch.zeros([2, 3, 4, 4], { dtype: 'int32' });
    expect(() => F.interpolate(i32, { scale_factor: 2, mode: 'bilinear' })).toThrow(`"upsample_bilinear2d_channels_last" not implemented for 'Int'`);
    expect(() => F.adaptive_avg_pool2d(xi, 2)).toThrow(`"adaptive_avg_pool2d" not implemented for 'Long'`);
    expect(() => F.adaptive_max_pool2d(xi, 2)).toThrow(`"adaptive_max_pool2d" not implemented for 'Long'`);
  });
});

describe('empty batches (and, for adaptive average pooling, empty channels) give empty results of the right shape', () => {
  // PyTorch 2.13 gives these shapes.
  const rows: [string, () => unknown, number[]][] = [
    ['max_pool2d', () => F.max_pool2d(torch.zeros([0, 3, 4, 4]), 2, { return_indices: true }), [0, 3, 2, 2]],
    ['max_pool1d', () => F.max_pool1d(torch.zeros([0, 3, 4]), 2), [0, 3, 2]],
    ['avg_pool2d', () => F.avg_pool2d(torch.zeros([0, 3, 4, 4]), 2), [0, 3, 2, 2]],
    ['adaptive_max_pool2d', () => F.adaptive_max_pool2d(torch.zeros([0, 3, 4, 4]), 2), [0, 3, 2, 2]],
    ['adaptive_avg_pool2d', () => F.adaptive_avg_pool2d(torch.zeros([2, 0, 4, 4]), 2), [2, 0, 2, 2]],
    ['adaptive_avg_pool2d to 0x0', () => F.adaptive_avg_pool2d(torch.zeros([2, 3, 4, 4]), 0), [2, 3, 0, 0]],
    ['interpolate', () => F.interpolate(torch.zeros([0, 3, 4, 4]), { scale_factor: 2 }), [0, 3, 8, 8]],
    ['pixel_shuffle', () => F.pixel_shuffle(torch.zeros([0, 4, 2, 2]), 2), [0, 1, 4, 4]],
  ];
  for (const [label, thunk, shape] of rows) {
    it(label, () => {
      const r = thunk();
      for (const t of Array.isArray(r) ? r : [r]) expect((t as Tensor).shape).toEqual(shape);
    });
  }
});

describe('max pooling on ties', () => {
  it('max pooling sends the gradient to the first maximum of each window, as PyTorch does on ties', () => {
    // PyTorch: x = torch.tensor([[[1., 3, 3, 2, 3]]], requires_grad=True); F.max_pool1d(x, 2, 1).sum().backward(); x.grad
    const t = torch.tensor([[[1, 3, 3, 2, 3]]], { dtype: 'float32', requires_grad: true });
    (F.max_pool1d(t, 2, 1) as Tensor).sum().backward();
    expect(t.grad!.tolist()).toEqual([[[0, 2, 1, 0, 1]]]);
  });
});

describe('on a device that refuses synchronous reads, every layer gives the CPU its numbers and gradients', () => {
  beforeAll(() => useHostDevice());
  const layers: [string, (t: Tensor) => unknown][] = [
    ['max_pool2d with indices', (t) => F.max_pool2d(t, 3, 2, 1, 2, true, true)],
    ['max_pool1d', (t) => F.max_pool1d(t.flatten(2), 4, 3, 2)],
    ['avg_pool2d', (t) => F.avg_pool2d(t, 3, 2, 1, true, false)],
    ['adaptive_avg_pool2d', (t) => F.adaptive_avg_pool2d(t, [4, 3])],
    ['adaptive_max_pool2d', (t) => F.adaptive_max_pool2d(t, [4, 3], true)],
    ['interpolate bilinear', (t) => F.interpolate(t, { scale_factor: 1.5, mode: 'bilinear' })],
    ['interpolate nearest', (t) => F.interpolate(t, { size: [9, 4] })],
    ['pixel_shuffle', (t) => F.pixel_shuffle(t.reshape([2, 9, 7, 2]).narrow(1, 0, 8), 2)],
  ];
  const floats = (v: unknown): Tensor[] => (Array.isArray(v) ? v.flatMap(floats) : (v as Tensor).is_floating_point() ? [v as Tensor] : []);
  const flat = (v: unknown): Tensor[] => (Array.isArray(v) ? v.flatMap(flat) : [v as Tensor]);
  for (const [label, layer] of layers) {
    it(label, async () => {
      const run = async (device: 'cpu' | 'webgpu') => {
        const t = x.to(device).clone().requires_grad_();
        const out = layer(t);
        floats(out).reduce((acc: Tensor | null, o) => (acc === null ? o.sum() : acc.add(o.sum())), null)!.backward();
        const results = [...flat(out), t.grad!];
        for (const r of results) expect(r.device).toBe(device);
        return Promise.all(results.map(async (r) => Array.from((await r.read()) as ArrayLike<unknown>)));
      };
      expect(await run('webgpu')).toEqual(await run('cpu'));
    });
  }
});
