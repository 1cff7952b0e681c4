// The models that run.sh checks (python.py builds the same ones in PyTorch): each with its
// example input (the traced shapes), the dynamic axes, and the other shapes it is run at.
import * as torch from '../../packages/torch/src/index.js';
import type { Tensor } from '../../packages/tensor/src/index.js';

const { nn } = torch;
type Module = InstanceType<typeof nn.Module>;

export interface Case {
  name: string;
  seed: number;
  build(): Module;
  /** The forward's arguments at a [batch, seq] size (seq unused by models without one). */
  inputs(batch: number, seq: number): Tensor[];
  input_names: string[];
  output_names: string[];
  dynamic_axes: Record<string, Record<number, string>>;
}

class GruHead extends nn.Module {
  gru = new nn.GRU(8, 16, { num_layers: 2, batch_first: true });
  head = new nn.Linear(16, 5);
  override forward(x: Tensor): Tensor[] {
    const [y, h] = this.gru.forward(x);
    return [this.head.forward(y), h];
  }
}

class Lstm extends nn.Module {
  lstm = new nn.LSTM(6, 10, { num_layers: 2, bidirectional: true });
  override forward(x: Tensor): Tensor[] {
    const [y, [h, c]] = this.lstm.forward(x);
    return [y, h, c];
  }
}

class GruBi extends nn.Module {
  gru = new nn.GRU(4, 6, { num_layers: 2, batch_first: true, bidirectional: true });
  override forward(x: Tensor): Tensor[] {
    return this.gru.forward(x);
  }
}

class LstmState extends nn.Module {
  lstm = new nn.LSTM(4, 6, { num_layers: 2, batch_first: true });
  override forward(x: Tensor, h0: Tensor, c0: Tensor): Tensor[] {
    const [y, [h, c]] = this.lstm.forward(x, [h0, c0]);
    return [y, h, c];
  }
}

class RnnRelu extends nn.Module {
  rnn = new nn.RNN(5, 7, { nonlinearity: 'relu', bidirectional: true, batch_first: true });
  override forward(x: Tensor, h0: Tensor): Tensor[] {
    const [y, h] = this.rnn.forward(x, h0);
    return [y, h];
  }
}

class LastStep extends nn.Module {
  gru = new nn.GRU(4, 6, { batch_first: true });
  head = new nn.Linear(6, 3);
  override forward(x: Tensor): Tensor {
    const [y] = this.gru.forward(x);
    const [first, rest] = y.split([1, y.shape[1]! - 1], 1) as [Tensor, Tensor];
    return this.head.forward(y.select(1, -1).add(first.sum(1)).sub(rest.mean(1)));
  }
}

class Lm extends nn.Module {
  embed = new nn.Embedding(20, 8);
  gru = new nn.GRU(8, 12, { batch_first: true });
  head = new nn.Linear(12, 20);
  override forward(tokens: Tensor): Tensor {
    const [y] = this.gru.forward(this.embed.forward(tokens));
    return this.head.forward(y).log_softmax(-1);
  }
}

class Norm extends nn.Module {
  proj = new nn.Linear(8, 8);
  norm = new nn.LayerNorm(8);
  override forward(x: Tensor): Tensor {
    return this.norm.forward(this.proj.forward(x)).softmax(-1);
  }
}

const batchSeq = { 0: 'batch', 1: 'seq' };

class Convs extends nn.Module {
  body = new nn.Sequential(
    new nn.Conv1d(3, 4, 3, { padding: 1 }), new nn.ReLU(),
    new nn.Conv1d(4, 2, 3, { stride: 2, dilation: 2 }), new nn.BatchNorm1d(2), new nn.ConvTranspose1d(2, 3, 3, { stride: 2, output_padding: 1 }),
  );
  override forward(x: Tensor): Tensor {
    return this.body.forward(x);
  }
}

