// Recipe: export in Python, run in JS. torch.export saves the program itself (its ATen graph, its
// weights, which inputs are dynamic), so the JS side needs no model code.
//
// In Python (tools/fixtures/export_cases writes fixtures/export/ this way):
//   batch, seq = torch.export.Dim("batch", min=1, max=8), torch.export.Dim("seq", min=2, max=16)
//   ep = torch.export.export(model, (x,), dynamic_shapes=({0: batch, 1: seq},))
//   torch.export.save(ep.run_decompositions(), "pool.core.pt2")     # or ep: the default graph
// Here: dynamic_pool.core.pt2, a sequence classifier (Linear, GELU, LayerNorm, softmax attention
// pooling, a Linear head) whose batch and sequence lengths are both dynamic, in the core-ATen
// graph; and language_model.default.pt2, an Embedding + 2-layer LSTM + Linear language model in
// torch.export's default graph. Each runs on PyTorch's recorded inputs against PyTorch's outputs.
//
//   pnpm build && node examples/pt2.mjs
import { fileURLToPath } from 'node:url';
import { compareTensors, decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';

const PROGRAMS = ['dynamic_pool.core', 'language_model.default'];

export function main({ log = console.log } = {}) {
  const recorded = loadFixture('export/cases.msgpack').cases;
  const tensor = (encoded) => decodeValue(encoded).value;
  const results = [];
  for (const name of PROGRAMS) {
    const ep = torch.export.load(fileURLToPath(new URL(`../fixtures/export/${name}.pt2`, import.meta.url)));
    const ops = new Set(ep.graph.nodes.map((n) => n.target.replace(/^torch\.ops\./, '')));
    const dims = [...ep.range_constraints].map(([s, r]) => `${s} in [${r.min_val}, ${r.max_val}]`);
    log(`${name}.pt2: ${ep.state_dict.size} weights, ${ep.graph.nodes.length} nodes, ops ${[...ops].join(' ')}`);
    if (dims.length > 0) log(`  dynamic dims: ${dims.join(', ')}`);
    const m = ep.module();
    const c = recorded.find((k) => k.name === name);
    let worst = 0;
    for (const run of c.runs) {
      const inputs = run.inputs.map(tensor);
      const out = torch.no_grad(() => m(...inputs));
      worst = Math.max(worst, compareTensors(out, tensor(run.outputs[0]), { atol: Infinity }).worstAbs);
      log(`  input [${inputs[0].shape.join(', ')}] -> output [${out.shape.join(', ')}]`);
    }
    log(`  worst |error| against PyTorch ${worst.toExponential(2)} (bound ${c.tol.atol})`);
    results.push({ name, worst, bound: c.tol.atol, runs: c.runs.length });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
