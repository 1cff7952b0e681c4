// SparseTensor and QuantizedTensor made from their parts, against what PyTorch 2.13 computes from
// the same parts (tools/fixtures/serialize_cases/sparse_quantized.py, tensor_cases): to_dense(),
// coalesce() and dequantize() bit for bit, and broken parts refused with PyTorch's messages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { type EncodedTensor, decodeBase, fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import {
  type QDType, QuantizedTensor, type SparseLayout, SparseTensor, type Tensor, ValueError, ones, quantize_per_channel, quantize_per_tensor,
  sparse_coo_tensor, tensor,
} from '../src/index.js';

interface CooCase {
  name: string;
  indices: EncodedTensor;
  values: EncodedTensor;
  size: number[];
  is_coalesced: boolean;
  dense: EncodedTensor;
  coalesced_indices: EncodedTensor;
  coalesced_values: EncodedTensor;
  sparse_dim: number;
  dense_dim: number;
}
interface CompressedCase {
  name: string;
  layout: SparseLayout;
  size: number[];
  compressed: EncodedTensor;
  plain: EncodedTensor;
  values: EncodedTensor;
  dense: EncodedTensor;
  nnz: number;
  sparse_dim: number;
  dense_dim: number;
}
interface Refusal {
  name: string;
  layout: SparseLayout;
  parts: EncodedTensor[];
  values: EncodedTensor;
  size: number[];
  is_coalesced: boolean | null;
  message: string;
}
interface QuantizedCase {
  name: string;
  dtype: QDType;
  int_repr: EncodedTensor;
  scale?: number;
  zero_point?: number;
  scales?: EncodedTensor;
  zero_points?: EncodedTensor;
  axis?: number;
  dequantize: EncodedTensor;
  /** Float zero points (per_channel_affine_float_qparams): the parameters as PyTorch keeps them, and its repr. */
  q_per_channel_scales?: EncodedTensor;
  q_per_channel_zero_points?: EncodedTensor;
  repr?: string;
}

const fixture = decode(readFileSync(join(fixturesDir(), 'serialize', 'sparse_quantized', 'tensor_cases.msgpack'))) as {
  coo: CooCase[];
  compressed: CompressedCase[];
  refusals: Refusal[];
  quantized: QuantizedCase[];
  dequantize_refusals: (QuantizedCase & { message: string })[];
  quantize: (Omit<QuantizedCase, 'dequantize'> & { input: EncodedTensor })[];
  quantize_refusals: Record<string, string>;
  to_sparse: {
    name: string; input: EncodedTensor; call: 'to_sparse' | 'to_sparse_coo' | 'to_sparse_csr' | 'to_sparse_csc';
    kwargs: Record<string, unknown>; layout: SparseLayout; parts: EncodedTensor[]; values: EncodedTensor; is_coalesced: boolean | null;
    dense: EncodedTensor;
  }[];
};

/** A tensor's bytes in logical order, as the fixture holds them. */
function bytesOf(t: Tensor): Uint8Array {
  const c = t.contiguous();
  const d = c.storage.data!;
  const size = d.BYTES_PER_ELEMENT;
  return new Uint8Array(d.buffer, d.byteOffset + c.offset * size, c.shape.reduce((a, b) => a * b, 1) * size);
}

function expectSame(got: Tensor, want: EncodedTensor): void {
  expect(got.dtype).toBe(want.dtype);
  expect([...got.shape]).toEqual(want.shape);
  expect(Buffer.from(bytesOf(got)).equals(Buffer.from(want.data))).toBe(true);
}

