// PyTorch's models exported by PyTorch's torch.onnx.export (both exporters, opsets 17 and 20) load
// in wick: the initializers that keep PyTorch's names equal its state_dict exactly, and forward
// gives PyTorch's outputs within the fixture's float32 bound (never widened here).
import { join } from 'node:path';
import { compareTensors } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { load } from '../src/index.js';
import { ONNX_DIR, exportedModels } from './fixtures.js';

const models = exportedModels();
const worst: string[] = [];

describe('models exported by PyTorch load and reproduce its outputs', () => {
  it('the fixture has every model, both exporters and the external-data copy', () => {
    const files = models.map((m) => m.file);
    for (const name of ['gru', 'lstm', 'lstm_bi', 'rnn', 'mlp', 'lm', 'transformer', 'cnn']) {
      expect(files).toContain(`${name}.ts17.onnx`);
      expect(files).toContain(`${name}.ts20.onnx`);
      expect(files).toContain(`${name}.dynamo.onnx`);
    }
    expect(files).toContain('mlp.external.onnx');
  });

  for (const m of models) {
    it(`${m.file}: initializers and ${m.cases.length} case(s)`, () => {
      const model = load(join(ONNX_DIR, m.file));
      expect(model.opset_import.get('')).toBe(m.opset);
      const state = model.state_dict();
      // Every initializer as onnx reads it (names, order, dtype, shape and values exactly), and
      // PyTorch's parameters where the exporter kept them under their own names.
      expect([...state.keys()]).toEqual(m.initializers.map(([k]) => k));
      for (const [k, v] of m.initializers) expect(compareTensors(state.get(k)!, v).problem ?? 'ok', k).toBe('ok');
      const params = new Map(m.params);
      for (const k of m.kept) expect(compareTensors(state.get(k)!, params.get(k)!).problem ?? 'ok', k).toBe('ok');
      let worstAbs = 0;
      for (const c of m.cases) {
        const out = model.forward(...c.inputs);
        const outs = Array.isArray(out) ? out : [out];
        expect(outs.length).toBe(c.outputs.length);
        outs.forEach((o, i) => {
          const agreement = compareTensors(o, c.outputs[i]!, { atol: m.tol });
          expect(agreement.problem ?? 'ok', `output ${i} at input shape [${c.inputs[0]!.shape.join(', ')}]`).toBe('ok');
          worstAbs = Math.max(worstAbs, agreement.worstAbs);
        });
      }
      worst.push(`${m.file.padEnd(22)} ${m.cases.length} cases, ${m.kept.length}/${state.size} initializers are PyTorch's own, worst |err| ${worstAbs.toExponential(2)} (bound ${m.tol})`);
    });
  }

  it('prints the worst errors', () => {
    console.log(worst.join('\n'));
  });
});
