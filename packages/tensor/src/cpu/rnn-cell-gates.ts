// The gate math of PyTorch's fused cells (_thnn_fused_gru_cell, _thnn_fused_lstm_cell and their
// backward ops) on contiguous rows: plain loops over typed arrays for B rows of H hidden units,
// in the workspace layouts of PyTorch's CUDA kernels (aten/src/ATen/native/cuda/RNN.cu):
//   GRU:  workspace row [r, z, n, hx, hn] (5H), hn = the hidden gates' n block plus its bias
//   LSTM: workspace row [i, f, g, o] (4H), after activation
// A bias array is null when the op has none.
import type { FloatArray } from './dense.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function fusedGruForward(
  B: number, H: number, ig: FloatArray, hg: FloatArray, bi: FloatArray | null, bh: FloatArray | null, hx: FloatArray,
  hy: FloatArray, ws: FloatArray,
): void {
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const o = b * G + j;
      const ir = ig[o]! + (bi === null ? 0 : bi[j]!);
      const iz = ig[o + H]! + (bi === null ? 0 : bi[H + j]!);
      const inew = ig[o + 2 * H]! + (bi === null ? 0 : bi[2 * H + j]!);
      const hr = hg[o]! + (bh === null ? 0 : bh[j]!);
      const hz = hg[o + H]! + (bh === null ? 0 : bh[H + j]!);
      const hn = hg[o + 2 * H]! + (bh === null ? 0 : bh[2 * H + j]!);
      const r = sigmoid(ir + hr);
      const z = sigmoid(iz + hz);
      const n = Math.tanh(inew + r * hn);
      const h = hx[b * H + j]!;
      hy[b * H + j] = n + z * (h - n);
      const w = b * 5 * H + j;
      ws[w] = r;
      ws[w + H] = z;
      ws[w + 2 * H] = n;
      ws[w + 3 * H] = h;
      ws[w + 4 * H] = hn;
    }
  }
}

/** d input_gates (dig), d hidden_gates (dhg), d hx from grad_hy and the workspace. */
export function fusedGruBackward(B: number, H: number, ghy: FloatArray, ws: FloatArray, dig: FloatArray, dhg: FloatArray, dhx: FloatArray): void {
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const w = b * 5 * H + j;
      const r = ws[w]!;
      const z = ws[w + H]!;
      const n = ws[w + 2 * H]!;
      const h = ws[w + 3 * H]!;
      const hn = ws[w + 4 * H]!;
      const g = ghy[b * H + j]!;
      const dn = g * (1 - z) * (1 - n * n);
      const dz = g * (h - n) * z * (1 - z);
      const dr = dn * hn * r * (1 - r);
      const o = b * G + j;
      dig[o] = dr;
      dig[o + H] = dz;
      dig[o + 2 * H] = dn;
      dhg[o] = dr;
      dhg[o + H] = dz;
      dhg[o + 2 * H] = dn * r;
      dhx[b * H + j] = g * z;
    }
  }
}

export function fusedLstmForward(
  B: number, H: number, ig: FloatArray, hg: FloatArray, bi: FloatArray | null, bh: FloatArray | null, cx: FloatArray,
  hy: FloatArray, cy: FloatArray, ws: FloatArray,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const o = b * G + j;
      let pi = ig[o]! + hg[o]!;
      let pf = ig[o + H]! + hg[o + H]!;
      let pg = ig[o + 2 * H]! + hg[o + 2 * H]!;
      let po = ig[o + 3 * H]! + hg[o + 3 * H]!;
      if (bi !== null && bh !== null) {
        pi += bi[j]! + bh[j]!;
        pf += bi[H + j]! + bh[H + j]!;
        pg += bi[2 * H + j]! + bh[2 * H + j]!;
        po += bi[3 * H + j]! + bh[3 * H + j]!;
      }
      const i = sigmoid(pi);
      const f = sigmoid(pf);
      const g = Math.tanh(pg);
      const out = sigmoid(po);
      const c = f * cx[b * H + j]! + i * g;
      cy[b * H + j] = c;
      hy[b * H + j] = out * Math.tanh(c);
      ws[o] = i;
      ws[o + H] = f;
      ws[o + 2 * H] = g;
      ws[o + 3 * H] = out;
    }
  }
}

/** d gates (one array: both projections take it) and d cx; a missing gradient is zero. */
export function fusedLstmBackward(
  B: number, H: number, ghy: FloatArray | null, gcy: FloatArray | null, cx: FloatArray, cy: FloatArray, ws: FloatArray,
  dgates: FloatArray, dcx: FloatArray,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const o = b * G + j;
      const i = ws[o]!;
      const f = ws[o + H]!;
      const g = ws[o + 2 * H]!;
      const out = ws[o + 3 * H]!;
      const tc = Math.tanh(cy[b * H + j]!);
      const dh = ghy === null ? 0 : ghy[b * H + j]!;
      const dc = (gcy === null ? 0 : gcy[b * H + j]!) + dh * out * (1 - tc * tc);
      dgates[o] = dc * g * i * (1 - i);
      dgates[o + H] = dc * cx[b * H + j]! * f * (1 - f);
      dgates[o + 2 * H] = dc * i * (1 - g * g);
      dgates[o + 3 * H] = dh * tc * out * (1 - out);
      dcx[b * H + j] = dc * f;
    }
  }
}
