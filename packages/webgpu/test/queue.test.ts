// The queue's batching edges: more dispatches than the parameter arena holds before one read, a
// dispatch grid folded past 65535 workgroups, and buffers reused from the pool while earlier work
// that reads them is still unsubmitted.
import * as torch from '@wick/tensor';
import { beforeAll, expect, it } from 'vitest';
import type { WebGpu } from '../src/index.js';
import { GpuMemoryHolder } from '../src/context.js';
import { useWebGpu } from './gpu.js';

let gpu: WebGpu;
beforeAll(async () => {
  gpu = await useWebGpu();
});

it('more dispatches than one arena holds, then one read', async () => {
  let t = torch.zeros([3], { device: 'webgpu' });
  const submits = gpu.ctx.queue.submits;
  for (let k = 0; k < 5000; k++) t = t.add(1);
  expect([...(await t.read())]).toEqual([5000, 5000, 5000]);
  expect(gpu.ctx.queue.submits - submits).toBeLessThan(10); // not one per dispatch
});

it('a grid past 65535 workgroups', async () => {
  const n = 65535 * 64 + 1000;
  const x = torch.arange(n, { dtype: 'int32', device: 'webgpu' }).mul(2);
  const v = (await x.read()) as Int32Array;
  expect(v.length).toBe(n);
  expect([v[0], v[n - 1], v[4194239]]).toEqual([0, 2 * (n - 1), 2 * 4194239]);
});

it('a pooled buffer reused while work reading its old contents is still encoded', async () => {
  const a = torch.full([64], 3, { dtype: 'float32', device: 'webgpu' });
  let b: torch.Tensor | null = a.mul(2);
  const c = b.add(1); // reads b's buffer; not submitted yet
  // What the pool does when b is collected: its buffer is free for the next allocation.
  gpu.ctx.pool.release((b.storage.handle as GpuMemoryHolder).memory!);
  b = null;
  const d = torch.full([64], 100, { dtype: 'float32' }).to('webgpu'); // an upload into the reused buffer
  const e = torch.full([64], 5, { dtype: 'float32', device: 'webgpu' });
  expect([...(await c.read())].every((v) => v === 7)).toBe(true);
  expect([...(await d.read())].every((v) => v === 100)).toBe(true);
  expect([...(await e.read())].every((v) => v === 5)).toBe(true);
});
