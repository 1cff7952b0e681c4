// The elementwise gate math of one recurrent time step, forward and backward, per mode: plain
// loops over typed arrays at offsets, with the rows (B) and hidden size (H) given, so that a
// WebAssembly version can replace any of them one for one. The matrix products around them are
// the caller's (cpu/rnn-layer.ts). Gate order is PyTorch's: [r; z; n] for GRU, [i; f; g; o] for LSTM.
//
// Every step keeps a workspace row per batch row (the layer's saved activations), width W:
//   RNN:  [h_prev (H), h (H)]                                        W = 2H
//   GRU:  [h_prev (H), r (H), z (H), n (H), hn (H)]                  W = 5H   (hn = W_hn h_prev + b_hn)
//   LSTM: [h_prev (P), c_prev (H), i, f, g, o (4H), c (H), hpre (H)] W = P + 7H (hpre = o * tanh(c), before W_hr)
// h_prev is written by the caller; the gate functions read it from there.
import type { FloatArray } from './dense.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Workspace row width of a mode: H hidden units, P = the width of h (proj_size, or H). */
export function workspaceWidth(mode: string, H: number, P: number): number {
  if (mode === 'GRU') return 5 * H;
  if (mode === 'LSTM') return P + 7 * H;
  return 2 * H;
}

/**
 * RNN_TANH / RNN_RELU: h = act(gi + gh + b_hh). gi rows at giOff (stride H, b_ih already in),
 * gh rows at 0 (stride H). Writes h into the state rows (stride H) and the workspace.
 */
export function rnnForward(
  relu: boolean, B: number, H: number, gi: FloatArray, giOff: number, gh: FloatArray, bhh: FloatArray | null,
  h: FloatArray, ws: FloatArray, wsOff: number, W: number,
): void {
  for (let b = 0; b < B; b++) {
    const gio = giOff + b * H;
    const gho = b * H;
    const wo = wsOff + b * W + H;
    for (let j = 0; j < H; j++) {
      const pre = gh[gho + j]! + (bhh === null ? 0 : bhh[j]!) + gi[gio + j]!;
      const v = relu ? (pre > 0 ? pre : 0) : Math.tanh(pre);
      ws[wo + j] = v;
      h[b * H + j] = v;
    }
  }
}

/** Gradient of an RNN step: dg = dh * act'(h), the same for the input and hidden projections. */
export function rnnBackward(relu: boolean, B: number, H: number, dh: FloatArray, ws: FloatArray, wsOff: number, W: number, dg: FloatArray, dgOff: number): void {
  for (let b = 0; b < B; b++) {
    const wo = wsOff + b * W + H;
    for (let j = 0; j < H; j++) {
      const v = ws[wo + j]!;
      const d = dh[b * H + j]!;
      dg[dgOff + b * H + j] = relu ? (v > 0 ? d : 0) : d * (1 - v * v);
    }
  }
}

/**
 * GRU: r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r * gh_n), h' = (h - n) * z + n,
 * where gh includes b_hh (PyTorch's linear(h, w_hh, b_hh)). Writes h' into the state rows.
 */
export function gruForward(
  B: number, H: number, gi: FloatArray, giOff: number, gh: FloatArray, bhh: FloatArray | null,
  h: FloatArray, ws: FloatArray, wsOff: number, W: number,
): void {
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    const gio = giOff + b * G;
    const gho = b * G;
    const wo = wsOff + b * W;
    for (let j = 0; j < H; j++) {
      const hr = gh[gho + j]! + (bhh === null ? 0 : bhh[j]!);
      const hz = gh[gho + H + j]! + (bhh === null ? 0 : bhh[H + j]!);
      const hn = gh[gho + 2 * H + j]! + (bhh === null ? 0 : bhh[2 * H + j]!);
      const r = sigmoid(hr + gi[gio + j]!);
      const z = sigmoid(hz + gi[gio + H + j]!);
      const n = Math.tanh(gi[gio + 2 * H + j]! + hn * r);
      const prev = ws[wo + j]!;
      ws[wo + H + j] = r;
      ws[wo + 2 * H + j] = z;
      ws[wo + 3 * H + j] = n;
      ws[wo + 4 * H + j] = hn;
      h[b * H + j] = (prev - n) * z + n;
    }
  }
}

/**
 * Gradient of a GRU step. dh (rows of the carried gradient, stride H) becomes the direct part of
 * dh_prev (dh * z); the caller adds dgh @ W_hh. dgi and dgh differ only in the n block.
 */
