// One recurrent step as PyTorch's cell functions (torch.gru_cell, lstm_cell, rnn_tanh_cell,
// rnn_relu_cell: what nn.GRUCell and friends call), differentiated through their composite, which
// is PyTorch's CPU math (RNN.cpp GRUCell, LSTMCell, SimpleCell) in its operation order.
import { cppName } from './reduce-common.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type PyArgs, defineFunction } from '../signature/index.js';
import { rnnLayerForward } from '../cpu/rnn-layer.js';
import { linear } from './matmul.js';
import { type RnnMode, steps } from './rnn-layer.js';
import { defineComposite, registerKernel, runComposite } from './table.js';

interface CellAttrs {
  mode: RnnMode;
  has_b_ih: boolean;
  has_b_hh: boolean;
}

/** The inputs as the op takes them: [input, hx..., w_ih, w_hh, b_ih?, b_hh?]. */
function split(inputs: readonly Tensor[], a: CellAttrs) {
  const nh = a.mode === 'LSTM' ? 2 : 1;
  const hx = inputs.slice(1, 1 + nh);
  let k = 1 + nh;
  const w_ih = inputs[k++]!;
  const w_hh = inputs[k++]!;
  const b_ih = a.has_b_ih ? inputs[k++]! : null;
  const b_hh = a.has_b_hh ? inputs[k++]! : null;
  return { input: inputs[0]!, hx, w_ih, w_hh, b_ih, b_hh };
}

/** PyTorch's check_rnn_cell_forward_input and check_rnn_cell_forward_hidden, then the products' dtype check. */
function checkCell(inputs: readonly Tensor[], a: CellAttrs): void {
  const { input, hx, w_ih, w_hh } = split(inputs, a);
  const size1 = (t: Tensor): number => {
    if (t.ndim < 2) throw new IndexError(`Dimension out of range (expected to be in range of [-${Math.max(t.ndim, 1)}, ${Math.max(t.ndim, 1) - 1}], but got 1)`);
    return t.shape[1]!;
  };
  if (size1(input) !== w_ih.shape[1]) throw new ShapeError(`input has inconsistent input_size: got ${input.shape[1]} expected ${w_ih.shape[1]}`);
  hx.forEach((h, i) => {
    if (input.shape[0] !== h.shape[0]) throw new ShapeError(`Input batch size ${input.shape[0]} doesn't match hidden${i} batch size ${h.shape[0]}`);
    if (size1(h) !== w_hh.shape[1]) throw new ShapeError(`hidden${i} has inconsistent hidden_size: got ${h.shape[1]}, expected ${w_hh.shape[1]}`);
  });
  for (const [m1, m2] of [[input, w_ih], ...hx.map((h) => [h, w_hh])] as [Tensor, Tensor][]) {
    if (m1.dtype !== m2.dtype) throw new DTypeError(`expected m1 and m2 to have the same dtype, but got: ${cppName[m1.dtype]} != ${cppName[m2.dtype]}`);
  }
}

function composite(inputs: readonly Tensor[], a: CellAttrs): Tensor[] {
  const { input, hx, w_ih, w_hh, b_ih, b_hh } = split(inputs, a);
  return steps[a.mode](linear(input, w_ih, b_ih), hx, { w_hh, b_hh, w_hr: null });
}

const names = { gru_cell: 'GRU', lstm_cell: 'LSTM', rnn_tanh_cell: 'RNN_TANH', rnn_relu_cell: 'RNN_RELU' } as const;
type CellName = keyof typeof names;

/**
 * The CPU kernel, for calls autograd does not record (inference; a GRUCell stepped in a JS loop):
 * one step of the fused layer kernel, with its products and gate math, in place of the
 * composite's ten ops. float32/float64 with both biases or neither; anything else runs the composite.
 */
function cellKernel(name: CellName) {
  return (inputs: readonly Tensor[], a: CellAttrs): Tensor[] => {
    const { input, hx } = split(inputs, a);
    const fused = (input.dtype === 'float32' || input.dtype === 'float64') && input.shape[0]! > 0 && a.has_b_ih === a.has_b_hh && inputs.every((t) => t.dtype === input.dtype);
    if (!fused) return runComposite(name, inputs, a) as Tensor[];
    const out = rnnLayerForward(inputs, { mode: a.mode, batch_sizes: [input.shape[0]!], reverse: false, has_biases: a.has_b_ih, has_proj: false }, false);
    // [output, h_n, (c_n), workspace]: the step's new state is h_n (and c_n).
    return out.slice(1, 1 + hx.length);
  };
}

const ops = Object.fromEntries((Object.keys(names) as CellName[]).map((name) => {
  const op = defineComposite<CellAttrs>(name, { composite, derivative: 'composite', check: checkCell });
  registerKernel<CellAttrs>(name, 'cpu', cellKernel(name));
  return [name, op];
}));

interface CellOptions<H> { input?: Tensor; hx?: H; w_ih?: Tensor; w_hh?: Tensor; b_ih?: Tensor | null; b_hh?: Tensor | null }
type CellFn<H, R> = (...args: PyArgs<[input: Tensor, hx: H, w_ih: Tensor, w_hh: Tensor, b_ih?: Tensor | null, b_hh?: Tensor | null], CellOptions<H>>) => R;

function defineCell<H, R>(name: CellName, hxType: string, unpack: (out: Tensor[]) => R) {
  return defineFunction<CellFn<H, R>>(name, `${name}(Tensor input, ${hxType} hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None)`, (b) => {
    const hx: Tensor[] = Array.isArray(b.hx) ? [...(b.hx as Tensor[])] : [b.hx as Tensor];
    if (name === 'lstm_cell' && hx.length !== 2) throw new ValueError('lstm_cell expects two hidden states');
    const attrs: CellAttrs = { mode: names[name], has_b_ih: b.b_ih !== null, has_b_hh: b.b_hh !== null };
    const inputs = [b.input as Tensor, ...hx, b.w_ih as Tensor, b.w_hh as Tensor];
    if (b.b_ih !== null) inputs.push(b.b_ih as Tensor);
    if (b.b_hh !== null) inputs.push(b.b_hh as Tensor);
    return unpack(ops[name]!.callMulti(inputs, attrs) as Tensor[]);
  });
}

/** torch.gru_cell: the next hidden state. */
export const gru_cell = defineCell<Tensor, Tensor>('gru_cell', 'Tensor', (o) => o[0]!);
/** torch.rnn_tanh_cell: tanh(x W_ih^T + b_ih + h W_hh^T + b_hh). */
export const rnn_tanh_cell = defineCell<Tensor, Tensor>('rnn_tanh_cell', 'Tensor', (o) => o[0]!);
/** torch.rnn_relu_cell: relu(x W_ih^T + b_ih + h W_hh^T + b_hh). */
export const rnn_relu_cell = defineCell<Tensor, Tensor>('rnn_relu_cell', 'Tensor', (o) => o[0]!);
/** torch.lstm_cell: hx is [h, c]; returns (h', c'). */
export const lstm_cell = defineCell<readonly Tensor[], [Tensor, Tensor]>('lstm_cell', 'Tensor[]', (o) => [o[0]!, o[1]!]);
