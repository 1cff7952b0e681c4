// The webgpu kernels of _rnn_layer and _rnn_layer_backward (float32): what cpu/rnn-layer.ts
// computes, with its workspace layout, as GPU work encoded without a read in between, so the
// queue submits a whole layer at once. Forward: the input projection of every step as one
// product, then per step one fused dispatch (two with LSTM's projection). Backward: per step,
// reversed, the gate gradients and dh = dgates W_hh; the weight, bias and input gradients at the
// end as one product each over all steps (as cuDNN does).
import * as torch from '@wick/tensor';
import type { RnnLayerAttrs, Tensor } from '@wick/tensor';
import type { Context } from '../context.js';
import { bufferOf } from '../context.js';
import { type Mat, columnSums, gemm, matOf, rowsOf, transposed } from './gemm.js';
import { type Mode, type StepTensors, encodeStep, gateCount } from './rnn-step.js';
import { encodeStepGrad } from './rnn-step-backward.js';

/** Workspace row width (cpu/rnn-gates.ts). */
export function workspaceWidth(mode: Mode, H: number, P: number): number {
  if (mode === 'GRU') return 5 * H;
  if (mode === 'LSTM') return P + 7 * H;
  return 2 * H;
}

function offsetsOf(batchSizes: readonly number[]): number[] {
  const offsets: number[] = [];
  let total = 0;
  for (const bs of batchSizes) {
    offsets.push(total);
    total += bs;
  }
  offsets.push(total);
  return offsets;
}

const dense = (t: Tensor): Tensor => t.contiguous();
const emptyOn = (shape: number[]): Tensor => torch.empty(shape, { dtype: 'float32', device: 'webgpu' });

/** Copies rows [from, from + n) of src (width cols, contiguous) into the same rows of dst. */
function copyRows(ctx: Context, src: Tensor, srcRow: number, dst: Tensor, dstRow: number, n: number, cols: number): void {
  if (n * cols === 0) return;
  ctx.queue.copy(bufferOf(src), 4 * (src.offset + srcRow * cols), bufferOf(dst), 4 * (dst.offset + dstRow * cols), 4 * n * cols);
}

/** The op's inputs by role: [x, h0, (c0), w_ih, w_hh, (b_ih, b_hh), (w_hr)], each made contiguous. */
function roles(inputs: readonly Tensor[], a: RnnLayerAttrs) {
  let k = 0;
  const next = () => dense(inputs[k++]!);
  const x = next();
  const h0 = next();
  const c0 = a.mode === 'LSTM' ? next() : null;
  const w_ih = next();
  const w_hh = next();
  const b_ih = a.has_biases ? next() : null;
  const b_hh = a.has_biases ? next() : null;
  const w_hr = a.has_proj ? next() : null;
  return { x, h0, c0, w_ih, w_hh, b_ih, b_hh, w_hr };
}

/** Forward: [output (rows x P), h_n (B x P), c_n (B x H, LSTM), workspace (rows x W)]. */
export function rnnLayerForward(ctx: Context, inputs: readonly Tensor[], a: RnnLayerAttrs): Tensor[] {
  const mode = a.mode as Mode;
  const t = roles(inputs, a);
  const rows = t.x.shape[0]!;
  const G = t.w_ih.shape[0]!;
  const H = G / gateCount[mode];
  const P = t.w_hr === null ? H : t.w_hr.shape[0]!;
  const B = t.h0.shape[0]!;
  const W = workspaceWidth(mode, H, P);
  const offsets = offsetsOf(a.batch_sizes);
  const steps = a.batch_sizes.length;

  const gi = emptyOn([rows, G]);
  gemm(ctx, matOf(t.x), transposed(matOf(t.w_ih)), matOf(gi), { bias: t.b_ih });
  const out = emptyOn([rows, P]);
  const ws = emptyOn([rows, W]);
  const c = t.c0 === null ? null : t.c0.clone().contiguous();
  // W_hh^T [P, G], so that the threads of a step (adjacent hidden units) read adjacent weights.
  const st: StepTensors = { gi, w_hhT: t.w_hh.t().contiguous(), b_hh: t.b_hh, out, h0: t.h0, ws, c };
  const hN = emptyOn([B, P]);
  let prev = -1;
  for (let k = 0; k < steps; k++) {
    const s = a.reverse ? steps - 1 - k : k;
    const bs = a.batch_sizes[s]!;
    const off = offsets[s]!;
    encodeStep(ctx, mode, st, { bs, off, prevRows: prev < 0 ? 0 : a.batch_sizes[prev]!, prevOff: prev < 0 ? 0 : offsets[prev]! }, H, P, W);
    if (t.w_hr !== null) {
      const hpre: Mat = { t: ws, offset: ws.offset + off * W + P + 6 * H, rows: bs, cols: H, rs: W, cs: 1 };
      gemm(ctx, hpre, transposed(matOf(t.w_hr)), rowsOf(matOf(out), off, bs));
    }
    // A forward direction's sequences end as the batch shrinks: their last output is their h_n.
    if (!a.reverse) {
      const next = s + 1 < steps ? a.batch_sizes[s + 1]! : 0;
      copyRows(ctx, out, off + next, hN, next, bs - next, P);
    }
    prev = s;
  }
  // A reverse direction ends every sequence at step 0; rows no step ran keep their initial state.
  const ran = steps === 0 ? 0 : a.batch_sizes[0]!;
  if (a.reverse) copyRows(ctx, out, 0, hN, 0, ran, P);
  copyRows(ctx, t.h0, ran, hN, ran, B - ran, P);
  return c === null ? [out, hN, ws] : [out, hN, c, ws];
}

