// Small hand-built graphs (tools/fixtures/onnx_cases/operators.py) for the operators, attributes
// and opset differences that PyTorch's exported models do not reach; onnxruntime's outputs, within
// the fixture's absolute float32 bound (1e-5), exact for integers and booleans.
import { compareTensors } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { load } from '../src/index.js';
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
