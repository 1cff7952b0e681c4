// complex64/128 exp, log, sqrt, sum, mean and matrix products against PyTorch's numbers (fixtures/tensor/complex_math.msgpack,
// written by tools/fixtures/tensor_cases/complex_math.py). Special values must match exactly
// (infinities, NaN, signed zeros); finite parts are within a stated number of ULP of PyTorch's
// (DESIGN.md, "Bit-for-bit-close"): wick computes these in double and rounds once, glibc's
// cexpf/clogf/csqrtf round each step in float, so the last bits can differ.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { ArgumentError, type DType, DTypeError, Storage, Tensor, arrayOver, itemsize } from '../src/index.js';

interface Case {
  name: string;
  kind: 'elementary' | 'reduce' | 'refuse' | 'product' | 'addmm';
  [field: string]: unknown;
}

const doc = decode(readFileSync(join(fixturesDir(), 'tensor', 'complex_math.msgpack'))) as { cases: Case[] };
const cases = (kind: Case['kind']) => doc.cases.filter((c) => c.kind === kind);
const bytesOf = (v: unknown): Uint8Array => new Uint8Array(v as Uint8Array);

/** Per component, the most ULP wick's exp, log and sqrt may differ from PyTorch's (both dtypes). */
const ELEMENTARY_ULP = 2;
/**
 * sum and mean: per component, |wick - PyTorch| <= 2 n u S (mean: divided by n, plus 2 ULP of the
 * result), with n the count summed, u the unit roundoff (2^-24, 2^-53) and S the sum of the
 * magnitudes summed: twice the textbook bound on one summation's error (n u S), as both
 * summations round, in different orders.
 */
const REDUCE_BOUND = 2;

/** A contiguous tensor of dtype over a copy of little-endian bytes. */
function fromRaw(dtype: DType, bytes: Uint8Array, shape?: readonly number[]): Tensor {
  const n = bytes.length / itemsize(dtype);
  const dims = shape ?? [n];
  const strides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
  return new Tensor(Storage.cpu(dtype, arrayOver(dtype, bytes.slice().buffer, 0, n)), dims, strides, 0);
}

/** The components (real dtypes: the values) of t in logical order, as numbers. */
function components(t: Tensor): number[] {
  const real = torch.is_complex(t) ? torch.view_as_real(t.contiguous()) : t;
  return Array.from(real.contiguous().reshape(-1).to('float64').storage.data as Float64Array);
}

function components32or64(bytes: Uint8Array, dtype: DType): number[] {
  const f32 = dtype === 'complex64' || dtype === 'float32';
  const buffer = bytes.slice().buffer;
  return Array.from(f32 ? new Float32Array(buffer) : new Float64Array(buffer));
}

/** Ordered integer of a float's bits (float32 or float64), so neighbours differ by 1. */
function ordered(v: number, f32: boolean): bigint {
  const view = new DataView(new ArrayBuffer(8));
  let bits: bigint;
  if (f32) {
    view.setFloat32(0, v);
    bits = BigInt(view.getInt32(0));
  } else {
    view.setFloat64(0, v);
    bits = view.getBigInt64(0);
  }
  const min = f32 ? -(2n ** 31n) : -(2n ** 63n);
  return bits < 0n ? min - bits : bits;
}

/** ULP between got and want: 0 for equal values (signed zeros must agree) and two NaNs, Infinity where one is special and the other not. */
function ulps(got: number, want: number, f32: boolean): number {
  if (want !== want || got !== got) return want !== want && got !== got ? 0 : Infinity;
  if (Object.is(got, want)) return 0;
  if (!Number.isFinite(got) || !Number.isFinite(want) || got === 0 && want === 0) return Infinity;
  return Number(ordered(got, f32) - ordered(want, f32));
}

/** The largest |ULP| over the components, and the first component over the limit. */
function worst(got: number[], want: number[], f32: boolean, limit: number): { max: number; first: unknown } {
  let max = 0;
  let first: unknown = null;
  got.forEach((g, i) => {
    const d = Math.abs(ulps(g, want[i]!, f32));
    max = Math.max(max, d);
    if (d > limit && first === null) first = { at: i, got: g, want: want[i] };
  });
  return { max, first };
}

const ops: Record<string, [(t: Tensor) => Tensor, (t: Tensor) => Tensor, (t: Tensor) => Tensor]> = {
  exp: [(t) => t.exp(), (t) => torch.exp(t), (t) => t.clone().exp_()],
  log: [(t) => t.log(), (t) => torch.log({ input: t }), (t) => t.clone().log_()],
  sqrt: [(t) => t.sqrt(), (t) => torch.sqrt(t), (t) => t.clone().sqrt_()],
};

