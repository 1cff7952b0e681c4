// `pnpm demo`: a character-level GRU language model trained by PyTorch (fixtures/demo/, written by
// tools/fixtures/demo_cases.py) runs in wick: torch.load reads PyTorch's checkpoint, torch.nn
// rebuilds the model, and the text it generates is compared with PyTorch's own.
import { relative } from 'node:path';
import { run as wickCli } from '@wick/cli';
import * as torch from '@wick/torch';
import { callCase, compareTensors, compareValue, loadFixture } from '@wick/testing';
import { greedy, loadModel, loadSamples, promptLogits } from './demo/char-gru.mjs';

const started = performance.now();
function section(title) {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
}

section('tensors');
const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float64 });
console.log('x.t() is a view of x:', x.t().storage === x.storage, '  x @ x.t() =', torch.matmul(x, x.t()));
console.log('int64 stays exact:', torch.tensor([2n ** 62n + 1n]).add(1));

section('agreement with PyTorch, per op family (embedded fixtures)');
const ns = { ...torch, nn: { functional: { pad: torch.pad, embedding: torch.embedding, linear: torch.linear } } };
for (const family of ['unary', 'binary', 'reduce', 'matmul', 'index', 'shape']) {
  const cases = loadFixture(`tensor/${family}.msgpack`).cases.filter((c) => !c.error);
  let agree = 0;
  let worstUlp = 0;
  for (const c of cases) {
    try {
      const { result, input } = callCase(ns, c, {});
      const a = compareValue(result, c.out, c.tol ?? {}, input);
      if (a.ok) agree++;
      worstUlp = Math.max(worstUlp, a.worstUlp);
    } catch {
      // counted as a disagreement
    }
  }
  console.log(`${family.padEnd(8)} ${String(agree).padStart(5)}/${cases.length} cases agree, worst ${worstUlp} ULP`);
}
console.log('(all fixtures, per op: pnpm conformance -> conformance.md)');

section("PyTorch's checkpoint: fixtures/demo/char_gru.pt");
const ptPath = new URL('../fixtures/demo/char_gru.pt', import.meta.url).pathname;
wickCli(['inspect', relative(process.cwd(), ptPath)], { out: (line) => console.log(line), err: (line) => console.error(line) });

section('a character-level GRU trained by PyTorch, running in wick');
const samples = loadSamples();
const model = loadModel(samples);
const { embed, hidden, layers } = samples.config;
console.log(`Embedding(${samples.vocab.length}, ${embed}) -> GRU(${embed}, ${hidden}, num_layers=${layers}) -> Linear(${hidden}, ${samples.vocab.length}), trained by PyTorch ${samples.meta.torch}`);
let worstAbs = 0;
let identical = 0;
for (const c of samples.cases) {
  const logits = compareTensors(promptLogits(model, samples.vocab, c.prompt), c.logits, { atol: samples.tol });
  worstAbs = Math.max(worstAbs, logits.worstAbs);
  const text = greedy(model, samples.vocab, c.prompt, samples.config.continue);
  const first = [...text].findIndex((ch, i) => ch !== c.continuation[i]);
  console.log(`\n"${c.prompt}" ->\n  ${(c.prompt + text).replace(/\n/g, '\n  ')}`);
  if (text === c.continuation) {
    identical++;
    console.log(`  (${text.length} characters, greedy: identical to PyTorch's)`);
  } else {
    const at = first < 0 ? text.length : first;
    console.log(`  DIFFERS from PyTorch's at character ${at}: wick "${text.slice(at, at + 20)}", PyTorch "${c.continuation.slice(at, at + 20)}"`);
  }
}
console.log(`\ngenerated text identical to PyTorch's for ${identical}/${samples.cases.length} prompts`);
console.log(`worst logit error vs PyTorch: ${worstAbs.toExponential(2)} abs (bound ${samples.tol.toExponential(2)}: 4x PyTorch's own float32-vs-float64 deviation)`);
console.log(`demo done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (identical !== samples.cases.length || worstAbs > samples.tol) process.exitCode = 1;
