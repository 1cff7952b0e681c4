// nn.RNNCell, nn.GRUCell, nn.LSTMCell: one step of the matching recurrent layer, with the cell
// checks PyTorch's C++ side makes (check_rnn_cell_forward_input / _hidden).
import { type Tensor, ValueError, linear, zeros } from '@wick/tensor';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool } from '../py-repr.js';
import { type FactoryOptions, emptyParameter } from '../modules/factory.js';
import { type CellWeights, type Mode, type State, steps } from './cells.js';

export interface CellOptions extends FactoryOptions {
  bias?: boolean;
}

export class RNNCellBase extends Module {
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(readonly input_size: number, readonly hidden_size: number, readonly bias: boolean, numChunks: number, opts: FactoryOptions = {}) {
    super();
    this.weight_ih = emptyParameter([numChunks * hidden_size, input_size], opts);
    this.weight_hh = emptyParameter([numChunks * hidden_size, hidden_size], opts);
    if (bias) {
      this.bias_ih = emptyParameter([numChunks * hidden_size], opts);
      this.bias_hh = emptyParameter([numChunks * hidden_size], opts);
    } else {
      this.register_parameter('bias_ih', null);
      this.register_parameter('bias_hh', null);
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1 / Math.sqrt(this.hidden_size) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    const nonlinearity: unknown = Reflect.get(this, 'nonlinearity');
    if (nonlinearity !== undefined && nonlinearity !== 'tanh') s += `, nonlinearity=${String(nonlinearity)}`;
    return s;
  }

  protected weights(): CellWeights {
    return { w_ih: this.weight_ih, w_hh: this.weight_hh, b_ih: this.bias_ih, b_hh: this.bias_hh, w_hr: null };
  }

  /** Validates input/state ranks and sizes, runs one step, and restores unbatched shapes. */
  protected step(mode: Mode, name: string, input: Tensor, state: State | null, stateLabel: (i: number) => string): State {
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
    const w = this.weights();
    const out = steps[mode](linear(x, w.w_ih, w.b_ih), hx, w);
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

export interface RNNCellOptions extends CellOptions {
  nonlinearity?: 'tanh' | 'relu';
}

export class RNNCell extends RNNCellBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(input_size: number, hidden_size: number, opts: RNNCellOptions = {}) {
    super(input_size, hidden_size, opts.bias ?? true, 1, opts);
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') throw new ValueError(`Unknown nonlinearity: ${String(this.nonlinearity)}`);
    const mode = this.nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU';
    return this.step(mode, 'RNNCell', input, hx === null ? null : [hx], () => 'hidden')[0]!;
  }
}

export class GRUCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, opts: CellOptions = {}) {
    super(input_size, hidden_size, opts.bias ?? true, 3, opts);
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.step('GRU', 'GRUCell', input, hx === null ? null : [hx], () => 'hidden')[0]!;
  }
}

export class LSTMCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, opts: CellOptions = {}) {
    super(input_size, hidden_size, opts.bias ?? true, 4, opts);
  }

  override forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this.step('LSTM', 'LSTMCell', input, hx === null ? null : [...hx], (i) => `hx[${i}]`);
    return [h!, c!];
  }
}
