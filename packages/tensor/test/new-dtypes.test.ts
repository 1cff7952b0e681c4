// complex64/128, uint16/32/64 and float8 against PyTorch's numbers (fixtures/tensor/new_dtypes.msgpack,
// written by tools/fixtures/tensor_cases/new_dtypes.py): conversions both ways, promotion, printing,
// comparisons and the messages of the ops PyTorch refuses for these dtypes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { type DType, Storage, Tensor, WickError, arrayOver, itemsize } from '../src/index.js';

interface Case {
  name: string;
  kind: 'decode' | 'encode' | 'convert' | 'promote' | 'repr' | 'compare' | 'refuse' | 'complex_binary' | 'complex_unary' | 'complex_make' | 'complex_scalar' | 'complex_error' | 'opinfo' | 'uint_float' | 'uint64_data';
  [field: string]: unknown;
}

const doc = decode(readFileSync(join(fixturesDir(), 'tensor', 'new_dtypes.msgpack'))) as { cases: Case[] };
const cases = (kind: Case['kind']) => doc.cases.filter((c) => c.kind === kind);
/** A bytes field of a case as a plain Uint8Array (msgpack gives Node Buffers). */
const bytesOf = (v: unknown): Uint8Array => new Uint8Array(v as Uint8Array);

/** A contiguous tensor of dtype over a copy of little-endian bytes. */
function fromRaw(dtype: DType, bytes: Uint8Array, shape?: readonly number[]): Tensor {
  const n = bytes.length / itemsize(dtype);
  const copy = bytes.slice();
  const dims = shape ?? [n];
  const strides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
  return new Tensor(Storage.cpu(dtype, arrayOver(dtype, copy.buffer, 0, n)), dims, strides, 0);
}

/** The bytes of t's elements in logical order. */
function rawOf(t: Tensor): Uint8Array {
  const c = t.contiguous();
  const data = c.storage.data!;
  const size = itemsize(c.dtype);
  return new Uint8Array(data.buffer, data.byteOffset + c.offset * size, c.numel() * size).slice();
}

describe('float8: every byte to float32, as PyTorch converts', () => {
  for (const c of cases('decode')) {
    it(c.name, () => {
      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      expect(rawOf(fromRaw(c.dtype as DType, bytes).to('float32'))).toEqual(bytesOf(c.float32));
    });
  }
});

describe('conversions into float8 (round to nearest even, each format its overflow rule)', () => {
  for (const c of cases('encode')) {
    it(c.name, () => {
      const got = rawOf(fromRaw(c.source as DType, bytesOf(c.input)).to(c.dtype as DType));
      const want = bytesOf(c.output);
      const input = bytesOf(c.input);
      const bad = [...got].findIndex((b, i) => b !== want[i]);
      const width = input.length / want.length;
      // The first input that converts differently, as its bytes, so a failure names it.
      expect(bad === -1 ? null : { at: bad, input: [...input.subarray(bad * width, (bad + 1) * width)], got: got[bad], want: want[bad] }).toBe(null);
    });
  }
});

describe('conversions to and from uint16/32/64 and complex', () => {
  for (const c of cases('convert')) {
    it(c.name, () => {
      expect(rawOf(fromRaw(c.source as DType, bytesOf(c.input)).to(c.dtype as DType))).toEqual(bytesOf(c.output));
    });
  }
});

describe('promote_types over every pair of dtypes', () => {
  it('gives PyTorch’s result or its error for each of 400 pairs', () => {
    for (const c of cases('promote')) {
      const [a, b] = [c.a as DType, c.b as DType];
      if (c.error !== undefined) expect(() => torch.promote_types(a, b), c.name).toThrow(c.error as string);
      else expect(torch.promote_types(a, b), c.name).toBe(c.result);
    }
  });
});

describe('printing', () => {
  for (const c of cases('repr')) {
    it(c.name, () => {
      expect(String(fromRaw(c.dtype as DType, bytesOf(c.data), c.shape as number[]))).toBe(c.repr);
    });
  }
});

describe('eq and ne', () => {
  for (const c of cases('compare')) {
    it(c.name, () => {
      const [a, b] = [fromRaw(c.dtype as DType, bytesOf(c.a)), fromRaw(c.dtype as DType, bytesOf(c.b))];
      const got = c.op === 'eq' ? a.eq(b) : a.ne(b);
      expect(rawOf(got)).toEqual(bytesOf(c.result));
    });
  }
});

