import * as torch from '@wick/tensor';
import * as nn from '@wick/nn';
import type { Tensor } from '@wick/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWebGpu } from './gpu.js';
import { runOnDevice } from './device-cases.js';

// The WebGPU matrix product against the CPU backend on the same inputs, and PyTorch's fixtures.
//
// Float32 tolerance: the device sums each dot product of K terms in order in float32; the CPU
// backend sums in double (small products) or in float32 blocks (its SIMD kernel). Each is within
// K * 2^-24 * sum_k |a_ik b_kj| of the exact sum (the standard bound for recursive summation, u =
// 2^-24), so they differ by at most twice that: the bound is computed per element from |a| @ |b|
// in float64. float16/bfloat16 round that float32 result once more, so they may also differ by
// one unit of the narrow format's rounding (2^-11 or 2^-8 relative). Integer products are exact
// (wrapping as C does) and compared for equality.

beforeAll(useWebGpu);

/** The products' error budget per element (see above), as a Float64Array. */
function bound(a: Tensor, b: Tensor, k: number, narrow: number): Float64Array {
  const scale = torch.matmul(a.abs().to('float64'), b.abs().to('float64'));
  const values = scale.contiguous().numpy() as Float64Array;
  return values.map((s) => 2 * k * 2 ** -24 * s + narrow * s + 1e-30);
}

/** Views taken of both operands before the product (the same on the device and the CPU). */
type Prepare = (x: Tensor, onDevice: boolean) => Tensor;

async function expectProductClose(a: Tensor, b: Tensor, prepare: Prepare = (x) => x, narrow = 0): Promise<void> {
  const ad = a.to('webgpu');
  const bd = b.to('webgpu');
  const gpu = torch.matmul(prepare(ad, true), prepare(bd, true));
  const cpu = torch.matmul(prepare(a, false), prepare(b, false));
  expect(gpu.shape).toEqual(cpu.shape);
  const got = await gpu.read();
  const want = cpu.contiguous().numpy();
  const k = prepare(a, false).shape.at(-1)!;
  const limit = bound(prepare(a, false).to('float32'), prepare(b, false).to('float32'), k, narrow);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs((got[i] as number) - (want[i] as number));
    if (!(err <= limit[i]!)) expect.fail(`element ${i}: got ${got[i]}, CPU ${want[i]}, error ${err} over ${limit[i]}`);
  }
}

