// A bounded fuzz test: seeded mutations of valid files (byte flips, truncations, insertions,
// overwritten lengths) must each load or fail with one of this package's named errors, never a
// TypeError/RangeError or a hang.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { CheckpointError, SafetensorsError, UnpicklingError, load, safetensors } from '../src/index.js';

const dir = join(fixturesDir(), 'serialize');
const named = [UnpicklingError, CheckpointError, SafetensorsError];

/** xorshift32: the same mutations on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const b = src.slice();
  const at = Math.floor(r() * b.length);
  switch (Math.floor(r() * 5)) {
    case 0: b[at] = Math.floor(r() * 256); return b;
    case 1: b[at] ^= 1 << Math.floor(r() * 8); return b;
    case 2: return b.subarray(0, at);
    case 3: { const out = new Uint8Array(b.length + 1); out.set(b.subarray(0, at)); out[at] = Math.floor(r() * 256); out.set(b.subarray(at), at + 1); return out; }
    default: for (let i = 0; i < 4 && at + i < b.length; i++) b[at + i] = 0xff; return b;
  }
}

const files: [string, (b: Uint8Array) => unknown][] = [
  ['checkpoint.pt', (b) => load(b)],
  ['checkpoint_legacy.pt', (b) => load(b)],
  ['views.pt', (b) => load(b)],
  ['deflated.pt', (b) => load(b)],
  ['all_dtypes.safetensors', (b) => safetensors.load(b)],
];

describe('fuzzed files fail cleanly', () => {
  for (const [file, open] of files) {
    it(`${file}: 400 mutations`, () => {
      const src = new Uint8Array(readFileSync(join(dir, file)));
      const r = rng(file.length * 7919);
      let failed = 0;
      for (let i = 0; i < 400; i++) {
        const bytes = mutate(src, r);
        try {
          open(bytes);
        } catch (e) {
          failed++;
          if (!named.some((cls) => e instanceof cls)) throw new Error(`mutation ${i} of ${file} threw ${String(e)}`, { cause: e });
        }
      }
      expect(failed).toBeGreaterThan(0);
    });
  }
});
