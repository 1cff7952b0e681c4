// Reductions on the webgpu device against the CPU backend (same op, same input) over odd sizes,
// several dims, keepdim, strided inputs, NaN and infinities, and every held dtype; PyTorch's own
// reduce cases run on the device in fixtures-device.test.ts.
//
// float32 tolerances, and why:
// - sum, mean: the CPU adds in double and rounds once; the device adds in float32, each lane with a
//   compensated (Kahan) sum, then a tree of at most 6 levels across lanes. The error is bounded by a
//   few ulp of the sum of magnitudes: |gpu - cpu| <= 8 * 2^-23 * sum|x| (mean: divided by n).
// - prod: every product rounds once, so the relative error grows by about one ulp per factor:
//   |gpu - cpu| <= n * 2^-23 * |cpu|.
// - var, std: two passes (the mean, then squared deviations), each compensated: the relative error is a
//   few ulp for data whose mean is not far larger than its spread: 16 ulp (std: half the relative
//   error of var, plus the sqrt's rounding).
// - logsumexp: within WGSL's exp and log accuracy (exp 3 + 2|x| ulp, log 2^-21 absolute near 1;
//   the library's exp_f32/log_f32 do better): |gpu - cpu| <= 2^-20 + 16 ulp of |cpu|.
// - max, min, their positions, argmax/argmin, all/any and integer sums/products: exact.
import * as torch from '@wick/tensor';
import { type TensorClass, hostValues } from '@wick/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWebGpu } from './gpu.js';
import { EPS32, both, expectSame, expectWithin, numbers, randn, reportWorst } from './helpers/against-cpu.js';

beforeAll(async () => {
  await useWebGpu();
});
afterAll(() => reportWorst('reduce'));

type View = [name: string, (t: TensorClass) => TensorClass];
const views: View[] = [
  ['contiguous', (t) => t],
  ['transposed', (t) => t.transpose(0, -1)],
  ['narrowed', (t) => t.narrow(-1, 1, t.shape.at(-1)! - 1)],
];
const shapes = [[1, 7], [7, 33], [33, 65], [3, 5, 65]];
const dimsOf = (rank: number): (number | number[] | undefined)[] => (rank === 2 ? [undefined, 0, 1] : [undefined, 0, -1, [0, 2]]);

/** sum|x| along the same dims: the scale of a float32 sum's rounding. */
function magnitude(x: TensorClass, dim: number | number[] | undefined, keepdim: boolean): number[] {
  const a = x.abs();
  return numbers(dim === undefined ? a.sum() : a.sum(dim, keepdim));
}

describe('float32 sums, means and products', () => {
  for (const shape of shapes) {
    for (const [vname, view] of views) {
      for (const dim of dimsOf(shape.length)) {
        for (const keepdim of dim === undefined ? [false] : [false, true]) {
          const what = `[${shape}] ${vname} dim=${JSON.stringify(dim)} keepdim=${keepdim}`;
          it(what, async () => {
            const x = randn(shape, shape.length * 100 + shape[1]!);
            const reduce = (op: 'sum' | 'mean' | 'prod') => (t: TensorClass) => {
              if (op === 'prod') return typeof dim === 'number' ? t.prod(dim, keepdim) : t.prod();
              return dim === undefined ? t[op]() : t[op](dim, keepdim);
            };
            const scale = magnitude(view(x), dim, keepdim);
            const n = view(x).numel() / Math.max(1, scale.length);
            const [[cs], [gs]] = await both(x, view, reduce('sum'));
            expectWithin(gs!, cs!, scale.map((s) => 8 * EPS32 * s), `sum ${what}`);
            const [[cm], [gm]] = await both(x, view, reduce('mean'));
            expectWithin(gm!, cm!, scale.map((s) => (8 * EPS32 * s) / n), `mean ${what}`);
            if (dim === undefined || typeof dim === 'number') {
              const [[cp], [gp]] = await both(x, view, reduce('prod'));
              const pn = dim === undefined ? view(x).numel() : view(x).shape.at(dim)!;
              expectWithin(gp!, cp!, numbers(cp!).map((v) => pn * EPS32 * Math.abs(v)), `prod ${what}`);
            }
          });
        }
      }
    }
  }

  it('a long row (65 * 1024 elements) spreads over 64 lanes and stays within the bound', async () => {
    const x = randn([2, 65 * 1024], 7).add(3);
    const [[c], [g]] = await both(x, (t) => t, (t) => t.sum(1));
    expectWithin(g!, c!, magnitude(x, 1, false).map((s) => 8 * EPS32 * s), 'long sum');
  });

  it('NaN and infinities: a NaN poisons a sum, inf - inf is NaN, inf stays inf', async () => {
    const x = torch.tensor([[1, NaN, 2], [Infinity, 1, 2], [Infinity, -Infinity, 0], [-Infinity, 5, 6]], { dtype: 'float32' });
    for (const op of ['sum', 'mean', 'prod'] as const) {
      const [[c], [g]] = await both(x, (t) => t, (t) => t[op](1));
      expectSame(g!, c!, op);
    }
    expect(numbers((await both(x, (t) => t, (t) => t.sum(1)))[1][0]!)).toEqual([NaN, Infinity, NaN, -Infinity]);
  });

  it('empty reductions: sum 0, prod 1, mean NaN', async () => {
    const x = torch.zeros([3, 0]);
    for (const op of ['sum', 'prod', 'mean'] as const) {
      const [[c], [g]] = await both(x, (t) => t, (t) => t[op](1));
      expectSame(g!, c!, op);
    }
  });
});

