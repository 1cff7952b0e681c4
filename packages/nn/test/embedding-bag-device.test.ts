// F.embedding_bag on a device other than the CPU (the host-backed stand-in): the bag of each index
// comes from the offsets by ops, so nothing is read synchronously, and every mode agrees with the
// CPU (itself checked against PyTorch in nn/embedding.msgpack).
import { install } from '@wick/autograd';
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { useHostDevice } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

useHostDevice();
beforeAll(() => install());

const values = async (t: Tensor) => Array.from(await t.read() as ArrayLike<unknown>);
const F = nn.functional;

describe('embedding_bag on a device', () => {
  const weight = () => torch.arange(40, { dtype: 'float32' }).reshape(10, 4).sin();
  const indices = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]);
  const offsets = torch.tensor([0, 3, 3, 5]);
  const cases: [string, Record<string, unknown>, Tensor | null][] = [
    ['sum', { mode: 'sum' }, offsets],
    ['mean with padding_idx', { mode: 'mean', padding_idx: 4 }, offsets],
    ['max', { mode: 'max' }, offsets],
    ['include_last_offset', { mode: 'sum', include_last_offset: true }, torch.tensor([0, 2, 8])],
    ['2-d input', { mode: 'mean' }, null],
  ];
  for (const [name, options, bagOffsets] of cases) {
    it(name, async () => {
      const input = bagOffsets === null ? indices.reshape(2, 4) : indices;
      const expected = F.embedding_bag(input, weight(), bagOffsets, options);
      const w = weight().to('webgpu').requires_grad_();
      const result = F.embedding_bag(input.to('webgpu'), w, bagOffsets?.to('webgpu') ?? null, options);
      expect(result.device).toBe('webgpu');
      expect(result.shape).toEqual(expected.shape);
      expect(await values(result)).toEqual(Array.from(expected.numpy() as ArrayLike<unknown>));
      result.sum().backward();
      expect(w.grad!.device).toBe('webgpu');
    });
  }
  it('max_norm renormalises the rows looked up, on the device', async () => {
    const cpu = weight().mul(3);
    const w = weight().mul(3).to('webgpu');
    F.embedding_bag(indices, cpu, offsets, { max_norm: 1 });
    F.embedding_bag(indices.to('webgpu'), w, offsets.to('webgpu'), { max_norm: 1 });
    const got = await values(w);
    (Array.from(cpu.numpy() as ArrayLike<number>)).forEach((v, k) => expect(got[k] as number).toBeCloseTo(v, 6));
  });
});
