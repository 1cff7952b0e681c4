// torch.gru, torch.lstm, torch.rnn_tanh, torch.rnn_relu (what PyTorch's RNN modules call through
// _VF): a whole stacked, optionally bidirectional recurrent network over a padded (.input) or
// packed (.data) sequence. Each is an op differentiated through its composite (as PyTorch's
// CompositeImplicitAutograd rnn ops are), which loops layers and directions and runs one
// _rnn_layer op per layer-direction, with dropout between layers in training.
import { scalarName } from '../dtype.js';
import { DTypeError, DeviceError, IndexError, ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type PyArgs, defineFunction } from '../signature/index.js';
import { cat, stack } from './join.js';
import { dropout_mask } from './random.js';
import { type RnnMode, rnnLayer } from './rnn-layer.js';
import { defineComposite } from './table.js';

interface RnnAttrs {
  mode: RnnMode;
  /** Packed input (.data overload): its batch sizes; null for a padded input (.input). */
  batch_sizes: readonly number[] | null;
  /** How many of the inputs after the first are state tensors (1, or 2 for LSTM). */
  n_hx: number;
  has_biases: boolean;
  num_layers: number;
  dropout: number;
  train: boolean;
  bidirectional: boolean;
  batch_first: boolean;
}

const gates: Record<RnnMode, number> = { RNN_TANH: 1, RNN_RELU: 1, GRU: 3, LSTM: 4 };

/** PyTorch's refusals, in its order (RNN.cpp: lstm's hx count, gather_params, pair_vec, apply_layer_stack, then the products). */
function checkRnn(inputs: readonly Tensor[], a: RnnAttrs): void {
  const x = inputs[0]!;
  const hx = inputs.slice(1, 1 + a.n_hx);
  const params = inputs.slice(1 + a.n_hx);
  if (a.mode === 'LSTM' && hx.length !== 2) throw new ValueError('lstm expects two hidden states');
  checkDevices(x, hx, params);
  if (a.batch_sizes === null) {
    // NOTE: PyTorch fails when it takes a step's size(1); 2-D input gets its IndexError.
    if (x.ndim !== 3) throw new IndexError(`Dimension out of range (expected to be in range of [-${x.ndim - 1}, ${x.ndim - 2}], but got 1)`);
    if (x.shape[a.batch_first ? 1 : 0] === 0) throw new ValueError('Expected sequence length to be larger than 0 in RNN');
  } else if (x.ndim !== 2) {
    throw new ShapeError(`Expected a 2-D packed data tensor, got ${x.ndim}-D`);
  } else {
    // What PyTorch's step loop meets when batch_sizes do not fit the data (it narrows, then joins states).
    let off = 0;
    const sizes = a.batch_sizes;
    sizes.forEach((bs, t) => {
      if (off + bs > x.shape[0]!) throw new ShapeError(`start (${off}) + length (${bs}) exceeds dimension size (${x.shape[0]}).`);
      const prev = t === 0 ? bs : sizes[t - 1]!;
      if (bs > prev) throw new ShapeError(`The size of tensor a (${prev}) must match the size of tensor b (${bs}) at non-singleton dimension 0`);
      off += bs;
    });
  }
  const proj = a.mode === 'LSTM' && hx[0]!.ndim === 3 && hx[1]!.ndim === 3 && hx[0]!.shape[2] !== hx[1]!.shape[2];
  const stride = (a.has_biases ? 4 : 2) + (proj ? 1 : 0);
  if (params.length % stride !== 0) throw new ValueError('got an incorrect number of RNN parameters');
  const directions = a.bidirectional ? 2 : 1;
  const groups = params.length / stride;
  for (const h of hx) if (h.ndim !== 3) throw new ShapeError(`Expected hidden state to be 3-D, got ${h.ndim}-D`);
  const hiddens = hx[0]!.shape[0]!;
  if (a.bidirectional && (groups % 2 !== 0 || hiddens % 2 !== 0)) throw new ValueError('Odd number of params or hiddens given to a bidirectional RNN');
  if (hiddens / directions !== a.num_layers) throw new ValueError('Expected more hidden states in stacked_rnn');
  if (groups / directions !== a.num_layers) throw new ValueError('Expected more weights in stacked_rnn');
  const batch = a.batch_sizes === null ? x.shape[a.batch_first ? 0 : 1]! : a.batch_sizes[0] ?? 0;
  const rows = a.batch_sizes === null ? x.shape[0]! * x.shape[1]! : x.shape[0]!;
  let width = x.shape[x.ndim - 1]!;
  for (let layer = 0; layer < a.num_layers; layer++) {
    for (let d = 0; d < directions; d++) {
      const at = (layer * directions + d) * stride;
      const [wih, whh] = [params[at]!, params[at + 1]!];
      const [bih, bhh] = a.has_biases ? [params[at + 2]!, params[at + 3]!] : [null, null];
      // The input projection of the whole sequence (addmm with the bias, as PyTorch's linear), then the steps'.
      checkLinear(x, rows, width, wih, bih);
      for (const h of hx) {
        if (h.shape[1] !== batch) throw new ShapeError(`The size of tensor a (${h.shape[1]}) must match the size of tensor b (${batch}) at non-singleton dimension 0`);
      }
      checkLinear(hx[0]!, batch, hx[0]!.shape[2]!, whh, bhh);
      if (hx.length > 1 && hx[1]!.dtype !== whh.dtype) throw dtypeError('mat1', hx[1]!, whh);
      if (wih.shape[0] !== gates[a.mode] * (a.mode === 'LSTM' ? hx[1]!.shape[2]! : hx[0]!.shape[2]!) || whh.shape[0] !== wih.shape[0]) {
        throw new ShapeError(`Expected ${gates[a.mode]} gates of the hidden size in weight_ih and weight_hh, got [${wih.shape.join(', ')}] and [${whh.shape.join(', ')}]`);
      }
    }
    width = hx[0]!.shape[2]! * directions;
  }
}

