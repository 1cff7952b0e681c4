// nn.RNN, nn.GRU and nn.LSTM: thin front ends over RNNBase (mode, hidden-state shape checks).
import { type Tensor, ValueError } from '@wick/tensor';
import { type RNNBaseOptions, RNNBase } from './base.js';
import type { State } from './cells.js';
import { PackedSequence } from './packed.js';

export interface RNNOptions extends RNNBaseOptions {
  nonlinearity?: 'tanh' | 'relu';
}

/** Checks a single hidden state's rank against the input's (RNN and GRU). */
function singleStateDims(batched: boolean, [hx]: State): void {
  if (batched && hx!.ndim !== 3) throw new ValueError(`For batched 3-D input, hx should also be 3-D but got ${hx!.ndim}-D tensor`);
  if (!batched && hx!.ndim !== 2) throw new ValueError(`For unbatched 2-D input, hx should also be 2-D but got ${hx!.ndim}-D tensor`);
}

/** RNN and GRU carry one hidden state h (LSTM carries [h, c]): one forward serves both. */
abstract class SingleStateRNN extends RNNBase {
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  override forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor];
  override forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    const [output, [h]] = this.runForward(input, hx === null ? null : [hx], singleStateDims);
    return [output, h!];
  }
}

/** Elman RNN: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu). */
export class RNN extends SingleStateRNN {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(input_size: number, hidden_size: number, opts: RNNOptions = {}) {
    const nonlinearity = opts.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ValueError(`Unknown nonlinearity '${String(nonlinearity)}'. Select from 'tanh' or 'relu'.`, 'ValueError');
    }
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', input_size, hidden_size, opts);
    this.nonlinearity = nonlinearity;
  }
}

/** GRU with PyTorch's gate layout [r; z; n]. */
export class GRU extends SingleStateRNN {
  constructor(input_size: number, hidden_size: number, opts: RNNBaseOptions = {}) {
    super('GRU', input_size, hidden_size, opts);
  }
}

export interface LSTMOptions extends RNNBaseOptions {
  /** Project h to this size with weight_hr (0: no projection). */
  proj_size?: number;
}

/** LSTM with PyTorch's gate layout [i; f; g; o] and optional projection of h. */
export class LSTM extends RNNBase {
  constructor(input_size: number, hidden_size: number, opts: LSTMOptions = {}) {
    super('LSTM', input_size, hidden_size, opts);
  }

  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  override forward(input: PackedSequence, hx?: readonly [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  override forward(input: Tensor | PackedSequence, hx?: readonly [Tensor, Tensor] | null): [Tensor | PackedSequence, [Tensor, Tensor]];
  override forward(input: Tensor | PackedSequence, hx: readonly [Tensor, Tensor] | null = null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    const [output, [h, c]] = this.runForward(input, hx === null ? null : [...hx], (batched, [h0, c0]) => {
      const want = batched ? 3 : 2;
      if (h0!.ndim !== want || c0!.ndim !== want) {
        const kind = batched ? 'batched 3-D' : 'unbatched 2-D';
        throw new ValueError(`For ${kind} input, hx and cx should also be ${want}-D but got (${h0!.ndim}-D, ${c0!.ndim}-D) tensors`);
      }
    });
    return [output, [h!, c!]];
  }
}

export { PackedSequence };
