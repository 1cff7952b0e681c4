import * as torch from '@wick/tensor';
import { expect } from 'vitest';
import { useWebGpu } from './gpu.js';

const { it } = await useWebGpu();

it('elementwise smoke', async () => {
  const a = torch.tensor([1, 2, 3, -4.5], { dtype: 'float32' }).to('webgpu');
  const b = a.mul(2).add(1).exp().log();
  expect([...(await b.read())]).toEqual([3, 5, 7, -8]);
  const i = torch.tensor([5n, -7n, 3n]).to('webgpu');
  expect([...(await i.mul(i).read())]).toEqual([25n, 49n, 9n]);
  expect([...(await torch.floor_divide(i, torch.tensor([2n, 2n, -2n]).to('webgpu')).read())]).toEqual([2n, -4n, -2n]);
  const h = torch.tensor([1.1, 2.2], { dtype: 'float16' }).to('webgpu');
  expect([...(await h.add(h).read())]).toEqual([...torch.tensor([1.1, 2.2], { dtype: 'float16' }).add(torch.tensor([1.1, 2.2], { dtype: 'float16' })).numpy()]);
  const t = torch.arange(6, { dtype: 'float32' }).reshape([2, 3]).to('webgpu').t();
  expect([...(await t.read())]).toEqual([0, 3, 1, 4, 2, 5]);
  expect([...(await a.gt(0).read())]).toEqual([1, 1, 1, 0]);
  expect([...(await a.clamp(0, 2).read())]).toEqual([1, 2, 2, 0]);
  expect([...(await torch.where(a.gt(2), a, torch.zeros(4).to('webgpu')).read())]).toEqual([0, 0, 3, 0]);
  expect([...(await a.to('int64').read())]).toEqual([1n, 2n, 3n, -4n]);
  expect([...(await i.to('float32').read())]).toEqual([5, -7, 3]);
});
