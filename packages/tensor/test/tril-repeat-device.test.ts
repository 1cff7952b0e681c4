// tril/triu and repeat_interleave on a device other than the CPU (the host-backed stand-in): the
// masks and indices are made on the input's device, and a device tensor of repeats is read only
// when no output_size says how long the result is. Values are PyTorch's (tensor/tril_repeat).
import { expectWickError, useHostDevice } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

useHostDevice();

const values = async (t: Tensor) => Array.from(await t.read() as ArrayLike<unknown>);
const grid = () => torch.arange(12, { dtype: 'float32', device: 'webgpu' }).reshape(3, 4);

describe('tril / triu on a device', () => {
  it('tril keeps the lower triangle, on the input device', async () => {
    const r = torch.tril(grid(), -1);
    expect(r.device).toBe('webgpu');
    expect(await values(r)).toEqual([0, 0, 0, 0, 4, 0, 0, 0, 8, 9, 0, 0]);
  });
  it('triu_ writes in place', async () => {
    const x = grid();
    x.triu_({ diagonal: 2 });
    expect(await values(x)).toEqual([0, 0, 2, 3, 0, 0, 0, 7, 0, 0, 0, 0]);
  });
  it('tril_indices lands on the device asked for', async () => {
    const r = torch.tril_indices(2, 3, { device: 'webgpu' });
    expect(r.device).toBe('webgpu');
    expect(await values(r)).toEqual([0n, 1n, 1n, 0n, 0n, 1n]);
  });
});

describe('repeat_interleave on a device', () => {
  const counts = () => torch.tensor([2, 0, 1], { device: 'webgpu' });
  it('an int count needs no reading', async () => {
    const r = torch.tensor([1, 2], { device: 'webgpu' }).repeat_interleave(2);
    expect(await values(r)).toEqual([1n, 1n, 2n, 2n]);
  });
  it('device repeats with output_size stay on the device', async () => {
    const r = torch.repeat_interleave(counts(), { output_size: 3 });
    expect(r.device).toBe('webgpu');
    expect(r.dtype).toBe('int64');
    expect(await values(r)).toEqual([0n, 0n, 2n]);
    const x = torch.tensor([10, 20, 30], { dtype: 'float32', device: 'webgpu' });
    expect(await values(torch.repeat_interleave(x, counts(), 0, { output_size: 3 }))).toEqual([10, 10, 30]);
  });
  it('device repeats without output_size are a DeviceError', () => {
    expectWickError(
      () => torch.repeat_interleave(counts()),
      "repeat_interleave: the repeats tensor is on 'webgpu', and sizing the result means reading it synchronously; pass output_size (the sum of repeats), or move repeats to the CPU first",
      'RuntimeError',
      torch.DeviceError,
    );
  });
});
