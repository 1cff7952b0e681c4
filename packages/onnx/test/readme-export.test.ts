// The README's export recipe, as written there (the file written to a temporary directory).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nn from '@wick/nn';
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { expect, it } from 'vitest';
import { export as onnxExport } from '../src/index.js';
import { decode, nodesOf, port } from './export-helpers.js';

it("README: exports the GRU tagger with dynamic batch and sequence axes", () => {
  class Tagger extends nn.Module {
    gru = new nn.GRU(8, 16, { num_layers: 2, batch_first: true });
    head = new nn.Linear(16, 5);
    override forward(x: Tensor): Tensor {
      const [y] = this.gru.forward(x);
      return this.head.forward(y);
    }
  }
  const path = join(mkdtempSync(join(tmpdir(), 'wick-onnx-readme-')), 'tagger.onnx');
  const model = new Tagger();
  const bytes = onnxExport(model, [torch.randn([2, 10, 8])], path, {
    input_names: ['x'], output_names: ['tags'],
    dynamic_axes: { x: { 0: 'batch', 1: 'seq' }, tags: { 0: 'batch', 1: 'seq' } },
  });
  expect([...readFileSync(path)]).toEqual([...bytes]);
  const m = decode(bytes);
  expect(nodesOf(m, 'GRU')).toHaveLength(2);
  expect(m.graph!.output!.map(port)).toEqual([{ name: 'tags', elemType: 1, dims: ['batch', 'seq', 5] }]);
});