describe(`complex exp, log, sqrt: special values exact, others within ${ELEMENTARY_ULP} ULP of PyTorch's`, () => {
  for (const c of cases('elementary')) {
    it(c.name, () => {
      const dtype = c.dtype as DType;
      // A view case is a [4, 1] tensor seen expanded to [4, 3] and transposed.
      const a = c.view ? fromRaw(dtype, bytesOf(c.a), c.view as number[]).expand([4, 3]).t() : fromRaw(dtype, bytesOf(c.a));
      const want = components32or64(bytesOf(c.result), dtype);
      for (const call of ops[c.op as string]!) {
        const r = call(a);
        expect(r.dtype).toBe(dtype);
        const { max, first } = worst(components(r), want, dtype === 'complex64', ELEMENTARY_ULP);
        if (process.env.WICK_ULP) console.log(`${c.name}: ${max} ULP`);
        expect(first).toBe(null);
      }
    });
  }

  it('is called wrongly as for real tensors', () => {
    const z = torch.tensor([new torch.Complex(1, 2)]);
    expect(() => (torch.exp as unknown as (...a: unknown[]) => Tensor)(z, 3)).toThrow(ArgumentError);
    expect(() => (torch.sqrt as unknown as (...a: unknown[]) => Tensor)({ input: z, out: z })).toThrow("sqrt() got an unexpected keyword argument 'out'");
  });
});

type ReduceOpts = { dim?: number[]; keepdim?: boolean; dtype?: DType };
type ReduceFn = (t: Tensor, o: ReduceOpts) => Tensor;
/** Positionally (input, dim, keepdim) with dtype by name, and as a method with every argument by name. */
function callForms(f: typeof torch.sum): ReduceFn[] {
  const positional: ReduceFn = (t, { dim, keepdim = false, dtype }) => {
    if (dim) return dtype ? f(t, dim, keepdim, { dtype }) : f(t, dim, keepdim);
    return dtype ? f(t, { dtype }) : f(t);
  };
  return [positional, (t, o) => f({ input: t, ...o })];
}
const reduce: Record<string, ReduceFn[]> = { sum: [...callForms(torch.sum), (t, o) => t.sum({ ...o })], mean: [...callForms(torch.mean), (t, o) => t.mean({ ...o })] };

describe(`complex sum and mean within ${REDUCE_BOUND} n u S of PyTorch's`, () => {
  for (const c of cases('reduce')) {
    it(c.name, () => {
      const dtype = c.dtype as DType;
      const a = fromRaw(dtype, bytesOf(c.a), c.shape as number[]);
      const resultDType = c.result_dtype as DType;
      const want = components32or64(bytesOf(c.result), resultDType);
      const dim = (c.dim as number[] | null) ?? undefined;
      const opts = { ...(dim ? { dim, keepdim: c.keepdim as boolean } : {}), ...(c.out_dtype ? { dtype: c.out_dtype as DType } : {}) };
      const reduced = dim ? dim.reduce((n, d) => n * (c.shape as number[]).at(d)!, 1) : a.numel();
      const f32 = resultDType === 'complex64' || resultDType === 'float32';
      const u = f32 ? 2 ** -24 : 2 ** -53;
      const scale = components32or64(bytesOf(c.scale), 'float64');
      for (const call of reduce[c.op as string]!) {
        const r = call(a, opts);
        expect(r.dtype).toBe(resultDType);
        expect(r.shape).toEqual(c.result_shape);
        const got = components(r);
        const bad = got.findIndex((g, i) => {
          const w = want[i]!;
          if (w !== w || g !== g) return (w !== w) !== (g !== g);
          const sumBound = REDUCE_BOUND * reduced * u * scale[i]!;
          const bound = c.op === 'mean' ? sumBound / reduced + 2 * u * Math.abs(w) : sumBound;
          return !(Math.abs(g - w) <= bound);
        });
        if (process.env.WICK_ULP) console.log(`${c.name}: ${worst(got, want, f32, Infinity).max} ULP over ${reduced}`);
        expect(bad === -1 ? null : { at: bad, got: got[bad], want: want[bad], scale: scale[bad] }).toBe(null);
      }
    });
  }

  for (const c of cases('refuse')) {
    it(`${c.name}: ${c.message as string}`, () => {
      const z = torch.zeros([2], { dtype: c.dtype as DType });
      expect(() => torch.mean(z, { dtype: c.out_dtype as DType })).toThrow(c.message as string);
      expect(() => torch.mean(z, { dtype: c.out_dtype as DType })).toThrow(DTypeError);
    });
  }
});

