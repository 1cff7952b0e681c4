// The wick command in-process: inspect (tree and --json), convert both ways, errors, --help.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import { load, load_sharded, safetensors } from '@wick/serialize';
import type { Tensor } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { tempFolder, wick } from './run-wick.js';

const fx = (name: string) => join(fixturesDir(), 'serialize', name);
const tmp = tempFolder('wick-cli-');


/** wick on a terminal whose clock advances `step` ms at each reading: the status lines it drew. */
function onTerminal(step: number, ...argv: string[]) {
  const lines: string[] = [];
  let t = 0;
  const code = run(argv, { out: (l) => lines.push(`out: ${l}`), err: (l) => lines.push(`err: ${l}`), status: (s) => lines.push(`status: ${s}`), now: () => (t += step) });
  return { code, lines };
}

describe('wick', () => {
  it('inspects a checkpoint as a tree with totals', () => {
    const r = wick('inspect', fx('layer_linear.pt'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('weight  float32 [3, 4]  12 elements, 48 B');
    expect(r.out).toContain('total: 2 tensors, 15 elements, 60 B');
  });

  it('inspects safetensors as JSON, with metadata', () => {
    const r = wick('inspect', fx('all_dtypes.safetensors'), '--json');
    const doc = JSON.parse(r.out);
    expect(doc.format).toBe('safetensors');
    expect(doc.metadata).toEqual({ note: 'é' });
    expect(doc.entries.find((e: { path: string }) => e.path === 'bf16').tensor).toEqual({ dtype: 'BF16', shape: [3], numel: 3, bytes: 6 });
  });

  it('converts .pt -> .safetensors -> .pt, selecting a nested state_dict', () => {
    const st = join(tmp, 'model.safetensors');
    expect(wick('convert', fx('checkpoint.pt'), st, '--key', 'model').code).toBe(0);
    const back = join(tmp, 'model.pt');
    expect(wick('convert', st, back).code).toBe(0);
    const original = (load(fx('checkpoint.pt')) as Map<string, Map<string, Tensor>>).get('model')!;
    const again = load(back) as Map<string, Tensor>;
    for (const [k, t] of original) expect(again.get(k)!.tolist()).toEqual(t.tolist());
    expect(safetensors.safe_open(st).keys()).toEqual([...original.keys()].sort());
  });

  it('inspects and converts a sharded checkpoint (*.index.json, safetensors and .bin shards)', () => {
    for (const index of ['sharded_safetensors/model.safetensors.index.json', 'sharded_bin/pytorch_model.bin.index.json']) {
      const path = fx(`scale/${index}`);
      const doc = JSON.parse(wick('inspect', path, '--json').out);
      expect(doc.format).toBe('sharded');
      // tools/fixtures/serialize_cases/scale.py: a tiny model, embed.weight of 11 x 4 float32
      expect(doc.entries.find((e: { path: string }) => e.path === 'embed.weight').tensor).toMatchObject({ shape: [11, 4], numel: 44, bytes: 176 });
      expect(doc.metadata.total_size).toBeGreaterThan(0);
      const ckpt = load_sharded(path);
      expect(doc.entries.map((e: { path: string }) => e.path)).toEqual(ckpt.keys());
      for (const out of [join(tmp, 'merged.safetensors'), join(tmp, 'merged.pt')]) {
        expect(wick('convert', path, out).code).toBe(0);
        const merged = out.endsWith('.pt') ? (load(out) as Map<string, Tensor>) : safetensors.load(out);
        expect([...merged.keys()].sort()).toEqual(ckpt.keys());
        for (const k of ckpt.keys()) expect(merged.get(k)!.tolist(), k).toEqual(ckpt.get_tensor(k).tolist());
      }
      ckpt.close();
    }
  });

  it('gives one-line errors and non-zero exits', () => {
    const hostile = wick('inspect', fx('hostile_os_system.pt'));
    expect(hostile.code).toBe(1);
    expect(hostile.err).toBe('wick: UnpicklingError: Trying to load unsupported GLOBAL posix.system whose module posix is blocked.');
    expect(wick('inspect', join(tmp, 'missing.pt')).err).toMatch(/^wick: ENOENT: /);
    expect(wick('convert', fx('checkpoint.pt'), join(tmp, 'x.safetensors')).err).toContain("'epoch' is not a tensor or a dict of tensors");
    expect(wick('frobnicate').code).toBe(2);
    expect(wick('inspect').code).toBe(2);
  });

  it('reads options as parseArgs does, and words each mistake as a usage error', () => {
    const st = join(tmp, 'inline.safetensors');
    expect(wick('convert', '--key=model', fx('checkpoint.pt'), st).code).toBe(0);
    expect(safetensors.safe_open(st).keys()).toContain('0.weight');
    expect(wick('inspect', '--json', '--', fx('layer_linear.pt')).code).toBe(0);
    const usage = (argv: string[], message: string) => {
      const r = wick(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`wick: ${message} (see 'wick ${argv[0]} --help')`);
    };
    usage(['inspect', fx('layer_linear.pt'), '--frob'], 'unknown option --frob');
    usage(['inspect', '-x', fx('layer_linear.pt')], 'unknown option -x');
    usage(['inspect', fx('layer_linear.pt'), '--json=yes'], '--json takes no value');
    usage(['convert', fx('checkpoint.pt'), st, '--key'], '--key needs a value');
    usage(['convert', fx('checkpoint.pt'), st, '--allow-expand=1'], '--allow-expand takes no value');
    usage(['convert', fx('checkpoint.pt')], 'convert takes an input and an output file');
    // After '--', '--json' is a file name.
    expect(wick('inspect', '--', '--json').err).toMatch(/^wick: ENOENT: no such file or directory, open '--json'$/);
  });

  it('shows progress on a terminal only for work past a second, and clears it', () => {
    const st = join(tmp, 'progress.safetensors');
    const slow = onTerminal(400, 'convert', fx('checkpoint.pt'), st, '--key', 'model');
    expect(slow.code).toBe(0);
    expect(slow.lines).toEqual([
      'status: packing tensors: 2 of 4',
      'status: packing tensors: 3 of 4',
      `status: writing ${st}: 0 B of ${statSync(st).size} B`, // under 1 KiB
      'status: ',
      `out: wrote ${st}: 4 tensors`,
    ]);
    const back = join(tmp, 'progress.pt');
    const pt = onTerminal(2000, 'convert', st, back).lines;
    expect(statSync(back).size).toBeGreaterThan(2048);
    expect(pt).toEqual([expect.stringMatching(/^status: writing .*progress\.pt: 0 B of 2\.\d KiB$/), 'status: ', `out: wrote ${back}: 4 tensors`]);
    expect(onTerminal(0, 'convert', fx('checkpoint.pt'), st, '--key', 'model').lines).toEqual([`out: wrote ${st}: 4 tensors`]);
    // A failure clears the line before its message.
    const failed = onTerminal(2000, 'convert', fx('checkpoint.pt'), join(tmp, 'missing', 'x.safetensors'), '--key', 'model');
    expect(failed.code).toBe(1);
    expect(failed.lines.slice(-2)).toEqual(['status: ', expect.stringMatching(/^err: wick: ENOENT: /)]);
  });

  it('has --help for each command', () => {
    expect(wick('--help').out).toContain('usage: wick <command>');
    expect(wick('inspect', '--help').out).toContain('--json');
    expect(wick('convert', '--help').out).toContain('--key');
    expect(wick('convert', '--help').out).toContain('--allow-expand   write an output of more than 16 times the input');
    expect(wick('convert', fx('checkpoint.pt'), 'x.safetensors', '-h').code).toBe(0);
    expect(wick('help').code).toBe(0);
    expect(wick().code).toBe(2);
  });
});
