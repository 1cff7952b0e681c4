// sort, argsort and topk on the webgpu device against the CPU backend, exactly: values, and
// positions including where equal elements go (the CPU backend gives PyTorch's order; the device
// runs the same algorithms, see src/kernels/sort.ts). PyTorch's sort cases run on the device in
// fixtures-device.test.ts.
import * as torch from '@wick/tensor';
import type { TensorClass } from '@wick/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWebGpu } from './gpu.js';
import { both, expectSame, numbers } from './helpers/against-cpu.js';

beforeAll(async () => {
  await useWebGpu();
});

type View = [name: string, (t: TensorClass) => TensorClass];
const views: View[] = [
  ['contiguous', (t) => t],
  ['transposed', (t) => t.transpose(0, -1)],
  ['narrowed', (t) => t.narrow(-1, 1, t.shape.at(-1)! - 1)],
];

/** Data with many ties (small integers), and a few NaN, infinities and signed zeros for floats. */
function tied(shape: number[], dtype: torch.DType, seed: number): TensorClass {
  torch.manual_seed(seed);
  const x = torch.randint(-3, 4, shape).to('float32');
  if (dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16') {
    const flat = x.reshape([-1]);
    const special = [NaN, Infinity, -Infinity, -0, NaN];
    for (let i = 0; i < flat.numel(); i += 11) flat.narrow(0, i, 1).fill_(special[(i / 11) % special.length]!);
    return x.to(dtype);
  }
  return dtype === 'bool' ? x.gt(0) : dtype === 'uint8' ? x.abs().to(dtype) : x.to(dtype);
}

const dtypes: torch.DType[] = ['float32', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'];
const sorts: [string, (t: TensorClass, dim: number) => TensorClass[]][] = [
  ['sort', (t, d) => [...t.sort(d)]],
  ['sort descending', (t, d) => [...t.sort(d, true)]],
  ['sort stable', (t, d) => [...torch.sort(t, { dim: d, stable: true })]],
  ['sort stable descending', (t, d) => [...torch.sort(t, { dim: d, stable: true, descending: true })]],
  ['argsort', (t, d) => [torch.argsort(t, d)]],
  ['topk 3', (t, d) => [...t.topk(3, d)]],
  ['topk 3 smallest unsorted', (t, d) => [...t.topk(3, d, false, false)]],
  ['topk half', (t, d) => [...t.topk(Math.ceil(t.shape.at(d)! / 2), d)]],
  ['topk half unsorted', (t, d) => [...t.topk(Math.ceil(t.shape.at(d)! / 2), d, true, false)]],
];

describe('every dtype, with ties', () => {
  for (const dtype of dtypes) {
    it(dtype, async () => {
      for (const shape of [[7, 33], [3, 200]]) {
        const x = tied(shape, dtype, shape[1]!);
        for (const [vname, view] of views) {
          for (const dim of [0, -1]) {
            for (const [name, f] of sorts) {
              if (dtype === 'bool' && name.startsWith('topk')) continue; // PyTorch has no bool topk
              const [c, g] = await both(x, view, (t) => f(t, dim));
              for (let k = 0; k < c.length; k++) expectSame(g[k]!, c[k]!, `${name} [${shape}] ${vname} dim ${dim} output ${k}`);
            }
          }
        }
      }
    });
  }
});

describe('lines', () => {
  it('topk of few from many takes partial_sort, and from a long line too', async () => {
    const x = tied([2, 1000], 'float32', 5);
    for (const k of [1, 5, 15, 16, 17]) {
      for (const largest of [true, false]) {
        const [c, g] = await both(x, (t) => t, (t) => [...t.topk(k, 1, largest)]);
        expectSame(g[0]!, c[0]!, `topk ${k} values`);
        expectSame(g[1]!, c[1]!, `topk ${k} indices`);
      }
    }
  });

  it('lines past 2048 elements sort by rank: stable order, exact for distinct values', async () => {
    torch.manual_seed(3);
    const x = torch.randperm(3000).to('float32').reshape([1, 3000]);
    for (const f of [(t: TensorClass) => [...t.sort(1)], (t: TensorClass) => [...t.topk(20, 1)], (t: TensorClass) => [...torch.sort(t, { stable: true, descending: true })]]) {
      const [c, g] = await both(x, (t) => t, f);
      expectSame(g[0]!, c[0]!, 'values');
      expectSame(g[1]!, c[1]!, 'indices');
    }
    const ties = tied([1, 3000], 'int32', 4);
    const [c, g] = await both(ties, (t) => t, (t) => [...torch.sort(t, { stable: true })]);
    expectSame(g[1]!, c[1]!, 'stable indices of a long line with ties');
  });

  it('a line of stride 0 (expanded) keeps positions in order, as the CPU', async () => {
    const x = torch.tensor([[2]], { dtype: 'float32' });
    const [c, g] = await both(x, (t) => t.expand([3, 40]), (t) => [...t.sort(1)]);
    expectSame(g[1]!, c[1]!, 'indices');
  });

  it('a 0-dim tensor, a line of one, k = 0 and an empty tensor', async () => {
    const s = torch.tensor(4, { dtype: 'float32' });
    for (const f of [(t: TensorClass) => [...t.sort()], (t: TensorClass) => [...t.topk(1)], (t: TensorClass) => [...t.topk(0)]]) {
      const [c, g] = await both(s, (t) => t, f);
      for (let k = 0; k < c.length; k++) expectSame(g[k]!, c[k]!, '0-dim');
    }
    const one = torch.tensor([[1], [0]], { dtype: 'float32' });
    const [c1, g1] = await both(one, (t) => t, (t) => [...t.sort(1)]);
    expectSame(g1[1]!, c1[1]!, 'lines of one');
    const [c2, g2] = await both(torch.zeros([2, 5]), (t) => t, (t) => [...t.topk(0)]);
    expectSame(g2[0]!, c2[0]!, 'k = 0');
    const [c3, g3] = await both(torch.zeros([0, 5]), (t) => t, (t) => [...t.sort(1)]);
    expectSame(g3[0]!, c3[0]!, 'empty');
  });

  it('NaN sorts as the largest value both ways; -0.0 and 0.0 are equal (ties keep positions when stable)', async () => {
    const x = torch.tensor([0, NaN, -0, -Infinity, 1, NaN, Infinity, -1], { dtype: 'float32' });
    const [, g] = await both(x, (t) => t, (t) => [...torch.sort(t, { stable: true })]);
    expect(numbers(g[1]!)).toEqual([3, 7, 0, 2, 4, 6, 1, 5]);
    const [, gd] = await both(x, (t) => t, (t) => [...torch.sort(t, { stable: true, descending: true })]);
    expect(numbers(gd[1]!)).toEqual([1, 5, 6, 4, 0, 2, 7, 3]);
  });
});
