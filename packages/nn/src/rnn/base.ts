// RNNBase: what RNN, GRU and LSTM share (PyTorch's RNNBase): the parameters and their names,
// the mode -> gate-size table, initialisation, input validation, the layer and direction loops,
// and the plain/packed/unbatched input handling. The per-step math is in cells.ts, the time loop
// in layer.ts.
import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError, gru, lstm, pyTypeName, rnn_relu, rnn_tanh, zeros } from '@wick/tensor';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool, pyFloat } from '../py-repr.js';
import { ModuleTypeError } from '../errors.js';
import { method } from '../signatures.js';
import { type FactoryOptions, emptyParameter } from '../modules/factory.js';
import { type CellWeights, type Mode, type State, gateMultiplier } from './cells.js';
import { PackedSequence, batchSizesOf } from './packed.js';

export interface RNNBaseOptions extends FactoryOptions {
  input_size?: number;
  hidden_size?: number;
  num_layers?: number;
  bias?: boolean;
  batch_first?: boolean;
  /** Dropout on the outputs of each layer but the last, in training mode. */
  dropout?: number;
  bidirectional?: boolean;
}

/** RNNBase's constructor arguments after the mode, in PyTorch's order. */
export type RNNBaseArgs = PyArgs<
  [mode: string, input_size: number, hidden_size: number, num_layers?: number, bias?: boolean, batch_first?: boolean,
    dropout?: number, bidirectional?: boolean, proj_size?: number, device?: Device | TorchDevice | null, dtype?: DType | null],
  RNNBaseOptions & { mode?: string; proj_size?: number }
>;

// NOTE: input_size, hidden_size, bias, batch_first and dropout are untyped here, as in PyTorch:
// its constructor checks them itself, with its own messages (below).
const sig = {
  init: method('RNNBase.__init__(str mode, Value input_size, Value hidden_size, int num_layers=1, Value bias=True, '
    + 'Value batch_first=False, Value dropout=0.0, bool bidirectional=False, int proj_size=0, Device? device=None, ScalarType? dtype=None)'),
  flattenParameters: method('RNNBase.flatten_parameters()'),
  resetParameters: method('RNNBase.reset_parameters()'),
  checkInput: method('RNNBase.check_input(Tensor input, Tensor? batch_sizes)'),
  expectedHiddenSize: method('RNNBase.get_expected_hidden_size(Tensor input, Tensor? batch_sizes)'),
  checkHiddenSize: method("RNNBase.check_hidden_size(Tensor hx, int[] expected_hidden_size, str msg='Expected hidden size {}, got {}')"),
  checkForwardArgs: method('RNNBase.check_forward_args(Tensor input, Tensor hidden, Tensor? batch_sizes)'),
  permuteHidden: method('RNNBase.permute_hidden(Tensor hx, Tensor? permutation)'),
  extraRepr: method('RNNBase.extra_repr()'),
};

/** The op each mode's forward calls (PyTorch's _VF.<name>). */
const vf: Record<Exclude<Mode, 'LSTM'>, typeof gru> = { RNN_TANH: rnn_tanh, RNN_RELU: rnn_relu, GRU: gru };

const isMode = (m: string): m is Mode => Object.hasOwn(gateMultiplier, m);

/** PyTorch's `isinstance(v, int)` check of a size: a JS integer or a bigint, as a number. */
function intSize(name: string, v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new ModuleTypeError(`${name} should be of type int, got: ${pyTypeName(v)}`);
}

/** A tuple's repr, as PyTorch's messages print expected sizes: (2, 3, 4). */
const tupleRepr = (s: readonly number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);

/**
 * The hidden state check_forward_args and permute_hidden take: one tensor, or LSTM's (h, c) pair
 * (PyTorch's LSTM overrides them for the pair; each binds only its own form).
 */
export type Hidden = Tensor | readonly [Tensor, Tensor];

export class RNNBase extends Module {
  /** The parameters by their registered names: weight_ih_l0, bias_hh_l1_reverse, weight_hr_l0, ... */
  [name: `weight_${string}` | `bias_${string}`]: Parameter;
  readonly mode: Mode;
  readonly input_size: number;
  readonly hidden_size: number;
  readonly num_layers: number;
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly proj_size: number;
  /** Parameter names in registration order, per layer and direction. */
  readonly _all_weights: string[][] = [];
  readonly _flat_weights_names: string[] = [];

