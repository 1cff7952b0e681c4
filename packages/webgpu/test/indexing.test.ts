import * as torch from '@wick/tensor';
import * as nn from '@wick/nn';
import type { DType, Index, Tensor } from '@wick/tensor';
import type { Namespace } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWebGpu } from './gpu.js';
import { runOnDevice } from './device-cases.js';

// The WebGPU index kernels against the CPU backend on the same inputs, for every held dtype, and
// PyTorch's fixtures. These kernels move elements or combine them in the CPU backend's order, so
// every comparison is exact, float32 sums included (scatter_add and index_put with accumulate sum
// duplicates in index order on one thread, as the CPU does).

beforeAll(useWebGpu);

// uint16 is held too, but PyTorch (and so wick) has no index kernels for it.
const DTYPES: DType[] = ['float32', 'float16', 'bfloat16', 'int32', 'int16', 'int8', 'uint8', 'bool', 'int64'];

/** Values of every dtype from a seeded float32 draw. */
function values(shape: number[], dtype: DType): Tensor {
  const x = torch.randn(shape).mul(10);
  if (dtype === 'bool') return x.gt(0);
  if (dtype === 'uint8' || dtype === 'uint16') return x.abs().to(dtype);
  if (dtype === 'int64') return x.mul(1e9).to('int64');
  return x.to(dtype);
}

const gpu = (t: Tensor): Tensor => t.to('webgpu');

async function expectSame(onDevice: Tensor, onCpu: Tensor): Promise<void> {
  expect(onDevice.device).toBe('webgpu');
  expect(onDevice.shape).toEqual(onCpu.shape);
  expect([...(await onDevice.read())]).toEqual([...(await onCpu.read())]);
}

/** fn of device copies of the inputs equals fn of the inputs on the CPU backend, exactly. */
async function agree(fn: (...t: Tensor[]) => Tensor, ...inputs: Tensor[]): Promise<void> {
  await expectSame(fn(...inputs.map(gpu)), fn(...inputs));
}

describe('index_select', () => {
  for (const dtype of DTYPES) {
    it(dtype, async () => {
      torch.manual_seed(2);
      const x = values([7, 33, 5], dtype);
      for (const indexType of ['int64', 'int32'] as const) {
        const idx = torch.tensor([6, 0, 0, 3, 6, 1], { dtype: indexType });
        await agree((t, i) => torch.index_select(t, 0, i), x, idx);
        const cols = torch.tensor([32, 0, 7, 7, 16], { dtype: indexType });
        await agree((t, i) => torch.index_select(t, 1, i), x, cols);
        await agree((t, i) => t.index_select(2, i), x, idx.remainder(5));
      }
    });
  }

  it('reads strided inputs and strided indices in place', async () => {
    torch.manual_seed(3);
    const x = torch.randn([65, 33]);
    const idx = torch.tensor([64, 3, 0, 9, 12, 64, 1, 2]);
    await agree((t, i) => torch.index_select(t.t(), 1, i.narrow(0, 1, 6)), x, idx);
    await agree((t, i) => torch.index_select(t, 0, i.__getitem__('::2')), x, idx);
    // a 0-d x with a one-element index
    await agree((t, i) => torch.index_select(t, 0, i), torch.tensor(5.5), torch.tensor([0]));
  });
});

describe('gather', () => {
  for (const dtype of DTYPES) {
    it(dtype, async () => {
      torch.manual_seed(4);
      const x = values([7, 33, 5], dtype);
      for (const dim of [0, 1, 2]) {
        const size = x.shape[dim]!;
        const idx = torch.randint(0, size, [5, 20, 3]);
        await agree((t, i) => torch.gather(t, dim, i), x, idx);
        await agree((t, i) => torch.gather(t, dim, i), x, idx.to('int32'));
      }
    });
  }

  it('reads x and index from one buffer (x.gather(0, x))', async () => {
    const x = torch.tensor([2n, 0n, 1n, 1n]);
    const d = gpu(x);
    expect([...(await torch.gather(d, 0, d).read())]).toEqual([1n, 2n, 0n, 0n]);
    expect([...(await torch.index_select(d, 0, d).read())]).toEqual([1n, 2n, 0n, 0n]);
  });

  it('takes transposed inputs and indices', async () => {
    torch.manual_seed(5);
    const x = torch.randn([33, 65]);
    const idx = torch.randint(0, 33, [40, 20]);
    await agree((t, i) => torch.gather(t.t(), 1, i), x, idx);
    await agree((t, i) => torch.gather(t, 0, i.t()), x, idx);
  });
});

