// Gradients of every recorded module case against PyTorch's: d/d(input, h0, every parameter) of
// sum(weight * output) over the float outputs, with the fixture's weights. Each case carries its
// own absolute bound (tools/fixtures/nn_cases/family.py: four times PyTorch's float32 error against
// float64, or a chain-length bound in float64); the worst error per module is printed at the end.
import { install } from '@wick/autograd';
import { type Agreement, type FixtureCase, compareValue, decodeValue, loadFixture } from '@wick/testing';
import { Tensor, manual_seed } from '@wick/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';
import { PackedSequence } from '../src/index.js';
import { leafInput, loadedModule } from './module-cases.js';

beforeAll(() => install());
function floats(v: unknown): Tensor[] {
  if (v instanceof PackedSequence) return [v.data];
  if (v instanceof Tensor) return v.is_floating_point() ? [v] : [];
  if (Array.isArray(v)) return v.flatMap(floats);
  return [];
}
const gradOf = (l: unknown): unknown => (Array.isArray(l) ? l.map(gradOf) : l instanceof Tensor ? l.grad : null);

const worst = new Map<string, { ulp: number; abs: number; cases: number }>();
function note(name: string, a: Agreement): void {
  const [module, dtype] = name.split('/');
  const key = `${module} ${dtype}`;
  const w = worst.get(key) ?? { ulp: 0, abs: 0, cases: 0 };
  worst.set(key, { ulp: Math.max(w.ulp, a.worstUlp), abs: Math.max(w.abs, a.worstAbs), cases: w.cases + 1 });
}

/** A function case's callable: `nn.functional.scaled_dot_product_attention`. */
function functionAt(path: string): (...args: unknown[]) => unknown {
  const fn = path.split('.').slice(1).reduce<unknown>((ns, part) => Reflect.get(Object(ns), part), nn);
  if (typeof fn !== 'function') throw new Error(`no function ${path}`);
  return fn as (...args: unknown[]) => unknown;
}

/** Function cases differentiate their arguments only: no module, no parameters. */
function run(c: FixtureCase): { out: unknown; pairsIn: [unknown, unknown][]; named: Map<string, Tensor> } {
  if (c.kind === 'function') {
    const pairsIn = (c.args as unknown[]).map((v) => leafInput(v));
    const kwargs = c.kwargs && Object.keys(c.kwargs).length > 0 ? [decodeValue(c.kwargs).value] : [];
    if (c.seed !== undefined) manual_seed(Number(c.seed));
    return { out: functionAt(String(c.fn))(...pairsIn.map((p) => p[0]), ...kwargs), pairsIn, named: new Map() };
  }
  const m = loadedModule(c);
  const pairsIn = (c.inputs as unknown[]).map((v) => leafInput(v));
  // A case that draws (dropout in training) was recorded right after manual_seed(seed).
  if (c.seed !== undefined) manual_seed(Number(c.seed));
  return { out: m.forward(...pairsIn.map((p) => p[0])), pairsIn, named: new Map(m.named_parameters()) };
}

for (const family of ['rnn', 'layers', 'calls', 'activations', 'norm', 'embedding', 'conv', 'pool', 'attention']) {
  describe(family, () => {
  for (const c of loadFixture(`nn/${family}.msgpack`).cases) {
    if ((c.kind !== 'module' && c.kind !== 'function') || !c.grads) continue;
    it(c.name, () => {
      const { out, pairsIn, named } = run(c);
      const ws = (c.grad_outputs as unknown[]).map((w) => decodeValue(w).value as Tensor);
      const fs = floats(out);
      let total = fs[0]!.mul(ws[0]!).sum();
      for (let i = 1; i < fs.length; i++) total = total.add(fs[i]!.mul(ws[i]!).sum());
      total.backward();
      const g = c.grads as { inputs: unknown[]; params: [string, unknown][] };
      const tol = { ulp: 4, atol: Number(c.grad_tol) };
      const params = compareValue(g.params.map(([n]) => named.get(n)!.grad), g.params.map(([, t]) => t), tol);
      expect(params.problem ?? 'ok', 'parameter gradients').toBe('ok');
      const inputs = compareValue(pairsIn.map((p) => gradOf(p[1])), g.inputs, tol);
      expect(inputs.problem ?? 'ok', 'input gradients').toBe('ok');
      note(c.name, { ok: true, worstUlp: Math.max(params.worstUlp, inputs.worstUlp), worstAbs: Math.max(params.worstAbs, inputs.worstAbs) });
    });
  }
  });
}

afterAll(() => {
  const rows = [...worst].map(([k, w]) => `  ${k.padEnd(26)} ${String(w.cases).padStart(4)} cases  worst ${w.ulp} ULP, abs ${w.abs.toExponential(2)}`);
  console.log(`nn gradients vs PyTorch, worst error per module:\n${rows.join('\n')}`);
});
