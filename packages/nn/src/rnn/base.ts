// RNNBase: what RNN, GRU and LSTM share (PyTorch's RNNBase): the parameters and their names,
// the mode -> gate-size table, initialisation, input validation, the layer and direction loops,
// and the plain/packed/unbatched input handling. The per-step math is in cells.ts, the time loop
// in layer.ts.
import { type Tensor, ValueError, cat, stack, zeros } from '@wick/tensor';
import { dropout as dropoutFn } from '../functional/dropout.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool, pyFloat } from '../py-repr.js';
import { ModuleTypeError } from '../errors.js';
import { type FactoryOptions, emptyParameter } from '../modules/factory.js';
import { type CellWeights, type Mode, type State, gateMultiplier, steps } from './cells.js';
import { runDirection } from './layer.js';
import { PackedSequence } from './packed.js';

export interface RNNBaseOptions extends FactoryOptions {
  num_layers?: number;
  bias?: boolean;
  batch_first?: boolean;
  /** Dropout on the outputs of each layer but the last, in training mode. */
  dropout?: number;
  bidirectional?: boolean;
}

const tupleRepr = (s: readonly number[]) => `(${s.join(', ')})`;

export class RNNBase extends Module {
  /** The parameters by their registered names: weight_ih_l0, bias_hh_l1_reverse, weight_hr_l0, ... */
  [name: `weight_${string}` | `bias_${string}`]: Parameter;
  readonly num_layers: number;
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly proj_size: number;
  /** Parameter names in registration order, per layer and direction. */
  readonly _all_weights: string[][] = [];
  readonly _flat_weights_names: string[] = [];

  constructor(
    readonly mode: Mode,
    readonly input_size: number,
    readonly hidden_size: number,
    opts: RNNBaseOptions & { proj_size?: number } = {},
  ) {
    super();
    this.num_layers = opts.num_layers ?? 1;
    this.bias = opts.bias ?? true;
    this.batch_first = opts.batch_first ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    this.proj_size = opts.proj_size ?? 0;
    this.validateOptions();

    const gateSize = gateMultiplier[mode] * hidden_size;
    const directions = this.bidirectional ? 2 : 1;
    const realHidden = this.proj_size > 0 ? this.proj_size : hidden_size;
    for (let layer = 0; layer < this.num_layers; layer++) {
      for (let direction = 0; direction < directions; direction++) {
        const layerInput = layer === 0 ? input_size : realHidden * directions;
        const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        const params: [string, readonly number[]][] = [
          [`weight_ih${suffix}`, [gateSize, layerInput]],
          [`weight_hh${suffix}`, [gateSize, realHidden]],
        ];
        if (this.bias) params.push([`bias_ih${suffix}`, [gateSize]], [`bias_hh${suffix}`, [gateSize]]);
        if (this.proj_size > 0) params.push([`weight_hr${suffix}`, [this.proj_size, hidden_size]]);
        for (const [name, shape] of params) this.register_parameter(name, emptyParameter(shape, opts));
        this._all_weights.push(params.map(([name]) => name));
        this._flat_weights_names.push(...params.map(([name]) => name));
      }
    }
    this.reset_parameters();
  }

