// The ATen table against PyTorch: every program of fixtures/export/cases.msgpack (torch.export's
// default graph and the core-ATen graph of each module, tools/fixtures/export_cases) run node by
// node through ATEN_OPS, compared with ep.module()'s outputs and, for BatchNorm in training, the
// running statistics after the call. Tolerance: the case's float32 bound (four times PyTorch's
// own float32-vs-float64 deviation, at least 16 eps of the largest value) or 4 ULP; integer
// results and dropout's (drawn from the same seed) exact.
import {
  type Agreement, type AtenTable, type ExportCase, compareValue, decodeBase, graphTargets, loadFixture, runExportGraph,
} from '@wick/testing';
import { type Tensor, manual_seed } from '@wick/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { ATEN_OPS, type AtenArgs } from '../src/aten/index.js';

const fixture = loadFixture('export/cases.msgpack') as unknown as { schemas: Record<string, string[]>; cases: ExportCase[] };
const { cases, schemas } = fixture;
const worst: string[] = [];

// Every argument name an entry reads, and every argument a graph node gave that its entry did not
// read (an argument silently ignored), over all the runs below.
const read = new Map<string, Set<string>>();
const unread = new Set<string>();
const watched: AtenTable = new Map([...ATEN_OPS].map(([name, op]) => [name, (args: AtenArgs) => {
  const seen = read.get(name) ?? new Set<string>();
  read.set(name, seen);
  const result = op(new Proxy(args, { get: (target, key: string) => (seen.add(key), target[key]) }));
  for (const key of Object.keys(args)) if (!seen.has(key)) unread.add(`${name}: ${key}`);
  return result;
}]));

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
        const { outputs, buffers } = runExportGraph(watched, c, run.inputs.map(decodeBase));
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

  it('reads only the schema\'s argument names, and every argument a node gives', () => {
    const strays = [...read].flatMap(([name, keys]) => [...keys].filter((k) => !schemas[name]!.includes(k)).map((k) => `${name}: ${k}`));
    expect(strays).toEqual([]);
    expect([...unread]).toEqual([]);
  });

  afterAll(() => {
    console.log(`worst errors vs PyTorch:\n${worst.join('\n')}`);
  });
});
