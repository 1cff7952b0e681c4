// _rnn_layer: one recurrent layer in one direction over a whole (packed) sequence, as one op with
// its own derivative row. Its composite is the per-step formulas written with other ops, in
// PyTorch's operation order (aten/src/ATen/native/RNN.cpp: SimpleCell, GRUCell, LSTMCell); the
// CPU kernel (cpu/rnn-layer.ts) runs float32 and float64 fused. _rnn_layer_backward is the fused
// kernel's gradient, which autograd's row calls.
import { DeviceError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type RnnLayerAttrs, type RnnMode, layerInputs, rnnLayerBackward, rnnLayerForward } from '../cpu/rnn-layer.js';
import { empty } from './creation.js';
import { cat } from './join.js';
import { linear } from './matmul.js';
import { defineComposite, registerKernel, runComposite, wouldRecord } from './table.js';

export type { RnnLayerAttrs, RnnMode } from '../cpu/rnn-layer.js';

type State = Tensor[];
type Weights = { w_hh: Tensor; b_hh: Tensor | null; w_hr: Tensor | null };
type Step = (gi: Tensor, state: State, w: Weights) => State;

/** One step's new state from its input projection gi = x W_ih^T + b_ih and the previous state. */
export const steps: Record<RnnMode, Step> = {
  RNN_TANH: (gi, [h], w) => [linear(h!, w.w_hh, w.b_hh).add(gi).tanh()],
  RNN_RELU: (gi, [h], w) => [linear(h!, w.w_hh, w.b_hh).add(gi).relu()],
  // r = σ(.), z = σ(.), n = tanh(i_n + r * h_n), h' = (h - n) * z + n.
  GRU: (gi, [h], w) => {
    const gh = linear(h!, w.w_hh, w.b_hh);
    const [ir, iz, inew] = gi.chunk(3, 1) as [Tensor, Tensor, Tensor];
    const [hr, hz, hnew] = gh.chunk(3, 1) as [Tensor, Tensor, Tensor];
    const reset = hr.add(ir).sigmoid();
    const update = hz.add(iz).sigmoid();
    const candidate = inew.add(hnew.mul(reset)).tanh();
    return [h!.sub(candidate).mul(update).add(candidate)];
  },
  // c' = f * c + i * g, h' = o * tanh(c'), then h' W_hr^T when projecting.
  LSTM: (gi, [h, c], w) => {
    const gates = linear(h!, w.w_hh, w.b_hh).add(gi);
    const [i, f, g, o] = gates.chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const cy = f.sigmoid().mul(c!).add(i.sigmoid().mul(g.tanh()));
    const hy = o.sigmoid().mul(cy.tanh());
    return [w.w_hr === null ? hy : linear(hy, w.w_hr), cy];
  },
};

/**
 * The composite: the input projection of every step at once, then the steps. Outputs as the
 * kernel's, with an empty workspace (nothing to save: its gradient comes from differentiating this).
 */
export function rnnLayerComposite(inputs: readonly Tensor[], a: RnnLayerAttrs): Tensor[] {
  const t = layerInputs(inputs, a);
  const step = steps[a.mode];
  const w = { w_hh: t.w_hh, b_hh: t.b_hh, w_hr: t.w_hr };
  const projected = linear(t.x, t.w_ih, t.b_ih);
  const initial = t.c0 === null ? [t.h0] : [t.h0, t.c0];
  const offsets: number[] = [];
  let total = 0;
  for (const bs of a.batch_sizes) {
    offsets.push(total);
    total += bs;
  }
  const outputs = new Array<Tensor>(a.batch_sizes.length);
  const T = a.batch_sizes.length;
  let final: State;
  if (!a.reverse) {
    let state = initial;
    // Rows of sequences that ended, most recently ended first: their final state is set aside.
    const finished: State[] = [];
    for (let s = 0; s < T; s++) {
      const bs = a.batch_sizes[s]!;
      const rows = state[0]!.shape[0]!;
      if (bs < rows) {
        finished.push(state.map((x) => x.narrow(0, bs, rows - bs)));
        state = state.map((x) => x.narrow(0, 0, bs));
      }
      state = step(projected.narrow(0, offsets[s]!, bs), state, w);
      outputs[s] = state[0]!;
    }
    finished.reverse();
    final = finished.length === 0 ? state : state.map((x, k) => cat([x, ...finished.map((f) => f[k]!)], 0));
  } else {
    let state = initial.map((x) => x.narrow(0, 0, a.batch_sizes[T - 1] ?? 0));
    for (let s = T - 1; s >= 0; s--) {
      const bs = a.batch_sizes[s]!;
      const rows = state[0]!.shape[0]!;
      // Going backwards, longer sequences join: they start from their own initial state.
      if (bs > rows) state = state.map((x, k) => cat([x, initial[k]!.narrow(0, rows, bs - rows)], 0));
      state = step(projected.narrow(0, offsets[s]!, bs), state, w);
      outputs[s] = state[0]!;
    }
    final = state;
  }
  const output = outputs.length === 1 ? outputs[0]!.contiguous() : cat(outputs, 0);
  return [output, ...final, empty([0], { dtype: t.x.dtype, device: t.x.device })];
}

export const rnnLayerOp = defineComposite<RnnLayerAttrs>('_rnn_layer', { composite: rnnLayerComposite, derivative: 'own' });

registerKernel<RnnLayerAttrs>('_rnn_layer', 'cpu', (inputs, a) => {
  const dtype = inputs[0]!.dtype;
  // The workspace is only for backward: without autograd recording, the kernel may leave it out.
  if (dtype === 'float32' || dtype === 'float64') return rnnLayerForward(inputs, a, wouldRecord(inputs));
  return runComposite('_rnn_layer', inputs, a);
});

/**
 * The fused gradient of one _rnn_layer call from its workspace. A workspace exists only where a
 * device's fused _rnn_layer kernel ran, so each device that has that kernel registers this one
 * beside it (the CPU's: float32/float64); there is no composite to fall back to.
 */
export const rnnLayerBackwardOp = defineComposite<RnnLayerAttrs>('_rnn_layer_backward', {
  composite: (inputs) => {
    throw new DeviceError(`_rnn_layer_backward: no fused recurrent-layer backward kernel is registered for device '${inputs[0]!.device}'`);
  },
  derivative: 'own',
});

registerKernel<RnnLayerAttrs>('_rnn_layer_backward', 'cpu', (inputs, a) => rnnLayerBackward(inputs, a));

/** Runs one layer-direction: [output, h_n, (c_n), workspace]. */
export function rnnLayer(inputs: readonly Tensor[], a: RnnLayerAttrs): Tensor[] {
  return rnnLayerOp.callMulti(inputs, a) as Tensor[];
}
