// The device plumbing of the fixture runners: results read back from the device keep their dtype,
// shape, strides, offset and shared storage, and cases the device cannot hold are named.
import * as torch from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { type DeviceUnderTest, type EncodedTensor, HostCopies, unheldReason, useHostDevice } from '../src/index.js';

useHostDevice();

describe('HostCopies', () => {
  it('reads a tensor and its views back as CPU tensors of the same layout over one storage', async () => {
    const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' }).to('webgpu');
    const host = new HostCopies();
    const [hx, ht, hn] = (await host.of([x, x.t(), x.narrow(1, 1, 2)])) as torch.Tensor[];
    for (const h of [hx, ht, hn]) expect(h!.device).toBe('cpu');
    expect(ht!.tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(ht!.stride()).toEqual([1, 3]);
    expect(hn!.tolist()).toEqual([[2, 3], [5, 6]]);
    expect(hn!.storage_offset()).toBe(1);
    expect(ht!.storage).toBe(hx!.storage);
    expect(hn!.storage).toBe(hx!.storage);
    // Another storage stays another storage.
    expect((await host.tensor(x.clone())).storage).not.toBe(hx!.storage);
  });

  it('keeps float16, bfloat16 and int64 values exactly, and leaves CPU tensors and other values alone', async () => {
    const half = torch.tensor([0.5, -1.5, 65504], { dtype: 'float16' });
    const brain = torch.tensor([0.5, 3.140625], { dtype: 'bfloat16' });
    const long = torch.tensor([2n ** 62n, -3n], { dtype: 'int64' });
    const host = new HostCopies();
    const [h, b, l] = (await host.of([half.to('webgpu'), brain.to('webgpu'), long.expand([2, 2]).to('webgpu')])) as torch.Tensor[];
    expect([h!.dtype, h!.tolist()]).toEqual(['float16', [0.5, -1.5, 65504]]);
    expect([b!.dtype, b!.tolist()]).toEqual(['bfloat16', [0.5, 3.140625]]);
    expect(l!.tolist()).toEqual([[2n ** 62n, -3], [2n ** 62n, -3]]);
    expect(await host.of([half, 3, 'x', null])).toEqual([half, 3, 'x', null]);
  });
});

describe('unheldReason', () => {
  const device: DeviceUnderTest = { name: 'webgpu', holds: ['float32', 'int64'], maxElements: 6 };
  const encoded = (dtype: string, shape: number[], view?: unknown[][]): EncodedTensor => ({ dtype, shape, data: new Uint8Array(0), view });

  it('names a dtype the device does not hold, in a tensor or as an argument, and a tensor too large', () => {
    expect(unheldReason(device, [[encoded('float32', [2, 3])]], ['float32'])).toBeNull();
    expect(unheldReason(device, [{ x: [encoded('float64', [2])] }])).toBe("'webgpu' does not hold float64");
    expect(unheldReason(device, [], [{ dtype: 'complex64' }])).toBe("'webgpu' does not hold complex64");
    expect(unheldReason(device, [encoded('float32', [2], [['to', 'float16']])])).toBe("'webgpu' does not hold float16");
    expect(unheldReason(device, [encoded('int64', [7])])).toBe('a tensor of more than 6 elements');
    // A string among the results is not a dtype argument (repr output, a dtype name returned).
    expect(unheldReason(device, ['float64'])).toBeNull();
  });
});