/**
 * Backward: inputs [x, w_ih, w_hh, (w_hr), workspace, grad_output, grad_h_n, (grad_c_n)];
 * returns [d_x, d_h0, (d_c0), d_w_ih, d_w_hh, (d_b_ih, d_b_hh), (d_w_hr)].
 */
export function rnnLayerBackward(ctx: Context, inputs: readonly Tensor[], a: RnnLayerAttrs): Tensor[] {
  const mode = a.mode as Mode;
  let k = 0;
  const next = () => dense(inputs[k++]!);
  const x = next();
  const w_ih = next();
  const w_hh = next();
  const w_hr = a.has_proj ? next() : null;
  const ws = next();
  const gOut = next();
  const gHn = next();
  const gCn = mode === 'LSTM' ? next() : null;
  const rows = x.shape[0]!;
  const G = w_ih.shape[0]!;
  const H = G / gateCount[mode];
  const P = w_hr === null ? H : w_hr.shape[0]!;
  const W = ws.shape[1]!;
  const offsets = offsetsOf(a.batch_sizes);
  const steps = a.batch_sizes.length;
  const gru = mode === 'GRU';

  const dh = gHn.clone().contiguous();
  const dc = gCn === null ? null : gCn.clone().contiguous();
  const dgi = emptyOn([rows, G]);
  const dgh = gru ? emptyOn([rows, G]) : null;
  const dhAll = w_hr === null ? null : emptyOn([rows, P]);
  const grads = { ws, dh, gOut, dgi, dgh, dc, w_hr, dhAll };
  const dgHidden = matOf(dgh ?? dgi);
  for (let k = 0; k < steps; k++) {
    // Backward runs the steps in the opposite order to the forward direction.
    const s = a.reverse ? k : steps - 1 - k;
    const bs = a.batch_sizes[s]!;
    const off = offsets[s]!;
    encodeStepGrad(ctx, mode, grads, bs, off, H, P, W);
    // GRU keeps its direct term in dh and adds the product; the others' dh_prev is the product alone.
    gemm(ctx, rowsOf(dgHidden, off, bs), matOf(w_hh), rowsOf(matOf(dh), 0, bs), { accumulate: gru });
  }
  const dX = emptyOn([rows, x.shape[1]!]);
  gemm(ctx, matOf(dgi), matOf(w_ih), matOf(dX));
  const dWih = emptyOn([G, x.shape[1]!]);
  gemm(ctx, transposed(matOf(dgi)), matOf(x), matOf(dWih));
  const dWhh = emptyOn([G, P]);
  const hPrev: Mat = { t: ws, offset: ws.offset, rows, cols: P, rs: W, cs: 1 };
  gemm(ctx, transposed(dgHidden), hPrev, matOf(dWhh));
  const result = dc === null ? [dX, dh, dWih, dWhh] : [dX, dh, dc, dWih, dWhh];
  if (a.has_biases) result.push(columnSums(ctx, dgi), columnSums(ctx, dgh ?? dgi));
  if (w_hr !== null) {
    const dWhr = emptyOn([P, H]);
    const hpre: Mat = { t: ws, offset: ws.offset + P + 6 * H, rows, cols: H, rs: W, cs: 1 };
    gemm(ctx, transposed(matOf(dhAll!)), hpre, matOf(dWhr));
    result.push(dWhr);
  }
  return result;
}
