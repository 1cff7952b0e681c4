// complex, uint16/32/64 and float8 written back as PyTorch writes them (fixtures/serialize, from
// tools/fixtures/serialize_cases/dtypes_exact.py; loading them is checked by corpus.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import { type Tensor, complex128, tensor, zeros } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { SafetensorsError, load, safetensors, save } from '../src/index.js';
import { memorySource } from '../src/source.js';
import { ZipReader } from '../src/zip/read.js';

const dir = join(fixturesDir(), 'serialize');
const file = (name: string) => readFileSync(join(dir, name));

describe('torch.save with the exact dtypes', () => {
  it("writes PyTorch's data.pkl byte for byte: typed complex storages, UntypedStorage and _rebuild_tensor_v3 for the rest", () => {
    const mine = new ZipReader(memorySource(save(load(file('exact_dtypes.pt')))));
    expect(mine.read('archive/data.pkl')).toEqual(new Uint8Array(file('exact_dtypes.data.pkl')));
  });

  it('loads what it saved, dtype and bits unchanged', () => {
    const values = load(file('exact_dtypes.pt')) as Map<string, Tensor>;
    const again = load(save(values)) as Map<string, Tensor>;
    for (const [k, t] of values) {
      const u = again.get(k)!;
      expect([u.dtype, u.shape, u.strides], k).toEqual([t.dtype, t.shape, t.strides]);
      expect(u.eq(t).logical_or(t.ne(t)).all().item(), k).toBe(true);
    }
  });
});

describe('safetensors with the exact dtypes', () => {
  it('round-trips C64, U16, U32, U64 and every F8 name', () => {
    const tensors = safetensors.load(file('exact_dtypes.safetensors'));
    const again = safetensors.load(safetensors.save(tensors, { dtypes: 'exact' }));
    expect([...again.keys()].sort()).toEqual([...tensors.keys()].sort());
    for (const [k, t] of tensors) expect(again.get(k)!.dtype, k).toBe(t.dtype);
  });

  it('refuses complex128, which the format has no dtype for', () => {
    expect(() => safetensors.save({ z: zeros([2], { dtype: complex128 }) })).toThrow(SafetensorsError);
    expect(() => safetensors.save({ z: tensor([1]).to('complex128') })).toThrow(
      "tensor `z`: safetensors has no dtype for torch.complex128 (the safetensors library raises KeyError: 'torch.complex128')",
    );
  });
});
