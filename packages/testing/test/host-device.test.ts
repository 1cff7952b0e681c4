// The host-backed stand-in device behaves as a GPU device: ops run, values come back only through
// await read(), and synchronous reads are refused.
import * as torch from '@wick/tensor';
import { expect, it } from 'vitest';
import { useHostDevice } from '../src/index.js';

useHostDevice();

it('runs ops on the stand-in device and reads back asynchronously', async () => {
  const a = torch.tensor([1, 2, 3], { dtype: 'float32' }).to('webgpu');
  const b = a.mul(2).add(1);
  expect(b.device).toBe('webgpu');
  expect(b.storage.data).toBeNull();
  expect([...(await b.read())]).toEqual([3, 5, 7]);
  expect(() => b.tolist()).toThrow(/use await tensor.read\(\)/);
});
