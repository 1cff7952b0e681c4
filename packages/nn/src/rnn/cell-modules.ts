// nn.RNNCell, nn.GRUCell, nn.LSTMCell: one step of the matching recurrent layer, with the cell
// checks PyTorch's C++ side makes (check_rnn_cell_forward_input / _hidden).
import {
  type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError, gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell, zeros,
} from '@wick/tensor';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool } from '../py-repr.js';
import { method } from '../signatures.js';
import { type FactoryOptions, emptyParameter } from '../modules/factory.js';
import type { CellWeights, Mode, State } from './cells.js';

/** The op each cell's forward calls, as PyTorch's cells call _VF.gru_cell and friends. */
const cellOps = { RNN_TANH: rnn_tanh_cell, RNN_RELU: rnn_relu_cell, GRU: gru_cell };

export interface CellOptions extends FactoryOptions {
  input_size?: number;
  hidden_size?: number;
  bias?: boolean;
}

export interface RNNCellOptions extends CellOptions {
  nonlinearity?: 'tanh' | 'relu';
}

type Factory = [device?: Device | TorchDevice | null, dtype?: DType | null];
type HxArgs<H> = PyArgs<[input: Tensor, hx?: H | null], { input?: Tensor; hx?: H | null }>;

const sig = {
  base: method('RNNCellBase.__init__(int input_size, int hidden_size, bool bias, int num_chunks, Device? device=None, ScalarType? dtype=None)'),
  resetParameters: method('RNNCellBase.reset_parameters()'),
  extraRepr: method('RNNCellBase.extra_repr()'),
  rnnCell: method("RNNCell.__init__(int input_size, int hidden_size, bool bias=True, str nonlinearity='tanh', Device? device=None, ScalarType? dtype=None)"),
  gruCell: method('GRUCell.__init__(int input_size, int hidden_size, bool bias=True, Device? device=None, ScalarType? dtype=None)'),
  lstmCell: method('LSTMCell.__init__(int input_size, int hidden_size, bool bias=True, Device? device=None, ScalarType? dtype=None)'),
  rnnForward: method('RNNCell.forward(Tensor input, Tensor? hx=None)'),
  gruForward: method('GRUCell.forward(Tensor input, Tensor? hx=None)'),
  lstmForward: method('LSTMCell.forward(Tensor input, Tensor[2]? hx=None)'),
};

export class RNNCellBase extends Module {
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;
  readonly input_size: number;
  readonly hidden_size: number;
  readonly bias: boolean;

  constructor(
    ...args: PyArgs<[input_size: number, hidden_size: number, bias: boolean, num_chunks: number, ...Factory],
      CellOptions & { num_chunks?: number }>
  ) {
    super();
    const { input_size, hidden_size, bias, num_chunks, device, dtype } = sig.base.bind(args);
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.bias = bias;
    const factory = { device, dtype };
    this.weight_ih = emptyParameter([num_chunks * hidden_size, input_size], factory);
    this.weight_hh = emptyParameter([num_chunks * hidden_size, hidden_size], factory);
    if (bias) {
      this.bias_ih = emptyParameter([num_chunks * hidden_size], factory);
      this.bias_hh = emptyParameter([num_chunks * hidden_size], factory);
    } else {
      this.register_parameter('bias_ih', null);
      this.register_parameter('bias_hh', null);
    }
    this.resetParameters();
  }

  /** Every parameter U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in registration order. */
  reset_parameters(...args: []): void {
    sig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    const stdv = this.hidden_size > 0 ? 1 / Math.sqrt(this.hidden_size) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    const nonlinearity: unknown = Reflect.get(this, 'nonlinearity');
    if (nonlinearity !== undefined && nonlinearity !== 'tanh') s += `, nonlinearity=${String(nonlinearity)}`;
    return s;
  }

  protected cellWeights(): CellWeights {
    return { w_ih: this.weight_ih, w_hh: this.weight_hh, b_ih: this.bias_ih, b_hh: this.bias_hh, w_hr: null };
  }

