// torch.onnx.export's graphs: operators and attributes, initializers (state_dict names and
// values), inputs and outputs (element types, symbolic dims), opset differences. That the graphs
// run in onnxruntime with PyTorch's and wick's numbers is tools/onnx-check (Python, .ci/run).
import * as nn from '@wick/nn';
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { export as onnxExport } from '../src/index.js';
import { attr, decode, initializer, nodesOf, opTypes, port, tensorValues, values } from './export-helpers.js';

class GruHead extends nn.Module {
  gru = new nn.GRU(4, 3, { num_layers: 2, batch_first: true });
  head = new nn.Linear(3, 2);
  override forward(x: Tensor): Tensor[] {
    const [y, h] = this.gru.forward(x);
    return [this.head.forward(y), h];
  }
}

function gruModel() {
  torch.manual_seed(0);
  const m = new GruHead();
  const bytes = onnxExport(m, [torch.randn([2, 5, 4])], null, {
    input_names: ['x'], output_names: ['y', 'h_n'], dynamic_axes: { x: { 0: 'batch', 1: 'seq' } },
  });
  return { m, model: decode(bytes) };
}

describe('torch.onnx.export: a 2-layer batch_first GRU with a Linear head', () => {
  const { m, model } = gruModel();

  it('is a ModelProto of the default opset (20, PyTorch 2.13s) with its IR version', () => {
    expect(model.producerName).toBe('wick');
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 20]]);
    expect(Number(model.irVersion)).toBe(9);
  });

  it('has one ONNX GRU per layer, linear_before_reset, time-major between Transposes', () => {
    const grus = nodesOf(model, 'GRU');
    expect(grus).toHaveLength(2);
    for (const g of grus) {
      expect(attr(g, 'linear_before_reset')).toBe(1);
      expect(attr(g, 'hidden_size')).toBe(3);
      expect(attr(g, 'direction')).toBe('forward');
      // No initial_h: the zeros the module made inside forward are ONNX's default.
      expect(g.input).toHaveLength(4);
    }
    const transposes = nodesOf(model, 'Transpose').filter((n) => String(attr(n, 'perm')) === '1,0,2');
    expect(transposes).toHaveLength(2);
    expect(opTypes(model)).not.toContain('ConstantOfShape');
  });

  it("reorders PyTorch's r, z, n gate rows to ONNX's z, r, h", () => {
    const gather = nodesOf(model, 'Gather').find((n) => n.input![0] === 'gru.weight_ih_l0')!;
    expect(values(initializer(model, gather.input![1]!)!)).toEqual([3, 4, 5, 0, 1, 2, 6, 7, 8]);
  });

  it('keeps the parameters as initializers under their state_dict names and values', () => {
    const names = model.graph!.initializer!.map((t) => t.name!).filter((n) => !n.startsWith('onnx::'));
    expect(names.sort()).toEqual([...m.state_dict().keys()].sort());
    for (const [key, p] of m.state_dict()) {
      const t = initializer(model, key)!;
      expect(t.dims!.map(Number)).toEqual(p.shape);
      expect(values(t)).toEqual(tensorValues(p));
    }
  });

  it('types the inputs and outputs, with the dynamic axes as dim_params', () => {
    expect(model.graph!.input!.map(port)).toEqual([{ name: 'x', elemType: 1, dims: ['batch', 'seq', 4] }]);
    expect(model.graph!.output!.map(port)).toEqual([
      { name: 'y', elemType: 1, dims: ['batch', 'seq', 2] },
      { name: 'h_n', elemType: 1, dims: [2, 'batch', 3] },
    ]);
  });

  it('names every node once', () => {
    const names = model.graph!.node!.map((n) => n.name!);
    expect(new Set(names).size).toBe(names.length);
  });

  it("reads the batch size from the input's Shape rather than writing the traced 2", () => {
    const shapes = nodesOf(model, 'Shape');
    expect(shapes.length).toBeGreaterThan(0);
    expect(shapes.every((n) => n.input![0] === 'x')).toBe(true);
  });
});