export function gruBackward(
  B: number, H: number, dh: FloatArray, ws: FloatArray, wsOff: number, W: number,
  dgi: FloatArray, dgiOff: number, dgh: FloatArray, dghOff: number,
): void {
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    const wo = wsOff + b * W;
    const io = dgiOff + b * G;
    const ho = dghOff + b * G;
    for (let j = 0; j < H; j++) {
      const prev = ws[wo + j]!;
      const r = ws[wo + H + j]!;
      const z = ws[wo + 2 * H + j]!;
      const n = ws[wo + 3 * H + j]!;
      const hn = ws[wo + 4 * H + j]!;
      const d = dh[b * H + j]!;
      const dnPre = d * (1 - z) * (1 - n * n);
      const dzPre = d * (prev - n) * z * (1 - z);
      const drPre = dnPre * hn * r * (1 - r);
      dgi[io + j] = drPre;
      dgi[io + H + j] = dzPre;
      dgi[io + 2 * H + j] = dnPre;
      dgh[ho + j] = drPre;
      dgh[ho + H + j] = dzPre;
      dgh[ho + 2 * H + j] = dnPre * r;
      dh[b * H + j] = d * z;
    }
  }
}

/**
 * LSTM: gates = gi + gh (+ b_hh), c' = σ(f) c + σ(i) tanh(g), hpre = σ(o) tanh(c'). c holds the
 * state rows (stride H) and is overwritten by c'; hpre goes to the workspace (the caller copies
 * or projects it into h).
 */
export function lstmForward(
  B: number, H: number, P: number, gi: FloatArray, giOff: number, gh: FloatArray, bhh: FloatArray | null,
  c: FloatArray, ws: FloatArray, wsOff: number, W: number,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gio = giOff + b * G;
    const gho = b * G;
    const wo = wsOff + b * W + P;
    for (let j = 0; j < H; j++) {
      const bi = bhh === null ? 0 : bhh[j]!;
      const bf = bhh === null ? 0 : bhh[H + j]!;
      const bg = bhh === null ? 0 : bhh[2 * H + j]!;
      const bo = bhh === null ? 0 : bhh[3 * H + j]!;
      const i = sigmoid(gh[gho + j]! + bi + gi[gio + j]!);
      const f = sigmoid(gh[gho + H + j]! + bf + gi[gio + H + j]!);
      const g = Math.tanh(gh[gho + 2 * H + j]! + bg + gi[gio + 2 * H + j]!);
      const o = sigmoid(gh[gho + 3 * H + j]! + bo + gi[gio + 3 * H + j]!);
      const cPrev = c[b * H + j]!;
      const cy = f * cPrev + i * g;
      ws[wo + j] = cPrev;
      ws[wo + H + j] = i;
      ws[wo + 2 * H + j] = f;
      ws[wo + 3 * H + j] = g;
      ws[wo + 4 * H + j] = o;
      ws[wo + 5 * H + j] = cy;
      ws[wo + 6 * H + j] = o * Math.tanh(cy);
      c[b * H + j] = cy;
    }
  }
}

/**
 * Gradient of an LSTM step, from dhpre (rows at dhOff, stride H: the gradient of o * tanh(c'))
 * and dc (the carried gradient of c', stride H, overwritten by that of c_prev). dg is the
 * gradient of the pre-activation gates, the same for the input and hidden projections.
 */
export function lstmBackward(
  B: number, H: number, P: number, dhpre: FloatArray, dhOff: number, dc: FloatArray, ws: FloatArray, wsOff: number, W: number,
  dg: FloatArray, dgOff: number,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const wo = wsOff + b * W + P;
    const go = dgOff + b * G;
    for (let j = 0; j < H; j++) {
      const cPrev = ws[wo + j]!;
      const i = ws[wo + H + j]!;
      const f = ws[wo + 2 * H + j]!;
      const g = ws[wo + 3 * H + j]!;
      const o = ws[wo + 4 * H + j]!;
      const tc = Math.tanh(ws[wo + 5 * H + j]!);
      const dh = dhpre[dhOff + b * H + j]!;
      const dct = dc[b * H + j]! + dh * o * (1 - tc * tc);
      dg[go + j] = dct * g * i * (1 - i);
      dg[go + H + j] = dct * cPrev * f * (1 - f);
      dg[go + 2 * H + j] = dct * i * (1 - g * g);
      dg[go + 3 * H + j] = dh * tc * o * (1 - o);
      dc[b * H + j] = dct * f;
    }
  }
}
