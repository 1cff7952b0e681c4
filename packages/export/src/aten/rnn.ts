// The recurrent networks and cells of the default graph (what nn.RNN/GRU/LSTM and the cells call
// through _VF): the .input overloads and the cells, whose argument names wick's torch.gru, lstm,
// rnn_tanh, rnn_relu and *_cell share. The core-ATen graph has none of these: run_decompositions()
// unrolls them into mm, sigmoid, tanh...
import { type Tensor, gru, gru_cell, lstm, lstm_cell, rnn_relu, rnn_relu_cell, rnn_tanh, rnn_tanh_cell } from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** Every argument after input and hx: the flat weight list and the network's settings. */
function settings(a: Args) {
  return {
    params: a.tensors('params'), has_biases: a.bool('has_biases'), num_layers: a.int('num_layers'), dropout: a.float('dropout'),
    train: a.bool('train'), bidirectional: a.bool('bidirectional'), batch_first: a.bool('batch_first'),
  };
}

/** A cell's weights after input and hx: w_ih, w_hh and the optional biases. */
function weights(a: Args): { w_ih: Tensor; w_hh: Tensor; b_ih: Tensor | null; b_hh: Tensor | null } {
  return { w_ih: a.tensor('w_ih'), w_hh: a.tensor('w_hh'), b_ih: a.optTensor('b_ih'), b_hh: a.optTensor('b_hh') };
}

export const RNN: AtenGroup = {
  // (output, h_n)
  'aten.gru.input': (a) => gru({ input: a.tensor('input'), hx: a.tensor('hx'), ...settings(a) }),
  'aten.rnn_tanh.input': (a) => rnn_tanh({ input: a.tensor('input'), hx: a.tensor('hx'), ...settings(a) }),
  'aten.rnn_relu.input': (a) => rnn_relu({ input: a.tensor('input'), hx: a.tensor('hx'), ...settings(a) }),
  // hx is [h_0, c_0]; (output, h_n, c_n)
  'aten.lstm.input': (a) => lstm({ input: a.tensor('input'), hx: a.tensors('hx'), ...settings(a) }),

  // one step: h' (GRU, RNN), [h', c'] (LSTM, hx = [h, c])
  'aten.gru_cell.default': (a) => gru_cell({ input: a.tensor('input'), hx: a.tensor('hx'), ...weights(a) }),
  'aten.rnn_tanh_cell.default': (a) => rnn_tanh_cell({ input: a.tensor('input'), hx: a.tensor('hx'), ...weights(a) }),
  'aten.rnn_relu_cell.default': (a) => rnn_relu_cell({ input: a.tensor('input'), hx: a.tensor('hx'), ...weights(a) }),
  'aten.lstm_cell.default': (a) => lstm_cell({ input: a.tensor('input'), hx: a.tensors('hx'), ...weights(a) }),
};