describe('scatter', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: set, add and multiply with repeated targets`, async () => {
      torch.manual_seed(6);
      const self = values([7, 9, 5], dtype);
      const src = values([9, 9, 5], dtype);
      for (const dim of [0, 1]) {
        // repeated targets along dim: the last write wins, and sums and products take every value
        const idx = torch.randint(0, 3, [9, 9, 5]).narrow(dim === 0 ? 1 : 0, 0, 7);
        await agree((t, i, s) => torch.scatter(t, dim, i, s), self, idx, src);
        await agree((t, i, s) => torch.scatter_add(t, dim, i, s), self, idx, src);
        for (const reduce of ['add', 'multiply'] as const) {
          await agree((t, i, s) => torch.scatter(t, dim, i, s, { reduce }), self, idx, src);
        }
      }
    });
  }

  it('float32 sums add in index order (exactly the CPU result)', async () => {
    torch.manual_seed(7);
    const src = torch.randn([1000]).mul(torch.tensor(1e6).pow(torch.rand([1000])));
    const idx = torch.randint(0, 4, [1000]);
    await agree((t, i, s) => torch.scatter_add(t, 0, i, s), torch.zeros(4), idx, src);
  });

  it('the last of many repeated targets wins, across workgroups', async () => {
    torch.manual_seed(12);
    const src = torch.randn([3000]);
    const idx = torch.randint(0, 5, [3000]);
    await agree((t, i, s) => torch.scatter(t, 0, i, s), torch.zeros(5), idx, src);
    const wide = torch.randint(0, 4, [700, 3]);
    const values2d = torch.randn([700, 3]);
    await agree((t, i, s) => torch.scatter(t, 0, i, s), torch.zeros([4, 3]), wide, values2d);
  });

  it('a scalar value, in place, into a strided self', async () => {
    const self = torch.zeros([6, 4]);
    const onDevice = gpu(self).t();
    const idx = torch.tensor([[0, 5, 5], [2, 2, 1]]);
    onDevice.scatter_(1, gpu(idx), 7.5);
    const want = self.t().clone().scatter_(1, idx, 7.5);
    await expectSame(onDevice, want);
  });

  it('int8 sums wrap as C does, int64 products use 64 bits', async () => {
    const idx = torch.tensor([0, 0, 0]);
    const a = torch.tensor([100, 100, 100], { dtype: 'int8' });
    const sum = torch.scatter_add(gpu(torch.zeros(1, { dtype: 'int8' })), 0, gpu(idx), gpu(a));
    expect([...(await sum.read())]).toEqual([44]); // 300 - 256
    const b = torch.tensor([3_000_000_000n, 5n, -7n]);
    const got = torch.scatter(gpu(torch.ones(1, { dtype: 'int64' })), 0, gpu(idx), gpu(b), { reduce: 'multiply' });
    expect([...(await got.read())]).toEqual([-105_000_000_000n]);
  });
});

describe('index values on the device are not checked by the op layer', () => {
  it('an out-of-range value writes nothing and reads nothing outside the tensor', async () => {
    // PyTorch's CUDA kernels stop on a device-side assert; these kernels skip such positions.
    const base = torch.arange(10, { dtype: 'float32' }).to('webgpu');
    const view = base.narrow(0, 2, 3);
    const bad = torch.tensor([0n, 7n, -1n, 4294967297n]).to('webgpu');
    view.scatter_(0, bad, torch.tensor([-1, -2, -3, -4], { dtype: 'float32' }).to('webgpu'));
    expect([...(await base.read())]).toEqual([0, 1, -1, 3, 4, 5, 6, 7, 8, 9]);
    view.scatter_add_(0, bad, torch.tensor([10, 20, 30, 40], { dtype: 'float32' }).to('webgpu'));
    expect([...(await base.read())]).toEqual([0, 1, 9, 3, 4, 5, 6, 7, 8, 9]);
    expect([...(await torch.gather(view, 0, bad).read())]).toEqual([9, 0, 0, 0]);
  });
});

describe('advanced indexing (index) with CPU index tensors', () => {
  for (const dtype of DTYPES) {
    it(dtype, async () => {
      torch.manual_seed(8);
      const x = values([7, 33, 5], dtype);
      const i = torch.tensor([6, -1, 0, 3, 3]);
      const j = torch.tensor([[32], [0], [-33]]);
      const mask = torch.randn([7, 33]).gt(0);
      const k = i.remainder(5);
      const cases: Index[] = [i, [i], [':', j], [i, ':', k], mask, [':', '1:', k], [j.remainder(7), i]];
      for (const index of cases) await agree((t) => t.__getitem__(index), x);
    });
  }

  it('takes strided sources', async () => {
    torch.manual_seed(9);
    const x = torch.randn([33, 65]);
    const i = torch.tensor([64, 0, 3, 3]);
    await agree((t) => t.t().__getitem__(i), x);
  });
});

describe('index_put', () => {
  for (const dtype of DTYPES) {
    it(dtype, async () => {
      torch.manual_seed(10);
      const x = values([7, 33, 5], dtype);
      const i = torch.tensor([6, -1, 0, 3, 3, 6]);
      const j = torch.tensor([[32], [0], [-33]]);
      const cases: [Tensor[], number[]][] = [
        [[i], [6, 33, 5]],
        [[i, torch.tensor([1, 2, 3, 3, 3, 1])], [6, 5]],
        [[j.remainder(7), i], [3, 6, 5]],
      ];
      for (const [index, shape] of cases) {
        const v = values(shape, dtype);
        for (const accumulate of [false, true]) {
          if (dtype === 'bool' && accumulate) continue;
          await agree((t, w) => torch.index_put(t, index, w, accumulate), x, v);
        }
      }
    });
  }

  it('x[idx] = v: the last of many repeated targets wins', async () => {
    torch.manual_seed(13);
    const idx = torch.randint(-3, 3, [5000]);
    const v = torch.randn([5000]);
    await agree((t, w) => torch.index_put(t, [idx], w), torch.zeros(3), v);
  });

  it('x[mask] = v and x[idx] += v in place, with repeated targets', async () => {
    torch.manual_seed(11);
    const x = torch.randn([65, 7]);
    const mask = torch.randn([65]).gt(0);
    const onDevice = gpu(x);
    onDevice.__setitem__(mask, gpu(torch.tensor(2.5)));
    const want = x.clone();
    want.__setitem__(mask, torch.tensor(2.5));
    await expectSame(onDevice, want);
    const idx = torch.randint(0, 3, [200]);
    const v = torch.randn([200, 7]);
    onDevice.index_put_([idx], gpu(v), true);
    want.index_put_([idx], v, true);
    await expectSame(onDevice, want);
  });
});

const ns: Namespace = { ...torch, nn };

describe("PyTorch's index fixtures on the device", () => {
  runOnDevice('tensor/index.msgpack', ns);
});

describe("PyTorch's advanced-indexing fixtures on the device (index tensors on the CPU)", () => {
  runOnDevice('tensor/getitem.msgpack', ns, {
    only: ['__getitem__', '__setitem__', 'index_put', 'index_put_'],
    // The indices (argument 0 of a method, 1 of torch.index_put) stay on the CPU. A 0-dim value
    // written under a mask stays there too where the case is about it: PyTorch fills with a CPU
    // scalar's value (converted), while a device value must match x's dtype.
    keep: (where, c) => where === (c.method ? 0 : 1) || (where === 1 && c.name.endsWith('mask_value_tensor_truncates')),
    skip: {
      'index_put_/by_name': 'indices and values come in one options object, moved to the device whole',
    },
  });
});
