// The elementwise families on 'webgpu' against the CPU backend, op by op, on random and special
// values. Tolerances: exact where the math is exact (arithmetic, comparisons, rounding, integer
// ops); within a few ULP for the transcendental functions, which the kernels compute with their
// own range reductions (wgsl/library.ts) rather than the adapter's approximate built-ins.
import * as torch from '@wick/tensor';
import { ulpDistance } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWebGpu } from './gpu.js';

beforeAll(useWebGpu);

/** Results in float32's subnormal range may be flushed to zero on a GPU. */
const SUBNORMAL = 2 ** -126;

async function worstUlp(cpu: torch.Tensor, gpu: torch.Tensor): Promise<{ ulp: number; at: number }> {
  expect(gpu.dtype).toBe(cpu.dtype);
  expect(gpu.shape).toEqual(cpu.shape);
  const c = cpu.dtype === 'bool' ? cpu.to('int32').numpy() : (cpu.to('float32').numpy() as Float32Array);
  const g = await (gpu.dtype === 'bool' ? gpu.to('int32') : gpu.to('float32')).read();
  let ulp = 0;
  let at = -1;
  for (let i = 0; i < c.length; i++) {
    const e = Number(c[i]);
    const a = Number(g[i]);
    if (Math.abs(e) < SUBNORMAL && a === 0) continue;
    const d = ulpDistance(e, a, 'float32');
    if (d > ulp) [ulp, at] = [d, i];
  }
  return { ulp, at };
}

torch.manual_seed(0);
const special = [0, -0, 1, -1, 0.5, -0.5, 1e-30, -1e-30, 1e-8, 88, -88, 100, -100, Infinity, -Infinity, NaN, 2.5, 3.5, -2.5, 8000];
const x = torch.cat([torch.randn([2048]).mul(3), torch.tensor(special, { dtype: 'float32' })]);
const y = torch.cat([torch.randn([2048]).mul(2), torch.tensor([0, 1, -1, 2, -2, 0.5, 3, Infinity, -Infinity, NaN, 0, 0, 1e-30, 7, -7, 3, 2, 0.5, -0.5, 1], { dtype: 'float32' })]);

