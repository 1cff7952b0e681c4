// Random numbers on a device are the CPU generator's: each draw is made on the CPU and uploaded,
// and what depends on a device tensor's values (bernoulli's p, multinomial's probabilities) is
// computed there without reading it. Checked against the same program on the CPU (whose numbers
// are PyTorch's, test/random.test.ts), with the host-backed stand-in device, which refuses reads.
import { useHostDevice } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

useHostDevice();

type Device = 'cpu' | 'webgpu';

async function read(t: Tensor): Promise<{ device: string; dtype: string; shape: number[]; values: unknown[] }> {
  return { device: t.device, dtype: t.dtype, shape: [...t.shape], values: Array.from(await t.read() as ArrayLike<unknown>) };
}

/** The program's tensors on each device: the same numbers, and each result on the device it ran on. */
async function expectSameDraws(program: (device: Device) => Tensor[]): Promise<void> {
  const outputs: Record<Device, Awaited<ReturnType<typeof read>>[]> = { cpu: [], webgpu: [] };
  for (const device of ['cpu', 'webgpu'] as const) {
    torch.manual_seed(2024);
    const results = program(device);
    // The generator moves on exactly as much on both: the next draw agrees too.
    results.push(torch.rand([3]));
    outputs[device] = await Promise.all(results.map(read));
  }
  expect(outputs.webgpu.slice(0, -1).map((r) => r.device)).toEqual(outputs.webgpu.slice(0, -1).map(() => 'webgpu'));
  const strip = (rs: Awaited<ReturnType<typeof read>>[]) => rs.map(({ device: _d, ...rest }) => rest);
  expect(strip(outputs.webgpu)).toEqual(strip(outputs.cpu));
}

describe('random numbers on a device are the CPU generator\'s', () => {
  it('factories: rand, randn (both normal paths), randint, randperm, normal', () => expectSameDraws((device) => [
    torch.rand([2, 3], { device }),
    torch.rand([5], { device, dtype: 'float64' }),
    torch.randn([7], { device }),
    torch.randn([4, 8], { device }),
    torch.randn([20], { device, dtype: 'float64' }),
    torch.randint(-3, 9, [6], { device }),
    torch.randperm(10, { device }),
    torch.normal(2, 0.5, [17], { device }),
  ]));

  it('a generator object', () => expectSameDraws((device) => {
    const g = new torch.Generator().manual_seed(9);
    return [torch.randn([18], { device, generator: g }), torch.rand([3], { device, generator: g })];
  }));

  it('in-place fills, also on a transposed tensor (drawn in memory order)', () => expectSameDraws((device) => {
    const t = torch.empty([4, 6], { device }).t();
    return [
      torch.empty([20], { device }).normal_(1, 2),
      t.normal_(),
      torch.empty([5, 3], { device }).t().uniform_(-1, 1),
      torch.empty([6], { device, dtype: 'int64' }).random_(0, 100),
      torch.empty([6], { device }).exponential_(),
      torch.empty([6], { device }).geometric_(0.3),
      torch.empty([6], { device }).cauchy_(),
      torch.empty([6], { device }).log_normal_(),
      torch.empty([6], { device, dtype: 'float16' }).uniform_(),
    ];
  }));

  it('normal with tensor mean and std', () => expectSameDraws((device) => {
    const mean = torch.arange(6, { device, dtype: 'float32' });
    const std = torch.full([6], 0.5, { device });
    return [torch.normal(mean, std), torch.normal(mean, 2), torch.normal(1, std)];
  }));

  it('*_like factories', () => expectSameDraws((device) => {
    const x = torch.empty([3, 4], { device }).t();
    return [torch.rand_like(x), torch.randn_like(x), torch.randint_like(x, 5)];
  }));

  it('bernoulli: a number p, and a device tensor p of each precision (compared on the device)', () => expectSameDraws((device) => {
    const p32 = torch.linspace(0, 1, 12, { device });
    const p64 = torch.linspace(0, 1, 12, { device, dtype: 'float64' });
    const p16 = torch.linspace(0, 1, 12, { device, dtype: 'float16' });
    return [
      torch.bernoulli(torch.empty([10], { device }), 0.3),
      torch.bernoulli(p32),
      torch.bernoulli(p64),
      torch.bernoulli(p16),
      torch.empty([3, 4], { device }).t().bernoulli_(p32.view([4, 3])),
      torch.empty([12], { device, dtype: 'int64' }).bernoulli_(0.5),
    ];
  }));

  it('dropout_mask', () => expectSameDraws((device) => {
    const x = torch.ones([4, 5], { device });
    return [torch.dropout_mask(x, 0.25), torch.dropout_mask(x.t(), 0.5), torch.dropout_mask(x, 0), torch.dropout_mask(x, 1)];
  }));

  it('multinomial: without replacement, one sample, and with replacement; 1-D and 2-D; float32 and float64', () => expectSameDraws((device) => {
    const w = torch.tensor([[0.1, 2, 0.5, 0, 3], [1, 1, 1, 1, 1]], { device });
    const w64 = w.double();
    const v = torch.tensor([0.25, 0.5, 0.125, 0.125], { device });
    return [
      torch.multinomial(w, 1),
      torch.multinomial(w, 3),
      torch.multinomial(w64, 4),
      torch.multinomial(w, 6, true),
      torch.multinomial(w64, 5, true),
      torch.multinomial(v, 10, true),
      torch.multinomial(v, 1),
      torch.multinomial(torch.ones([2, 1], { device }), 3, true),
    ];
  }));
});

describe('random ops that must read a device tensor are refused, not read', () => {
  it('poisson reads its rates to choose how many draws each value takes', () => {
    expect(() => torch.poisson(torch.ones([3], { device: 'webgpu' }))).toThrow(torch.DeviceError);
  });
});