describe('float32 matmul', () => {
  torch.manual_seed(0);
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [7, 7, 7],
    [1, 129, 7],
    [33, 17, 65],
    [65, 33, 129],
    [129, 65, 33],
    [64, 64, 64],
    [100, 3, 100],
    [33, 1, 40],
  ];
  for (const [m, k, n] of sizes) {
    it(`[${m}, ${k}] @ [${k}, ${n}]`, async () => {
      await expectProductClose(torch.randn([m, k]), torch.randn([k, n]));
    });
  }

  it('reads transposed operands in place (x @ W^T, A^T @ B)', async () => {
    // linear: x [65, 33] @ W^T with W [129, 33]
    await expectProductClose(torch.randn([65, 33]), torch.randn([129, 33]), (x, _) => (x.shape[0] === 129 ? x.t() : x));
    // both transposed
    await expectProductClose(torch.randn([40, 70]), torch.randn([70, 40]), (x) => x.t());
  });

  it('reads both operands from one buffer (x @ x^T)', async () => {
    torch.manual_seed(3);
    const x = torch.randn([65, 40]);
    const d = x.to('webgpu');
    const got = await torch.matmul(d, d.t()).read();
    const want = torch.matmul(x, x.t()).numpy();
    const limit = bound(x, x.t(), 40, 0);
    for (let i = 0; i < want.length; i++) {
      expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThanOrEqual(limit[i]!);
    }
  });

  it('batched and broadcast products', async () => {
    await expectProductClose(torch.randn([3, 33, 20]), torch.randn([3, 20, 65]));
    // b broadcast over a's batch (stride 0), and a broadcast over b's
    await expectProductClose(torch.randn([4, 33, 16]), torch.randn([16, 65]));
    await expectProductClose(torch.randn([7, 5]), torch.randn([2, 5, 70]));
    await expectProductClose(torch.randn([2, 1, 40, 9]), torch.randn([3, 9, 34]));
  });

  it('matrix-vector, vector-matrix and dot products', async () => {
    await expectProductClose(torch.randn([65, 33]), torch.randn([33]));
    await expectProductClose(torch.randn([33]), torch.randn([33, 65]));
    await expectProductClose(torch.randn([129]), torch.randn([129]));
  });

  it('non-contiguous row strides and offsets (slices)', async () => {
    // a: rows 2.. and columns 3..43 of [70, 45]; b: rows 3..43 and columns 1..76 of [45, 80]
    const slice = (x: Tensor) =>
      x.shape[0] === 70 ? x.narrow(0, 2, 68).narrow(1, 3, 40) : x.narrow(0, 3, 40).narrow(1, 1, 75);
    await expectProductClose(torch.randn([70, 45]), torch.randn([45, 80]), slice);
  });

  it('float16 and bfloat16 accumulate in float32 and round once', async () => {
    const half = (shape: number[]) => torch.randn(shape).to('float16');
    const brain = (shape: number[]) => torch.randn(shape).to('bfloat16');
    await expectProductClose(half([33, 40]), half([40, 65]), (x) => x, 2 ** -11);
    await expectProductClose(brain([65, 40]), brain([40, 7]), (x) => x, 2 ** -8);
  });

  it('K = 0 gives zeros, and empty products are empty', async () => {
    const z = torch.matmul(torch.randn([40, 0]).to('webgpu'), torch.randn([0, 50]).to('webgpu'));
    expect([...(await z.read())].every((v) => v === 0)).toBe(true);
    expect(z.shape).toEqual([40, 50]);
    expect(torch.matmul(torch.randn([0, 3]).to('webgpu'), torch.randn([3, 5]).to('webgpu')).shape).toEqual([0, 5]);
  });

  it('bool products with K = 0 are all false', async () => {
    const none = (shape: number[]) => torch.zeros(shape, { dtype: 'bool' }).to('webgpu');
    const z = torch.mm(none([3, 0]), none([0, 2]));
    expect([...(await z.read())]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('integer matmul is exact, wrapping as C does', () => {
  const ints = (shape: number[], lo: number, hi: number, dtype: 'int32' | 'int64' | 'int8' | 'uint8' | 'int16') =>
    torch.randint(lo, hi, shape, { dtype });

  for (const dtype of ['int32', 'int64', 'int16', 'int8', 'uint8'] as const) {
    it(dtype, async () => {
      torch.manual_seed(1);
      for (const [m, k, n] of [
        [7, 9, 5],
        [65, 33, 70],
        [33, 129, 1],
      ]) {
        const a = ints([m, k], dtype === 'uint8' ? 0 : -100, 100, dtype);
        const b = ints([k, n], dtype === 'uint8' ? 0 : -100, 100, dtype);
        const got = await torch.matmul(a.to('webgpu'), b.to('webgpu')).read();
        expect([...got]).toEqual([...torch.matmul(a, b).numpy()]);
        const gotT = await torch.matmul(b.to('webgpu').t(), a.to('webgpu').t()).read();
        expect([...gotT]).toEqual([...torch.matmul(b.t(), a.t()).contiguous().numpy()]);
      }
    });
  }

  it('int32 sums wrap past 2^31, and int64 products use all 64 bits', async () => {
    const a = torch.full([40, 40], 2 ** 20, { dtype: 'int32' });
    const got = await torch.matmul(a.to('webgpu'), a.to('webgpu')).read();
    // 40 * 2^40 mod 2^32 = 0
    expect(got[0]).toBe(torch.matmul(a, a).numpy()[0]);
    const big = torch.tensor([[3_000_000_000n, -7n], [5n, 2n ** 40n]]);
    const vec = torch.tensor([[4_000_000_001n], [3n]]);
    const want = [3_000_000_000n * 4_000_000_001n - 21n, BigInt.asIntN(64, 5n * 4_000_000_001n + 3n * 2n ** 40n)];
    const product = torch.matmul(big.to('webgpu'), vec.to('webgpu'));
    expect([...(await product.read())]).toEqual(want.map((v) => BigInt.asIntN(64, v)));
  });
});

describe("PyTorch's matmul fixtures on the device", () => {
  runOnDevice('tensor/matmul.msgpack', { ...torch, nn });
});

it('compiles one pipeline per dtype and layout, not per shape', async () => {
  const backend = await useWebGpu();
  const before = backend.ctx.pipelineCount;
  const square = (n: number) => torch.randn([n, n]).to('webgpu');
  for (const n of [70, 90, 130, 3, 5, 9]) await torch.matmul(square(n), square(n)).read();
  // the tiled kernel, the simple kernel, and the copies and reads around them
  const product = backend.ctx.pipelineCount - before;
  expect(product).toBeLessThanOrEqual(3);
});
