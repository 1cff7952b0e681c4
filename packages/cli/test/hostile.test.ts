// The wick command on hostile files (tools/fixtures/serialize_cases/cli_hostile.py): dicts that
// share sub-dicts, a dict inside itself, nesting a million deep, a long key repeated, one element
// expanded to 4 GiB.
// Each ends in under 5 s of CPU time with a named error (or, for inspect, a listing that names what is
// shared), without allocating what the file describes.
import { constants } from 'node:buffer';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expectBoundedCost, fixturesDir } from '@wick/testing';
import { safetensors } from '@wick/serialize';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { tempFolder } from './run-wick.js';

const dir = join(fixturesDir(), 'serialize');
const facts = JSON.parse(readFileSync(join(dir, 'cli_hostile.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const fx = (name: string) => join(dir, name);
const tmp = tempFolder('wick-cli-hostile-');

/** CPU seconds a run may take (the slowest, the million-deep list, takes about 1.5 s here). */
const CPU_SECONDS = 5;
/** Growth of the worker's peak RSS a run may cause: far below the gigabytes these files describe. */
const RSS_BYTES = 768 * 2 ** 20;

/** Runs wick, checking the CPU time it took and the peak memory it added. */
function wick(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const cost = expectBoundedCost(
    () => run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }),
    { cpuSeconds: CPU_SECONDS, peakRssGrowth: RSS_BYTES },
    `wick ${argv.join(' ')}`,
  );
  expect(cost.error).toBeUndefined();
  return { code: cost.value!, out: out.join('\n'), err: err.join('\n') };
}

describe('wick on hostile files', () => {
  const out = join(tmp, 'out.safetensors');

  it('lists dicts that the file shares once, then by where they are listed', () => {
    const [path, first] = facts['cli_shared_dicts.pt']!.shared as [string, string];
    expect(facts['cli_shared_dicts.pt']!.leaf_paths).toBe(1e9);
    const r = wick('inspect', fx('cli_shared_dicts.pt'), '--json');
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.out).entries as { path: string; same_as?: string }[];
    expect(entries.find((e) => e.path === path)).toEqual({ path, depth: path.split('.').length - 1, same_as: first });
    // 9 levels of 10 keys: each dict is listed once, the 9 repeats beside it by reference.
    expect(entries.length).toBe(9 * 10 + 1);
    expect(wick('inspect', fx('cli_shared_dicts.pt')).out).toContain(`b/  same as ${first}/ (the file shares it)`);
  });

  it('refuses to convert dicts that the file shares, naming both paths', () => {
    const [path, first] = facts['cli_shared_dicts.pt']!.shared as [string, string];
    const r = wick('convert', fx('cli_shared_dicts.pt'), out);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`wick: CheckpointError: '${path}' is the same dict as '${first}' (the file shares it): convert writes each tensor under one name; choose one with --key`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a dict that contains itself, in inspect and convert', () => {
    const [path, container] = facts['cli_self_dict.pt']!.cycle as [string, string];
    expect(container).toBe('');
    const message = `wick: CheckpointError: '${path}' is the dict at '<root>' that contains it: a cycle, which a checkpoint of tensors cannot hold`;
    for (const argv of [['inspect', fx('cli_self_dict.pt')], ['convert', fx('cli_self_dict.pt'), out]]) {
      const r = wick(...argv);
      expect(r.code).toBe(1);
      expect(r.err).toBe(message);
    }
  });

  it('refuses nesting deeper than 1000 levels (PyTorch loads a million)', () => {
    expect(facts['cli_deep_list.pt']!.depth).toBe(1_000_000);
    const list = wick('inspect', fx('cli_deep_list.pt'));
    expect(list.code).toBe(1);
    expect(list.err).toMatch(/^wick: CheckpointError: nesting deeper than 1000 levels at '(0\.){50}… \(1999 characters\)' \(torch\.save writes at most about 500\)$/);
    expect(facts['cli_deep_dict.pt']!.depth).toBe(100_000);
    for (const argv of [['inspect', fx('cli_deep_dict.pt'), '--json'], ['convert', fx('cli_deep_dict.pt'), out]]) {
      const r = wick(...argv);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^wick: CheckpointError: nesting deeper than 1000 levels at '(a\.){50}… \(1999 characters\)'/);
    }
  });

  it('refuses key paths that add up to far more than the file (a long key stored once, used in 3000 dicts)', () => {
    const f = facts['cli_long_keys.pt']!;
    expect(f.path_chars).toBeGreaterThan(64 * 2 ** 20);
    for (const argv of [['inspect', fx('cli_long_keys.pt')], ['convert', fx('cli_long_keys.pt'), out]]) {
      const r = wick(...argv);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^wick: CheckpointError: the key paths and strings of this checkpoint add up to more than 67108864 characters \(at 'd\d+\.k+… \(5000\d characters\)'\): keys or strings that the file stores once and repeats$/,
      );
    }
  });

  it('refuses an output far larger than its input before allocating it', () => {
    const f = facts['cli_expand.pt']!;
    expect(f.contiguous_bytes).toBe(2 ** 32);
    const r = wick('convert', fx('cli_expand.pt'), out);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `wick: CheckpointError: the output would hold ${f.contiguous_bytes} bytes (4.0 GiB) of tensor data, more than 16 times the input's ${f.bytes} bytes: ` +
        `views are written as contiguous copies ('${f.key}', shape [${(f.shape as number[]).join(', ')}], strides [${(f.stride as number[]).join(', ')}], ` +
        `takes ${f.contiguous_bytes} bytes); pass --allow-expand to write it anyway`,
    );
    // inspect describes the tensor as what it is, without copying it.
    expect(wick('inspect', fx('cli_expand.pt')).out).toContain('x  float32 [32768, 32768]  1073741824 elements, 4.0 GiB');
    expect(existsSync(out)).toBe(false);
  });

  // Where Node.js's buffers hold more (Node >= 22), --allow-expand would really allocate 4 GiB.
  it.runIf(constants.MAX_LENGTH <= 2 ** 32)('refuses, even with --allow-expand, an output over what one buffer holds', () => {
    const r = wick('convert', fx('cli_expand.pt'), out, '--allow-expand');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^wick: CheckpointError: the output would hold 4294967296 bytes \(4\.0 GiB\) of tensor data, more than the 3\.9 GiB that wick can write as one file in this Node\.js$/);
  });

  it('writes an expanded tensor with --allow-expand, from just over 64 MiB', () => {
    const f = facts['cli_expand_64mib.pt']!;
    expect(wick('convert', fx('cli_expand_64mib.pt'), out).err).toContain(`the output would hold ${f.contiguous_bytes} bytes (64.0 MiB) of tensor data`);
    const r = wick('convert', fx('cli_expand_64mib.pt'), out, '--allow-expand');
    expect(r.code).toBe(0);
    try {
      const t = safetensors.safe_open(out).get_tensor(f.key as string);
      expect(t.shape).toEqual(f.shape);
      expect(t.strides).toEqual([4097, 1]);
      expect(t.select(0, 4096).select(0, 4096).item()).toBe(f.value);
    } finally {
      rmSync(out);
    }
  });
});