const calls: Record<string, (t: Tensor) => unknown> = {
  neg: (t) => t.neg(), add: (t) => t.add(t), sub: (t) => t.sub(t), lt: (t) => t.lt(t), max: (t) => t.max(), sum: (t) => t.sum(),
  relu: (t) => torch.relu(t), flip: (t) => t.flip(0), abs: (t) => t.abs(), exp: (t) => t.exp(), sort: (t) => t.sort(),
  clamp: (t) => t.clamp(0, 1), maximum: (t) => torch.maximum(t, t), argmax: (t) => t.argmax(),
  masked_fill: (t) => t.masked_fill(t.eq(t), 1),
};

describe("PyTorch's refusals", () => {
  for (const c of cases('refuse')) {
    it(`${c.name}: ${c.message as string}`, () => {
      const t = torch.tensor([1, 2]).to(c.dtype as DType);
      let error: unknown;
      try {
        calls[c.op as string]!(t);
      } catch (e) {
        error = e;
      }
      expect(WickError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(c.message);
      expect((error as WickError).pytorchType).toBe(c.error);
    });
  }
});

const complexBinary: Record<string, (a: Tensor, b: Tensor | torch.Complex | number) => Tensor> = {
  add: (a, b) => a.add(b), sub: (a, b) => a.sub(b), mul: (a, b) => a.mul(b), div: (a, b) => a.div(b),
};
const complexUnary: Record<string, (a: Tensor) => Tensor> = {
  neg: (a) => a.neg(), abs: (a) => a.abs(), angle: (a) => a.angle(), conj_physical: (a) => a.conj(),
};

describe('complex arithmetic, bit for bit', () => {
  for (const c of cases('complex_binary')) {
    it(c.name, () => {
      const [a, b] = [fromRaw(c.dtype as DType, bytesOf(c.a)), fromRaw(c.dtype as DType, bytesOf(c.b))];
      const r = complexBinary[c.op as string]!(a, b);
      expect(r.dtype).toBe(c.result_dtype);
      expect(rawOf(r)).toEqual(bytesOf(c.result));
    });
  }
  for (const c of cases('complex_unary')) {
    it(c.name, () => {
      const r = complexUnary[c.op as string]!(fromRaw(c.dtype as DType, bytesOf(c.a)));
      expect(r.dtype).toBe(c.result_dtype);
      expect(rawOf(r)).toEqual(bytesOf(c.result));
    });
  }
  for (const c of cases('complex_make')) {
    it(c.name, () => {
      const part = c.dtype === 'complex64' ? 'float32' : 'float64';
      const [a, b] = [fromRaw(part, bytesOf(c.a)), fromRaw(part, bytesOf(c.b))];
      const r = c.op === 'complex' ? torch.complex(a, b) : torch.polar({ abs: a, angle: b });
      expect(rawOf(r)).toEqual(bytesOf(c.result));
    });
  }
  for (const c of cases('complex_scalar')) {
    it(c.name, () => {
      const s = c.scalar as number | [number, number];
      const scalar = Array.isArray(s) ? new torch.Complex(s[0], s[1]) : s;
      const r = complexBinary[c.op as string]!(fromRaw(c.dtype as DType, bytesOf(c.a)), scalar);
      expect(r.dtype).toBe(c.result_dtype);
      expect(rawOf(r)).toEqual(bytesOf(c.result));
    });
  }
});

const ones = (shape: number[], dtype: DType = 'float32') => torch.ones(shape, { dtype });
const recipes: Record<string, () => unknown> = {
  'view_as_real/real_input': () => torch.view_as_real(ones([2])),
  'view_as_complex/last_dim_3': () => torch.view_as_complex(ones([2, 3])),
  'view_as_complex/last_stride': () => torch.view_as_complex(ones([2, 3]).t()),
  'view_as_complex/odd_stride': () => torch.view_as_complex(ones([3, 3]).narrow(1, 0, 2)),
  'view_as_complex/odd_offset': () => torch.view_as_complex(ones([7]).narrow(0, 1, 6).reshape(3, 2)),
  'view_as_complex/int': () => torch.view_as_complex(ones([3, 2], 'int32')),
  'view_as_complex/zero_dim': () => torch.view_as_complex(ones([])),
  'imag/real_input': () => ones([2]).imag,
  'complex/mixed': () => torch.complex(ones([2]), ones([2], 'float64')),
  'complex/ints': () => torch.complex(ones([2], 'int64'), ones([2], 'int64')),
  'polar/mixed': () => torch.polar(ones([2]), ones([2], 'float64')),
  'add_/complex_into_float': () => ones([2]).add_(new torch.Complex(0, 1)),
  'fill_/complex_into_float': () => torch.zeros([2]).fill_(new torch.Complex(1, -1)),
  'setitem/complex_into_float': () => torch.zeros([2]).__setitem__(0, new torch.Complex(1, 1)),
};

describe("complex views and constructors: PyTorch's refusals", () => {
  for (const c of cases('complex_error')) {
    it(c.name, () => {
      expect(recipes[c.recipe as string]!).toThrow(c.message as string);
    });
  }
});

describe('complex views share memory', () => {
  const z = torch.tensor([new torch.Complex(1, 2), new torch.Complex(3, -4)]);
  it('real, imag and view_as_real write through to the complex tensor', () => {
    z.real.fill_(5);
    torch.view_as_real(z).select(1, 1).mul_(10);
    expect(z.tolist()).toEqual([new torch.Complex(5, 20), new torch.Complex(5, -40)]);
    expect(z.imag.tolist()).toEqual([20, -40]);
  });
  it('full, fill_ and x[i] = v take a Complex', () => {
    const w = torch.full([2], new torch.Complex(1, -1));
    w.__setitem__(1, new torch.Complex(0, 2));
    expect([w.dtype, w.tolist()]).toEqual(['complex64', [new torch.Complex(1, -1), new torch.Complex(0, 2)]]);
  });
  it('numpy() of a complex tensor is its interleaved memory', () => {
    const w = torch.tensor([new torch.Complex(1, 2), new torch.Complex(3, 4), new torch.Complex(5, 6)]);
    const tail = w.narrow(0, 1, 2);
    expect([...tail.numpy()]).toEqual([3, 4, 5, 6]);
    tail.numpy()[1] = 40;
    expect(w.tolist()).toEqual([new torch.Complex(1, 2), new torch.Complex(3, 40), new torch.Complex(5, 6)]);
  });
  it('view_as_complex of view_as_real is the same elements', () => {
    const back = torch.view_as_complex(torch.view_as_real(z));
    expect(back.dtype).toBe('complex64');
    expect(back.tolist()).toEqual(z.tolist());
  });
  it('is_conj is false: conj makes a resolved copy', () => {
    expect([z.is_conj(), z.conj().is_conj(), z.is_complex(), ones([1]).is_complex()]).toEqual([false, false, true, false]);
    expect(torch.conj({ input: z }).tolist()).toEqual([new torch.Complex(5, -20), new torch.Complex(5, 40)]);
  });
  it('binds its functions by position and by name, and refuses a wrong call', () => {
    expect(torch.complex({ real: ones([1]), imag: ones([1]) }).tolist()).toEqual([new torch.Complex(1, 1)]);
    expect(torch.view_as_real({ input: z }).shape).toEqual([2, 2]);
    expect(() => Reflect.apply(torch.view_as_real, undefined, [z, 1])).toThrow('view_as_real() takes 1 positional argument but 2 were given');
  });
});

describe("PyTorch's OpInfo samples for complex add, mul and abs", () => {
  for (const c of cases('opinfo')) {
    it(c.name, () => {
      const dtype = c.dtype as DType;
      const a = fromRaw(dtype, bytesOf(c.a), c.a_shape as number[]);
      const b = c.b === null ? null : fromRaw(dtype, bytesOf(c.b), c.b_shape as number[]);
      const alpha = c.alpha as number | null;
      const r = c.op === 'abs' ? a.abs() : c.op === 'mul' ? a.mul(b!) : alpha === null ? a.add(b!) : a.add(b!, { alpha });
      expect(r.shape).toEqual(c.result_shape);
      expect(rawOf(r)).toEqual(bytesOf(c.result));
    });
  }
});

const uintFloat: Record<string, (x: Tensor, y: Tensor) => Tensor> = {
  div: (x, y) => x.div(y), div_scalar: (x) => x.div(3), sqrt: (x) => x.sqrt(), exp: (x) => x.exp(), atan2: (x, y) => torch.atan2(x, y),
};

describe('uint16/32/64 through the float ops PyTorch computes for them in float32', () => {
  for (const c of cases('uint_float')) {
    it(c.name, () => {
      const [x, y] = [fromRaw(c.dtype as DType, bytesOf(c.a)), fromRaw(c.dtype as DType, bytesOf(c.b))];
      const r = uintFloat[c.op as string]!(x, y);
      expect(r.dtype).toBe(c.result_dtype);
      expect(rawOf(r)).toEqual(bytesOf(c.result));
    });
  }
});

describe('torch.tensor with ints up to 2^64 - 1 for uint64', () => {
  for (const c of cases('uint64_data')) {
    it(c.name, () => {
      const data = (c.data as string[]).map((v) => BigInt(v));
      expect(String(torch.tensor(data, { dtype: 'uint64' }))).toBe(c.repr);
    });
  }
});
