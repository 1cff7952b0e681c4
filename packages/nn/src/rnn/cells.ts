// What the recurrent modules share about a mode: its weights and the gate-count table. The step
// math itself is in @wick/tensor's ops (torch.gru, torch.gru_cell, ... and _rnn_layer).
import type { Tensor } from '@wick/tensor';

/** One layer-direction's weights, as the module registers them. */
export interface CellWeights {
  w_ih: Tensor;
  w_hh: Tensor;
  b_ih: Tensor | null;
  b_hh: Tensor | null;
  /** LSTM projection (proj_size > 0). */
  w_hr: Tensor | null;
}

/** [h] for RNN and GRU, [h, c] for LSTM. */
export type State = Tensor[];

export type Mode = 'RNN_TANH' | 'RNN_RELU' | 'GRU' | 'LSTM';

/** Rows of the stacked gate weights per hidden unit: [r; z; n] for GRU, [i; f; g; o] for LSTM. */
export const gateMultiplier: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, GRU: 3, LSTM: 4 };
