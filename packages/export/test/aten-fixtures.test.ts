// The ATen table against PyTorch: every program of fixtures/export/cases.msgpack (torch.export's
// default graph and the core-ATen graph of each module, tools/fixtures/export_cases) run node by
// node through ATEN_OPS, compared with ep.module()'s outputs and, for BatchNorm in training, the
// running statistics after the call. Tolerance: the case's float32 bound (four times PyTorch's
// own float32-vs-float64 deviation, at least 16 eps of the largest value) or 4 ULP; integer
// results and dropout's (drawn from the same seed) exact.
import { type Agreement, type ExportCase, compareValue, decodeBase, graphTargets, loadFixture, runExportGraph } from '@wick/testing';
import { type Tensor, manual_seed } from '@wick/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { ATEN_OPS } from '../src/aten/index.js';

const cases = loadFixture('export/cases.msgpack').cases as unknown as ExportCase[];
const worst: string[] = [];

describe('export fixtures through ATEN_OPS', () => {
  it('covers every op target of every graph', () => {
    const missing = new Set(cases.flatMap(graphTargets).filter((t) => !t.startsWith('_operator.') && !ATEN_OPS.has(t)));
    expect([...missing]).toEqual([]);
  });

  for (const c of cases) {
    it(c.name, () => {
      let ulp = 0;
      let abs = 0;
      for (const run of c.runs) {
        if (c.seed !== null) manual_seed(c.seed);
        const { outputs, buffers } = runExportGraph(ATEN_OPS, c, run.inputs.map(decodeBase));
        const tol = c.tol ?? {};
        const checks: Agreement[] = [compareValue(outputs, run.outputs, tol)];
        for (const [key, expected] of Object.entries(run.buffers)) checks.push(compareValue(buffers.get(key) as Tensor, expected, tol));
        for (const a of checks) {
          expect(a.problem ?? 'ok').toBe('ok');
          ulp = Math.max(ulp, a.worstUlp);
          abs = Math.max(abs, a.worstAbs);
        }
      }
      worst.push(`${c.name}: ${ulp} ULP, abs ${abs.toExponential(2)} (atol ${c.tol?.atol ?? 'exact'})`);
    });
  }

  afterAll(() => {
    console.log(`worst errors vs PyTorch:\n${worst.join('\n')}`);
  });
});
