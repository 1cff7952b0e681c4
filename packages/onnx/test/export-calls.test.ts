// torch.onnx.export called every way PyTorch allows, and called wrongly: each option wick cannot
// honour is refused by name, an op with no mapping is named (all of them, before anything is
// written), and a size that would be baked into a dynamic graph is refused.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nn from '@wick/nn';
import * as torch from '@wick/tensor';
import { type Recorder, type Tensor, getRecorder, setRecorder } from '@wick/tensor';
import { callUntyped } from '@wick/testing';
import { describe, expect, it, vi } from 'vitest';
import { OnnxError, export as onnxExport } from '../src/index.js';
import { decode, initializer, nodesOf, opTypes, values } from './export-helpers.js';

const opTypesOf = (bytes: Uint8Array) => opTypes(decode(bytes));

const lin = new nn.Linear(3, 2);
const x = torch.randn([4, 3]);

describe('torch.onnx.export: call forms', () => {
  it('takes its arguments positionally, with options by name, or all by name', () => {
    const a = onnxExport(lin, [x]);
    expect(onnxExport(lin, x)).toEqual(a);
    expect(onnxExport(lin, [x], null, { opset_version: 20 })).toEqual(a);
    expect(onnxExport(lin, { args: [x] })).toEqual(a);
    expect(onnxExport({ model: lin, args: [x], f: null })).toEqual(a);
    expect(decode(onnxExport(lin, [x], undefined, { input_names: ['features'] })).graph!.input![0]!.name).toBe('features');
  });

  it('writes the bytes to a path given as f, and returns them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wick-onnx-')), 'lin.onnx');
    const bytes = onnxExport(lin, [x], path);
    expect([...readFileSync(path)]).toEqual([...bytes]);
  });

  it('passes nested argument lists to forward and flattens them into graph inputs', () => {
    const lstm = new nn.LSTM(3, 2);
    const model = decode(onnxExport(lstm, [torch.randn([5, 1, 3]), [torch.zeros([1, 1, 2]), torch.zeros([1, 1, 2])]]));
    expect(model.graph!.input!.map((i) => i.name)).toEqual(['input_0', 'input_1', 'input_2']);
  });

  it('verbose=True prints the graph', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      onnxExport(lin, [x], null, { verbose: true });
      expect(String(log.mock.calls[0]![0])).toMatch(/^graph\(opset 20\) inputs: input_0: float32\[4, 3\]/);
    } finally {
      log.mockRestore();
    }
  });

  it('accepts every opset from 13 to 21 and writes its IR version', () => {
    const ir = [13, 14, 15, 16, 17, 18, 19, 20, 21].map((v) => Number(decode(onnxExport(lin, [x], null, { opset_version: v })).irVersion));
    expect(ir).toEqual([7, 7, 8, 8, 8, 8, 9, 9, 10]);
  });
});

describe('torch.onnx.export: refusals', () => {
  const refused = (options: object, message: string) => expect(() => onnxExport(lin, [x], null, options)).toThrow(message);

  it('refuses an opset outside 13..21', () => {
    for (const v of [12, 22]) refused({ opset_version: v }, `opset_version must be in 13..21 (the opsets wick writes), got ${v}`);
    expect(() => onnxExport(lin, [x], null, { opset_version: 7 })).toThrow(OnnxError);
  });

  it('refuses, by name, option values wick cannot honour', () => {
    refused({ dynamic_shapes: { x: { 0: 'b' } } }, 'dynamic_shapes is not supported');
    refused({ training: 'TRAINING' }, "training must be 'EVAL'");
    refused({ operator_export_type: 'ONNX_ATEN' }, "operator_export_type must be 'ONNX'");
    refused({ kwargs: { y: 1 } }, 'kwargs is not supported');
    refused({ custom_opsets: { 'com.x': 1 } }, 'custom_opsets is not supported');
    refused({ custom_translation_table: {} }, 'custom_translation_table is not supported');
    for (const flag of ['report', 'verify', 'profile', 'dump_exported_program', 'export_modules_as_functions']) {
      refused({ [flag]: true }, `${flag} is not supported (it must be False)`);
    }
  });

  it('refuses unknown options and wrong argument types through the binder', () => {
    expect(() => callUntyped(onnxExport, lin, [x], null, { opset: 17 })).toThrow(/opset/);
    expect(() => callUntyped(onnxExport, 'model', [x])).toThrow(/model/);
    expect(() => callUntyped(onnxExport, lin, [x], null, { input_names: 'x' })).toThrow(/input_names/);
  });

  it('refuses arguments that are not tensors, and names that do not fit', () => {
    expect(() => callUntyped(onnxExport, lin, [3])).toThrow('every argument of forward must be a Tensor (or a list of them), got number');
    refused({ input_names: ['a', 'b'] }, '2 input_names given for 1 inputs');
    refused({ input_names: ['x'], output_names: ['x'] }, "the name 'x' is given to two inputs, outputs or parameters");
    refused({ output_names: ['weight'] }, "the name 'weight' is given to two inputs, outputs or parameters");
    refused({ dynamic_axes: { y: { 0: 'b' } } }, "dynamic_axes names 'y', which is not an input or output name (input_0, output_0)");
    refused({ dynamic_axes: { input_0: { 5: 'b' } } }, "dynamic_axes['input_0'] has axis 5, but the input has 2 dims");
  });

  it('names every op without an ONNX mapping, and writes nothing', () => {
    class Odd extends nn.Module {
      override forward(t: Tensor): Tensor {
        return torch.log2(t.cumsum(0)).cumsum(1);
      }
    }
    const path = join(mkdtempSync(join(tmpdir(), 'wick-onnx-')), 'odd.onnx');
    expect(() => onnxExport(new Odd(), [x], path)).toThrow('torch.onnx.export: no ONNX mapping for ops cumsum, log2');
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a tensor of differing values made inside forward whose size follows a dynamic axis', () => {
    class Noise extends nn.Module {
      override forward(t: Tensor): Tensor {
        return t.add(torch.randn([t.shape[0]!, 3]));
      }
    }
    expect(() => onnxExport(new Noise(), [x], null, { dynamic_axes: { input_0: { 0: 'n' } } })).toThrow(
      'cannot export add: a tensor made inside forward has the shape [4, 3], which follows the size of a dynamic axis, and its values differ',
    );
    // With a fixed batch the same tensor is a constant.
    expect(nodesOf(decode(onnxExport(new Noise(), [x])), 'Add')).toHaveLength(1);
  });

});

