// Sparse and quantized tensors written by PyTorch 2.13 (tools/fixtures/serialize_cases/
// sparse_quantized.py): each loads with PyTorch's parts, to_dense(), int_repr() and dequantize()
// bit for bit, saves back to a file that loads the same, and hostile variants are refused with
// PyTorch's messages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { fixturesDir } from '@wick/testing';
import { QuantizedTensor, SparseTensor, Tensor, WickError, sparse_coo_tensor, sparse_csr_tensor, tensor } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { load, save } from '../src/index.js';
import { memorySource } from '../src/source.js';
import { ZipReader } from '../src/zip/read.js';
import { TreeEncoder, normalize } from './encode.js';

interface Case {
  file: string;
  value?: unknown;
  error?: { class: string; message: string };
}

const dir = join(fixturesDir(), 'serialize', 'sparse_quantized');
const expected = decode(readFileSync(join(dir, 'expected.msgpack')), { useBigInt64: true }) as {
  cases: Case[];
  messages: Record<string, string>;
  made: Record<string, unknown>;
};

/** TreeEncoder with the tags the fixture script gives sparse and quantized tensors. */
class Encoder extends TreeEncoder {
  override value(v: unknown): unknown {
    if (v instanceof SparseTensor) return this.sparse(v);
    if (v instanceof QuantizedTensor) return this.quantized(v);
    return super.value(v);
  }

  sparse(t: SparseTensor): unknown {
    const parts: Record<string, unknown> =
      t.layout === 'sparse_coo'
        ? { indices: this.tensor(t._indices()), values: this.tensor(t._values()), is_coalesced: t.is_coalesced() }
        : t.layout === 'sparse_csr' || t.layout === 'sparse_bsr'
          ? { compressed: this.tensor(t.crow_indices()), plain: this.tensor(t.col_indices()), values: this.tensor(t.values()) }
          : { compressed: this.tensor(t.ccol_indices()), plain: this.tensor(t.row_indices()), values: this.tensor(t.values()) };
    return {
      $: 'sparse', layout: t.layout, shape: [...t.shape], dtype: t.dtype, nnz: t._nnz(), sparse_dim: t.sparse_dim(),
      dense_dim: t.dense_dim(), ...parts, dense: new TreeEncoder().tensor(t.to_dense()), repr: String(t),
    };
  }

  quantized(t: QuantizedTensor): unknown {
    const out: Record<string, unknown> = {
      $: 'qtensor', dtype: t.dtype, qscheme: t.qscheme(), shape: [...t.shape], stride: t.stride(), offset: t.storage_offset(),
      int_repr: new TreeEncoder().tensor(t.int_repr()), dequantize: new TreeEncoder().tensor(t.dequantize()), repr: String(t),
    };
    if (t.qscheme() === 'per_tensor_affine') Object.assign(out, { scale: t.q_scale(), zero_point: t.q_zero_point() });
    else {
      Object.assign(out, {
        scales: new TreeEncoder().tensor(t.q_per_channel_scales()),
        zero_points: new TreeEncoder().tensor(t.q_per_channel_zero_points()),
        axis: t.q_per_channel_axis(),
      });
    }
    return out;
  }
}

/** Storage numbers differ between PyTorch's parts (views of one storage or not): compare without them. */
function withoutStorage(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutStorage);
  if (v instanceof Uint8Array) return v;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'storage').map(([k, x]) => [k, withoutStorage(x)]));
  return v;
}

const encode = (v: unknown): unknown => withoutStorage(new Encoder().value(v));
const bytesOf = (file: string): Uint8Array => readFileSync(join(dir, file));

describe('sparse and quantized tensors written by PyTorch', () => {
  for (const c of expected.cases.filter((x) => x.value !== undefined)) {
    it(`loads ${c.file} with PyTorch's parts and values`, () => {
      expect(encode(load(bytesOf(c.file)))).toEqual(withoutStorage(normalize(c.value)));
    });
    it(`saves ${c.file} back to what loads the same, with PyTorch's data.pkl byte for byte (zip files)`, () => {
      const again = save(load(bytesOf(c.file)));
      expect(encode(load(again))).toEqual(withoutStorage(normalize(c.value)));
      const original = bytesOf(c.file);
      if (original[0] !== 0x50) return; // a legacy-format file: wick writes the zip format
      const pkl = (b: Uint8Array) => new ZipReader(memorySource(b)).read('archive/data.pkl');
      expect(Buffer.from(pkl(again)).equals(Buffer.from(pkl(original)))).toBe(true);
    });
  }
  for (const c of expected.cases.filter((x) => x.error !== undefined)) {
    it(`refuses ${c.file}: ${c.error!.message.slice(0, 50)}`, () => {
      let error: unknown;
      try {
        load(bytesOf(c.file));
      } catch (e) {
        error = e;
      }
      expect(WickError.isInstance(error)).toBe(true);
      expect((error as Error).name).toBe(c.error!.class);
      expect((error as Error).message).toContain(c.error!.message);
    });
  }
});

