// The per-step math of each recurrent mode, PyTorch's formulas in PyTorch's operation order
// (aten/src/ATen/native/RNN.cpp: SimpleCell, GRUCell, LSTMCell). A step takes the input
// projection already computed (x W_ih^T + b_ih) and the previous state, and returns the new state.
import { type Tensor, linear } from '@wick/tensor';

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

export type Step = (gi: Tensor, state: State, w: CellWeights) => State;

export type Mode = 'RNN_TANH' | 'RNN_RELU' | 'GRU' | 'LSTM';

/** Rows of the stacked gate weights per hidden unit: [r; z; n] for GRU, [i; f; g; o] for LSTM. */
export const gateMultiplier: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, GRU: 3, LSTM: 4 };

const rnnTanhStep: Step = (gi, [h], w) => [linear(h!, w.w_hh, w.b_hh).add(gi).tanh()];

const rnnReluStep: Step = (gi, [h], w) => [linear(h!, w.w_hh, w.b_hh).add(gi).relu()];

/** r = σ(.), z = σ(.), n = tanh(i_n + r * h_n), h' = (h - n) * z + n. */
const gruStep: Step = (gi, [h], w) => {
  const gh = linear(h!, w.w_hh, w.b_hh);
  const [ir, iz, inew] = gi.chunk(3, 1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hnew] = gh.chunk(3, 1) as [Tensor, Tensor, Tensor];
  const reset = hr.add(ir).sigmoid();
  const update = hz.add(iz).sigmoid();
  const candidate = inew.add(hnew.mul(reset)).tanh();
  return [h!.sub(candidate).mul(update).add(candidate)];
};

/** c' = f * c + i * g, h' = o * tanh(c'), then h' W_hr^T when projecting. */
const lstmStep: Step = (gi, [h, c], w) => {
  const gates = linear(h!, w.w_hh, w.b_hh).add(gi);
  const [i, f, g, o] = gates.chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const cy = f.sigmoid().mul(c!).add(i.sigmoid().mul(g.tanh()));
  const hy = o.sigmoid().mul(cy.tanh());
  return [w.w_hr === null ? hy : linear(hy, w.w_hr), cy];
};

export const steps: Record<Mode, Step> = { RNN_TANH: rnnTanhStep, RNN_RELU: rnnReluStep, GRU: gruStep, LSTM: lstmStep };
