// SparseTensor and QuantizedTensor made from their parts, against what PyTorch 2.13 computes from
// the same parts (tools/fixtures/serialize_cases/sparse_quantized.py, tensor_cases): to_dense(),
// coalesce() and dequantize() bit for bit, and broken parts refused with PyTorch's messages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { type EncodedTensor, decodeBase, fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { type QDType, QuantizedTensor, type SparseLayout, SparseTensor, type Tensor, ValueError, sparse_coo_tensor } from '../src/index.js';

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
}

const fixture = decode(readFileSync(join(fixturesDir(), 'serialize', 'sparse_quantized', 'tensor_cases.msgpack'))) as {
  coo: CooCase[];
  compressed: CompressedCase[];
  refusals: Refusal[];
  quantized: QuantizedCase[];
  dequantize_refusals: (QuantizedCase & { message: string })[];
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
      expect(q.qscheme()).toBe(c.scales === undefined ? 'per_tensor_affine' : 'per_channel_affine');
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