describe('torch.onnx.export: LSTM and RNN', () => {
  it("exports a bidirectional LSTM as ONNX's LSTM with its i, o, f, c gate order", () => {
    torch.manual_seed(0);
    const lstm = new nn.LSTM(3, 2, { bidirectional: true, num_layers: 2 });
    const model = decode(onnxExport(lstm, [torch.randn([4, 2, 3])], null, { dynamic_axes: { input_0: [0, 1] } }));
    const nodes = nodesOf(model, 'LSTM');
    expect(nodes.map((n) => attr(n, 'direction'))).toEqual(['bidirectional', 'bidirectional']);
    const gather = nodesOf(model, 'Gather').find((n) => n.input![0] === 'weight_ih_l0')!;
    expect(values(initializer(model, gather.input![1]!)!)).toEqual([0, 1, 6, 7, 2, 3, 4, 5]);
    // [T, 2, B, H] back to [T, B, 2H].
    expect(nodesOf(model, 'Transpose').some((n) => String(attr(n, 'perm')) === '0,2,1,3')).toBe(true);
    expect(model.graph!.input!.map(port)[0]!.dims).toEqual(['input_0_dynamic_axes_1', 'input_0_dynamic_axes_2', 3]);
    expect(model.graph!.output!.map((o) => o.name)).toEqual(['output_0', 'output_1', 'output_2']);
  });

  it('exports a relu RNN with its activations, and an initial state given as an input by Slice', () => {
    torch.manual_seed(0);
    const rnn = new nn.RNN(3, 2, { nonlinearity: 'relu' });
    const model = decode(onnxExport(rnn, [torch.randn([4, 1, 3]), torch.randn([1, 1, 2])]));
    const [node] = nodesOf(model, 'RNN');
    expect(attr(node!, 'activations')).toEqual(['Relu']);
    expect(node!.input![5]).toBe(nodesOf(model, 'Slice')[0]!.output![0]);
  });
});

describe('torch.onnx.export: MLPs, embeddings, layer norm, softmax', () => {
  it('maps activations one operator each and leaves eval-mode Dropout out', () => {
    torch.manual_seed(0);
    const mlp = new nn.Sequential(new nn.Flatten(), new nn.Linear(6, 4), new nn.ReLU(), new nn.Tanh(), new nn.Sigmoid(), new nn.Dropout(0.5), new nn.GELU());
    mlp.train();
    const model = decode(onnxExport(mlp, torch.randn([2, 2, 3]), null, { dynamic_axes: { input_0: { 0: 'n' } } }));
    expect(opTypes(model)).toEqual(expect.arrayContaining(['Reshape', 'MatMul', 'Relu', 'Tanh', 'Sigmoid', 'Erf']));
    expect(opTypes(model)).not.toContain('Dropout');
    // Flatten's [n, 6] with n dynamic: Reshape to [-1, 6].
    expect(values(initializer(model, nodesOf(model, 'Reshape')[0]!.input![1]!)!)).toEqual([-1, 6]);
    expect(mlp.training).toBe(true);
  });

  it('maps embedding to Gather on the weight, and log_softmax to LogSoftmax', () => {
    const emb = new nn.Embedding(5, 2);
    class Lm extends nn.Module {
      emb = emb;
      override forward(t: Tensor): Tensor {
        return this.emb.forward(t).log_softmax(-1);
      }
    }
    const model = decode(onnxExport(new Lm(), torch.tensor([[1, 2]])));
    expect(nodesOf(model, 'Gather')[0]!.input).toEqual(['emb.weight', 'input_0']);
    expect(attr(nodesOf(model, 'LogSoftmax')[0]!, 'axis')).toBe(2);
    expect(port(model.graph!.input![0]!).elemType).toBe(7);
  });

  it("writes ReduceMean's axes as an attribute below opset 18 and as an input from 18", () => {
    const norm = new nn.LayerNorm(4);
    const at = (opset: number) => nodesOf(decode(onnxExport(norm, torch.randn([2, 4]), null, { opset_version: opset })), 'ReduceMean');
    expect(at(17).map((n) => [n.input!.length, attr(n, 'axes')])).toEqual([[1, [1]], [1, [1]]]);
    expect(at(18).map((n) => [n.input!.length, attr(n, 'axes')])).toEqual([[2, undefined], [2, undefined]]);
    expect(nodesOf(decode(onnxExport(new nn.Softmax(1), torch.randn([2, 4]))), 'Softmax')).toHaveLength(1);
  });
});

