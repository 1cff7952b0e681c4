// Autograd on a device: every gradient, zero and accumulator is made on the device of the tensor
// it belongs to, nothing reads a device tensor's values, and the gradients are the CPU's bit for
// bit (the host-backed stand-in device runs the CPU's kernels and refuses synchronous reads).
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { expectWickError, useHostDevice } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { Function, type FunctionCtx, grad, install } from '../src/index.js';

install();
useHostDevice();

type Device = 'cpu' | 'webgpu';

async function read(ts: readonly (Tensor | null)[]): Promise<unknown[]> {
  return Promise.all(ts.map(async (t) => (t === null ? null : { device: t.device, shape: [...t.shape], values: Array.from(await t.read() as ArrayLike<unknown>) })));
}

/** Leaves made on `device` from the same values; f's gradients w.r.t. them, read back. */
async function gradsOn(device: Device, f: (...xs: Tensor[]) => Tensor, ...data: number[][][]): Promise<unknown[]> {
  const xs = data.map((d) => torch.tensor(d, { dtype: 'float32', device, requires_grad: true }));
  f(...xs).sum().backward();
  return read(xs.map((x) => x.grad));
}

async function expectSameGrads(f: (...xs: Tensor[]) => Tensor, ...data: number[][][]): Promise<void> {
  const onDevice = await gradsOn('webgpu', f, ...data);
  const onCpu = await gradsOn('cpu', f, ...data);
  expect(onDevice.map((g) => (g as { device: string }).device)).toEqual(onDevice.map(() => 'webgpu'));
  const strip = (gs: unknown[]) => gs.map((g) => ({ ...(g as object), device: undefined }));
  expect(strip(onDevice)).toEqual(strip(onCpu));
}

const A = [[1.5, -2, 0.25], [3, 0, -1]];
const B = [[0.5, 2, -3], [1, 1, 4]];

describe('gradients on a device equal the CPU\'s', () => {
  it('elementwise with broadcasting (gradients summed to the input\'s shape)', () =>
    expectSameGrads((a, b) => a.mul(b.narrow(0, 0, 1)).add(b.sigmoid()).div(a.abs().add(1)), A, B));
  it('piecewise-constant ops (zero gradients)', () => expectSameGrads((a) => a.floor().add(a.sign()).add(a.mul(2)), A));
  it('matmul, reductions and max along a dim', () =>
    expectSameGrads((a, b) => a.matmul(b.t()).max(1).values.add(a.prod(1)).add(a.cumprod(1).sum(1)).add(a.amax(0).sum()), A, B));
  it('views, as_strided, cat and stack, index_select, gather', () => expectSameGrads((a, b) => {
    const idx = torch.tensor([2, 0], { device: a.device });
    const parts = torch.cat([a.t().reshape([-1]), b.as_strided([2, 2], [1, 3], 1).reshape([-1])]);
    return torch.stack([parts.narrow(0, 0, 4), a.index_select(1, idx).reshape([-1]), a.gather(1, idx.view([1, 2]).expand([2, 2])).reshape([-1])]);
  }, A, B));
  it('an in-place op on a view (CopySlices)', () => expectSameGrads((a) => {
    const y = a.mul(1);
    y.narrow(1, 1, 2).mul_(a.narrow(1, 0, 2));
    return y;
  }, A));
  it('advanced indexing with CPU indices, and index_put', () => expectSameGrads((a, b) => {
    const rows = torch.tensor([1, 0, 1]);
    return a.__getitem__(rows).add(torch.index_put(b, [torch.tensor([0])], a.narrow(0, 1, 1).sum(0)).sum());
  }, A, B));
  it('a custom Function whose backward gets zeros for an output nothing flowed into', async () => {
    class Two extends Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor[] {
        return [x.mul(2), x.mul(3)];
      }
      static override backward(_ctx: FunctionCtx, g1: Tensor, g2: Tensor): Tensor {
        expect(g2.device).toBe(g1.device);
        return g1.add(g2);
      }
    }
    await expectSameGrads((a) => (Two.apply(a) as Tensor[])[0]!, A);
  });
  it('accumulates into .grad over two backward calls', async () => {
    const run = async (device: Device) => {
      const x = torch.tensor(A, { dtype: 'float32', device, requires_grad: true });
      x.mul(x).sum().backward();
      x.exp().sum().backward();
      return read([x.grad]);
    };
    const [d] = await run('webgpu');
    const [c] = await run('cpu');
    expect({ ...(d as object), device: 'same' }).toEqual({ ...(c as object), device: 'same' });
  });
  it('autograd.grad with the default ones, and create_graph for a second derivative', async () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float32', device: 'webgpu', requires_grad: true });
    const y = x.pow(3).sum();
    const [g] = grad(y, [x], { create_graph: true });
    const [gg] = grad(g!.sum(), [x]);
    expect(g!.device).toBe('webgpu');
    expect(Array.from(await gg!.read() as ArrayLike<unknown>)).toEqual([6, 12, 18]);
  });
});

describe('gradients given on another device', () => {
  it('a 0-dim CPU gradient for a device scalar is moved', async () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', device: 'webgpu', requires_grad: true });
    x.mul(3).sum().backward(torch.tensor(2, { dtype: 'float32' }));
    expect(Array.from(await x.grad!.read() as ArrayLike<unknown>)).toEqual([6, 6]);
  });
  it('any other is refused with PyTorch\'s message', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', device: 'webgpu', requires_grad: true });
    expectWickError(() => x.mul(3).backward(torch.ones([2])),
      'invalid gradient at index 0 - expected device webgpu but got cpu', 'RuntimeError', torch.DeviceError);
  });
  it('a CPU tensor requiring grad used beside device tensors cannot get its gradient synchronously', () => {
    const s = torch.tensor(2, { dtype: 'float32', requires_grad: true });
    const y = torch.ones([2], { device: 'webgpu' }).mul(s).sum();
    expect(() => y.backward()).toThrow(torch.DeviceError);
  });
});