describe('max, min and positions', () => {
  for (const shape of shapes) {
    for (const [vname, view] of views) {
      it(`[${shape}] ${vname}`, async () => {
        const x = randn(shape, shape[1]! + 1);
        for (const d of [0, -1]) {
          for (const op of ['argmax', 'argmin', 'amax', 'amin'] as const) {
            const [[c], [g]] = await both(x, view, (t) => t[op](d));
            expectSame(g!, c!, `${op} dim ${d}`);
          }
          for (const op of ['max', 'min'] as const) {
            const [c, g] = await both(x, view, (t) => t[op](d, true) as unknown as TensorClass[]);
            expectSame(g[0]!, c[0]!, `${op} values`);
            expectSame(g[1]!, c[1]!, `${op} indices`);
          }
        }
        const [[c], [g]] = await both(x, view, (t) => t.argmax());
        expectSame(g!, c!, 'argmax of all');
      });
    }
  }

  it('ties go to the first position; the first NaN wins; -0.0 equals 0.0', async () => {
    const rows = [
      [1, 3, 3, 0, 3],
      [2, NaN, 5, NaN, 9],
      [-0, 0, -0, 0, -1],
      [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
      [7, 7, 7, 7, 7],
    ];
    // Repeated to 70 columns so that lanes meet the ties in the tree as well.
    const x = torch.tensor(rows.map((r) => Array.from({ length: 70 }, (_, j) => r[j % 5]!)), { dtype: 'float32' });
    for (const op of ['argmax', 'argmin'] as const) {
      const [[c], [g]] = await both(x, (t) => t, (t) => t[op](1));
      expectSame(g!, c!, op);
    }
    const [[, ci], [, gi]] = await both(x, (t) => t, (t) => t.max(1) as unknown as TensorClass[]);
    expectSame(gi!, ci!, 'max indices');
    expect(numbers(gi!)).toEqual([1, 1, 0, 0, 0]);
    const [[, ci2], [, gi2]] = await both(x, (t) => t, (t) => t.min(1) as unknown as TensorClass[]);
    expectSame(gi2!, ci2!, 'min indices');
    expect(numbers(gi2!)).toEqual([3, 1, 4, 0, 0]);
  });

  it('integer, int64, bool and float16 inputs', async () => {
    const big = torch.tensor([[5n, -(2n ** 40n), 2n ** 40n + 1n, 2n ** 40n + 1n], [-3n, -3n, -(2n ** 62n), 0n]]);
    for (const op of ['argmax', 'argmin', 'amax', 'amin'] as const) {
      const [[c], [g]] = await both(big, (t) => t, (t) => t[op](1));
      expectSame(g!, c!, `int64 ${op}`);
    }
    expect(numbers((await both(big, (t) => t, (t) => t.argmax(1)))[1][0]!)).toEqual([2, 3]);
    for (const dtype of ['int32', 'int16', 'int8', 'uint8', 'float16', 'bfloat16'] as const) {
      const x = randn([7, 33], 3).mul(20).to(dtype);
      for (const op of ['argmax', 'argmin', 'amax', 'amin'] as const) {
        const [[c], [g]] = await both(x, (t) => t, (t) => t[op](1));
        expectSame(g!, c!, `${dtype} ${op}`);
      }
    }
    const b = randn([7, 33], 4).gt(0.5);
    for (const op of ['amax', 'amin'] as const) {
      const [[c], [g]] = await both(b, (t) => t, (t) => t[op](1));
      expectSame(g!, c!, `bool ${op}`);
    }
  });
});

describe('integer and bool sums and products', () => {
  it('int64 sums carry across the 32-bit words; products wrap at 64 bits', async () => {
    const x = torch.tensor([[2n ** 32n - 1n, 1n, 2n ** 33n, -5n], [-(2n ** 62n), -(2n ** 62n), -1n, 1n], [3n ** 30n, 3n ** 10n, 7n, -1n]]);
    for (const op of ['sum', 'prod'] as const) {
      const [[c], [g]] = await both(x, (t) => t, (t) => t[op](1));
      expectSame(g!, c!, `int64 ${op}`);
    }
    const sums = hostValues((await both(x, (t) => t, (t) => t.sum(1)))[1][0]!);
    expect([...sums]).toEqual([2n ** 32n + 2n ** 33n - 5n, -(2n ** 63n), 3n ** 30n + 3n ** 10n + 6n]);
  });

  it('bool and narrow integers sum into int64; with dtype=int32 they wrap as int32', async () => {
    for (const dtype of ['bool', 'uint8', 'int8', 'int16', 'int32'] as const) {
      const x = dtype === 'bool' ? randn([5, 65], 1).gt(0) : randn([5, 65], 1).mul(100).to(dtype);
      for (const [vname, view] of views) {
        const [[c], [g]] = await both(x, view, (t) => t.sum(-1));
        expectSame(g!, c!, `${dtype} ${vname} sum`);
        const [[cp], [gp]] = await both(x, view, (t) => t.prod(-1));
        expectSame(gp!, cp!, `${dtype} ${vname} prod`);
      }
    }
    const big = torch.full([3, 70], 2 ** 30, { dtype: 'int32' });
    const [[c], [g]] = await both(big, (t) => t, (t) => t.sum(1, false, { dtype: 'int32' } as never));
    expectSame(g!, c!, 'int32 sum wrapping');
  });

  it('all and any over every dtype', async () => {
    const base = randn([7, 33], 9);
    const inputs = [base.gt(-1), base.gt(1), base.round(), base.mul(3).to('int64'), base.to('int32'), base.to('uint8'), torch.zeros([7, 33]), torch.ones([7, 33]).to('bool')];
    for (const x of inputs) {
      for (const op of ['all', 'any'] as const) {
        for (const [vname, view] of views) {
          const [[c], [g]] = await both(x, view, (t) => t[op](1));
          expectSame(g!, c!, `${x.dtype} ${vname} ${op}`);
          const [[c0], [g0]] = await both(x, view, (t) => t[op]());
          expectSame(g0!, c0!, `${x.dtype} ${vname} ${op} of all`);
        }
      }
    }
  });
});

describe('var, std and logsumexp', () => {
  for (const shape of shapes) {
    for (const [vname, view] of views) {
      it(`[${shape}] ${vname}`, async () => {
        const x = randn(shape, shape[0]! * 3 + 1).mul(2).add(0.5);
        for (const dim of dimsOf(shape.length)) {
          for (const correction of [0, 1, 2]) {
            for (const op of ['var', 'std'] as const) {
              const [[c], [g]] = await both(x, view, (t) => (dim === undefined ? t[op]({ correction }) : t[op](dim, { correction, keepdim: true })));
              const rel = op === 'var' ? 16 : 9;
              expectWithin(g!, c!, numbers(c!).map((v) => rel * EPS32 * Math.abs(v)), `${op} dim=${JSON.stringify(dim)} correction=${correction}`);
            }
          }
          if (dim !== undefined) {
            const [[c], [g]] = await both(x, view, (t) => torch.logsumexp(t, dim));
            expectWithin(g!, c!, numbers(c!).map((v) => 2 ** -20 + 16 * EPS32 * Math.abs(v)), `logsumexp dim=${JSON.stringify(dim)}`);
          }
        }
      });
    }
  }

  it('edge cases as the CPU: one element, correction >= n, NaN, infinities, empty', async () => {
    const x = torch.tensor([[3, 3, 3], [1, NaN, 2], [Infinity, 1, 2], [-Infinity, -Infinity, -Infinity], [Infinity, Infinity, 1]], { dtype: 'float32' });
    for (const correction of [0, 1, 3, 4]) {
      for (const op of ['var', 'std'] as const) {
        const [[c], [g]] = await both(x, (t) => t, (t) => t[op](1, { correction }));
        expectSame(g!, c!, `${op} correction ${correction}`);
      }
    }
    const [[c], [g]] = await both(x, (t) => t, (t) => torch.logsumexp(t, 1));
    expectWithin(g!, c!, 2 ** -20 + 16 * EPS32 * 3, 'logsumexp with NaN and infinities');
    expect(numbers(g!).slice(1)).toEqual([NaN, Infinity, -Infinity, Infinity]);
    const one = torch.tensor([[2.5]], { dtype: 'float32' });
    const [[c1], [g1]] = await both(one, (t) => t, (t) => t.var(1));
    expectSame(g1!, c1!, 'var of one element');
    const [[c2], [g2]] = await both(torch.zeros([2, 0]), (t) => t, (t) => torch.logsumexp(t, 1));
    expectSame(g2!, c2!, 'logsumexp of nothing');
  });
});

it('compiles one pipeline per op and dtype, not per shape', async () => {
  const gpu = torch.backendFor('webgpu') as unknown as { ctx: { pipelineCount: number } };
  const x = randn([9, 17], 2).to('webgpu');
  await x.sum(1).read();
  const before = gpu.ctx.pipelineCount;
  for (const shape of [[3, 4], [65, 2], [1, 100], [5, 6, 7]]) await randn(shape, 1).to('webgpu').sum(-1).read();
  await x.t().sum(0).read();
  expect(gpu.ctx.pipelineCount - before).toBeLessThanOrEqual(1); // randn's copy may add the write path once
});
