// Every file of fixtures/serialize (written by PyTorch 2.13 / safetensors, see
// tools/fixtures/serialize_cases) loads to exactly the values PyTorch had, or fails with the
// named error PyTorch's own refusal shares.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { fixturesDir } from '@wick/testing';
import { WickError } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { load, safetensors } from '../src/index.js';
import { TreeEncoder, normalize } from './encode.js';

interface Case {
  file: string;
  kind: 'pt' | 'safetensors';
  value?: unknown;
  error?: { class: string; message: string };
}

const dir = join(fixturesDir(), 'serialize');
const expected = decode(readFileSync(join(dir, 'expected.msgpack')), { useBigInt64: true }) as { cases: Case[] };

function open(c: Case): unknown {
  const bytes = readFileSync(join(dir, c.file));
  return c.kind === 'safetensors' ? safetensors.load(bytes) : load(bytes);
}

/**
 * Both sides' dict items sorted by key, storage numbers dropped: safetensors has no order of its
 * own and every tensor has a storage of its own.
 */
function sortItems(v: unknown): unknown {
  const d = v as { items: [string, Record<string, unknown>][] };
  const items = d.items.map(([k, t]) => [k, { ...t, storage: 0 }] as const);
  return { ...d, items: items.sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
}

describe('fixtures/serialize corpus', () => {
  for (const c of expected.cases.filter((x) => x.value !== undefined)) {
    it(`loads ${c.file} bit-exactly`, () => {
      let got = new TreeEncoder().value(open(c));
      let want = normalize(c.value);
      if (c.kind === 'safetensors') {
        got = sortItems(got);
        want = sortItems(want);
      }
      expect(got).toEqual(want);
    });
  }
  for (const c of expected.cases.filter((x) => x.error !== undefined)) {
    it(`refuses ${c.file}: ${c.error!.message.slice(0, 60)}`, () => {
      let error: unknown;
      try {
        open(c);
      } catch (e) {
        error = e;
      }
      expect(WickError.isInstance(error)).toBe(true);
      expect((error as Error).name).toBe(c.error!.class);
      expect((error as Error).message).toContain(c.error!.message);
    });
  }
});