describe('torch.onnx.export: parameters as inputs', () => {
  const lin = new nn.Linear(2, 2);
  it('export_params=False makes the parameters graph inputs, not initializers', () => {
    const model = decode(onnxExport(lin, torch.randn([1, 2]), null, { export_params: false }));
    expect(model.graph!.input!.map((i) => i.name)).toEqual(['input_0', 'weight', 'bias']);
    expect(initializer(model, 'weight')).toBeUndefined();
  });

  it('keep_initializers_as_inputs=True also lists the initializers as inputs', () => {
    const model = decode(onnxExport(lin, torch.randn([1, 2]), null, { keep_initializers_as_inputs: true }));
    const names = model.graph!.input!.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['input_0', 'weight', 'bias']));
    expect(values(initializer(model, 'weight')!)).toEqual(tensorValues(lin.weight));
  });
});

describe('torch.onnx.export: convolution, masks', () => {
  it("exports nn.Conv1d and nn.ConvTranspose1d as ONNX's Conv and ConvTranspose with their attributes", () => {
    const conv = new nn.Conv1d(2, 4, 3, { stride: 2, padding: 1, dilation: 2, groups: 2 });
    const [node] = nodesOf(decode(onnxExport(conv, torch.randn([1, 2, 9]))), 'Conv');
    expect(node!.input).toEqual(['input_0', 'weight', 'bias']);
    expect(['strides', 'pads', 'dilations', 'group', 'kernel_shape'].map((a) => attr(node!, a))).toEqual([[2], [1, 1], [2], 2, [3]]);
    const up = new nn.ConvTranspose1d(2, 3, 3, { stride: 2, output_padding: 1, bias: false });
    const [t] = nodesOf(decode(onnxExport(up, torch.randn([1, 2, 5]))), 'ConvTranspose');
    expect(t!.input).toEqual(['input_0', 'weight']);
    expect(attr(t!, 'output_padding')).toEqual([1]);
  });

  it('maps masked_fill to Where, and all to a ReduceMin of the truth as int32', () => {
    class Masked extends nn.Module {
      override forward(t: Tensor): Tensor {
        const dead = t.lt(0).all(-1, true);
        return t.masked_fill(dead, 0);
      }
    }
    const model = decode(onnxExport(new Masked(), torch.randn([2, 3])));
    expect(opTypes(model)).toEqual(['Less', 'Cast', 'ReduceMin', 'Cast', 'Where']);
  });
});

describe('torch.onnx.export: recurrent refusals', () => {
  it('refuses an LSTM with proj_size, which ONNX LSTM cannot hold', () => {
    const lstm = new nn.LSTM(3, 4, { proj_size: 2 });
    expect(() => onnxExport(lstm, torch.randn([2, 1, 3]))).toThrow('cannot export lstm: an LSTM with proj_size has no ONNX form');
  });

  it('refuses a packed sequence made inside forward', () => {
    class Packed extends nn.Module {
      gru = new nn.GRU(3, 2);
      override forward(x: Tensor): Tensor {
        const packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor([2, 1]));
        return this.gru.forward(packed)[1];
      }
    }
    expect(() => onnxExport(new Packed(), torch.randn([2, 2, 3]))).toThrow('cannot export gru: a PackedSequence has no ONNX form; pass the padded batch');
  });
});
