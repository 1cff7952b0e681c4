// Files over 2 GiB holding a tensor over 2 GiB, written by PyTorch (zip .pt) and by the
// safetensors library, loaded by path eagerly and lazily, checked at the start, middle and end,
// then deleted. Needs the repo's .venv (Python with torch and safetensors), ~4.5 GiB of free
// disk and a few GiB of memory; about 1.5 minutes. Run with `pnpm --filter @wick/serialize test:large`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import type { Tensor } from '@wick/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load, safetensors } from '../../src/index.js';

// int32 elements: 2 GiB + 1 MiB of them in `big`, whose value at i is i (torch.arange); `tail`
// sits past the 2 GiB mark of each file.
const N = 2 ** 29 + 2 ** 18;
const python = join(dirname(fixturesDir()), '.venv', 'bin', 'python');
let dir = '';
let pt = '';
let st = '';

const writer = `
import sys, torch
from safetensors.torch import save_file
big = torch.arange(${N}, dtype=torch.int32)
tail = torch.arange(10, dtype=torch.int64) * -3
torch.save({"big": big, "tail": tail}, sys.argv[1])
save_file({"big": big, "tail": tail}, sys.argv[2])
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wick-2gib-'));
  pt = join(dir, 'big.pt');
  st = join(dir, 'big.safetensors');
  if (!existsSync(python)) throw new Error(`${python} is missing: this test has PyTorch write its files (see tools/fixtures/README.md)`);
  const r = spawnSync(python, ['-c', writer, pt, st], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('PyTorch could not write the test files');
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const at = (t: Tensor, i: number) => t.__getitem__(i).item();

function checkBig(big: Tensor): void {
  expect(big.dtype).toBe('int32');
  expect(big.shape).toEqual([N]);
  for (const i of [0, 1, N / 2 - 1, N / 2, N - 2, N - 1]) expect(at(big, i)).toBe(i);
}

function checkTail(tail: Tensor): void {
  expect(tail.tolist()).toEqual([0, -3, -6, -9, -12, -15, -18, -21, -24, -27]);
}

describe('files over 2 GiB', () => {
  it('are over 2 GiB', () => {
    expect(statSync(pt).size).toBeGreaterThan(2 ** 31);
    expect(statSync(st).size).toBeGreaterThan(2 ** 31);
  });

  it('torch.load(path): the whole file', () => {
    const sd = load(pt) as Map<string, Tensor>;
    checkBig(sd.get('big')!);
    checkTail(sd.get('tail')!);
  });

  it('torch.load(path, { mmap: true }): one storage at a time', () => {
    const sd = load(pt, { mmap: true }) as Map<string, Tensor>;
    const big = sd.get('big')!;
    expect(big.storage.materialised).toBe(false);
    checkTail(sd.get('tail')!);
    expect(big.storage.materialised).toBe(false);
    checkBig(big);
  });

  it('safetensors.load(path) and safe_open(path): get_tensor, and get_slice reading only its rows', () => {
    const all = safetensors.load(st);
    checkBig(all.get('big')!);
    checkTail(all.get('tail')!);
    using f = safetensors.safe_open(st);
    checkTail(f.get_tensor('tail'));
    expect(f.get_slice('big').__getitem__(`${N - 3}:`).tolist()).toEqual([N - 3, N - 2, N - 1]);
    checkBig(f.get_tensor('big'));
  });
});
