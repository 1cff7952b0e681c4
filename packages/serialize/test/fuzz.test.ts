// A bounded fuzz test: seeded mutations of valid files (byte flips, truncations, insertions,
// overwritten lengths) must each load or fail with one of this package's named errors, never a
// TypeError/RangeError or a hang. A second part mutates inside the pickle of a zip (rezipped) and
// inside a safetensors header (its length fixed up) with the hostile classes of issue 13: runs of
// one byte (deep nesting, 200,000 MARKs or TUPLE1s or brackets), large LONG4 integers, storage
// keys made to collide, floats and lone surrogates in the JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { CheckpointError, SafetensorsError, UnpicklingError, load, safetensors } from '../src/index.js';
import { memorySource } from '../src/source.js';
import { ZipReader } from '../src/zip/read.js';
import { ZipWriter } from '../src/zip/write.js';

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

/** `bytes` with `insert` placed at `at`. */
function spliced(bytes: Uint8Array, at: number, insert: Uint8Array, remove = 0): Uint8Array {
  const out = new Uint8Array(bytes.length + insert.length - remove);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** One hostile-class mutation of a pickle or a JSON header. */
function hostileMutation(src: Uint8Array, r: () => number, json: boolean): Uint8Array {
  const at = Math.floor(r() * src.length);
  const big = [1000, 20_000, 200_000][Math.floor(r() * 3)]!;
  switch (Math.floor(r() * 5)) {
    case 0: // a run of one byte already there: MARK, TUPLE1, '[' ... nest deeply
      return spliced(src, at, new Uint8Array(big).fill(src[at] ?? 0x28));
    case 1: { // a large LONG4 (or, in JSON, a long number)
      const n = Math.floor(r() * (1 << 18));
      const long = new Uint8Array(5 + n).fill(0x5a);
      long[0] = json ? 0x31 : 0x8b;
      new DataView(long.buffer).setInt32(1, json ? 0x31313131 : n, true);
      return spliced(src, at, long);
    }
    case 2: { // make two storage keys (or names) collide: a one-character string takes another's value
      const starts: number[] = [];
      for (let i = 0; i + 5 < src.length; i++) {
        if (json ? src[i] === 0x22 && src[i + 2] === 0x22 : src[i] === 0x58 && src[i + 1] === 1 && src[i + 2] === 0 && src[i + 3] === 0 && src[i + 4] === 0) starts.push(i);
      }
      if (starts.length < 2) return src;
      const from = starts[Math.floor(r() * starts.length)]! + (json ? 1 : 5);
      const to = starts[Math.floor(r() * starts.length)]! + (json ? 1 : 5);
      const out = src.slice();
      out[to] = src[from]!;
      return out;
    }
    case 3: { // a digit becomes a float (JSON) or a byte a lone-surrogate escape
      const text = json ? (r() < 0.5 ? '.0' : '\\ud800') : '\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f';
      return spliced(src, at, Uint8Array.from(text, (c) => c.charCodeAt(0)));
    }
    default:
      return mutate(src, r);
  }
}

function rezipped(zipBytes: Uint8Array, mutatePickle: (pkl: Uint8Array) => Uint8Array): Uint8Array {
  const zip = new ZipReader(memorySource(zipBytes));
  const out = new ZipWriter();
  for (const e of zip.entries) {
    const data = zip.read(e.name);
    out.add(e.name, e.name.endsWith('/data.pkl') ? mutatePickle(data) : data);
  }
  return out.finish();
}

function withHeader(file: Uint8Array, mutateHeader: (h: Uint8Array) => Uint8Array): Uint8Array {
  const n = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = mutateHeader(file.subarray(8, 8 + n));
  const out = new Uint8Array(8 + header.length + file.length - 8 - n);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  out.set(file.subarray(8 + n), 8 + header.length);
  return out;
}

const hostileSeeds: [string, (src: Uint8Array, r: () => number) => Uint8Array, (b: Uint8Array) => unknown][] = [
  ['checkpoint.pt', (b, r) => rezipped(b, (pkl) => hostileMutation(pkl, r, false)), (b) => load(b)],
  ['views.pt', (b, r) => rezipped(b, (pkl) => hostileMutation(pkl, r, false)), (b) => load(b)],
  ['hostile_call_accepted.pt', (b, r) => rezipped(b, (pkl) => hostileMutation(pkl, r, false)), (b) => load(b)],
  ['checkpoint_legacy.pt', (b, r) => hostileMutation(b, r, false), (b) => load(b)],
  ['all_dtypes.safetensors', (b, r) => withHeader(b, (h) => hostileMutation(h, r, true)), (b) => safetensors.load(b)],
];

describe('hostile-class mutations fail cleanly and quickly', () => {
  for (const [file, mutateFile, open] of hostileSeeds) {
    it(`${file}: 150 mutations`, () => {
      const src = new Uint8Array(readFileSync(join(dir, file)));
      const r = rng(file.length * 104729);
      for (let i = 0; i < 150; i++) {
        const bytes = mutateFile(src, r);
        const start = performance.now();
        try {
          open(bytes);
        } catch (e) {
          if (!named.some((cls) => e instanceof cls)) throw new Error(`mutation ${i} of ${file} threw ${String(e)}`, { cause: e });
        }
        expect(performance.now() - start, `mutation ${i} of ${file}`).toBeLessThan(5000);
      }
    });
  }
});
