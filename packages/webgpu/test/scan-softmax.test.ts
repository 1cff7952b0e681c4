// cumsum, cumprod, softmax and log_softmax on the webgpu device against the CPU backend.
//
// float32 tolerances, and why:
// - cumsum: each lane keeps a compensated running sum and starts from the totals of the chunks
//   before it; the CPU adds in double and rounds each output once. Bound: 8 ulp of the running
//   sum of magnitudes, 8 * 2^-23 * cumsum(|x|).
// - cumprod: every product rounds once: the k-th output within (k + 1) ulp relative (for factors
//   near 1, whose products stay normal floats).
// - softmax: exp(x - max) is within WGSL's exp accuracy, 3 + 2|x - max| ulp (the library's exp_f32
//   does better), the sum is compensated, the division rounds once: 40 ulp of the output for
//   |x - max| < 16 (the data here), i.e. |gpu - cpu| <= 40 * 2^-23 * cpu.
// - log_softmax: x - max is exact for these data, log(sum) is within WGSL's log accuracy (2^-21
//   absolute near 1, else 3 ulp): |gpu - cpu| <= 2^-20 + 8 ulp of |cpu|.
import * as torch from '@wick/tensor';
import { type TensorClass, hostValues } from '@wick/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWebGpu } from './gpu.js';
import { EPS32, both, expectSame, expectWithin, numbers, randn, reportWorst } from './helpers/against-cpu.js';

beforeAll(async () => {
  await useWebGpu();
});
afterAll(() => reportWorst('scan-softmax'));

type View = [name: string, (t: TensorClass) => TensorClass];
const views: View[] = [
  ['contiguous', (t) => t],
  ['transposed', (t) => t.transpose(0, -1)],
  ['narrowed', (t) => t.narrow(-1, 1, t.shape.at(-1)! - 1)],
];
const shapes = [[1, 7], [7, 33], [33, 65], [3, 5, 65], [2, 1200]];

describe('float32', () => {
  for (const shape of shapes) {
    for (const [vname, view] of views) {
      it(`[${shape}] ${vname}`, async () => {
        const x = randn(shape, shape[1]! * 7 + shape[0]!);
        for (const dim of [0, -1, ...(shape.length === 3 ? [1] : [])]) {
          const what = `dim ${dim}`;
          const [[c], [g]] = await both(x, view, (t) => t.cumsum(dim));
          expectWithin(g!, c!, numbers(view(x).abs().cumsum(dim)).map((s) => 8 * EPS32 * s), `cumsum ${what}`);
          // Factors near 1, so that long products stay normal floats (where the relative bound holds).
          const [[cp], [gp]] = await both(x.mul(0.01).add(1), view, (t) => t.cumprod(dim));
          const along = view(x).shape.at(dim)!;
          const k = numbers(torch.ones(view(x).shape).cumsum(dim)); // the 1-based position along dim
          expectWithin(gp!, cp!, numbers(cp!).map((v, i) => (k[i]! + 1) * EPS32 * Math.abs(v)), `cumprod ${what} (${along})`);
          const [[cs], [gs]] = await both(x, view, (t) => t.softmax(dim));
          expectWithin(gs!, cs!, numbers(cs!).map((v) => 40 * EPS32 * v), `softmax ${what}`);
          const [[cl], [gl]] = await both(x, view, (t) => t.log_softmax(dim));
          expectWithin(gl!, cl!, numbers(cl!).map((v) => 2 ** -20 + 8 * EPS32 * Math.abs(v)), `log_softmax ${what}`);
        }
      });
    }
  }

  it('NaN, infinities and -inf lines as the CPU', async () => {
    const x = torch.tensor([[1, NaN, 2, 3], [-Infinity, -Infinity, -Infinity, -Infinity], [Infinity, 1, 2, 3], [-Infinity, 0, 1, -Infinity]], { dtype: 'float32' });
    for (const op of ['cumsum', 'cumprod', 'softmax', 'log_softmax'] as const) {
      const [[c], [g]] = await both(x, (t) => t, (t) => t[op](1));
      expectWithin(g!, c!, numbers(c!).map((v) => 2 ** -20 + 40 * EPS32 * Math.abs(v)), `${op} with NaN and infinities`);
    }
    const [, [g]] = await both(x, (t) => t, (t) => t.softmax(1));
    expect(numbers(g!).slice(0, 8).every(Number.isNaN)).toBe(true); // a NaN, and a line of -inf, give NaN throughout
  });

  it('float16 and bfloat16 compute in float32 and round once per output', async () => {
    for (const dtype of ['float16', 'bfloat16'] as const) {
      const x = randn([5, 33], 11).to(dtype);
      for (const op of ['softmax', 'log_softmax', 'cumsum'] as const) {
        const [[c], [g]] = await both(x, (t) => t, (t) => t[op](1));
        // One rounding to the 16-bit format after a float32 result within the bounds above: at most
        // one 16-bit ulp apart.
        const ulp = dtype === 'float16' ? 2 ** -10 : 2 ** -7;
        expectWithin(g!.float(), c!.float(), numbers(c!.float()).map((v) => ulp * Math.max(Math.abs(v), 2 ** -14)), `${op} ${dtype}`);
      }
    }
  });
});

describe('integers', () => {
  it('int64 results from bool and narrow integers; int64 products wrap', async () => {
    for (const dtype of ['bool', 'uint8', 'int8', 'int16', 'int32', 'int64'] as const) {
      const x = dtype === 'bool' ? randn([5, 70], 2).gt(0) : randn([5, 70], 2).mul(50).to(dtype);
      for (const [vname, view] of views) {
        const [[c], [g]] = await both(x, view, (t) => t.cumsum(-1));
        expectSame(g!, c!, `${dtype} ${vname} cumsum`);
        const [[cp], [gp]] = await both(x, view, (t) => t.cumprod(0));
        expectSame(gp!, cp!, `${dtype} ${vname} cumprod`);
      }
    }
    const big = torch.tensor([2n ** 31n, 2n ** 31n, 3n, -1n, 2n ** 40n]);
    const [[c], [g]] = await both(big, (t) => t, (t) => t.cumprod(0));
    expectSame(g!, c!, 'int64 cumprod wrapping');
    expect([...hostValues(g!)]).toEqual([2n ** 31n, 2n ** 62n, BigInt.asIntN(64, 3n * 2n ** 62n), BigInt.asIntN(64, -3n * 2n ** 62n), 0n]);
  });

  it('int32 cumsum with dtype=int32 wraps as int32', async () => {
    const x = torch.full([70], 2 ** 30, { dtype: 'int32' });
    const [[c], [g]] = await both(x, (t) => t, (t) => t.cumsum(0, { dtype: 'int32' }));
    expectSame(g!, c!, 'int32 cumsum');
  });
});

it('a 0-dim tensor and an empty dim', async () => {
  const s = torch.tensor(2.5, { dtype: 'float32' });
  for (const op of ['cumsum', 'cumprod', 'softmax', 'log_softmax'] as const) {
    const [[c], [g]] = await both(s, (t) => t, (t) => t[op](0));
    expectSame(g!, c!, `0-dim ${op}`);
  }
  const e = torch.zeros([3, 0]);
  for (const op of ['cumsum', 'softmax'] as const) {
    const [[c], [g]] = await both(e, (t) => t, (t) => t[op](1));
    expectSame(g!, c!, `empty ${op}`);
  }
});