  constructor(...args: RNNBaseArgs) {
    super();
    const a = sig.init.bind(args);
    // PyTorch's checks, in its order and words.
    const dropout: unknown = a.dropout;
    if (typeof dropout !== 'number' && typeof dropout !== 'bigint') throw dropoutError();
    if (!(Number(dropout) >= 0 && Number(dropout) <= 1)) throw dropoutError();
    if (typeof a.bias !== 'boolean') throw new ModuleTypeError(`bias should be of type bool, got: ${pyTypeName(a.bias)}`);
    if (typeof a.batch_first !== 'boolean') throw new ModuleTypeError(`batch_first should be of type bool, got: ${pyTypeName(a.batch_first)}`);
    const inputSize = intSize('input_size', a.input_size);
    if (inputSize <= 0) throw new ValueError('input_size must be greater than zero', 'ValueError');
    const hiddenSize = intSize('hidden_size', a.hidden_size);
    if (hiddenSize <= 0) throw new ValueError('hidden_size must be greater than zero', 'ValueError');
    if (a.num_layers <= 0) throw new ValueError('num_layers must be greater than zero', 'ValueError');
    if (a.proj_size < 0) throw new ValueError('proj_size should be a positive integer or zero to disable projections', 'ValueError');
    if (a.proj_size >= hiddenSize) throw new ValueError('proj_size has to be smaller than hidden_size', 'ValueError');
    if (!isMode(a.mode)) throw new ValueError(`Unrecognized RNN mode: ${a.mode}`, 'ValueError');
    this.mode = a.mode;
    this.input_size = inputSize;
    this.hidden_size = hiddenSize;
    this.num_layers = a.num_layers;
    this.bias = a.bias;
    this.batch_first = a.batch_first;
    this.dropout = Number(dropout);
    this.bidirectional = a.bidirectional;
    this.proj_size = a.proj_size;

    const factory = { device: a.device, dtype: a.dtype };
    const gateSize = gateMultiplier[this.mode] * hiddenSize;
    const directions = this.bidirectional ? 2 : 1;
    const realHidden = this.proj_size > 0 ? this.proj_size : hiddenSize;
    for (let layer = 0; layer < this.num_layers; layer++) {
      for (let direction = 0; direction < directions; direction++) {
        const layerInput = layer === 0 ? inputSize : realHidden * directions;
        const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        const params: [string, readonly number[]][] = [
          [`weight_ih${suffix}`, [gateSize, layerInput]],
          [`weight_hh${suffix}`, [gateSize, realHidden]],
        ];
        if (this.bias) params.push([`bias_ih${suffix}`, [gateSize]], [`bias_hh${suffix}`, [gateSize]]);
        if (this.proj_size > 0) params.push([`weight_hr${suffix}`, [this.proj_size, hiddenSize]]);
        for (const [name, shape] of params) this.register_parameter(name, emptyParameter(shape, factory));
        this._all_weights.push(params.map(([name]) => name));
        this._flat_weights_names.push(...params.map(([name]) => name));
      }
    }
    this.resetParameters();
  }