/**
 * Matrix products: per component, |wick - PyTorch| <= 2 (k + 2) u S, with k the inner size, u the
 * unit roundoff and S the sum over k of the magnitudes of the real products making the component:
 * twice the textbook bound on one dot product's error, plus the subtraction/addition of the parts.
 */
const PRODUCT_BOUND = 2;
type ProductFn = (a: Tensor, b: Tensor) => Tensor;
const products: Record<string, ProductFn[]> = {
  mm: [(a, b) => torch.mm(a, b), (a, b) => a.mm({ mat2: b }), (a, b) => torch.matmul(a, b)],
  bmm: [(a, b) => torch.bmm(a, b), (a, b) => a.bmm(b), (a, b) => torch.matmul({ input: a, other: b })],
  matmul: [(a, b) => torch.matmul(a, b), (a, b) => a.matmul(b)],
  dot: [(a, b) => torch.dot(a, b), (a, b) => a.dot({ tensor: b }), (a, b) => torch.matmul(a, b)],
  mv: [(a, b) => torch.mv(a, b), (a, b) => a.mv(b), (a, b) => torch.matmul(a, b)],
};

describe(`complex matrix products within ${PRODUCT_BOUND} (k + 2) u S of PyTorch's`, () => {
  for (const c of cases('product')) {
    it(c.name, () => {
      const dtype = c.dtype as DType;
      const a = fromRaw(dtype, bytesOf(c.a), c.shape_a as number[]);
      const b = fromRaw(dtype, bytesOf(c.b), c.shape_b as number[]);
      const want = components32or64(bytesOf(c.result), dtype);
      const scale = components32or64(bytesOf(c.scale), 'float64');
      const u = dtype === 'complex64' ? 2 ** -24 : 2 ** -53;
      const k = c.k as number;
      for (const call of products[c.op as string]!) {
        const r = call(a, b);
        expect(r.dtype).toBe(dtype);
        expect(r.shape).toEqual(c.result_shape);
        const got = components(r);
        const bad = got.findIndex((g, i) => !(Math.abs(g - want[i]!) <= PRODUCT_BOUND * (k + 2) * u * scale[i]!));
        if (process.env.WICK_ULP) {
          const ratio = Math.max(0, ...got.map((g, i) => Math.abs(g - want[i]!) / (u * scale[i]!)).filter((v) => v === v));
          console.log(`${c.name}: ${worst(got, want, dtype === 'complex64', Infinity).max} ULP, ${ratio.toFixed(2)} u S over k = ${k}`);
        }
        expect(bad === -1 ? null : { at: bad, got: got[bad], want: want[bad], scale: scale[bad] }).toBe(null);
      }
    });
  }

  for (const c of cases('addmm')) {
    it(`${c.name}: beta = 2, alpha = 0.5`, () => {
      const dtype = c.dtype as DType;
      const [m, a, b] = [fromRaw(dtype, bytesOf(c.m), [3, 4]), fromRaw(dtype, bytesOf(c.a), [3, 5]), fromRaw(dtype, bytesOf(c.b), [5, 4])];
      const want = components32or64(bytesOf(c.result), dtype);
      const scale = components32or64(bytesOf(c.scale), 'float64');
      const u = dtype === 'complex64' ? 2 ** -24 : 2 ** -53;
      for (const r of [torch.addmm(m, a, b, { beta: 2, alpha: 0.5 }), m.addmm({ mat1: a, mat2: b, beta: 2, alpha: 0.5 })]) {
        const got = components(r);
        const bad = got.findIndex((g, i) => !(Math.abs(g - want[i]!) <= PRODUCT_BOUND * (5 + 4) * u * scale[i]!));
        expect(bad === -1 ? null : { at: bad, got: got[bad], want: want[bad] }).toBe(null);
      }
    });
  }

  it('mixed dtypes are refused as for real products', () => {
    const z = torch.ones([2, 2], { dtype: 'complex64' });
    expect(() => torch.mm(z, torch.ones([2, 2]))).toThrow('expected m1 and m2 to have the same dtype, but got: c10::complex<float> != float');
    expect(() => torch.mm(z, z.to('complex128'))).toThrow(DTypeError);
  });
});
