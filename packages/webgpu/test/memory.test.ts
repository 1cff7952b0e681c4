import { install, no_grad } from '@wick/autograd';
import * as nn from '@wick/nn';
import * as optim from '@wick/optim';
import * as torch from '@wick/tensor';
import { ArgumentError, DeviceError, ValueError } from '@wick/tensor';
import { beforeAll, expect, it } from 'vitest';
import { type WebGpu, webgpu } from '../src/index.js';
import { useWebGpu } from './gpu.js';

install();
let gpu: WebGpu;
beforeAll(async () => {
  gpu = await useWebGpu();
  // A forced collection once 64 KiB more than the working set is held, so that the mechanism runs
  // many times in a short loop (the default, 64 MiB, would not be reached by these small tensors);
  // webgpu({ collectEvery }) sets the same field.
  gpu.ctx.pool.collectEvery = 64 * 1024;
});

// Each tensor here is at most 256 bytes, the pool's smallest size class.
const CLASS = 256;

it('memory_allocated counts live tensors by size class; dispose gives memory back at once', async () => {
  const before = gpu.memory_allocated();
  const a = torch.ones([7]).to('webgpu');
  const b = torch.ones([65, 1]).to('webgpu');
  expect(gpu.memory_allocated() - before).toBe(CLASS + 512);
  const reserved = gpu.memory_reserved();
  gpu.dispose(a, b.t());
  expect(gpu.memory_allocated()).toBe(before);
  expect(gpu.memory_reserved()).toBe(reserved);
  // Their buffers serve the next tensors of their size classes, zeroed.
  const c = torch.zeros([3]).to('webgpu');
  const d = torch.empty([100], { device: 'webgpu' });
  expect(gpu.memory_reserved()).toBe(reserved);
  expect([...(await c.read())]).toEqual([0, 0, 0]);
  expect([...(await d.read())]).toEqual(new Array(100).fill(0));
  // Disposing again does nothing; using a disposed tensor (or a view of it) is a DeviceError.
  gpu.dispose(a);
  expect(gpu.memory_allocated()).toBe(before + CLASS + 512);
  expect(() => a.add(1)).toThrow(DeviceError);
  await expect(b.read()).rejects.toThrow("this webgpu tensor was disposed: its memory has been given back");
});

it('empty_cache destroys pooled buffers and keeps live ones', async () => {
  const kept = torch.arange(4, { dtype: 'float32' }).to('webgpu');
  gpu.dispose(torch.ones([8]).to('webgpu'));
  const allocated = gpu.memory_allocated();
  gpu.empty_cache();
  expect(gpu.memory_reserved()).toBe(allocated);
  expect([...(await kept.add(1).read())]).toEqual([1, 2, 3, 4]);
  await gpu.synchronize();
  await gpu.synchronize('webgpu');
});

it('the memory calls bind as PyTorch declares them', () => {
  expect(gpu.memory_allocated(null)).toBe(gpu.memory_allocated());
  expect(gpu.memory_reserved('webgpu')).toBe(gpu.memory_reserved());
  expect(gpu.memory_reserved({ device: 'webgpu:0' } as never)).toBe(gpu.memory_reserved());
  expect(() => gpu.memory_allocated('cpu')).toThrow('Expected a webgpu device, but got: cpu');
  expect(() => gpu.memory_allocated(3 as never)).toThrow(ArgumentError);
  expect(() => (gpu.empty_cache as (...a: unknown[]) => void)(1)).toThrow(ArgumentError);
  expect(() => gpu.dispose(torch.ones([2]))).toThrow("dispose(): expected tensors on 'webgpu', but tensor 0 is on 'cpu'");
  expect(() => gpu.dispose([] as never)).toThrow(ArgumentError);
});

it('webgpu() refuses a collectEvery that is not a number of bytes', async () => {
  await expect(webgpu({ collectEvery: -1 })).rejects.toThrow(ValueError);
  await expect(webgpu({ collectEvery: '64' as never })).rejects.toThrow('webgpu(): collectEvery must be a number of bytes >= 0, but got 64');
});

it('a 2,000-step training loop keeps memory_reserved flat after warm-up', async () => {
  const x = torch.randn([8, 8]).to('webgpu');
  const target = torch.randn([8, 8]).to('webgpu');
  const w = torch.randn([8, 8]).to('webgpu').requires_grad_();
  const lr = torch.tensor(0.01).to('webgpu');
  const ones = torch.ones([8, 8]).to('webgpu');
  const collections = gpu.ctx.pool.collections;
  let warm = 0;
  let peak = 0;
  let step = 0;
  const train = () => {
    const err = x.mul(w).sub(target);
    err.mul(err).backward(ones);
    no_grad(() => w.sub_(w.grad!.mul(lr)));
    w.grad = null;
  };
  for (; step < 2000; step++) {
    train();
    // The loop awaits the GPU each step, as a loop that reads its loss does.
    await gpu.synchronize();
    if (step === 499) warm = gpu.memory_reserved();
    if (step > 499) peak = Math.max(peak, gpu.memory_reserved());
  }
  const before = gpu.memory_allocated();
  train();
  const oneStep = gpu.memory_allocated() - before;
  expect(gpu.ctx.pool.collections - collections).toBeGreaterThan(10);
  // Flat: after 500 steps the pool grows by at most one step's memory in the next 1,500.
  expect(peak - warm).toBeLessThanOrEqual(oneStep);
  // Bounded by the mechanism's threshold: 64 KiB of garbage past the working set, and a step.
  expect(warm).toBeLessThan(64 * 1024 + 8 * oneStep + 16 * CLASS);
});

it('a 2,000-step nn.Linear(8, 8) + MSE + SGD loop keeps memory_reserved flat after warm-up', async (ctx) => {
  torch.manual_seed(0);
  const model = new nn.Linear(8, 8).to('webgpu');
  const mse = new nn.MSELoss();
  const x = torch.randn([16, 8]).to('webgpu');
  const y = torch.randn([16, 8]).to('webgpu');
  const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
  const step = () => {
    opt.zero_grad();
    const loss = mse.forward(model.forward(x), y);
    loss.backward();
    opt.step();
    return loss;
  };
  try {
    step();
  } catch (e) {
    // Until the backend has every kernel this loop needs (matmul, reduce), it names the missing one.
    if (e instanceof DeviceError && /has no webgpu kernel yet/.test(e.message)) ctx.skip(e.message);
    throw e;
  }
  const collections = gpu.ctx.pool.collections;
  let first = 0;
  let last = 0;
  let warm = 0;
  let peak = 0;
  for (let i = 0; i < 2000; i++) {
    const loss = step();
    // A loop that reads its loss now and then, and otherwise waits for the GPU each step.
    if (i % 100 === 0) {
      last = Number((await loss.read())[0]);
      if (i === 0) first = last;
    } else {
      await gpu.synchronize();
    }
    if (i === 499) warm = gpu.memory_reserved();
    if (i > 499) peak = Math.max(peak, gpu.memory_reserved());
  }
  const before = gpu.memory_allocated();
  step();
  const oneStep = gpu.memory_allocated() - before;
  expect(last).toBeLessThan(first);
  expect(gpu.ctx.pool.collections - collections).toBeGreaterThan(10);
  expect(peak - warm).toBeLessThanOrEqual(oneStep);
});
