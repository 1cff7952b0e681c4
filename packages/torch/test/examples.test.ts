// The examples in examples/ run as tests, so the README's recipes cannot rot. Where an example
// computes numbers, they are checked against PyTorch's recorded ones.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import { compareTensors, decodeValue, loadFixture } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { main as bert } from '../../../examples/bert.mjs';
import { main as charGru } from '../../../examples/char-gru.mjs';
import { main as checkAgainstPytorch } from '../../../examples/check-against-pytorch.mjs';
import { main as convert } from '../../../examples/convert.mjs';
import { main as gpt2 } from '../../../examples/gpt2.mjs';
import { main as loadAndRun } from '../../../examples/load-and-run.mjs';
import { main as onnx } from '../../../examples/onnx.mjs';
import { main as pt2 } from '../../../examples/pt2.mjs';
import { main as portTrainingLoop } from '../../../examples/port-training-loop.mjs';
import { main as resnet } from '../../../examples/resnet.mjs';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

/** Runs an example, collecting what it prints; the lines are shown once it passes. */
function quietly<T>(run: (log: (line: string) => void) => T): { result: T; lines: string[] } {
  const lines: string[] = [];
  return { result: run((l) => lines.push(l)), lines };
}

/** A fixtures/models/ recording: named fields, not the cases that loadFixture's type describes. */
function recorded<T>(path: string): T {
  return decode(readFileSync(new URL(`../../../fixtures/models/${path}`, import.meta.url)), { useBigInt64: true }) as T;
}

/** A tensor as the fixtures encode it. */
const tensorOf = (encoded: unknown) => decodeValue(encoded).value as Tensor;

