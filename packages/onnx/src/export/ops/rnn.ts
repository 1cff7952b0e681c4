// torch.gru / lstm / rnn_tanh / rnn_relu (what nn.GRU, nn.LSTM and nn.RNN call) as ONNX's GRU,
// LSTM and RNN operators, one node per layer, laid out as PyTorch's exporter lays them out: the
// sequence time-major (Transpose around a batch_first model), each layer's [T, dirs, B, H]
// output joined back to [T, B, dirs * H], and the final states concatenated over layers.
// The weights stay initializers under their state_dict names; their gate blocks are reordered
// in the graph (ONNX's GRU gates are z, r, h where PyTorch's are r, z, n; LSTM's i, o, f, c
// where PyTorch's are i, f, g, o).
import { ONNX_GATES } from '../../gate-order.js';
import type { MapContext } from '../context.js';

interface RnnAttrs {
  mode: 'GRU' | 'LSTM' | 'RNN_TANH' | 'RNN_RELU';
  batch_sizes: readonly number[] | null;
  n_hx: number;
  has_biases: boolean;
  num_layers: number;
  bidirectional: boolean;
  batch_first: boolean;
}

const OP_TYPE = { GRU: 'GRU', LSTM: 'LSTM', RNN_TANH: 'RNN', RNN_RELU: 'RNN' } as const;

/** A recurrent call is exported whole (its layers' ops are never traced). */
export function rnnWhole(): boolean {
  return true;
}

export function rnn(c: MapContext): string[] {
  const a = c.attrs as RnnAttrs;
  const { g } = c;
  if (a.batch_sizes !== null) c.fail('a PackedSequence has no ONNX form; pass the padded batch');
  const dirs = a.bidirectional ? 2 : 1;
  const stride = a.has_biases ? 4 : 2;
  const params = c.call.inputs.length - 1 - a.n_hx;
  if (params !== a.num_layers * dirs * stride) c.fail('an LSTM with proj_size has no ONNX form (ONNX LSTM has no projection)');
  const hidden = c.t(1).shape[2]!;
  const order = ONNX_GATES[OP_TYPE[a.mode]];
  const rows = order.flatMap((block) => Array.from({ length: hidden }, (_, i) => block * hidden + i));
  const reorder = (i: number) => g.op('Gather', [c.x(i), g.ints(rows)], { axis: 0 });
  const stacked = (parts: string[]) => {
    const one = parts.map((p) => g.op('Unsqueeze', [p, g.ints([0])]));
    return one.length === 1 ? one[0]! : g.op('Concat', one, { axis: 0 });
  };
  // An initial state of zeros made inside forward is left out: ONNX starts from zeros, for any batch size.
  const initial = (k: number, layer: number) => {
    if (c.isZeros(1 + k)) return '';
    return g.op('Slice', [c.x(1 + k), g.ints([layer * dirs]), g.ints([(layer + 1) * dirs]), g.ints([0])]);
  };

  let x = a.batch_first ? g.op('Transpose', [c.x(0)], { perm: [1, 0, 2] }) : c.x(0);
  const finals: string[][] = Array.from({ length: a.n_hx }, () => []);
  for (let layer = 0; layer < a.num_layers; layer++) {
    const group = (d: number) => 1 + a.n_hx + (layer * dirs + d) * stride;
    const ds = [...Array(dirs).keys()];
    const w = stacked(ds.map((d) => reorder(group(d))));
    const r = stacked(ds.map((d) => reorder(group(d) + 1)));
    const b = a.has_biases ? stacked(ds.map((d) => g.op('Concat', [reorder(group(d) + 2), reorder(group(d) + 3)], { axis: 0 }))) : '';
    const inputs = [x, w, r, b, '', ...finals.map((_, k) => initial(k, layer))];
    while (inputs.at(-1) === '') inputs.pop();
    const outs = g.node(OP_TYPE[a.mode], inputs, {
      hidden_size: hidden,
      direction: a.bidirectional ? 'bidirectional' : 'forward',
      linear_before_reset: a.mode === 'GRU' ? 1 : undefined,
      activations: a.mode === 'RNN_RELU' ? ds.map(() => 'Relu') : undefined,
    }, 1 + a.n_hx);
    finals.forEach((f, k) => f.push(outs[1 + k]!));
    // [T, dirs, B, H] -> [T, B, dirs * H]
    x = dirs === 1
      ? g.op('Squeeze', [outs[0]!, g.ints([1])])
      : g.op('Reshape', [g.op('Transpose', [outs[0]!], { perm: [0, 2, 1, 3] }), g.ints([0, 0, -1])]);
  }
  const output = a.batch_first ? g.op('Transpose', [x], { perm: [1, 0, 2] }) : x;
  return [output, ...finals.map((f) => (f.length === 1 ? f[0]! : g.op('Concat', f, { axis: 0 })))];
}
