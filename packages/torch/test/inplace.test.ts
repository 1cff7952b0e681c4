import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

// Every in-place Tensor method PyTorch 2.13 has for an op wick has: when wick's Tensor has
// `x.op(...)` and PyTorch's has both `op` and `op_`, wick's has `op_` too (the list of PyTorch's
// methods is fixtures/signatures/torch.json, written by tools/fixtures/signatures.py).

const recorded = JSON.parse(readFileSync(new URL('../../../fixtures/signatures/torch.json', import.meta.url), 'utf8')) as {
  signatures: Record<string, unknown>;
};
const pytorchMethods = new Set(
  Object.keys(recorded.signatures)
    .filter((k) => k.startsWith('Tensor.'))
    .map((k) => k.slice('Tensor.'.length)),
);

const proto = torch.Tensor.prototype as unknown as Record<string, unknown>;
const has = (name: string) => typeof proto[name] === 'function';

describe('in-place methods', () => {
  it("wick has PyTorch's in-place form of every Tensor method it has", () => {
    const missing = [...pytorchMethods]
      .filter((name) => !name.endsWith('_') && !name.startsWith('_') && has(name) && pytorchMethods.has(`${name}_`))
      .filter((name) => !has(`${name}_`))
      .map((name) => `${name}_`)
      .sort();
    expect(missing).toEqual([]);
  });
});