describe('examples', () => {
  it('char-gru: a GRU language model trained from scratch; the loss falls and it samples text', () => {
    const lines: string[] = [];
    // Smaller than the example's defaults (150 steps of 16 windows of 32 characters) so the test
    // takes about a second alone and stays well inside its timeout when the suite shares two
    // busy cores. The run is seeded: at this size the mean loss of the last 5 steps is about
    // half that of the first 5, against the 0.75 required.
    const { losses, sample } = charGru({ steps: 30, seqLen: 16, batch: 8, log: (l: string) => lines.push(l) });
    const first = losses.slice(0, 5).reduce((a: number, b: number) => a + b) / 5;
    const last = losses.slice(-5).reduce((a: number, b: number) => a + b) / 5;
    expect(last).toBeLessThan(first * 0.75);
    expect(sample.length).toBe(121);
    console.log(lines.join('\n'));
  }, 120_000);

  it("load-and-run: PyTorch's checkpoint gives PyTorch's logits and greedy text", () => {
    const samples = loadFixture('demo/samples.msgpack') as unknown as { tol: number; cases: { prompt: string; logits: unknown; continuation: string }[] };
    const c = samples.cases.find((k) => k.prompt === 'the lighthouse')!;
    const { result, lines } = quietly((log) => loadAndRun({ prompt: c.prompt, steps: 30, log }));
    const agreement = compareTensors(result.logits, decodeValue(c.logits).value as Tensor, { atol: samples.tol });
    expect(agreement.problem ?? 'ok').toBe('ok');
    expect(result.text).toBe(c.continuation.slice(0, 30));
    expect(lines.some((l) => l.includes('generated 30/30'))).toBe(true);
    console.log(`${lines.slice(-2).join('\n')}\nworst logit error vs PyTorch ${agreement.worstAbs.toExponential(2)} (bound ${samples.tol})`);
  });

  // The tolerances below are the fixtures' own (tools/fixtures/models_cases/common.py): an absolute
  // float32 bound of four times PyTorch's float32-vs-float64 deviation on the same weights, and at
  // least 16 eps of the largest value.
  it("gpt2: transformers' GPT-2 checkpoint gives PyTorch's logits and greedy tokens", () => {
    const expected = recorded<{ logits: unknown; generated: number[]; tol: number }>('gpt2/outputs.msgpack');
    const { result, lines } = quietly((log) => gpt2({ log }));
    const agreement = compareTensors(result.logits, tensorOf(expected.logits), { atol: expected.tol });
    expect(agreement.problem ?? 'ok').toBe('ok');
    expect(result.worst).toBeLessThanOrEqual(expected.tol);
    expect(result.tokens).toEqual(expected.generated);
    console.log(lines.join('\n'));
  });

  it("bert: transformers' BERT checkpoint gives PyTorch's hidden states and pooled output on a padded batch", () => {
    const expected = recorded<{ last_hidden_state: unknown; pooler_output: unknown; tol: number }>('bert/outputs.msgpack');
    const { result, lines } = quietly((log) => bert({ log }));
    const pairs = [[result.hidden, expected.last_hidden_state], [result.pooled, expected.pooler_output]] as const;
    for (const [actual, pytorch] of pairs) {
      const agreement = compareTensors(actual, tensorOf(pytorch), { atol: expected.tol });
      expect(agreement.problem ?? 'ok').toBe('ok');
    }
    expect(Math.max(result.worst.last_hidden_state, result.worst.pooler_output)).toBeLessThanOrEqual(expected.tol);
    console.log(lines.join('\n'));
  });

  it("resnet: timm's resnet18 layout from torch.save gives PyTorch's eval logits, and five SGD steps PyTorch's losses and BatchNorm running stats", () => {
    interface Recorded {
      eval: { logits: unknown; tol: number };
      train: { losses: number[]; buffers: [string, unknown][]; tol: number };
    }
    const expected = recorded<Recorded>('resnet/outputs.msgpack');
    const { result, lines } = quietly((log) => resnet({ log }));
    const logits = compareTensors(result.logits, tensorOf(expected.eval.logits), { atol: expected.eval.tol });
    expect(logits.problem ?? 'ok').toBe('ok');
    const asTensor = (v: number[]) => torch.tensor(v, { dtype: 'float64' });
    const losses = compareTensors(asTensor(result.losses), asTensor(expected.train.losses), { atol: expected.train.tol });
    expect(losses.problem ?? 'ok').toBe('ok');
    expect([...result.buffers.keys()]).toEqual(expected.train.buffers.map(([key]) => key));
    for (const [key, pytorch] of expected.train.buffers) {
      // running_mean/var within the bound; num_batches_tracked (int64) exactly.
      const agreement = compareTensors(result.buffers.get(key)!, tensorOf(pytorch), { atol: expected.train.tol });
      expect(agreement.problem ?? 'ok', key).toBe('ok');
    }
    console.log(lines.join('\n'));
  }, 120_000);

  for (const name of ['adam/float32', 'sgd_momentum/float64']) {
    it(`port-training-loop (${name}): every step's loss is PyTorch's within the fixture's bound`, () => {
      const c = loadFixture('training/gru.msgpack').cases.find((k) => k.name === name)!;
      const { result, lines } = quietly((log) => portTrainingLoop({ name, log }));
      expect(result.losses).toHaveLength(20);
      const asTensor = (v: number[]) => torch.tensor(v, { dtype: 'float64' });
      const agreement = compareTensors(asTensor(result.losses), asTensor(c.losses as number[]), { ulp: 4, atol: Number(c.tol) });
      expect(agreement.problem ?? 'ok').toBe('ok');
      expect(lines.filter((l) => l.startsWith('step'))).toHaveLength(5); // a progress line every 5 steps
      console.log(lines.at(-1));
    });
  }

  it('check-against-pytorch: the recorded GRU cases agree, with their worst ULP reported', () => {
    const { result, lines } = quietly((log) => checkAgainstPytorch({ log }));
    expect(result.map((r) => r.name)).toEqual(['gru/f32/l1', 'gru/f32/l2_bi_bf', 'gru/f64/l2_bi']);
    for (const r of result) expect(r.problem ?? 'ok', r.name).toBe('ok');
    expect(lines.filter((l) => /^\[\d\/3\] .*worst \d+ ULP/.test(l))).toHaveLength(3);
    console.log(lines.join('\n'));
  });

  it('check-against-pytorch: a wrong recording is reported, not accepted', () => {
    const fixture = loadFixture('nn/rnn.msgpack');
    const c = fixture.cases.find((k) => k.name === 'gru/f32/l1')!;
    const out = c.out as { data: Uint8Array }[];
    // A user's file (the `file` path of the example) holding a correct case and a copy whose first
    // output element has one bit flipped: the copy must be reported.
    const data = new Uint8Array(out[0]!.data); // a copy (msgpack's Buffer.slice would be a view)
    data[3] = data[3]! ^ 0x10;
    const dir = mkdtempSync(join(tmpdir(), 'wick-check-'));
    try {
      const file = join(dir, 'tampered.msgpack');
      writeFileSync(file, encode({ meta: fixture.meta, cases: [c, { ...c, name: 'tampered', out: [{ ...out[0]!, data }, out[1]] }] }, { useBigInt64: true }));
      const { result } = quietly((log) => checkAgainstPytorch({ file, log }));
      expect(result.map((r) => [r.name, r.ok])).toEqual([['gru/f32/l1', true], ['tampered', false]]);
      expect(result[1]!.problem).toMatch(/^\[0\]: element 0 is /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const file of ['demo/char_gru.pt', 'serialize/dtypes.pt', 'serialize/layer_gru.pt']) {
    it(`convert: ${file} -> .safetensors -> .pt with the CLI, every tensor bit for bit`, () => {
      const input = new URL(`../../../fixtures/${file}`, import.meta.url).pathname;
      const { result, lines } = quietly((log) => convert({ input, log }));
      expect(result.tensors).toBeGreaterThan(0);
      expect(result.identical).toBe(result.tensors);
      expect(result.sameKeys).toBe(true);
      console.log(lines.at(-1));
    });
  }

  it("onnx: a wick GRU exports and runs back at another size; PyTorch's exported GRU gives PyTorch's outputs", () => {
    const { result, lines } = quietly((log) => onnx({ log }));
    // The loaded graph runs the same kernels on the same weights (onnx-roundtrip.test.ts covers
    // every exported model within float32 rounding).
    expect(result.roundTrip).toBeLessThanOrEqual(1e-6);
    expect(result.pytorchWorst).toBeLessThanOrEqual(result.bound);
    expect(result.bytes.length).toBeGreaterThan(0);
    console.log(lines.join('\n'));
  });

  it("pt2: PyTorch's torch.export programs (dynamic dims, core-ATen and default graphs) give PyTorch's outputs", () => {
    const { result, lines } = quietly((log) => pt2({ log }));
    expect(result.map((r) => r.name)).toEqual(['dynamic_pool.core', 'language_model.default']);
    for (const r of result) expect(r.worst, r.name).toBeLessThanOrEqual(r.bound);
    // The dynamic program ran at three batch and sequence sizes.
    expect(result[0]!.runs).toBe(3);
    console.log(lines.join('\n'));
  });
});
