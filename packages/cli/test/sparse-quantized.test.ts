// `wick inspect` says what a sparse or quantized tensor is; `wick convert` to safetensors refuses
// it by name (safetensors has no such tensors) and writes nothing. Files and numbers from
// PyTorch 2.13 (tools/fixtures/serialize_cases/sparse_quantized.py).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { tempFolder, wick } from './run-wick.js';

const dir = join(fixturesDir(), 'serialize', 'sparse_quantized');
const tmp = tempFolder('wick-cli-sq-');
type Entry = Record<string, unknown>;
const cases = (decode(readFileSync(join(dir, 'expected.msgpack'))) as { cases: { file: string; value?: unknown }[] }).cases;
const valueOf = (file: string) => cases.find((c) => c.file === file)!.value as { items: [string, Entry][] };


describe('wick with sparse and quantized tensors', () => {
  it('inspect names the layout and nnz, the qscheme and scale', () => {
    const sparse = valueOf('sparse_state_dict.pt').items;
    const coo = sparse.find(([k]) => k === 'emb.weight')![1];
    const csr = sparse.find(([k]) => k === 'proj.weight')![1];
    const r = wick('inspect', join(dir, 'sparse_state_dict.pt'));
    expect(r.code).toBe(0);
    expect(r.out).toContain(`emb.weight  float32 [${(coo.shape as number[]).join(', ')}]  sparse_coo nnz=${coo.nnz}`);
    expect(r.out).toContain(`proj.weight  float32 [${(csr.shape as number[]).join(', ')}]  sparse_csr nnz=${csr.nnz}`);
    const q = valueOf('quantized_state_dict.pt').items.find(([k]) => k === 'fc.scale')![1];
    const json = JSON.parse(wick('inspect', join(dir, 'quantized_state_dict.pt'), '--json').out);
    const row = json.entries.find((e: { path: string }) => e.path === 'fc.scale').tensor;
    expect(row.dtype).toBe('quint8');
    expect(row.kind).toBe(`per_tensor_affine scale=${q.scale} zero_point=${q.zero_point}`);
    expect(json.entries.find((e: { path: string }) => e.path === 'fc.weight').tensor.kind).toBe('per_channel_affine axis=0');
  });

  it('inspect names float zero points and counts the packed bytes of quint4x2', () => {
    const emb = JSON.parse(wick('inspect', join(dir, 'quantized_embedding_state_dict.pt'), '--json').out);
    const weight = emb.entries.find((e: { path: string }) => e.path === 'weight').tensor;
    expect(weight.kind).toBe('per_channel_affine_float_qparams axis=0');
    const q4 = valueOf('quantized_quint4x2_odd.pt') as unknown as { shape: number[]; int_repr: { shape: number[] } };
    const row = JSON.parse(wick('inspect', join(dir, 'quantized_quint4x2_odd.pt'), '--json').out).entries[0].tensor;
    expect([row.dtype, row.shape, row.bytes]).toEqual(['quint4x2', q4.shape, q4.int_repr.shape[0]]);
  });

  it('convert to safetensors refuses them by name and writes nothing', () => {
    const out = join(tmp, 'x.safetensors');
    const r = wick('convert', join(dir, 'sparse_state_dict.pt'), out);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "wick: SafetensorsError: 'emb.weight' is a sparse_coo tensor, and safetensors has no sparse or quantized tensors: " +
        'save its to_dense() or dequantize() (or its parts) instead',
    );
    expect(wick('convert', join(dir, 'quantized_state_dict.pt'), out).err).toContain("'fc.weight' is a quantized (torch.qint8) tensor");
    expect(existsSync(out)).toBe(false);
  });
});
