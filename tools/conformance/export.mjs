// fixtures/export: the ATen ops of the programs torch.export saved (both graph forms), each row one
// op target, counting the recorded runs of the programs that call it and how many agree with
// PyTorch (a program agrees when all its outputs and mutated buffers do). A target the ATen table
// lacks makes every program calling it disagree, naming the op.
// ATEN_OPS comes from @wick/export's build (dist/aten/), as the package index does not list it.
import { compareValue, decodeBase, graphTargets, loadFixture, runExportGraph } from '@wick/testing';
import * as torch from '@wick/torch';
import { ATEN_OPS } from '../../packages/export/dist/aten/index.js';

/** One run of one program: all its outputs and buffers against PyTorch's, as one agreement. */
function runCase(c, run) {
  if (c.seed !== null) torch.manual_seed(c.seed);
  const { outputs, buffers } = runExportGraph(ATEN_OPS, c, run.inputs.map(decodeBase));
  const tol = c.tol ?? {};
  const checks = [compareValue(outputs, run.outputs, tol)];
  for (const [key, expected] of Object.entries(run.buffers)) checks.push(compareValue(buffers.get(key), expected, tol));
  return {
    ok: checks.every((a) => a.ok),
    worstUlp: Math.max(...checks.map((a) => a.worstUlp)),
    worstAbs: Math.max(...checks.map((a) => a.worstAbs)),
    problem: checks.find((a) => !a.ok) && `${c.name}: ${checks.find((a) => !a.ok).problem}`,
  };
}

export function run(note) {
  for (const c of loadFixture('export/cases.msgpack').cases) {
    const ops = [...new Set(graphTargets(c))].filter((t) => !t.startsWith('_operator.'));
    for (const r of c.runs) {
      let result;
      try {
        result = runCase(c, r);
      } catch (e) {
        result = { ok: false, worstUlp: 0, worstAbs: 0, problem: `${c.name} threw ${e instanceof Error ? e.message : String(e)}` };
      }
      for (const op of ops) note(ATEN_OPS.has(op) ? op : `${op} (not in ATEN_OPS)`, () => result);
    }
  }
}
