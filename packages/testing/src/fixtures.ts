import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from '@msgpack/msgpack';

/** One recorded PyTorch call: see tools/fixtures/README.md for the format. */
export interface FixtureCase {
  name: string;
  fn: string;
  method?: boolean;
  self?: unknown;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  out?: unknown;
  error?: { type: string; message: string };
  tol?: { ulp?: number; atol?: number };
  base_after?: unknown;
  self_after?: unknown;
  [key: string]: unknown;
}

export interface Fixture {
  meta: Record<string, unknown>;
  cases: FixtureCase[];
}

/** The repository's fixtures/ folder, found by walking up from this file. */
export function fixturesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'fixtures');
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('could not find the fixtures/ folder above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function loadFixture(relativePath: string): Fixture {
  const bytes = readFileSync(join(fixturesDir(), relativePath));
  return decode(bytes, { useBigInt64: true }) as Fixture;
}
