// nn.RNN, nn.GRU and nn.LSTM: thin front ends over RNNBase (mode, hidden-state shape checks).
import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError, declare, isPlainObject } from '@wick/tensor';
import { PY_METHOD, method } from '../signatures.js';
import { type RNNBaseOptions, RNNBase } from './base.js';
import type { State } from './cells.js';
import { PackedSequence, batchSizesOf } from './packed.js';

export interface RNNOptions extends RNNBaseOptions {
  nonlinearity?: 'tanh' | 'relu';
}

export interface LSTMOptions extends RNNBaseOptions {
  /** Project h to this size with weight_hr (0: no projection). */
  proj_size?: number;
}

type Factory = [device?: Device | TorchDevice | null, dtype?: DType | null];
type Common = [input_size: number, hidden_size: number, num_layers?: number];
type Flags = [bias?: boolean, batch_first?: boolean, dropout?: number, bidirectional?: boolean];

// PyTorch's RNN, GRU and LSTM take (*args, **kwargs) and hand them to RNNBase.__init__, whose name
// their messages carry; their typing overloads (declared here) are the parameters users pass.
const OVERLOAD_LEFT_OUT = "PyTorch's second overload (*args, **kwargs) is how its implementation receives the first one, "
  + 'which its typing declares and wick binds';
const init = (cls: string, params: string) =>
  declare(`nn.${cls}.__init__`, `RNNBase.__init__(${params})`, { ...PY_METHOD, leftOut: OVERLOAD_LEFT_OUT });
const SIZES = 'Value input_size, Value hidden_size, int num_layers=1';
const FLAGS = 'Value bias=True, Value batch_first=False, Value dropout=0.0, bool bidirectional=False';
const FACTORY = 'Device? device=None, ScalarType? dtype=None';

const sig = {
  rnn: init('RNN', `${SIZES}, str nonlinearity='tanh', ${FLAGS}, ${FACTORY}`),
  gru: init('GRU', `${SIZES}, ${FLAGS}, ${FACTORY}`),
  lstm: init('LSTM', `${SIZES}, ${FLAGS}, int proj_size=0, ${FACTORY}`),
  rnnForward: method('RNN.forward(Tensor|PackedSequence input, Tensor? hx=None)'),
  gruForward: method('GRU.forward(Tensor|PackedSequence input, Tensor? hx=None)'),
  lstmForward: method('LSTM.forward(Tensor|PackedSequence input, Tensor[2]? hx=None)'),
  lstmCellSize: method('LSTM.get_expected_cell_size(Tensor input, Tensor? batch_sizes)'),
  lstmCheckForwardArgs: method('LSTM.check_forward_args(Tensor input, Tensor[2] hidden, Tensor? batch_sizes)'),
  lstmPermuteHidden: method('LSTM.permute_hidden(Tensor[2] hx, Tensor? permutation)'),
};

/** PyTorch's RNN and GRU refuse proj_size by name before binding anything else. */
function refuseProjSize(args: readonly unknown[]): void {
  const last = args[args.length - 1];
  if (isPlainObject(last) && Object.hasOwn(last, 'proj_size')) {
    throw new ValueError('proj_size argument is only supported for LSTM, not RNN or GRU', 'ValueError');
  }
}

/** Checks a single hidden state's rank against the input's (RNN and GRU). */
function singleStateDims(batched: boolean, [hx]: State): void {
  if (batched && hx!.ndim !== 3) throw new ValueError(`For batched 3-D input, hx should also be 3-D but got ${hx!.ndim}-D tensor`);
  if (!batched && hx!.ndim !== 2) throw new ValueError(`For unbatched 2-D input, hx should also be 2-D but got ${hx!.ndim}-D tensor`);
}

type SingleStateForward = PyArgs<[input: Tensor | PackedSequence, hx?: Tensor | null], { input?: Tensor | PackedSequence; hx?: Tensor | null }>;