describe('COO tensors against PyTorch', () => {
  for (const c of fixture.coo) {
    it(`${c.name}: to_dense(), coalesce(), dims`, () => {
      const t = sparse_coo_tensor(decodeBase(c.indices), decodeBase(c.values), c.size);
      expect(t.is_coalesced()).toBe(c.is_coalesced);
      expect([t.sparse_dim(), t.dense_dim()]).toEqual([c.sparse_dim, c.dense_dim]);
      expectSame(t.to_dense(), c.dense);
      const k = t.coalesce();
      expect(k.is_coalesced()).toBe(true);
      expectSame(k.indices(), c.coalesced_indices);
      expectSame(k.values(), c.coalesced_values);
    });
  }
});

describe('compressed tensors against PyTorch', () => {
  for (const c of fixture.compressed) {
    it(`${c.name}: to_dense(), nnz, dims`, () => {
      const t = new SparseTensor(c.layout, [decodeBase(c.compressed), decodeBase(c.plain)], decodeBase(c.values), c.size);
      expect([t._nnz(), t.sparse_dim(), t.dense_dim()]).toEqual([c.nnz, c.sparse_dim, c.dense_dim]);
      expectSame(t.to_dense(), c.dense);
    });
  }
});

describe('broken parts are refused with PyTorch messages', () => {
  for (const c of fixture.refusals) {
    it(c.name, () => {
      const make = () => new SparseTensor(c.layout, c.parts.map(decodeBase), decodeBase(c.values), c.size, { is_coalesced: c.is_coalesced });
      expect(make).toThrow(ValueError);
      expect(make).toThrow(c.message);
    });
  }
});

function quantized(c: QuantizedCase): QuantizedTensor {
  const ints = decodeBase(c.int_repr);
  return c.scales === undefined
    ? new QuantizedTensor(ints, c.dtype, c.scale!, c.zero_point!)
    : new QuantizedTensor(ints, c.dtype, decodeBase(c.scales), decodeBase(c.zero_points!), c.axis!);
}

describe('dequantize() against PyTorch', () => {
  for (const c of fixture.quantized) {
    it(c.name, () => {
      const q = quantized(c);
      expectSame(q.dequantize(), c.dequantize);
      expectSame(q.int_repr(), c.int_repr);
      const floatQParams = c.q_per_channel_zero_points !== undefined;
      expect(q.qscheme()).toBe(c.scales === undefined ? 'per_tensor_affine' : floatQParams ? 'per_channel_affine_float_qparams' : 'per_channel_affine');
      if (floatQParams) {
        expectSame(q.q_per_channel_scales(), c.q_per_channel_scales!);
        expectSame(q.q_per_channel_zero_points(), c.q_per_channel_zero_points!);
        expect(q.q_per_channel_axis()).toBe(c.axis);
        expect(String(q)).toBe(c.repr);
      }
    });
  }
});

describe('dequantize() refuses zero points outside the dtype, as PyTorch does', () => {
  for (const c of fixture.dequantize_refusals) {
    it(c.name, () => {
      const q = quantized(c);
      expect(() => q.dequantize()).toThrow(ValueError);
      expect(() => q.dequantize()).toThrow(c.message);
    });
  }
});

