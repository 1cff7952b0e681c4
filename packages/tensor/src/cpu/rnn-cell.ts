// CPU kernels of PyTorch's fused cells and their backward ops (float32, float64), over the gate
// loops of cpu/rnn-cell-gates.ts. Inputs are already checked by the ops (ops/rnn-fused-cell.ts).
import type { Tensor } from '../tensor.js';
import type { FloatArray } from './dense.js';
import * as cell from './rnn-cell-gates.js';
import { denseOf, tensorOf } from './rnn-layer.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

/** Whether the fused kernels take these inputs: float32 or float64, all one dtype. */
export function fusedKernelTakes(inputs: readonly Tensor[]): boolean {
  const dtype = inputs[0]!.dtype;
  return (dtype === 'float32' || dtype === 'float64') && inputs.every((t) => t.dtype === dtype);
}

const ctorOf = (a: FloatArray): Ctor => a.constructor as Ctor;

function columnSums(m: FloatArray, rows: number, cols: number): FloatArray {
  const out = new (ctorOf(m))(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j] += m[r * cols + j]!;
  return out;
}

/** _thnn_fused_gru_cell: [input_gates, hidden_gates, hx, (input_bias, hidden_bias)] -> [hy, workspace]. */
export function fusedGruCell(inputs: readonly Tensor[], hasBias: boolean): Tensor[] {
  const [B, H] = inputs[2]!.shape as [number, number];
  const [ig, hg, hx] = inputs.slice(0, 3).map(denseOf) as [FloatArray, FloatArray, FloatArray];
  const Ctor = ctorOf(ig);
  const hy = new Ctor(B * H);
  const ws = new Ctor(B * 5 * H);
  cell.fusedGruForward(B, H, ig, hg, hasBias ? denseOf(inputs[3]!) : null, hasBias ? denseOf(inputs[4]!) : null, hx, hy, ws);
  return [tensorOf(hy, [B, H]), tensorOf(ws, [B, 5 * H])];
}

/** _thnn_fused_lstm_cell: [input_gates, hidden_gates, cx, (input_bias, hidden_bias)] -> [hy, cy, workspace]. */
export function fusedLstmCell(inputs: readonly Tensor[], hasBias: boolean): Tensor[] {
  const [B, H] = inputs[2]!.shape as [number, number];
  const [ig, hg, cx] = inputs.slice(0, 3).map(denseOf) as [FloatArray, FloatArray, FloatArray];
  const Ctor = ctorOf(ig);
  const [hy, cy, ws] = [new Ctor(B * H), new Ctor(B * H), new Ctor(B * 4 * H)];
  cell.fusedLstmForward(B, H, ig, hg, hasBias ? denseOf(inputs[3]!) : null, hasBias ? denseOf(inputs[4]!) : null, cx, hy, cy, ws);
  return [tensorOf(hy, [B, H]), tensorOf(cy, [B, H]), tensorOf(ws, [B, 4 * H])];
}

/** _thnn_fused_gru_cell_backward: [grad_hy, workspace] -> [d input_gates, d hidden_gates, d hx, (d input_bias, d hidden_bias)]. */
export function fusedGruCellBackward(inputs: readonly Tensor[], hasBias: boolean): Tensor[] {
  const [B, H] = inputs[0]!.shape as [number, number];
  const [ghy, ws] = inputs.map(denseOf) as [FloatArray, FloatArray];
  const Ctor = ctorOf(ghy);
  const [dig, dhg, dhx] = [new Ctor(B * 3 * H), new Ctor(B * 3 * H), new Ctor(B * H)];
  cell.fusedGruBackward(B, H, ghy, ws, dig, dhg, dhx);
  const out = [tensorOf(dig, [B, 3 * H]), tensorOf(dhg, [B, 3 * H]), tensorOf(dhx, [B, H])];
  if (hasBias) out.push(tensorOf(columnSums(dig, B, 3 * H), [3 * H]), tensorOf(columnSums(dhg, B, 3 * H), [3 * H]));
  return out;
}

/** _thnn_fused_lstm_cell_backward_impl: [(grad_hy), (grad_cy), cx, cy, workspace] -> [d gates, d cx, (d bias)]. */
export function fusedLstmCellBackward(inputs: readonly Tensor[], a: { has_bias: boolean; has_grad_hy: boolean; has_grad_cy: boolean }): Tensor[] {
  let k = 0;
  const ghy = a.has_grad_hy ? denseOf(inputs[k++]!) : null;
  const gcy = a.has_grad_cy ? denseOf(inputs[k++]!) : null;
  const [B, H] = inputs[k]!.shape as [number, number];
  const [cx, cy, ws] = inputs.slice(k).map(denseOf) as [FloatArray, FloatArray, FloatArray];
  const Ctor = ctorOf(cx);
  const [dgates, dcx] = [new Ctor(B * 4 * H), new Ctor(B * H)];
  cell.fusedLstmBackward(B, H, ghy, gcy, cx, cy, ws, dgates, dcx);
  const out = [tensorOf(dgates, [B, 4 * H]), tensorOf(dcx, [B, H])];
  if (a.has_bias) out.push(tensorOf(columnSums(dgates, B, 4 * H), [4 * H]));
  return out;
}
