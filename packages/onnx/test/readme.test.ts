// The README's loading recipe, line for line (through the package rather than the umbrella, and
// with the fixture's GRU model as gru.onnx).
import { join } from 'node:path';
import { type Tensor, randn, zeros } from '@wick/tensor';
import { expect, it } from 'vitest';
import * as onnx from '../src/index.js';
import { ONNX_DIR } from './fixtures.js';

it("the README's recipe runs", () => {
  const torch = { onnx, randn, zeros };
  const model = torch.onnx.load(join(ONNX_DIR, 'gru.ts17.onnx'));
  expect(model.inputs[0]).toEqual({ name: 'x', dtype: 'float32', dims: ['batch', 'seq', 4] });
  expect(model.opset_import.get('')).toBe(17);
  const weights = model.state_dict();
  expect(weights.size).toBe(8);
  const [y, h_n] = model.forward(torch.randn(3, 7, 4), torch.zeros(2, 3, 12)) as Tensor[];
  expect([y!.shape, h_n!.shape]).toEqual([[3, 7, 3], [2, 3, 12]]);
});