describe('torch.quantize_per_tensor and quantize_per_channel against PyTorch', () => {
  for (const c of fixture.quantize) {
    it(c.name, () => {
      const x = decodeBase(c.input);
      const q = c.scales === undefined
        ? quantize_per_tensor(x, c.scale!, c.zero_point!, c.dtype)
        : quantize_per_channel(x, decodeBase(c.scales), decodeBase(c.zero_points!), c.axis!, c.dtype);
      expect(q.dtype).toBe(c.dtype);
      expectSame(q.int_repr(), c.int_repr);
      if (c.scales === undefined) expect([q.q_scale(), q.q_zero_point()]).toEqual([c.scale, c.zero_point]);
      else expectSame(q.q_per_channel_scales(), c.scales);
    });
  }
  it('refuses what PyTorch refuses, in its words', () => {
    const m = fixture.quantize_refusals;
    expect(() => quantize_per_tensor(ones(2, { dtype: 'float64' }), 0.1, 0, 'qint8')).toThrow(m['float64 input']!);
    expect(() => quantize_per_tensor(ones(2), 0.1, 300, 'qint8')).toThrow(m['zero_point above']!);
    expect(() => quantize_per_tensor(ones(2), 0.1, -1, 'quint8')).toThrow(m['zero_point below']!);
    const scales = tensor([0.1, 0.1], { dtype: 'float64' });
    expect(() => quantize_per_channel(ones(2, 2), scales, tensor([0, 300]), 0, 'qint8')).toThrow(m['per_channel zero_point above']!);
    // wick's own refusal: PyTorch quantizes to the packed dtypes, wick only loads them.
    expect(() => quantize_per_tensor(ones(2), 0.1, 0, 'quint4x2')).toThrow('quantizing to torch.quint4x2 is not supported by wick');
    expect(() => quantize_per_channel(ones(2, 2), scales, tensor([0.5, 1]), 0, 'quint8')).toThrow('float zero points (per_channel_affine_float_qparams) is not supported');
  });
  it('binds positionally, by name, and refuses wrong calls', () => {
    const a = quantize_per_tensor(tensor([0.5, 1.5]), 0.5, 0, 'qint8');
    const b = quantize_per_tensor({ input: tensor([0.5, 1.5]), scale: 0.5, zero_point: 0, dtype: 'qint8' });
    expect(b.int_repr().tolist()).toEqual(a.int_repr().tolist());
    expect(() => quantize_per_tensor(tensor([1]), 0.5, 0, 'int8' as never)).toThrow(TypeError);
    expect(() => quantize_per_tensor(tensor([1]), 0.5, 0, 'qint8', { axis: 0 } as never)).toThrow("unexpected keyword argument 'axis'");
    expect(() => quantize_per_channel(tensor([1]), tensor([1]), tensor([0]), 0 as never)).toThrow(TypeError);
  });
});

interface SubByteCase {
  name: string;
  dtype: QDType;
  packed: EncodedTensor;
  size: number[];
  stride: number[];
  scale: number;
  zero_point: number;
  dequantize?: EncodedTensor;
  repr?: string;
  message?: string;
}

describe('packed quint4x2/quint2x4 tensors against PyTorch', () => {
  const cases = (fixture as unknown as { sub_byte: SubByteCase[] }).sub_byte;
  for (const c of cases) {
    it(c.name, () => {
      const q = new QuantizedTensor(decodeBase(c.packed), c.dtype, c.scale, c.zero_point, null, { size: c.size, stride: c.stride });
      expect([q.shape, q.stride(), q.qscheme()]).toEqual([c.size, c.stride, 'per_tensor_affine']);
      expectSame(q.int_repr(), c.packed);
      if (c.message === undefined) {
        expectSame(q.dequantize(), c.dequantize!);
        expect(String(q)).toBe(c.repr);
      } else {
        expect(() => q.dequantize()).toThrow(ValueError);
        expect(() => q.dequantize()).toThrow(c.message);
      }
    });
  }
  it('binds size and stride by name only, and refuses packed bytes that do not fit', () => {
    const c = cases[0]!;
    const bytes = decodeBase(c.packed);
    const byName = new QuantizedTensor({ int_repr: bytes, dtype: c.dtype, scale: c.scale, zero_point: c.zero_point, size: c.size });
    expect(byName.stride()).toEqual(c.stride);
    expect(() => new QuantizedTensor(bytes, c.dtype, c.scale, c.zero_point)).toThrow('takes its size');
    expect(() => new QuantizedTensor(bytes, c.dtype, c.scale, c.zero_point, null, { size: [99] })).toThrow(ValueError);
    expect(() => new QuantizedTensor(bytes, c.dtype, c.scale, c.zero_point, null, { size: c.size, stride: [1] })).toThrow('stride has 1 dims');
    expect(() => new QuantizedTensor(bytes, 'quint8', c.scale, c.zero_point, null, { size: c.size })).toThrow('packed quint4x2/quint2x4 only');
    // size and stride are keyword-only: positionally they are too many arguments.
    const positional = [bytes, c.dtype, c.scale, c.zero_point, null, c.size, c.stride] as unknown as [Tensor, QDType, number, number];
    expect(() => new QuantizedTensor(...positional)).toThrow(TypeError);
  });
});