export const CASES: Case[] = [
  {
    name: 'gru_head', seed: 1, build: () => new GruHead(),
    inputs: (b, t) => [torch.randn([b, t, 8])],
    input_names: ['x'], output_names: ['y', 'h_n'], dynamic_axes: { x: batchSeq },
  },
  {
    name: 'lstm', seed: 2, build: () => new Lstm(),
    inputs: (b, t) => [torch.randn([t, b, 6])],
    input_names: ['x'], output_names: ['y', 'h_n', 'c_n'], dynamic_axes: { x: { 0: 'seq', 1: 'batch' } },
  },
  {
    name: 'gru_bi', seed: 10, build: () => new GruBi(),
    inputs: (b, t) => [torch.randn([b, t, 4])],
    input_names: ['x'], output_names: ['y', 'h_n'], dynamic_axes: { x: batchSeq },
  },
  {
    name: 'lstm_state', seed: 11, build: () => new LstmState(),
    inputs: (b, t) => [torch.randn([b, t, 4]), torch.randn([2, b, 6]), torch.randn([2, b, 6])],
    input_names: ['x', 'h0', 'c0'], output_names: ['y', 'h_n', 'c_n'],
    dynamic_axes: { x: batchSeq, h0: { 1: 'batch' }, c0: { 1: 'batch' } },
  },
  {
    name: 'rnn_relu', seed: 3, build: () => new RnnRelu(),
    inputs: (b, t) => [torch.randn([b, t, 5]), torch.randn([2, b, 7])],
    input_names: ['x', 'h0'], output_names: ['y', 'h_n'], dynamic_axes: { x: batchSeq, h0: { 1: 'batch' } },
  },
  {
    name: 'mlp', seed: 4,
    build: () => new nn.Sequential(
      new nn.Flatten(), new nn.Linear(12, 16), new nn.ReLU(), new nn.Linear(16, 16), new nn.GELU(), new nn.Linear(16, 16),
      new nn.Tanh(), new nn.Linear(16, 16), new nn.Sigmoid(), new nn.Dropout(0.3), new nn.Linear(16, 4),
    ),
    inputs: (b) => [torch.randn([b, 3, 4])],
    input_names: ['x'], output_names: ['y'], dynamic_axes: { x: { 0: 'batch' } },
  },
  {
    name: 'last_step', seed: 12, build: () => new LastStep(),
    inputs: (b, t) => [torch.randn([b, t + 1, 4])],
    input_names: ['x'], output_names: ['y'], dynamic_axes: { x: batchSeq },
  },
  {
    name: 'lm', seed: 5, build: () => new Lm(),
    inputs: (b, t) => [torch.randint(0, 20, [b, t])],
    input_names: ['tokens'], output_names: ['log_probs'], dynamic_axes: { tokens: batchSeq },
  },
  {
    name: 'layer_norm', seed: 6, build: () => new Norm(),
    inputs: (b, t) => [torch.randn([b, t, 8])],
    input_names: ['x'], output_names: ['p'], dynamic_axes: { x: batchSeq },
  },
  {
    name: 'conv', seed: 7, build: () => new Convs(),
    inputs: (b, t) => [torch.randn([b, 3, t + 8])],
    input_names: ['x'], output_names: ['y'], dynamic_axes: { x: { 0: 'batch', 2: 'time' } },
  },
  {
    name: 'activations', seed: 8,
    build: () => new nn.Sequential(
      new nn.Linear(6, 6), new nn.LeakyReLU(0.1), new nn.Linear(6, 6), new nn.ELU(), new nn.Linear(6, 6), new nn.SiLU(),
      new nn.Linear(6, 6), new nn.Softplus(), new nn.Linear(6, 6), new nn.Hardtanh(-0.5, 0.5), new nn.Linear(6, 6),
      new nn.GELU('tanh'), new nn.LogSoftmax(1),
    ),
    inputs: (b) => [torch.randn([b, 6]).mul(2)],
    input_names: ['x'], output_names: ['y'], dynamic_axes: { x: { 0: 'batch' } },
  },
  {
    name: 'transformer', seed: 9,
    build: () => new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, batch_first: true }),
    inputs: (b, t) => [torch.randn([b, t, 8])],
    input_names: ['x'], output_names: ['y'], dynamic_axes: { x: batchSeq },
  },
];

/** The traced size, then the sizes each model is also run at. */
export const TRACED: [number, number] = [2, 5];
export const OTHERS: [number, number][] = [[3, 7], [1, 2], [6, 4]];
