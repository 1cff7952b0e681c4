// torch.export.load on PyTorch's own files: every program of fixtures/export/ (each module's
// default graph and its core-ATen graph after run_decompositions(), tools/fixtures/export_cases)
// loaded from its .pt2 and run through ep.module(), against PyTorch's outputs and, for BatchNorm
// in training, the running statistics it leaves. Tolerance: the case's float32 bound (four times
// PyTorch's own float32-vs-float64 deviation, at least 16 eps of the largest value) or 4 ULP;
// integer results and dropout's (drawn from the same seed) exact. The ATen table is watched on
// the way: every entry must read only its schema's argument names, and every argument a node gives.
import { join } from 'node:path';
import { type Agreement, type EncodedTensor, compareValue, decodeBase, fixturesDir, loadFixture } from '@wick/testing';
import { type Tensor, manual_seed } from '@wick/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { ATEN_OPS } from '../src/aten/index.js';
import type { AtenArgs, AtenOp } from '../src/aten/types.js';
import { loadProgram } from '../src/load.js';
import { flatten, unflatten } from '../src/treespec.js';

/** One program of fixtures/export/cases.msgpack (its graph as data is not read here). */
interface ExportCase {
  name: string;
  train: boolean;
  runs: { inputs: EncodedTensor[]; outputs: EncodedTensor[]; buffers: Record<string, EncodedTensor> }[];
  seed: number | null;
  tol: { ulp: number; atol: number } | null;
}

const { cases, schemas } = loadFixture('export/cases.msgpack') as unknown as { schemas: Record<string, string[]>; cases: ExportCase[] };
const worst: string[] = [];

// Every argument name an entry reads, and every argument a graph node gave that its entry did not
// read (an argument silently ignored), over all the runs below.
const read = new Map<string, Set<string>>();
const unread = new Set<string>();
const watched: ReadonlyMap<string, AtenOp> = new Map([...ATEN_OPS].map(([name, op]) => [name, (args: AtenArgs) => {
  const seen = read.get(name) ?? new Set<string>();
  read.set(name, seen);
  const result = op(new Proxy(args, { get: (target, key: string) => (seen.add(key), target[key]) }));
  for (const key of Object.keys(args)) if (!seen.has(key)) unread.add(`${name}: ${key}`);
  return result;
}]));

describe("PyTorch's .pt2 files run through torch.export.load(...).module()", () => {
  for (const c of cases) {
    it(c.name, () => {
      const ep = loadProgram(join(fixturesDir(), 'export', `${c.name}.pt2`), {}, watched);
      expect(ep.missing_ops()).toEqual([]);
      const m = ep.module();
      const { in_spec, out_spec } = ep.call_spec;
      if (in_spec === null || out_spec === null) throw new Error(`${c.name}: no call spec`);
      if (c.train) m.train();
      let ulp = 0;
      let abs = 0;
      for (const run of c.runs) {
        if (c.seed !== null) manual_seed(c.seed);
        // The fixture records inputs and outputs flat; the module takes and gives them as the
        // exported forward did (an LSTM cell's (x, (h, c)), an LSTM's (y, (h, c))).
        const [args, kwargs] = unflatten(in_spec, run.inputs.map(decodeBase)) as [unknown[], Record<string, unknown>];
        const outputs = m.forward(...args, ...(Object.keys(kwargs).length > 0 ? [kwargs] : []));
        const flat = flatten(out_spec, outputs, 'outputs');
        const tol = c.tol ?? {};
        const checks: Agreement[] = [compareValue(flat, run.outputs, tol)];
        const state = m.state_dict();
        for (const [key, expected] of Object.entries(run.buffers)) checks.push(compareValue(state.get(key) as Tensor, expected, tol));
        for (const a of checks) {
          expect(a.problem ?? 'ok').toBe('ok');
          ulp = Math.max(ulp, a.worstUlp);
          abs = Math.max(abs, a.worstAbs);
        }
      }
      worst.push(`${c.name}: ${ulp} ULP, abs ${abs.toExponential(2)} (atol ${c.tol?.atol ?? 'exact'})`);
    });
  }

  it("reads only the schema's argument names, and every argument a node gives", () => {
    const strays = [...read].flatMap(([name, keys]) => [...keys].filter((k) => !schemas[name]!.includes(k)).map((k) => `${name}: ${k}`));
    expect(strays).toEqual([]);
    expect([...unread]).toEqual([]);
  });

  afterAll(() => {
    console.log(`worst errors vs PyTorch (torch.export.load):\n${worst.join('\n')}`);
  });
});