describe('Tensor.to_sparse* against PyTorch', () => {
  for (const c of fixture.to_sparse) {
    it(`${c.name}: ${c.call}(${JSON.stringify(c.kwargs)})`, () => {
      const x = decodeBase(c.input);
      const kwargs = Object.keys(c.kwargs).length === 0 ? [] : [c.kwargs];
      const t = Reflect.apply(x[c.call], x, kwargs) as SparseTensor;
      expect(t.layout).toBe(c.layout);
      expect([...t.shape]).toEqual(c.input.shape);
      const parts = t.layout === 'sparse_coo' ? [t._indices()] : t.layout === 'sparse_csr' ? [t.crow_indices(), t.col_indices()] : [t.ccol_indices(), t.row_indices()];
      parts.forEach((p, i) => expectSame(p, c.parts[i]!));
      expectSame(t.layout === 'sparse_coo' ? t._values() : t.values(), c.values);
      if (c.is_coalesced !== null) expect(t.is_coalesced()).toBe(c.is_coalesced);
      expectSame(t.to_dense(), c.dense); // -0.0 comes back as 0.0, as in PyTorch
    });
  }
  it('binds positionally and by name, and refuses wrong calls', () => {
    const x = tensor([[0, 1], [2, 0]]);
    expect(x.to_sparse(2)._nnz()).toBe(x.to_sparse({ layout: 'sparse_coo' })._nnz());
    expect(x.to_sparse_csr({ dense_dim: null }).layout).toBe('sparse_csr');
    expect(() => x.to_sparse({ sparse_dim: 1, layout: 'sparse_coo' } as never)).toThrow(TypeError);
    expect(() => x.to_sparse_csr('a' as never)).toThrow(TypeError);
    expect(() => x.to_sparse({ blocksize: [1, 1] })).toThrow(ValueError);
  });
});

describe('limits', () => {
  it('to_dense() of a size beyond memory is a named error, not a RangeError', () => {
    const s = sparse_coo_tensor(tensor([[0], [0]], { dtype: 'int64' }), tensor([1]), [1e9, 1e9]);
    expect(() => s.to_dense()).toThrow(ValueError);
    expect(() => s.to_dense()).toThrow('to_dense: a dense tensor of size [1000000000, 1000000000] (1000000000000000000 elements) cannot be allocated');
  });
  it("does not change the caller's list of indices", () => {
    const parts = [tensor([[1, 0]], { dtype: 'int32' })];
    new SparseTensor('sparse_coo', parts, tensor([1, 2]), [2]);
    expect(parts[0]!.dtype).toBe('int32');
  });
});

describe('what kind a tensor is, as PyTorch answers', () => {
  it('layout, is_sparse and is_quantized', () => {
    const m = (decode(readFileSync(join(fixturesDir(), 'serialize', 'sparse_quantized', 'tensor_cases.msgpack'))) as { kinds: Record<string, unknown[]> }).kinds;
    const x = tensor([[0, 1], [2, 0]]);
    const q = quantize_per_tensor(tensor([0.5]), 0.1, 0, 'qint8');
    const kinds: Record<string, { layout: string; is_sparse: boolean; is_quantized: boolean; is_sparse_csr?: boolean }> = {
      dense: x, coo: x.to_sparse(), csr: x.to_sparse_csr(), csc: x.to_sparse_csc(), quantized: q,
    };
    for (const [name, t] of Object.entries(kinds)) {
      expect([t.layout, t.is_sparse, t.is_quantized], name).toEqual(m[name]);
    }
  });
});
