// The recurrent networks of the default graph (what nn.RNN/GRU/LSTM call through _VF): the
// .input overloads, whose argument names wick's torch.gru/lstm/rnn_tanh/rnn_relu share. The
// core-ATen graph has none of these: run_decompositions() unrolls them into mm, sigmoid, tanh...
import { gru, lstm, rnn_relu, rnn_tanh } from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** Every argument after input and hx: the flat weight list and the network's settings. */
function settings(a: Args) {
  return {
    params: a.tensors('params'), has_biases: a.bool('has_biases'), num_layers: a.int('num_layers'), dropout: a.float('dropout'),
    train: a.bool('train'), bidirectional: a.bool('bidirectional'), batch_first: a.bool('batch_first'),
  };
}

export const RNN: AtenGroup = {
  // (output, h_n)
  'aten.gru.input': (a) => gru({ input: a.tensor('input'), hx: a.tensor('hx'), ...settings(a) }),
  'aten.rnn_tanh.input': (a) => rnn_tanh({ input: a.tensor('input'), hx: a.tensor('hx'), ...settings(a) }),
  'aten.rnn_relu.input': (a) => rnn_relu({ input: a.tensor('input'), hx: a.tensor('hx'), ...settings(a) }),
  // hx is [h_0, c_0]; (output, h_n, c_n)
  'aten.lstm.input': (a) => lstm({ input: a.tensor('input'), hx: a.tensors('hx'), ...settings(a) }),
};