  /** PyTorch's packs the weights for cuDNN; on every other backend (and in wick) it does nothing. */
  flatten_parameters(...args: []): void {
    sig.flattenParameters.bind(args);
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

  get all_weights(): Parameter[][] {
    return this._all_weights.map((names) => names.map((n) => paramNamed(this, n)));
  }

  /** The weights of one layer and direction, by their registered names. */
  protected cellWeights(layer: number, direction: number): CellWeights {
    const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
    const optional = (name: string) => this._parameters.get(name) ?? null;
    return {
      w_ih: paramNamed(this, `weight_ih${suffix}`),
      w_hh: paramNamed(this, `weight_hh${suffix}`),
      b_ih: optional(`bias_ih${suffix}`),
      b_hh: optional(`bias_hh${suffix}`),
      w_hr: optional(`weight_hr${suffix}`),
    };
  }

  // --- validation (PyTorch's methods and messages) ------------------------------------------------

  check_input(...args: PyArgs<[input: Tensor, batch_sizes: Tensor | null], { input?: Tensor; batch_sizes?: Tensor | null }>): void {
    const { input, batch_sizes } = sig.checkInput.bind(args);
    this.checkInput(input, batch_sizes === null ? null : batchSizesOf(batch_sizes));
  }

  protected checkInput(input: Tensor, batchSizes: readonly number[] | null): void {
    const weightDType = paramNamed(this, this._flat_weights_names[0]!).dtype;
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

  get_expected_hidden_size(
    ...args: PyArgs<[input: Tensor, batch_sizes: Tensor | null], { input?: Tensor; batch_sizes?: Tensor | null }>
  ): [number, number, number] {
    const { input, batch_sizes } = sig.expectedHiddenSize.bind(args);
    return this.expectedHiddenSize(input, batch_sizes === null ? null : batchSizesOf(batch_sizes));
  }

  protected expectedHiddenSize(input: Tensor, batchSizes: readonly number[] | null): [number, number, number] {
    const [layers, batch] = this.expectedCellSize(input, batchSizes);
    return [layers, batch, this.proj_size > 0 ? this.proj_size : this.hidden_size];
  }

  /** [layers x directions, batch, hidden_size]: the shape of an LSTM's cell state. */
  protected expectedCellSize(input: Tensor, batchSizes: readonly number[] | null): [number, number, number] {
    const miniBatch = batchSizes !== null ? batchSizes[0]! : input.shape[this.batch_first ? 0 : 1]!;
    return [this.num_layers * (this.bidirectional ? 2 : 1), miniBatch, this.hidden_size];
  }

  /** Refuses hx unless its shape is expected_hidden_size; msg's two {} take the expected and the actual size. */
  check_hidden_size(
    ...args: PyArgs<[hx: Tensor, expected_hidden_size: readonly number[], msg?: string],
      { hx?: Tensor; expected_hidden_size?: readonly number[]; msg?: string }>
  ): void {
    const { hx, expected_hidden_size, msg } = sig.checkHiddenSize.bind(args);
    checkHiddenSize(hx, expected_hidden_size, msg);
  }

  check_forward_args(
    ...args: PyArgs<[input: Tensor, hidden: Hidden, batch_sizes: Tensor | null],
      { input?: Tensor; hidden?: Hidden; batch_sizes?: Tensor | null }>
  ): void {
    const { input, hidden, batch_sizes } = sig.checkForwardArgs.bind(args);
    this.checkForwardArgs(input, [hidden], batch_sizes === null ? null : batchSizesOf(batch_sizes));
  }

  /** Checks the input and the state: [h] for RNN and GRU, [h, c] for LSTM. */
  protected checkForwardArgs(input: Tensor, state: State, batchSizes: readonly number[] | null): void {
    this.checkInput(input, batchSizes);
    const expected = this.expectedHiddenSize(input, batchSizes);
    if (state.length === 1) {
      checkHiddenSize(state[0]!, expected, 'Expected hidden size {}, got {}');
      return;
    }
    checkHiddenSize(state[0]!, expected, 'Expected hidden[0] size {}, got {}');
    checkHiddenSize(state[1]!, this.expectedCellSize(input, batchSizes), 'Expected hidden[1] size {}, got {}');
  }

  /** hx with its batch dim reordered by permutation (hx itself when permutation is None). */
  permute_hidden(
    ...args: PyArgs<[hx: Hidden, permutation: Tensor | null], { hx?: Hidden; permutation?: Tensor | null }>
  ): Tensor | [Tensor, Tensor] {
    const { hx, permutation } = sig.permuteHidden.bind(args);
    return permutation === null ? hx : hx.index_select(1, permutation);
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
      const batchSizes = batchSizesOf(input.batch_sizes);
      let state = hx ?? this.zeroState(input.data, batchSizes[0]!);
      this.checkForwardArgs(input.data, state, batchSizes);
      if (input.sorted_indices !== null) state = state.map((s) => s.index_select(1, input.sorted_indices!));
      const [data, final] = this.runLayers(input.data, input.batch_sizes, state);
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
    this.checkForwardArgs(x3, state, null);
    if (x3.shape[this.batch_first ? 1 : 0] === 0) throw new ValueError('Expected sequence length to be larger than 0 in RNN');
    const [output, final] = this.runLayers(x3, null, state);
    if (!batched) return [output.squeeze(batchDim), final.map((s) => s.squeeze(1))];
    return [output, final];
  }

  private inputDimError(ndim: number): Error {
    const name = this._get_name();
    const tail = name === 'RNN' ? 'D tensor instead' : 'D instead';
    return new ValueError(`${name}: Expected input to be 2D or 3D, got ${ndim}${tail}`, 'ValueError');
  }

  /**
   * The whole network as one call of the op PyTorch's forward calls through _VF (torch.gru,
   * torch.lstm, ...): `batchSizes` given, input is a packed sequence's data (the .data overload);
   * otherwise a 3-D input in this module's batch order (.input). Returns the output and the final state.
   */
  private runLayers(input: Tensor, batchSizes: Tensor | null, state: State): [Tensor, State] {
    const params = this._flat_weights_names.map((n) => paramNamed(this, n));
    const tail = [this.bias, this.num_layers, this.dropout, this.training, this.bidirectional] as const;
    let result: Tensor[];
    if (this.mode === 'LSTM') {
      result = batchSizes !== null ? lstm(input, batchSizes, state, params, ...tail) : lstm(input, state, params, ...tail, this.batch_first);
    } else {
      const run = vf[this.mode];
      result = batchSizes !== null ? run(input, batchSizes, state[0]!, params, ...tail) : run(input, state[0]!, params, ...tail, this.batch_first);
    }
    const [output, ...final] = result;
    return [output!, final];
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
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

function dropoutError(): Error {
  return new ValueError(
    'dropout should be a number in range [0, 1] representing the probability of an element being zeroed', 'ValueError',
  );
}

/** PyTorch's check_hidden_size: msg.format(expected, list(hx.size())). */
function checkHiddenSize(hx: Tensor, expected: readonly number[], msg: string): void {
  if (hx.shape.length === expected.length && hx.shape.every((s, i) => s === expected[i])) return;
  const parts = msg.split('{}');
  const values = [tupleRepr(expected), `[${hx.shape.join(', ')}]`];
  throw new ValueError(parts.map((p, i) => (i < values.length && i < parts.length - 1 ? p + values[i] : p)).join(''));
}

/** A registered parameter by name (the RNN's own bookkeeping: always present). */
function paramNamed(m: RNNBase, name: string): Parameter {
  const p = m._parameters.get(name);
  if (p === undefined || p === null) throw new ValueError(`${m._get_name()} has no parameter ${name}`, 'AssertionError');
  return p;
}
