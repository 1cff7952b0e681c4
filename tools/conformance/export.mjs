// fixtures/export: the ATen ops of the programs torch.export saved (both graph forms), each row one
// op target, counting the recorded runs of the programs that call it and how many agree with
// PyTorch (a program agrees when all its outputs and mutated buffers do). Each program is loaded
// from its .pt2 with torch.export.load and run through ep.module(); an op the ATen table lacks
// makes every program calling it disagree, naming the op.
import { join } from 'node:path';
import { compareValue, decodeBase, fixturesDir, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';
// The package's own pytree helpers, from its build (dist/), as the package index does not list them.
import { flatten, unflatten } from '../../packages/export/dist/treespec.js';

/** One run of one program: all its outputs and buffers against PyTorch's, as one agreement. */
function runCase(c, ep, run) {
  const m = ep.module();
  if (c.train) m.train();
  if (c.seed !== null) torch.manual_seed(c.seed);
  // The fixture records inputs and outputs flat; the module takes and gives them as the exported
  // forward did (nested tuples).
  const { in_spec, out_spec } = ep.call_spec;
  const [args, kwargs] = unflatten(in_spec, run.inputs.map(decodeBase));
  const outputs = m.forward(...args, ...(Object.keys(kwargs).length > 0 ? [kwargs] : []));
  const tol = c.tol ?? {};
  const checks = [compareValue(flatten(out_spec, outputs, 'outputs'), run.outputs, tol)];
  const state = m.state_dict();
  for (const [key, expected] of Object.entries(run.buffers)) checks.push(compareValue(state.get(key), expected, tol));
  return {
    ok: checks.every((a) => a.ok),
    worstUlp: Math.max(...checks.map((a) => a.worstUlp)),
    worstAbs: Math.max(...checks.map((a) => a.worstAbs)),
    problem: checks.find((a) => !a.ok) && `${c.name}: ${checks.find((a) => !a.ok).problem}`,
  };
}

export function run(note) {
  for (const c of loadFixture('export/cases.msgpack').cases) {
    const ep = torch.export.load(join(fixturesDir(), 'export', `${c.name}.pt2`));
    const missing = new Set(ep.missing_ops());
    const ops = [...new Set(ep.graph.nodes.map((n) => n.target).filter((t) => t.startsWith('torch.ops.aten.')).map((t) => t.slice('torch.ops.'.length)))];
    for (const r of c.runs) {
      let result;
      try {
        result = runCase(c, ep, r);
      } catch (e) {
        result = { ok: false, worstUlp: 0, worstAbs: 0, problem: `${c.name} threw ${e instanceof Error ? e.message : String(e)}` };
      }
      for (const op of ops) note(missing.has(op) ? `${op} (not in ATEN_OPS)` : op, () => result);
    }
  }
}