  /** Validates input/state ranks and sizes, runs one step, and restores unbatched shapes. */
  protected runStep(mode: Mode, name: string, input: Tensor, state: State | null, stateLabel: (i: number) => string): State {
    if (input.ndim !== 1 && input.ndim !== 2) throw new ValueError(`${name}: Expected input to be 1D or 2D, got ${input.ndim}D instead`, 'ValueError');
    if (state !== null) {
      state.forEach((s, i) => {
        if (s.ndim !== 1 && s.ndim !== 2) throw new ValueError(`${name}: Expected ${stateLabel(i)} to be 1D or 2D, got ${s.ndim}D instead`, 'ValueError');
      });
    }
    const batched = input.ndim === 2;
    const x = batched ? input : input.unsqueeze(0);
    const zero = () => zeros([x.shape[0]!, this.hidden_size], { dtype: x.dtype, device: x.device });
    const hx = state === null ? (mode === 'LSTM' ? [zero(), zero()] : [zero()]) : batched ? state : state.map((s) => s.unsqueeze(0));
    this.checkSizes(x, hx);
    const w = this.cellWeights();
    const out = mode === 'LSTM' ? lstm_cell(x, hx, w.w_ih, w.w_hh, w.b_ih, w.b_hh) : [cellOps[mode](x, hx[0]!, w.w_ih, w.w_hh, w.b_ih, w.b_hh)];
    return batched ? out : out.map((s) => s.squeeze(0));
  }

  private checkSizes(x: Tensor, hx: State): void {
    if (x.shape[1] !== this.input_size) throw new ValueError(`input has inconsistent input_size: got ${x.shape[1]} expected ${this.input_size}`);
    hx.forEach((h, i) => {
      if (x.shape[0] !== h.shape[0]) throw new ValueError(`Input batch size ${x.shape[0]} doesn't match hidden${i} batch size ${h.shape[0]}`);
      if (h.shape[1] !== this.hidden_size) throw new ValueError(`hidden${i} has inconsistent hidden_size: got ${h.shape[1]}, expected ${this.hidden_size}`);
    });
  }
}

export class RNNCell extends RNNCellBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(
    ...args: PyArgs<[input_size: number, hidden_size: number, bias?: boolean, nonlinearity?: 'tanh' | 'relu', ...Factory], RNNCellOptions>
  ) {
    const { input_size, hidden_size, bias, nonlinearity, device, dtype } = sig.rnnCell.bind(args);
    // NOTE: checked here, at construction (as the other recurrent modules check theirs); PyTorch
    // only finds a bad nonlinearity at forward, with this message.
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError(`Unknown nonlinearity: ${String(nonlinearity)}`);
    super(input_size, hidden_size, bias, 1, device, dtype);
    this.nonlinearity = nonlinearity;
  }

  override forward(...args: HxArgs<Tensor>): Tensor {
    const { input, hx } = sig.rnnForward.bind(args);
    const mode = this.nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU';
    return this.runStep(mode, 'RNNCell', input, hx === null ? null : [hx], () => 'hidden')[0]!;
  }
}

export class GRUCell extends RNNCellBase {
  constructor(...args: PyArgs<[input_size: number, hidden_size: number, bias?: boolean, ...Factory], CellOptions>) {
    const { input_size, hidden_size, bias, device, dtype } = sig.gruCell.bind(args);
    super(input_size, hidden_size, bias, 3, device, dtype);
  }

  override forward(...args: HxArgs<Tensor>): Tensor {
    const { input, hx } = sig.gruForward.bind(args);
    return this.runStep('GRU', 'GRUCell', input, hx === null ? null : [hx], () => 'hidden')[0]!;
  }
}

export class LSTMCell extends RNNCellBase {
  constructor(...args: PyArgs<[input_size: number, hidden_size: number, bias?: boolean, ...Factory], CellOptions>) {
    const { input_size, hidden_size, bias, device, dtype } = sig.lstmCell.bind(args);
    super(input_size, hidden_size, bias, 4, device, dtype);
  }

  override forward(...args: HxArgs<readonly [Tensor, Tensor]>): [Tensor, Tensor] {
    const { input, hx } = sig.lstmForward.bind(args);
    const [h, c] = this.runStep('LSTM', 'LSTMCell', input, hx === null ? null : [...(hx as Tensor[])], (i) => `hx[${i}]`);
    return [h!, c!];
  }
}