/** PyTorch's check_attributes (RNN.cpp): hidden states, then parameters, on the input's device. */
function checkDevices(x: Tensor, hx: readonly Tensor[], params: readonly Tensor[]): void {
  const check = (name: string, t: Tensor) => {
    if (t.device !== x.device) {
      throw new DeviceError(
        `Input and ${name} tensors are not at the same device, found input tensor at ${x.device} and ${name} tensor at ${t.device}`,
      );
    }
  };
  for (const h of hx) check('hidden', h);
  for (const p of params) check('parameter', p);
}

const dtypeError = (first: string, a: Tensor, b: Tensor) =>
  new DTypeError(`${first} and mat2 must have the same dtype, but got ${scalarName(a.dtype)} and ${scalarName(b.dtype)}`);

/** PyTorch's refusals of linear(m, w, b) for m of `rows` x `cols`: addmm's dtype checks, the product's shapes, the bias's expansion. */
function checkLinear(m: Tensor, rows: number, cols: number, w: Tensor, b: Tensor | null): void {
  if (b !== null && b.dtype !== w.dtype) throw dtypeError('self', b, w);
  if (m.dtype !== w.dtype) throw dtypeError('mat1', m, w);
  if (w.ndim !== 2 || w.shape[1] !== cols) throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (${rows}x${cols} and ${w.shape[1]}x${w.shape[0]})`);
  if (b !== null && (b.ndim !== 1 || b.shape[0] !== w.shape[0])) {
    throw new ShapeError(
      `The expanded size of the tensor (${w.shape[0]}) must match the existing size (${b.shape[b.ndim - 1]}) at non-singleton dimension 1.  ` +
        `Target sizes: [${rows}, ${w.shape[0]}].  Tensor sizes: [${b.shape.join(', ')}]`,
    );
  }
}

/** The network on rows laid out as a packed sequence's: [output rows, h_n, (c_n)]. */
function runRnn(x: Tensor, batchSizes: readonly number[], hx: readonly Tensor[], params: readonly Tensor[], a: RnnAttrs): Tensor[] {
  const proj = a.mode === 'LSTM' && hx[0]!.shape[2] !== hx[1]!.shape[2];
  const stride = (a.has_biases ? 4 : 2) + (proj ? 1 : 0);
  const directions = a.bidirectional ? 2 : 1;
  const finals: Tensor[][] = hx.map(() => []);
  let input = x;
  for (let layer = 0; layer < a.num_layers; layer++) {
    const outs: Tensor[] = [];
    for (let d = 0; d < directions; d++) {
      const index = layer * directions + d;
      const group = params.slice(index * stride, (index + 1) * stride);
      const attrs = { mode: a.mode, batch_sizes: batchSizes, reverse: d === 1, has_biases: a.has_biases, has_proj: proj };
      const res = rnnLayer([input, ...hx.map((h) => h.select(0, index)), ...group], attrs);
      outs.push(res[0]!);
      hx.forEach((_, k) => finals[k]!.push(res[1 + k]!));
    }
    input = directions === 1 ? outs[0]! : cat(outs, 1);
    // The same draws as nn.functional.dropout on this tensor (PyTorch's _rnn_impl calls at::dropout).
    if (a.dropout !== 0 && a.train && layer < a.num_layers - 1 && input.numel() > 0) input = input.mul(dropout_mask(input, a.dropout));
  }
  return [input, ...finals.map((f) => stack(f, 0))];
}

function composite(inputs: readonly Tensor[], a: RnnAttrs): Tensor[] {
  const x = inputs[0]!;
  const hx = inputs.slice(1, 1 + a.n_hx);
  const params = inputs.slice(1 + a.n_hx);
  if (a.batch_sizes !== null) {
    // Rows past the batch sizes' total are not part of the sequence (PyTorch ignores them too).
    const total = a.batch_sizes.reduce((s, b) => s + b, 0);
    return runRnn(total < x.shape[0]! ? x.narrow(0, 0, total) : x, a.batch_sizes, hx, params, a);
  }
  const seq = a.batch_first ? x.transpose(0, 1) : x;
  const [T, B, I] = seq.shape as [number, number, number];
  const rows = seq.contiguous().view([T * B, I]);
  const [out, ...finals] = runRnn(rows, new Array<number>(T).fill(B), hx, params, a);
  const output = out!.view([T, B, out!.shape[1]!]);
  return [a.batch_first ? output.transpose(0, 1) : output, ...finals];
}

const ops = Object.fromEntries((['gru', 'lstm', 'rnn_tanh', 'rnn_relu'] as const).map((name) => [
  name, defineComposite<RnnAttrs>(name, { composite, derivative: 'composite', check: checkRnn, devices: 'own' }),
]));

const modeOf = { gru: 'GRU', lstm: 'LSTM', rnn_tanh: 'RNN_TANH', rnn_relu: 'RNN_RELU' } as const;

/** Batch sizes as numbers: PyTorch requires an int64 CPU tensor. */
function batchSizesOf(t: Tensor): number[] {
  if (t.dtype !== 'int64') throw new DTypeError(`expected scalar type Long but found ${scalarName(t.dtype)}`);
  return (t.tolist() as (number | bigint)[]).map(Number);
}

type Tail = [has_biases: boolean, num_layers: number, dropout: number, train: boolean, bidirectional: boolean];
interface TailOptions { has_biases?: boolean; num_layers?: number; dropout?: number; train?: boolean; bidirectional?: boolean }
type State<H> = { hx?: H };
type RnnFn<H, R> = {
  (...args: PyArgs<[input: Tensor, hx: H, params: readonly Tensor[], ...Tail, batch_first: boolean],
    TailOptions & State<H> & { input?: Tensor; params?: readonly Tensor[]; batch_first?: boolean }>): R;
  (...args: PyArgs<[data: Tensor, batch_sizes: Tensor, hx: H, params: readonly Tensor[], ...Tail],
    TailOptions & State<H> & { data?: Tensor; batch_sizes?: Tensor; params?: readonly Tensor[] }>): R;
};

const tail = 'bool has_biases, int num_layers, float dropout, bool train, bool bidirectional';

function defineRnn<H, R>(name: 'gru' | 'lstm' | 'rnn_tanh' | 'rnn_relu', hxType: string) {
  return defineFunction<RnnFn<H, R>>(name, [
    `${name}(Tensor data, Tensor batch_sizes, ${hxType} hx, Tensor[] params, ${tail})`,
    `${name}(Tensor input, ${hxType} hx, Tensor[] params, ${tail}, bool batch_first)`,
  ], (b) => {
    const packed = b.data !== undefined;
    const hx: Tensor[] = Array.isArray(b.hx) ? [...(b.hx as Tensor[])] : [b.hx as Tensor];
    const attrs: RnnAttrs = {
      mode: modeOf[name], batch_sizes: packed ? batchSizesOf(b.batch_sizes as Tensor) : null, n_hx: hx.length,
      has_biases: b.has_biases, num_layers: b.num_layers, dropout: b.dropout, train: b.train,
      bidirectional: b.bidirectional, batch_first: packed ? false : b.batch_first,
    };
    const out = ops[name]!.callMulti([packed ? b.data : b.input, ...hx, ...(b.params as Tensor[])], attrs) as Tensor[];
    return out as R;
  });
}

/** torch.gru: (output, h_n). */
export const gru = defineRnn<Tensor, [Tensor, Tensor]>('gru', 'Tensor');
/** torch.rnn_tanh: (output, h_n). */
export const rnn_tanh = defineRnn<Tensor, [Tensor, Tensor]>('rnn_tanh', 'Tensor');
/** torch.rnn_relu: (output, h_n). */
export const rnn_relu = defineRnn<Tensor, [Tensor, Tensor]>('rnn_relu', 'Tensor');
/** torch.lstm: hx is [h_0, c_0]; returns (output, h_n, c_n). */
export const lstm = defineRnn<readonly Tensor[], [Tensor, Tensor, Tensor]>('lstm', 'Tensor[]');