const EXACT = ['neg', 'abs', 'sign', 'sqrt', 'reciprocal', 'relu', 'floor', 'ceil', 'trunc', 'round', 'square', 'logical_not', 'isnan', 'isinf', 'isfinite'];
const CLOSE: Record<string, number> = { exp: 2, expm1: 4, log: 2, log1p: 4, log2: 2, log10: 3, rsqrt: 1, sin: 2, cos: 2, tan: 4, tanh: 3, sigmoid: 3, erf: 4 };
const BINARY_EXACT = ['add', 'sub', 'mul', 'div', 'floor_divide', 'remainder', 'fmod', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or', 'logical_xor'];

type Fn = (...a: unknown[]) => torch.Tensor;
const fn = (name: string): Fn => (torch as unknown as Record<string, Fn>)[name]!;

describe('float32 unary', () => {
  for (const name of [...EXACT, ...Object.keys(CLOSE)]) {
    it(`${name} within ${CLOSE[name] ?? 0} ULP`, async () => {
      const { ulp, at } = await worstUlp(fn(name)(x), fn(name)(x.to('webgpu')));
      expect(ulp, `worst at x = ${x.numpy()[at]}`).toBeLessThanOrEqual(CLOSE[name] ?? 0);
    });
  }
});

describe('float32 binary', () => {
  for (const name of BINARY_EXACT) {
    it(`${name} exactly`, async () => {
      const { ulp, at } = await worstUlp(fn(name)(x, y), fn(name)(x.to('webgpu'), y.to('webgpu')));
      expect(ulp, `worst at (${x.numpy()[at]}, ${y.numpy()[at]})`).toBe(0);
    });
  }
  it('sin, cos and tan of large arguments (exact reduction by 2/pi) within 2, 2 and 4 ULP', async () => {
    torch.manual_seed(1);
    const magnitudes = torch.pow(torch.tensor(10, { dtype: 'float32' }), torch.rand([2000]).mul(38));
    const big = torch.cat([torch.tensor([1e30, -1e30, 3.4e38, -3.4e38, 8193, 1e5, 2 ** 60], { dtype: 'float32' }), torch.rand([2000]).sub(0.5).mul(magnitudes)]);
    for (const [name, bound] of [['sin', 2], ['cos', 2], ['tan', 4]] as const) {
      const { ulp, at } = await worstUlp(fn(name)(big), fn(name)(big.to('webgpu')));
      expect(ulp, `${name} worst at x = ${big.numpy()[at]}`).toBeLessThanOrEqual(bound);
    }
  });
  it('atan2 within 3 ULP', async () => {
    expect((await worstUlp(torch.atan2(x, y), torch.atan2(x.to('webgpu'), y.to('webgpu')))).ulp).toBeLessThanOrEqual(3);
  });
  it('pow within 2 + |b ln a| ULP (exp(b log a) in float32 carries the error of b log a)', async () => {
    const a = torch.rand([1024]).mul(4);
    const b = torch.randn([1024]).mul(3);
    const { ulp, at } = await worstUlp(torch.pow(a, b), torch.pow(a.to('webgpu'), b.to('webgpu')));
    const bound = 2 + Math.abs(Number(b.numpy()[at] ?? 0) * Math.log(Number(a.numpy()[at] ?? 1)));
    expect(ulp).toBeLessThanOrEqual(Math.ceil(bound));
  });
  it('pow of negative bases and special exponents exactly', async () => {
    const a = torch.tensor([-2, -2, -0.5, 0, -0, 3, -1, -1, 2], { dtype: 'float32' });
    const b = torch.tensor([3, 0.5, 2, -1, -1, -2, Infinity, 2.5, 0], { dtype: 'float32' });
    expect((await worstUlp(torch.pow(a, b), torch.pow(a.to('webgpu'), b.to('webgpu')))).ulp).toBe(0);
  });
});

describe('integer, bool and narrow dtypes compute exactly', () => {
  const ints = torch.tensor([0, 1, -1, 7, -7, 2147483647, -2147483648, 100, -100, 3], { dtype: 'int32' });
  const divisors = torch.tensor([3, -2, 5, 2, -3, 2, 7, -9, 9, 1], { dtype: 'int32' });
  for (const dtype of ['int32', 'int64', 'int16', 'int8', 'uint8'] as const) {
    for (const name of ['add', 'sub', 'mul', 'floor_divide', 'remainder', 'fmod', 'maximum', 'minimum', 'lt', 'eq']) {
      it(`${dtype} ${name}`, async () => {
        const [a, b] = [ints.to(dtype), divisors.to(dtype)];
        const cpu = fn(name)(a, b);
        const gpu = fn(name)(a.to('webgpu'), b.to('webgpu'));
        expect([...(await gpu.read())]).toEqual([...cpu.numpy()]);
      });
    }
  }
  it('int64 beyond 32 bits: arithmetic, conversion to float32 rounds to nearest even', async () => {
    const a = torch.tensor([2n ** 40n + 3n, -(2n ** 50n) - 1n, 9007199254740993n, -5n, 2n ** 62n]);
    const b = torch.tensor([3n, 7n, -2n, 2n, -3n]);
    for (const name of ['add', 'sub', 'mul', 'floor_divide', 'remainder', 'fmod', 'maximum', 'pow']) {
      const cpu = fn(name)(a, name === 'pow' ? b.abs() : b);
      const gpu = fn(name)(a.to('webgpu'), (name === 'pow' ? b.abs() : b).to('webgpu'));
      expect([...(await gpu.read())], name).toEqual([...cpu.numpy()]);
    }
    expect([...(await a.to('webgpu').to('float32').read())]).toEqual([...a.to('float32').numpy()]);
    const f = torch.tensor([3.9e12, -2.5, -1e15, 2 ** 40], { dtype: 'float32' });
    expect([...(await f.to('webgpu').to('int64').read())]).toEqual([...f.to('int64').numpy()]);
  });
  it('float16 and bfloat16 round every result to their precision', async () => {
    for (const dtype of ['float16', 'bfloat16'] as const) {
      const a = x.slice(0, 0, 256).to(dtype);
      const b = y.slice(0, 0, 256).to(dtype);
      for (const name of ['add', 'mul', 'div', 'sub']) {
        expect((await worstUlp(fn(name)(a, b), fn(name)(a.to('webgpu'), b.to('webgpu')))).ulp, `${dtype} ${name}`).toBe(0);
      }
      expect((await worstUlp(a.mul(1000), a.to('webgpu').mul(1000))).ulp, `${dtype} overflow`).toBe(0);
    }
  });
  it('bool ops', async () => {
    const a = torch.tensor([true, false, true, false]);
    const b = torch.tensor([true, true, false, false]);
    for (const name of ['add', 'mul', 'maximum', 'logical_xor', 'eq']) {
      expect([...(await fn(name)(a.to('webgpu'), b.to('webgpu')).read())], name).toEqual([...fn(name)(a, b).numpy()]);
    }
  });
});

describe('views, where, clamp, fill', () => {
  it('strided and broadcast operands, in place', async () => {
    const m = torch.randn([5, 7]);
    const g = m.to('webgpu');
    expect([...(await g.t().add(g.slice(1, 0, 1).t()).read())]).toEqual([...m.t().add(m.slice(1, 0, 1).t()).numpy()]);
    g.mul_(2);
    expect([...(await g.read())]).toEqual([...m.mul(2).numpy()]);
    const col = g.select(1, 3);
    col.fill_(-1);
    expect([...(await g.select(1, 3).read())]).toEqual([-1, -1, -1, -1, -1]);
  });
  it('where and clamp with NaN', async () => {
    const v = torch.tensor([NaN, -3, 0.5, 9], { dtype: 'float32' });
    expect([...(await v.to('webgpu').clamp(-1, 1).read())]).toEqual([NaN, -1, 0.5, 1]);
    expect([...(await v.to('webgpu').clamp({ max: 2 }).read())]).toEqual([NaN, -3, 0.5, 2]);
    const c = v.gt(0);
    expect([...(await torch.where(c.to('webgpu'), v.to('webgpu'), torch.zeros(4).to('webgpu')).read())]).toEqual([0, 0, 0.5, 9]);
  });
});
