// torch.onnx.export and torch.onnx.load together: every model of tools/onnx-check (which holds the
// exported files to onnxruntime and PyTorch in .ci/run) exported at each opset, loaded back by
// wick and run at sizes other than the traced ones, against the module's own forward.
import { describe, expect, it } from 'vitest';
import { CASES, OTHERS, TRACED } from '../../../tools/onnx-check/models.js';
import { compareTensors } from '@wick/testing';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

// Both sides run wick's kernels on the same weights, but the loaded graph computes some things in
// another order (the exporter splits LayerNorm into its ONNX pieces, GRU gates are reordered and
// run through ONNX's layout): within float32 rounding of outputs of magnitude about 1, the
// absolute part of tools/onnx-check's bound.
const TOL = { atol: 2e-5 };

const flat = (r: Tensor | Tensor[]): Tensor[] => (Array.isArray(r) ? r : [r]);

describe('an exported model loads back and runs with the module\'s numbers', () => {
  for (const c of CASES) {
    for (const opset of [13, 17, 20]) {
      it(`${c.name} at opset ${opset}`, () => {
        torch.manual_seed(c.seed);
        const model = c.build();
        model.eval();
        const bytes = torch.onnx.export(model, c.inputs(...TRACED), null, {
          input_names: c.input_names, output_names: c.output_names, dynamic_axes: c.dynamic_axes, opset_version: opset,
        });
        const loaded = torch.onnx.load(bytes);
        for (const [name, t] of model.state_dict()) {
          if (loaded.state_dict().has(name)) expect(compareTensors(loaded.state_dict().get(name)!, t).problem ?? 'ok').toBe('ok');
        }
        for (const [b, t] of OTHERS) {
          const inputs = c.inputs(b, t);
          const want = flat(torch.no_grad(() => (model.forward as (...a: Tensor[]) => Tensor | Tensor[])(...inputs)));
          const got = flat(loaded.forward(...inputs) as Tensor | Tensor[]);
          expect(got.length).toBe(want.length);
          got.forEach((g, i) => expect(compareTensors(g, want[i]!, TOL).problem ?? 'ok').toBe('ok'));
        }
      });
    }
  }
});
