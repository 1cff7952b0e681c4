// The wick command reports and writes complex, uint16/32/64 and float8 tensors as what they are
// (fixtures/serialize/exact_dtypes.*, written by PyTorch and safetensors).
import { join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import { load, safetensors } from '@wick/serialize';
import type { Tensor } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { tempFolder, wick } from './run-wick.js';

const fx = (name: string) => join(fixturesDir(), 'serialize', name);
const tmp = tempFolder('wick-cli-dtypes-');


describe('wick with the exact dtypes', () => {
  it('inspect reports the dtype in the file, not a widened one', () => {
    const r = wick('inspect', fx('exact_dtypes.pt'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('uint16  uint16 [4]  4 elements, 8 B');
    expect(r.out).toContain('uint64  uint64 [5]  5 elements, 40 B');
    expect(r.out).toContain('float8_e4m3fn  float8_e4m3fn [10]  10 elements, 10 B');
    expect(r.out).toContain('complex128  complex128 [2]  2 elements, 32 B');
  });

  it('convert .safetensors -> .pt keeps every dtype and bit', () => {
    const out = join(tmp, 'exact.pt');
    expect(wick('convert', fx('exact_dtypes.safetensors'), out).code).toBe(0);
    const original = safetensors.load(fx('exact_dtypes.safetensors'));
    const again = load(out) as Map<string, Tensor>;
    for (const [k, t] of original) {
      expect(again.get(k)!.dtype, k).toBe(t.dtype);
      expect(again.get(k)!.eq(t).logical_or(t.ne(t)).all().item(), k).toBe(true);
    }
  });

  it('convert .pt -> .safetensors refuses complex128 by name', () => {
    const r = wick('convert', fx('exact_dtypes.pt'), join(tmp, 'exact.safetensors'));
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('SafetensorsError');
    expect(r.err).toContain('safetensors has no dtype for torch.complex128');
  });
});