describe("PyTorch's accessors on the wrong kind of tensor", () => {
  const coo = load(bytesOf('sparse_coo.pt')) as SparseTensor;
  const dup = load(bytesOf('sparse_coo_uncoalesced.pt')) as SparseTensor;
  const csr = load(bytesOf('sparse_csr.pt')) as SparseTensor;
  const csc = load(bytesOf('sparse_csc.pt')) as SparseTensor;
  const q = load(bytesOf('quantized_per_tensor_qint8.pt')) as QuantizedTensor;
  const p = load(bytesOf('quantized_per_channel_qint8.pt')) as QuantizedTensor;
  const calls: Record<string, () => unknown> = {
    'coo.indices()': () => dup.indices(),
    'coo.values()': () => dup.values(),
    'coo.crow_indices()': () => coo.crow_indices(),
    'coo.ccol_indices()': () => coo.ccol_indices(),
    'csr.indices()': () => csr.indices(),
    'csr.is_coalesced()': () => csr.is_coalesced(),
    'csr.coalesce()': () => csr.coalesce(),
    'csc.crow_indices()': () => csc.crow_indices(),
    'coo.to_dense(float64)': () => coo.to_dense('float64'),
    'per_channel.q_scale()': () => p.q_scale(),
    'per_channel.q_zero_point()': () => p.q_zero_point(),
    'per_tensor.q_per_channel_scales()': () => q.q_per_channel_scales(),
    'per_tensor.q_per_channel_axis()': () => q.q_per_channel_axis(),
  };
  it('has a call for every refusal PyTorch recorded, and no other', () => {
    expect(Object.keys(calls).sort()).toEqual(Object.keys(expected.messages).sort());
  });
  for (const [call, message] of Object.entries(expected.messages)) {
    it(call, () => {
      expect(calls[call]!).toThrow(message);
    });
  }
});

describe('coalesce() and the constructors against PyTorch', () => {
  const I = (x: number[][] | number[]) => tensor(x, { dtype: 'int64' });
  it('coalesce() of the uncoalesced file gives the coalesced file', () => {
    const dup = load(bytesOf('sparse_coo_uncoalesced.pt')) as SparseTensor;
    const want = load(bytesOf('sparse_coo.pt')) as SparseTensor;
    // PyTorch's coalesced indices are a narrowed view of a wider buffer: compare values, not strides.
    const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'stride' ? undefined : x instanceof Uint8Array ? [...x] : x)));
    expect(strip(encode(dup.coalesce()))).toEqual(strip(encode(want)));
  });
  it('infers sizes and the coalesced flag as PyTorch does', () => {
    const m = normalize(expected.made) as Record<string, unknown>;
    expect(sparse_coo_tensor(I([[0, 3], [1, 1]]), tensor([[1, 1, 1], [1, 1, 1]])).size()).toEqual(m.coo_inferred_size);
    expect(sparse_csr_tensor(I([0, 1, 2, 2]), I([4, 0]), tensor([1, 1])).size()).toEqual(m.csr_inferred_size);
    expect(sparse_coo_tensor(I([[1]]), tensor([1]), [3]).is_coalesced()).toBe(m.coo_one_element_coalesced);
    expect(sparse_coo_tensor(I([[0, 1]]), tensor([1, 1]), [3]).is_coalesced()).toBe(m.coo_two_elements_coalesced);
  });
  it('binds positionally, by name, and refuses wrong calls', () => {
    const a = sparse_coo_tensor(I([[0, 2]]), tensor([1, 2]), [3]);
    const b = sparse_coo_tensor({ indices: I([[0, 2]]), values: tensor([1, 2]), size: [3] });
    expect(a.to_dense().tolist()).toEqual(b.to_dense().tolist());
    expect(() => sparse_coo_tensor(I([[0]]), tensor([1]), [3], { sise: 1 } as never)).toThrow("got an unexpected keyword argument 'sise'");
    expect(() => sparse_coo_tensor(I([[0]]) as never)).toThrow(TypeError);
    expect(() => a.to_dense({ dtyp: 'float32' } as never)).toThrow("unexpected keyword argument 'dtyp'");
    expect(() => a.size('x' as never)).toThrow(TypeError);
    expect(a.size({ dim: -1 })).toBe(3);
    const q = load(bytesOf('quantized_per_tensor_qint8.pt')) as QuantizedTensor;
    expect(() => q.q_scale(1 as never)).toThrow(TypeError);
    expect(() => q.int_repr({ x: 1 } as never)).toThrow("unexpected keyword argument 'x'");
    expect(q.size(0)).toBe(6);
  });
  it('builds a QuantizedTensor from its integers and refuses a mismatched dtype', () => {
    const q = new QuantizedTensor(tensor([1, 2], { dtype: 'int8' }), 'qint8', 0.5, 1);
    expect(q.dequantize().tolist()).toEqual([0, 0.5]);
    expect(new QuantizedTensor({ int_repr: tensor([1], { dtype: 'uint8' }), dtype: 'quint8', scale: 1, zero_point: 0 }).int_repr().dtype).toBe('uint8');
    expect(() => new QuantizedTensor(tensor([1], { dtype: 'int8' }), 'quint8', 1, 0)).toThrow('the integers of a torch.quint8 tensor are uint8, but got int8');
    expect(() => new QuantizedTensor(tensor([1], { dtype: 'int8' }), 'int8' as never, 1, 0)).toThrow(TypeError);
    expect(q.int_repr()).toBeInstanceOf(Tensor);
  });
});
