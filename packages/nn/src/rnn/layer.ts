// The layer runner: the input projection of every time step in one matrix product, then the
// recurrence over time. A plain [T, B, *] sequence is run as a packed one whose batch size never
// changes (its rows are laid out the same way), so one loop serves both.
import { type Tensor, cat, linear } from '@wick/tensor';
import type { CellWeights, State, Step } from './cells.js';

/**
 * Runs one direction of one layer. `input` holds the rows of all steps ([sum of batchSizes, in]),
 * `state` the initial state with batchSizes[0] rows. Returns the outputs as one [rows, out]
 * tensor in the same row layout, and the final state, each sequence's taken at its own last step.
 */
export function runDirection(step: Step, input: Tensor, batchSizes: readonly number[], state: State, w: CellWeights, reverse: boolean): [Tensor, State] {
  const projected = linear(input, w.w_ih, w.b_ih);
  const offsets: number[] = [];
  let total = 0;
  for (const bs of batchSizes) {
    offsets.push(total);
    total += bs;
  }
  const outputs: Tensor[] = new Array<Tensor>(batchSizes.length);
  return reverse
    ? runBackward(step, projected, batchSizes, offsets, state, w, outputs)
    : runForward(step, projected, batchSizes, offsets, state, w, outputs);
}

function runForward(step: Step, projected: Tensor, batchSizes: readonly number[], offsets: readonly number[], initial: State, w: CellWeights, outputs: Tensor[]): [Tensor, State] {
  let state = initial;
  // Rows of sequences that ended, most recently ended first: their final state is set aside.
  const finished: State[] = [];
  for (let t = 0; t < batchSizes.length; t++) {
    const bs = batchSizes[t]!;
    const rows = state[0]!.shape[0]!;
    if (bs < rows) {
      finished.push(state.map((s) => s.narrow(0, bs, rows - bs)));
      state = state.map((s) => s.narrow(0, 0, bs));
    }
    state = step(projected.narrow(0, offsets[t]!, bs), state, w);
    outputs[t] = state[0]!;
  }
  finished.reverse();
  const final = finished.length === 0 ? state : state.map((s, k) => cat([s, ...finished.map((f) => f[k]!)], 0));
  return [concatRows(outputs), final];
}

function runBackward(step: Step, projected: Tensor, batchSizes: readonly number[], offsets: readonly number[], initial: State, w: CellWeights, outputs: Tensor[]): [Tensor, State] {
  const last = batchSizes.length - 1;
  let state = initial.map((s) => s.narrow(0, 0, batchSizes[last] ?? 0));
  for (let t = last; t >= 0; t--) {
    const bs = batchSizes[t]!;
    const rows = state[0]!.shape[0]!;
    // Going backwards, longer sequences join: they start from their own initial state.
    if (bs > rows) state = state.map((s, k) => cat([s, initial[k]!.narrow(0, rows, bs - rows)], 0));
    state = step(projected.narrow(0, offsets[t]!, bs), state, w);
    outputs[t] = state[0]!;
  }
  return [concatRows(outputs), state];
}

function concatRows(outputs: Tensor[]): Tensor {
  return outputs.length === 1 ? outputs[0]!.contiguous() : cat(outputs, 0);
}
