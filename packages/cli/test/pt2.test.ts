// wick inspect on torch.export programs (.pt2, fixtures/export-core): inputs and outputs with
// their symbols and ranges, weights and constants, ops with counts and which wick lacks, and a
// refused file as one error line.
import { join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { wick } from './run-wick.js';

const fx = (name: string) => join(fixturesDir(), 'export-core', name);

describe('wick inspect m.pt2', () => {
  it('lists inputs, outputs and symbols with their ranges', () => {
    const r = wick('inspect', fx('tokens_dynamic.pt2'));
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 9)).toEqual([
      `${fx('tokens_dynamic.pt2')}  (torch.export program; PyTorch 2.13.0+cpu, schema 8.20)`,
      'inputs:',
      '  x  float32 [s77, s27, 4]',
      'outputs:',
      '  linear_1  float32 [s77, s27, 3]',
      '  mul  SymInt',
      'symbols:',
      '  s77  2..16',
      '  s27  1..32',
    ]);
  });

  it('lists weights, constants, buffer mutations and ops with counts', () => {
    const r = wick('inspect', fx('counter_core.pt2'));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toContain('  add  int64 []  BUFFER_MUTATION -> steps');
    expect(lines).toContain('  fc.weight  float32 [2, 2]  PARAMETER  16 B');
    expect(lines).toContain('  steps  int64 []  BUFFER  8 B');
    expect(lines).toContain('  offset  float64 [2]  CONSTANT_TENSOR  16 B');
    expect(lines).toContain('  total  float32 [2]  BUFFER (non-persistent)  8 B');
    expect(lines).toContain('ops (7 nodes):');
    expect(lines.some((l) => l.startsWith('  aten.add.Tensor  x4'))).toBe(true);
    expect(lines.at(-1)).toBe('total: 5 tensors, 56 B');
  });

  it('--json: the same as one document, with the ops wick lacks', () => {
    const doc = JSON.parse(wick('inspect', fx('gru_dynamic.pt2'), '--json').out);
    expect(doc.format).toBe('pt2');
    expect(doc.inputs).toEqual([{ name: 'x', kind: 'USER_INPUT', dtype: 'float32', shape: ['s77', '4', '3'], type: 'Tensor', target: null }]);
    expect(doc.symbols).toEqual({ s77: { min_val: 2, max_val: 16 } });
    expect(doc.weights[0]).toEqual({ name: 'gru.weight_ih_l0', kind: 'PARAMETER', dtype: 'float32', shape: [15, 3], bytes: 180 });
    expect(doc.ops.map((o: { op: string; count: number }) => [o.op, o.count])).toEqual([
      ['aten.sym_size.int', 1], ['aten.zeros.default', 1], ['aten.gru.input', 1], ['aten.linear.default', 1],
    ]);
    // The interpreter answers sym_size itself; the rest depend on wick's op table.
    expect(doc.ops[0].missing).toBe(false);
    expect(doc.missing).toEqual(doc.ops.filter((o: { missing: boolean }) => o.missing).map((o: { op: string }) => o.op).sort());
  });

  it('a file naming another callable is refused in one line', () => {
    const r = wick('inspect', fx('hostile/eval_target.pt2'));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "wick: ExportError: graph node linear calls builtins.eval, which is neither an ATen op nor one of torch.export's shape operators; a .pt2 is data, and wick refuses to run this file",
    );
  });
});
