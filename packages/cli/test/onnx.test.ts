// wick inspect and convert on ONNX models (fixtures/onnx/: PyTorch's own exports).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safetensors } from '@wick/serialize';
import { load } from '@wick/onnx';
import { fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { tempFolder, wick } from './run-wick.js';

const fx = (name: string) => join(fixturesDir(), 'onnx', name);
const tmp = tempFolder('wick-cli-onnx-');

describe('wick and ONNX models', () => {
  it('inspect prints inputs, outputs with dims, opsets, producer, operators and initializers', () => {
    const r = wick('inspect', fx('gru.ts17.onnx'));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toContain('    x  float32 [batch, seq, 4]');
    expect(lines).toContain('    h0  float32 [2, batch, 12]');
    expect(lines.some((l) => /^ {4}y {2}float32 \[batch, seq, 3\]$/.test(l))).toBe(true);
    expect(lines).toContain('  opsets: ai.onnx 17');
    expect(lines.some((l) => l.startsWith('  ONNX IR ') && l.includes('produced by pytorch'))).toBe(true);
    expect(lines.find((l) => l.startsWith('  operators ('))).toMatch(/GRU x2/);
    expect(lines).toContain('    onnx::MatMul_193  float32 [12, 3]  36 elements, 144 B');
    expect(lines).toContain('    onnx::GRU_170  float32 [1, 36, 4]  144 elements, 576 B');
    expect(lines.at(-1)).toMatch(/^total: 8 initializers, \d+ elements, /);
  });

  it('inspect --json, and an external-data model without reading its data', () => {
    const doc = JSON.parse(wick('inspect', fx('mlp.external.onnx'), '--json').out);
    expect(doc.format).toBe('onnx');
    expect(doc.opset_import).toEqual([{ domain: 'ai.onnx', version: 17 }]);
    expect(doc.inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['batch', 6] }]);
    expect(doc.operators.Gemm).toBe(4);
    expect(doc.initializers[0]).toEqual({ name: '0.weight', dtype: 'float32', shape: [16, 6], numel: 96, bytes: 384 });
    expect(doc.total.initializers).toBe(8);
  });

  it('convert writes the initializers to safetensors (or a torch file) under their names', () => {
    for (const name of ['cnn.ts17.onnx', 'mlp.external.onnx']) {
      const want = load(fx(name)).state_dict();
      const out = join(tmp, `${name}.safetensors`);
      const r = wick('convert', fx(name), out);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(`wrote ${out}: ${want.size} tensors`);
      const got = safetensors.load(out);
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [k, t] of want) expect(got.get(k)!.tolist()).toEqual(t.tolist());
    }
    expect(wick('convert', fx('mlp.ts17.onnx'), join(tmp, 'mlp.pt')).code).toBe(0);
  });

  it('refuses to write ONNX, --key with ONNX, and reports a bad model in one line', () => {
    const toOnnx = wick('convert', fx('mlp.ts17.onnx'), join(tmp, 'x.onnx'));
    expect(toOnnx.code).toBe(2);
    expect(toOnnx.err).toMatch(/does not write them/);
    expect(wick('convert', fx('mlp.ts17.onnx'), join(tmp, 'y.safetensors'), '--key', 'a').err).toMatch(/--key selects inside a torch checkpoint/);
    const garbage = join(tmp, 'garbage.onnx');
    writeFileSync(garbage, 'not a model at all');
    const bad = wick('inspect', garbage);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^wick: OnnxError: not an ONNX model/);
  });
});
