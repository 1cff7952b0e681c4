// Every file of the serialize corpus (tools/fixtures/serialize_cases, hostile_scale.py for the
// large hostile ones) ends in under 5 s of CPU time, with a value or a named error, and memory
// stays bounded; the accepted files too big to compare as values (a 1 MB LONG4, a 200,000-deep
// list) are checked against what Python computed. Plus saving: deep values give a named error,
// cycles save.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { type ScaleRecord, expectBoundedCost, fixturesDir, scaleProblem } from '@wick/testing';
import { ValueError, WickError } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { UnpicklingError, load, safetensors, save } from '../src/index.js';
import { unpickle } from '../src/pickle/unpickler.js';

interface Case {
  file: string;
  kind: 'pt' | 'safetensors';
  error?: { class: string; message: string };
  scale?: ScaleRecord;
}

const dir = join(fixturesDir(), 'serialize');
const { cases } = decode(readFileSync(join(dir, 'expected.msgpack')), { useBigInt64: true }) as { cases: Case[] };

/**
 * CPU seconds: generous for a file of at most a few MB, yet far below the minutes the quadratic
 * paths took (CPU time, not wall time, so other work on the machine does not count).
 */
const CPU_SECONDS = 5;
/** The peak resident set may grow by at most this much while one file loads (the most seen: 79 MB). */
const RSS_GROWTH = 256 * 2 ** 20;

function open(c: Case): unknown {
  const bytes = readFileSync(join(dir, c.file));
  return c.kind === 'safetensors' ? safetensors.load(bytes) : load(bytes);
}

describe('hostile files end quickly, by name, in bounded memory', () => {
  for (const c of cases) {
    it(c.file, () => {
      const { value, error } = expectBoundedCost(() => open(c), { cpuSeconds: CPU_SECONDS, peakRssGrowth: RSS_GROWTH }, c.file);
      if (c.error) {
        expect(WickError.isInstance(error), String(error)).toBe(true);
        expect((error as Error).name).toBe(c.error.class);
        expect((error as Error).message).toContain(c.error.message);
        return;
      }
      expect(error).toBeUndefined();
      if (c.scale) expect(scaleProblem(value, c.scale)).toBeNull();
    });
  }

  it('the corpus holds every hostile class of issue 13', () => {
    const files = new Set(cases.map((c) => c.file));
    for (const f of [
      'hostile_legacy_key_size.pt', 'hostile_zip_key_size.pt', 'scale_long4_1mb.pt', 'scale_from_type_deep.pt',
      'scale_parameter_deep.pt', 'scale_tuple_deep.pt', 'scale_list_deep.pt', 'st_deep_json.safetensors',
      'hostile_call_ordered_dict_int.pt', 'hostile_call_set_int.pt', 'hostile_call_size_int.pt', 'st_float_offset.safetensors',
      'st_lone_surrogate.safetensors', 'st_duplicate_key.safetensors',
    ]) expect(files.has(f), f).toBe(true);
  });
});

describe('torch.save of deep and cyclic values', () => {
  it('a Map that contains itself saves once and loads as itself (as Python pickles it)', () => {
    const d = new Map<string, unknown>([['x', 1]]);
    d.set('self', d);
    const back = load(save(d)) as Map<string, unknown>;
    expect(back.get('self')).toBe(back);
    expect(back.get('x')).toBe(1);
  });

  it('a list holding a tuple that holds the list round-trips (PyTorch saves and loads it too)', () => {
    const l: unknown[] = [];
    l.push(Object.freeze([l, 1]));
    const back = load(save(l)) as unknown[];
    expect((back[0] as unknown[])[0]).toBe(back);
    expect(Object.isFrozen(back[0])).toBe(true);
  });

  it('nesting past Python\'s recursion limit is a named error, not a stack overflow', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => save(deep)).toThrow(ValueError);
    expect(() => save(deep)).toThrow('maximum recursion depth exceeded while pickling an object');
    let ok: unknown[] = [];
    for (let i = 0; i < 900; i++) ok = [ok];
    expect(() => save(ok)).not.toThrow();
  });
});

describe('values past what JavaScript can hold are named errors', () => {
  // wick's own limits (Python has none): zero-filled buffers stay virtual until written.
  const hooks = { persistentLoad: () => null, call: () => undefined, build: () => false };

  it('a LONG4 of 2^27 bytes (a BigInt over 2^30 bits)', () => {
    const n = 2 ** 27;
    const pkl = new Uint8Array(n + 7);
    pkl.set([0x80, 0x02, 0x8b]);
    new DataView(pkl.buffer).setInt32(3, n, true);
    pkl[n + 6] = 0x2e;
    expect(() => unpickle(pkl, hooks)).toThrow(UnpicklingError);
    expect(() => unpickle(pkl, hooks)).toThrow('larger than the largest JavaScript BigInt');
  });

  it('a str of 2^29 bytes (longer than the longest JavaScript string)', () => {
    const n = 2 ** 29;
    const pkl = new Uint8Array(n + 12);
    pkl.set([0x80, 0x04, 0x8d]);
    new DataView(pkl.buffer).setBigUint64(3, BigInt(n), true);
    pkl[n + 11] = 0x2e;
    expect(() => unpickle(pkl, hooks)).toThrow('longer than the longest JavaScript string');
  });
});