/** Elman RNN: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below types the call
export class RNN extends RNNBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(...args: PyArgs<[...Common, nonlinearity?: 'tanh' | 'relu', ...Flags, ...Factory], RNNOptions>) {
    refuseProjSize(args);
    const a = sig.rnn.bind(args);
    const nonlinearity: string = a.nonlinearity;
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ValueError(`Unknown nonlinearity '${nonlinearity}'. Select from 'tanh' or 'relu'.`, 'ValueError');
    }
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', a.input_size, a.hidden_size, a.num_layers, a.bias, a.batch_first,
      a.dropout, a.bidirectional, 0, a.device, a.dtype);
    this.nonlinearity = nonlinearity;
  }

  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  override forward(...args: SingleStateForward): [Tensor | PackedSequence, Tensor];
  override forward(...args: SingleStateForward): [Tensor | PackedSequence, Tensor] {
    const { input, hx } = sig.rnnForward.bind(args);
    const [output, [h]] = this.runForward(input, hx === null ? null : [hx], singleStateDims);
    return [output, h!];
  }
}
/** Calling an RNN, typed by its input: a tensor gives a tensor, a PackedSequence a PackedSequence. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the class
export interface RNN {
  (input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  (input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  (...args: SingleStateForward): [Tensor | PackedSequence, Tensor];
}

/** GRU with PyTorch's gate layout [r; z; n]. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below types the call
export class GRU extends RNNBase {
  constructor(...args: PyArgs<[...Common, ...Flags, ...Factory], RNNBaseOptions>) {
    refuseProjSize(args);
    const a = sig.gru.bind(args);
    super('GRU', a.input_size, a.hidden_size, a.num_layers, a.bias, a.batch_first, a.dropout, a.bidirectional, 0, a.device, a.dtype);
  }

  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  override forward(...args: SingleStateForward): [Tensor | PackedSequence, Tensor];
  override forward(...args: SingleStateForward): [Tensor | PackedSequence, Tensor] {
    const { input, hx } = sig.gruForward.bind(args);
    const [output, [h]] = this.runForward(input, hx === null ? null : [hx], singleStateDims);
    return [output, h!];
  }
}
/** Calling a GRU, typed by its input: a tensor gives a tensor, a PackedSequence a PackedSequence. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the class
export interface GRU {
  (input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  (input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  (...args: SingleStateForward): [Tensor | PackedSequence, Tensor];
}

type LSTMState = readonly [Tensor, Tensor];
type LSTMForward = PyArgs<[input: Tensor | PackedSequence, hx?: LSTMState | null], { input?: Tensor | PackedSequence; hx?: LSTMState | null }>;
type BatchSizesArgs = PyArgs<[input: Tensor, batch_sizes: Tensor | null], { input?: Tensor; batch_sizes?: Tensor | null }>;


/** LSTM with PyTorch's gate layout [i; f; g; o] and optional projection of h. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below types the call
export class LSTM extends RNNBase {
  constructor(...args: PyArgs<[...Common, ...Flags, proj_size?: number, ...Factory], LSTMOptions>) {
    const a = sig.lstm.bind(args);
    super('LSTM', a.input_size, a.hidden_size, a.num_layers, a.bias, a.batch_first, a.dropout, a.bidirectional, a.proj_size,
      a.device, a.dtype);
  }

  /** [layers x directions, batch, hidden_size]: the shape the cell state must have. */
  get_expected_cell_size(...args: BatchSizesArgs): [number, number, number] {
    const { input, batch_sizes } = sig.lstmCellSize.bind(args);
    return this.expectedCellSize(input, batch_sizes === null ? null : batchSizesOf(batch_sizes));
  }

  // NOTE: PyTorch's LSTM overrides these with a (h, c) pair where RNNBase takes one tensor.
  override check_forward_args(
    ...args: PyArgs<[input: Tensor, hidden: LSTMState, batch_sizes: Tensor | null],
      { input?: Tensor; hidden?: LSTMState; batch_sizes?: Tensor | null }>
  ): void {
    const { input, hidden, batch_sizes } = sig.lstmCheckForwardArgs.bind(args);
    this.checkForwardArgs(input, [...(hidden as Tensor[])], batch_sizes === null ? null : batchSizesOf(batch_sizes));
  }

  override permute_hidden(
    ...args: PyArgs<[hx: LSTMState, permutation: Tensor | null], { hx?: LSTMState; permutation?: Tensor | null }>
  ): [Tensor, Tensor] {
    const { hx, permutation } = sig.lstmPermuteHidden.bind(args);
    const [h, c] = hx as [Tensor, Tensor];
    return permutation === null ? [h, c] : [h.index_select(1, permutation as Tensor), c.index_select(1, permutation as Tensor)];
  }

  override forward(input: Tensor, hx?: LSTMState | null): [Tensor, [Tensor, Tensor]];
  override forward(input: PackedSequence, hx?: LSTMState | null): [PackedSequence, [Tensor, Tensor]];
  override forward(...args: LSTMForward): [Tensor | PackedSequence, [Tensor, Tensor]];
  override forward(...args: LSTMForward): [Tensor | PackedSequence, [Tensor, Tensor]] {
    const { input, hx } = sig.lstmForward.bind(args);
    const state = hx === null ? null : [...(hx as Tensor[])];
    const [output, [h, c]] = this.runForward(input, state, (batched, [h0, c0]) => {
      const want = batched ? 3 : 2;
      if (h0!.ndim !== want || c0!.ndim !== want) {
        const kind = batched ? 'batched 3-D' : 'unbatched 2-D';
        throw new ValueError(`For ${kind} input, hx and cx should also be ${want}-D but got (${h0!.ndim}-D, ${c0!.ndim}-D) tensors`);
      }
    });
    return [output, [h!, c!]];
  }
}
/** Calling an LSTM, typed by its input: a tensor gives a tensor, a PackedSequence a PackedSequence. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the class
export interface LSTM {
  (input: Tensor, hx?: LSTMState | null): [Tensor, [Tensor, Tensor]];
  (input: PackedSequence, hx?: LSTMState | null): [PackedSequence, [Tensor, Tensor]];
  (...args: LSTMForward): [Tensor | PackedSequence, [Tensor, Tensor]];
}

export { PackedSequence };
