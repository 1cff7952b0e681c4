// Small hand-built graphs (tools/fixtures/onnx_cases/operators.py) for the operators, attributes
// and opset differences that PyTorch's exported models do not reach; onnxruntime's outputs, within
// the fixture's absolute float32 bound (1e-5), exact for integers and booleans.
import type { Tensor } from '@wick/tensor';
import { compareTensors } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { load } from '../src/index.js';
import { type OnnxTypes, onnx } from '../src/proto.js';
import { operatorCases } from './fixtures.js';

const worst: string[] = [];

describe('operators agree with onnxruntime', () => {
  for (const c of operatorCases()) {
    it(c.name, () => {
      const out = load(c.model).forward(...c.inputs);
      const outs = Array.isArray(out) ? out : [out];
      expect(outs.length).toBe(c.outputs.length);
      let worstAbs = 0;
      outs.forEach((o, i) => {
        const agreement = compareTensors(o, c.outputs[i]!, { atol: c.tol });
        expect(agreement.problem ?? 'ok', `output ${i}`).toBe('ok');
        worstAbs = Math.max(worstAbs, agreement.worstAbs);
      });
      worst.push(`${c.name}: worst |err| ${worstAbs.toExponential(2)}`);
    });
  }

  it('prints the worst errors', () => {
    console.log(worst.join('\n'));
  });
});

// onnxruntime's CPU GRU and LSTM refuse layout = 1 (batch-major), so the batch-major form is
// checked against the sequence-major case it restates: the same node with layout = 1, its
// inputs and onnxruntime's outputs transposed to batch-major.
describe('recurrent layout = 1 restates layout = 0', () => {
  const cases = operatorCases().filter((c) => c.name === 'GRU bidirectional, no bias' || c.name === 'LSTM bidirectional, initial states');
  it('both cases are in the fixture', () => expect(cases.length).toBe(2));
  for (const c of cases) {
    it(c.name, () => {
      const model = onnx.ModelProto.decode(c.model);
      const graph = model.graph as OnnxTypes.GraphProto;
      const node = graph.node[0] as OnnxTypes.NodeProto;
      // The declared input shapes are sequence-major: left undeclared (any shape) here.
      for (const input of graph.input) input.type!.tensorType!.shape = null;
      node.attribute.push(onnx.AttributeProto.create({ name: 'layout', type: onnx.AttributeProto.AttributeType.INT, i: 1 }));
      // X [seq, batch, in] -> [batch, seq, in]; states [D, batch, H] -> [batch, D, H]
      const inputs = c.inputs.map((t) => t.transpose(0, 1));
      const out = load(onnx.ModelProto.encode(model).finish()).forward(...inputs) as Tensor[];
      // Y [seq, D, batch, H] -> [batch, seq, D, H]; Y_h, Y_c [D, batch, H] -> [batch, D, H]
      const want = c.outputs.map((t) => (t.ndim === 4 ? t.permute(2, 0, 1, 3) : t.transpose(0, 1)));
      out.forEach((o, i) => expect(compareTensors(o, want[i]!.contiguous(), { atol: c.tol }).problem ?? 'ok', `output ${i}`).toBe('ok'));
    });
  }
});
