// ONNX's GRU, LSTM and RNN operators, run by wick's fused layers (torch.gru, torch.lstm,
// torch.rnn_tanh / rnn_relu) after putting the gate blocks in PyTorch's order. ONNX's GRU with
// linear_before_reset = 1 is PyTorch's GRU; the other form is a different cell and is refused.
import { type Tensor, cat, gru, lstm, rnn_relu, rnn_tanh, zeros } from '@wick/tensor';
import { OnnxError } from '../../errors.js';
import { ONNX_GATES, type RecurrentOp, torchGates } from '../../gate-order.js';
import { type NodeRun, type Operator, need, op } from './operator.js';

const DEFAULT_ACTIVATIONS: Record<RecurrentOp, string[]> = { GRU: ['Sigmoid', 'Tanh'], LSTM: ['Sigmoid', 'Tanh', 'Tanh'], RNN: ['Tanh'] };

/** The gate blocks of a [gates * hidden, ...] tensor in PyTorch's order. */
function reorder(t: Tensor, mode: RecurrentOp, hidden: number): Tensor {
  const order = torchGates(mode);
  return order.length === 1 ? t : cat(order.map((g) => t.narrow(0, g * hidden, hidden)), 0);
}

/** The activations attribute, checked against what wick's layers compute; RNN may be Relu. */
function activationOf(n: NodeRun, mode: RecurrentOp, directions: number): 'Tanh' | 'Relu' {
  const given = n.attrs.strings('activations');
  const defaults = DEFAULT_ACTIVATIONS[mode];
  if (given === undefined) return 'Tanh';
  const perDirection = given.length / directions;
  const rows = Array.from({ length: directions }, (_, d) => given.slice(d * perDirection, (d + 1) * perDirection).join());
  const relu = mode === 'RNN' && rows.every((r) => r === 'Relu');
  if (!relu && !rows.every((r) => r === defaults.join())) {
    throw new OnnxError(`${n.label}: activations [${given.join(', ')}] are not supported by wick (supported: ${defaults.join(', ')} per direction${mode === 'RNN' ? ', or Relu' : ''})`);
  }
  return relu ? 'Relu' : 'Tanh';
}

function refuseUnsupported(n: NodeRun, mode: RecurrentOp): void {
  for (const name of ['activation_alpha', 'activation_beta', 'clip']) {
    if (n.attrs.has(name)) throw new OnnxError(`${n.label}: attribute ${name} is not supported by wick`);
  }
  if (mode === 'GRU') n.attrs.expect('linear_before_reset', [1], 0);
  if (mode === 'LSTM') {
    n.attrs.expect('input_forget', [0], 0);
    if (n.inputs[7] !== undefined) throw new OnnxError(`${n.label}: peephole weights (input P) are not supported by wick`);
  }
  if (n.inputs[4] !== undefined) throw new OnnxError(`${n.label}: sequence_lens is not supported by wick (every sequence runs its full length)`);
}

function recurrent(mode: RecurrentOp): Operator {
  const attributes = ['activation_alpha', 'activation_beta', 'activations', 'clip', 'direction', 'hidden_size', 'layout',
    ...(mode === 'GRU' ? ['linear_before_reset'] : mode === 'LSTM' ? ['input_forget'] : [])];
  return op(attributes, (n) => {
    refuseUnsupported(n, mode);
    const [x, W, R] = [need(n, 0, 'X'), need(n, 1, 'W'), need(n, 2, 'R')];
    const B = n.inputs[3];
    const direction = n.attrs.string('direction', 'forward');
    if (!['forward', 'reverse', 'bidirectional'].includes(direction)) throw new OnnxError(`${n.label}: direction '${direction}' is not forward, reverse or bidirectional`);
    const D = direction === 'bidirectional' ? 2 : 1;
    const gates = ONNX_GATES[mode].length;
    if (!n.attrs.has('hidden_size')) throw new OnnxError(`${n.label}: hidden_size is required`);
    const H = n.attrs.int('hidden_size', 0);
    if (W.ndim !== 3 || W.shape[0] !== D || W.shape[1] !== gates * H) {
      throw new OnnxError(`${n.label}: W should be [${D}, ${gates * H}, input_size], found [${W.shape.join(', ')}]`);
    }
    n.attrs.expect('layout', [0, 1], 0);
    const batchFirst = n.attrs.int('layout', 0) === 1;
    const activation = activationOf(n, mode, D);
    const batch = x.shape[batchFirst ? 0 : 1]!;
    const time = batchFirst ? 1 : 0;
    // layout 1 keeps states batch-major ([batch, D, H]); PyTorch's are [D, batch, H].
    const state = (i: number) => {
      const s = n.inputs[i];
      if (s === undefined) return zeros([D, batch, H], { dtype: x.dtype, device: x.device });
      // A state the graph builds from shapes (ConstantOfShape) is on the CPU: it goes to X's device.
      return (batchFirst ? s.transpose(0, 1).contiguous() : s).to(x.device);
    };
    const params: Tensor[] = [];
    for (let d = 0; d < D; d++) {
      params.push(reorder(W.select(0, d), mode, H), reorder(R.select(0, d), mode, H));
      if (B !== undefined) params.push(reorder(B.select(0, d).narrow(0, 0, gates * H), mode, H), reorder(B.select(0, d).narrow(0, gates * H, gates * H), mode, H));
    }
    // reverse alone: run forward over the time-reversed sequence and reverse the outputs back.
    const input = direction === 'reverse' ? x.flip(time) : x;
    const tail = [B !== undefined, 1, 0, false, D === 2, batchFirst] as const;
    const outs: Tensor[] = mode === 'LSTM' ? lstm(input, [state(5), state(6)], params, ...tail)
      : mode === 'GRU' ? gru(input, state(5), params, ...tail)
        : (activation === 'Relu' ? rnn_relu : rnn_tanh)(input, state(5), params, ...tail);
    const y = direction === 'reverse' ? outs[0]!.flip(time) : outs[0]!;
    const [steps] = [x.shape[time]!];
    const Y = batchFirst ? y.reshape(batch, steps, D, H) : y.reshape(steps, batch, D, H).permute(0, 2, 1, 3);
    const finals = outs.slice(1).map((h) => (batchFirst ? h.transpose(0, 1) : h));
    return [Y, ...finals];
  });
}

export const RECURRENT: Record<string, Operator> = {
  GRU: recurrent('GRU'),
  LSTM: recurrent('LSTM'),
  RNN: recurrent('RNN'),
};
