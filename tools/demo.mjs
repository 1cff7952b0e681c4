// `pnpm demo`: wick tensors side by side with the values PyTorch recorded in fixtures/.
import { run as wickCli } from '@wick/cli';
import * as torch from '@wick/torch';
import { callCase, compareValue, loadFixture } from '@wick/testing';

function section(title) {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
}

section('tensors');
const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float64 });
console.log('x =', x);
console.log('x.t() =', x.t(), ' (a view: shares storage with x:', x.t().storage === x.storage, ')');
console.log('x.softmax(1) =', x.softmax(1));
console.log('x @ x.t() =', torch.matmul(x, x.t()));
const big = torch.tensor([2n ** 62n + 1n]);
console.log('int64 stays exact:', big, '+ 1 =', big.add(1));

section('agreement with PyTorch 2.13 (embedded fixtures)');
const ns = { ...torch, nn: { functional: { pad: torch.pad, embedding: torch.embedding, linear: torch.linear } } };
const extra = { repr: (t) => String(t) };
for (const family of ['unary', 'binary', 'reduce', 'matmul', 'index', 'shape']) {
  const fixture = loadFixture(`tensor/${family}.msgpack`);
  let agree = 0;
  let worstUlp = 0;
  let total = 0;
  for (const c of fixture.cases) {
    if (c.error) continue;
    total++;
    try {
      const { result, input } = callCase(ns, c, extra);
      const a = compareValue(result, c.out, c.tol ?? {}, input);
      if (a.ok) agree++;
      worstUlp = Math.max(worstUlp, a.worstUlp);
    } catch {
      // counted as a disagreement
    }
  }
  console.log(`${family.padEnd(8)} ${String(agree).padStart(5)}/${total} cases agree, worst ${worstUlp} ULP`);
}

section('a PyTorch checkpoint (fixtures/serialize/checkpoint.pt, written by torch.save)');
wickCli(['inspect', new URL('../fixtures/serialize/checkpoint.pt', import.meta.url).pathname], {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
const checkpoint = torch.load(new URL('../fixtures/serialize/checkpoint.pt', import.meta.url).pathname);
console.log('torch.load gives', checkpoint instanceof Map ? `a Map with keys ${[...checkpoint.keys()].join(', ')}` : typeof checkpoint);