describe('torch.onnx.export: dynamic sizes', () => {
  it('reads sizes that follow dynamic axes from Shape in a reshape back to [batch, seq, hidden]', () => {
    class Fold extends nn.Module {
      lin = new nn.Linear(3, 3);
      override forward(t: Tensor): Tensor {
        const [b, s, h] = t.shape as [number, number, number];
        return this.lin.forward(t.reshape([b * s, h])).reshape([b, s, h]);
      }
    }
    const model = decode(onnxExport(new Fold(), [torch.randn([2, 5, 3])], null, { dynamic_axes: { input_0: { 0: 'b', 1: 's' } } }));
    // b and s from the input's Shape (the first reshape's b * s is Reshape's -1).
    const fromInput = nodesOf(model, 'Shape').filter((n) => n.input![0] === 'input_0');
    expect(fromInput.map((n) => n.attribute!.map((a) => Number(a.i)))).toEqual([[0, 1], [1, 2]]);
    expect(nodesOf(model, 'Reshape')).toHaveLength(2);
  });

  it('writes a filled tensor made inside forward (ones, zeros) as one value expanded to a Shape-derived size', () => {
    class Ones extends nn.Module {
      override forward(t: Tensor): Tensor {
        return t.add(torch.ones([t.shape[0]!, 3]));
      }
    }
    const model = decode(onnxExport(new Ones(), [x], null, { dynamic_axes: { input_0: { 0: 'n' } } }));
    const [expand] = nodesOf(model, 'Expand');
    expect(values(initializer(model, expand!.input![0]!)!)).toEqual([1]);
    expect(nodesOf(model, 'Shape').map((n) => n.input![0])).toEqual(['input_0']);
  });

  it('follows detach (the same memory and layout) back to the traced value', () => {
    class Detached extends nn.Module {
      override forward(t: Tensor): Tensor {
        return t.relu().detach().tanh();
      }
    }
    expect(opTypesOf(onnxExport(new Detached(), [x]))).toEqual(['Relu', 'Tanh']);
  });

  it('refuses a model whose ops change with the sizes of its dynamic axes', () => {
    class Branch extends nn.Module {
      override forward(t: Tensor): Tensor {
        return t.shape[0] === 4 ? t.relu() : t.tanh();
      }
    }
    expect(() => onnxExport(new Branch(), [x], null, { dynamic_axes: { input_0: [0] } })).toThrow(
      'the ops that forward runs change with the sizes of the dynamic axes',
    );
  });
});

describe('torch.onnx.export: the recorder in place', () => {
  it('is put back after an export, and after a forward that throws', () => {
    const mine: Recorder = { record: () => {} };
    setRecorder(mine);
    try {
      onnxExport(lin, [x]);
      expect(getRecorder()).toBe(mine);
      class Throws extends nn.Module {
        override forward(t: Tensor): Tensor {
          t.relu();
          throw new Error('forward failed');
        }
      }
      expect(() => onnxExport(new Throws(), [x])).toThrow('forward failed');
      expect(getRecorder()).toBe(mine);
    } finally {
      setRecorder(null);
    }
  });
});