  private validateOptions(): void {
    const { dropout } = this;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed', 'ValueError');
    }
    if (typeof this.bias !== 'boolean') throw new ModuleTypeError(`bias should be of type bool, got: ${typeof this.bias}`);
    if (typeof this.batch_first !== 'boolean') throw new ModuleTypeError(`batch_first should be of type bool, got: ${typeof this.batch_first}`);
    if (!Number.isInteger(this.input_size)) throw new ModuleTypeError('input_size should be of type int, got: float');
    if (this.input_size <= 0) throw new ValueError('input_size must be greater than zero', 'ValueError');
    if (!Number.isInteger(this.hidden_size)) throw new ModuleTypeError('hidden_size should be of type int, got: float');
    if (this.hidden_size <= 0) throw new ValueError('hidden_size must be greater than zero', 'ValueError');
    if (this.num_layers <= 0) throw new ValueError('num_layers must be greater than zero', 'ValueError');
    if (this.proj_size < 0) throw new ValueError('proj_size should be a positive integer or zero to disable projections', 'ValueError');
    if (this.proj_size >= this.hidden_size) throw new ValueError('proj_size has to be smaller than hidden_size', 'ValueError');
  }

  /** Every parameter U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in registration order. */
  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1 / Math.sqrt(this.hidden_size) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  get all_weights(): Parameter[][] {
    return this._all_weights.map((names) => names.map((n) => this.param(n)));
  }

  private param(name: string): Parameter {
    const p = this._parameters.get(name);
    if (p === undefined || p === null) throw new ValueError(`${this._get_name()} has no parameter ${name}`, 'AssertionError');
    return p;
  }

  /** The weights of one layer and direction, by their registered names. */
  protected cellWeights(layer: number, direction: number): CellWeights {
    const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
    const optional = (name: string) => this._parameters.get(name) ?? null;
    return {
      w_ih: this.param(`weight_ih${suffix}`),
      w_hh: this.param(`weight_hh${suffix}`),
      b_ih: optional(`bias_ih${suffix}`),
      b_hh: optional(`bias_hh${suffix}`),
      w_hr: optional(`weight_hr${suffix}`),
    };
  }

  // --- validation (PyTorch's messages) ---------------------------------------------------------

  check_input(input: Tensor, batchSizes: readonly number[] | null): void {
    const weightDType = this.param(this._flat_weights_names[0]!).dtype;
    if (input.dtype !== weightDType) {
      throw new ValueError(
        `RNN input dtype (torch.${input.dtype}) does not match weight dtype (torch.${weightDType}). Convert input: input.to(torch.${weightDType}), or convert model: model.to(torch.${input.dtype})`,
        'ValueError',
      );
    }
    const expectedDim = batchSizes !== null ? 2 : 3;
    if (input.ndim !== expectedDim) throw new ValueError(`input must have ${expectedDim} dimensions, got ${input.ndim}`);
    if (this.input_size !== input.shape[input.ndim - 1]) {
      throw new ValueError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.shape[input.ndim - 1]}`);
    }
  }

  get_expected_hidden_size(input: Tensor, batchSizes: readonly number[] | null): [number, number, number] {
    const miniBatch = batchSizes !== null ? batchSizes[0]! : input.shape[this.batch_first ? 0 : 1]!;
    const directions = this.bidirectional ? 2 : 1;
    return [this.num_layers * directions, miniBatch, this.proj_size > 0 ? this.proj_size : this.hidden_size];
  }

  check_hidden_size(hx: Tensor, expected: readonly number[], msg = 'Expected hidden size'): void {
    if (hx.shape.join(',') !== expected.join(',')) {
      throw new ValueError(`${msg} ${tupleRepr(expected)}, got [${hx.shape.join(', ')}]`);
    }
  }

  /** Checks the input and the state: [h] for RNN and GRU, [h, c] for LSTM. */
  protected check_forward_args(input: Tensor, state: State, batchSizes: readonly number[] | null): void {
    this.check_input(input, batchSizes);
    const expected = this.get_expected_hidden_size(input, batchSizes);
    if (state.length === 1) {
      this.check_hidden_size(state[0]!, expected);
      return;
    }
    this.check_hidden_size(state[0]!, expected, 'Expected hidden[0] size');
    this.check_hidden_size(state[1]!, [expected[0], expected[1], this.hidden_size], 'Expected hidden[1] size');
  }

  // --- running --------------------------------------------------------------------------------

  /** Zeros for every state tensor: h (proj_size wide when projecting) and, for LSTM, c. */
  protected zeroState(input: Tensor, batch: number): State {
    const layers = this.num_layers * (this.bidirectional ? 2 : 1);
    const opts = { dtype: input.dtype, device: input.device };
    const h = zeros([layers, batch, this.proj_size > 0 ? this.proj_size : this.hidden_size], opts);
    return this.mode === 'LSTM' ? [h, zeros([layers, batch, this.hidden_size], opts)] : [h];
  }

  /**
   * The shared forward. `input` is a PackedSequence or a 2-D (unbatched) / 3-D tensor; `hx` the
   * initial state in the caller's batch order. Returns the output (same kind as the input) and
   * the final state.
   */
  protected runForward(input: Tensor | PackedSequence, hx: State | null, hxDimCheck: (batched: boolean, hx: State) => void): [Tensor | PackedSequence, State] {
    if (input instanceof PackedSequence) {
      const batchSizes = input.batchSizes();
      let state = hx ?? this.zeroState(input.data, batchSizes[0]!);
      this.check_forward_args(input.data, state, batchSizes);
      if (input.sorted_indices !== null) state = state.map((s) => s.index_select(1, input.sorted_indices!));
      const [data, final] = this.runLayers(input.data, batchSizes, state);
      const unsorted = input.unsorted_indices;
      return [input.withData(data), unsorted === null ? final : final.map((s) => s.index_select(1, unsorted))];
    }
    if (input.ndim !== 2 && input.ndim !== 3) throw this.inputDimError(input.ndim);
    const batched = input.ndim === 3;
    const batchDim = this.batch_first ? 0 : 1;
    const x3 = batched ? input : input.unsqueeze(batchDim);
    let state: State;
    if (hx === null) {
      state = this.zeroState(x3, x3.shape[batchDim]!);
    } else {
      hxDimCheck(batched, hx);
      state = batched ? hx : hx.map((h) => h.unsqueeze(1));
    }
    this.check_forward_args(x3, state, null);
    const seq = this.batch_first ? x3.transpose(0, 1) : x3;
    const [steps_, batch] = seq.shape as [number, number, number];
    if (steps_ === 0) throw new ValueError('Expected sequence length to be larger than 0 in RNN');
    const rows = seq.contiguous().view([steps_ * batch, this.input_size]);
    const [data, final] = this.runLayers(rows, new Array<number>(steps_).fill(batch), state);
    let output = data.view([steps_, batch, data.shape[1]!]);
    if (this.batch_first) output = output.transpose(0, 1);
    if (!batched) return [output.squeeze(batchDim), final.map((s) => s.squeeze(1))];
    return [output, final];
  }

  private inputDimError(ndim: number): Error {
    const name = this._get_name();
    const tail = name === 'RNN' ? 'D tensor instead' : 'D instead';
    return new ValueError(`${name}: Expected input to be 2D or 3D, got ${ndim}${tail}`, 'ValueError');
  }

  /** Layers in turn, directions side by side; dropout between layers in training mode. */
  private runLayers(input: Tensor, batchSizes: readonly number[], state: State): [Tensor, State] {
    const step = steps[this.mode];
    const directions = this.bidirectional ? 2 : 1;
    const finals: State[] = [];
    let x = input;
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outs: Tensor[] = [];
      for (let direction = 0; direction < directions; direction++) {
        const index = layer * directions + direction;
        const initial = state.map((s) => s.select(0, index));
        const [out, final] = runDirection(step, x, batchSizes, initial, this.cellWeights(layer, direction), direction === 1);
        outs.push(out);
        finals.push(final);
      }
      x = directions === 1 ? outs[0]! : cat(outs, 1);
      if (this.dropout > 0 && this.training && layer < this.num_layers - 1) x = dropoutFn(x, this.dropout, true);
    }
    return [x, state.map((_, k) => stack(finals.map((f) => f[k]!), 0))];
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    if (this.batch_first !== false) s += `, batch_first=${pyBool(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}
