// The fused CPU kernel of one recurrent layer in one direction (op _rnn_layer) and its backward
// (op _rnn_layer_backward). Forward: the input projection of every step as one product, then per
// step one product with W_hh (prepared once) and the gate math of cpu/rnn-gates.ts. Backward:
// per step the gate gradients and dh_prev = dgates_h @ W_hh; the weight, bias and input
// gradients at the end as a few products over all steps. Rows are laid out as a packed
// sequence's: step t holds batchSizes[t] rows starting at the sum of the earlier sizes.
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { contiguousStrides } from '../shape.js';
import { type DenseGemm, type FloatArray, type Mat, type Prepared, denseGemm, rowMajor, transposed } from './dense.js';
import * as gates from './rnn-gates.js';
import { layerForward as wasmLayerForward } from './wasm/recurrent.js';
import { MemoryFull, wasm } from './wasm/runtime.js';

export type RnnMode = 'RNN_TANH' | 'RNN_RELU' | 'GRU' | 'LSTM';

/** What one layer-direction op call needs besides its tensors. */
export interface RnnLayerAttrs {
  mode: RnnMode;
  batch_sizes: readonly number[];
  reverse: boolean;
  has_biases: boolean;
  has_proj: boolean;
}

export const gateCount: Record<RnnMode, number> = { RNN_TANH: 1, RNN_RELU: 1, GRU: 3, LSTM: 4 };

/** The op's inputs by role: [input, h0, c0 (LSTM), w_ih, w_hh, b_ih, b_hh (has_biases), w_hr (has_proj)]. */
export interface LayerInputs<T> {
  x: T;
  h0: T;
  c0: T | null;
  w_ih: T;
  w_hh: T;
  b_ih: T | null;
  b_hh: T | null;
  w_hr: T | null;
}

export function layerInputs<T>(inputs: readonly T[], a: RnnLayerAttrs): LayerInputs<T> {
  let k = 0;
  const next = () => inputs[k++]!;
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

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

/** t's elements in logical (row-major) order: its own storage when already laid out so. */
export function denseOf(t: Tensor): FloatArray {
  const data = t.storage.data as FloatArray;
  const n = t.shape.reduce((a, b) => a * b, 1);
  const strides = contiguousStrides(t.shape);
  if (t.shape.every((s, i) => s === 1 || t.strides[i] === strides[i])) return data.subarray(t.offset, t.offset + n);
  const out = new (data.constructor as Ctor)(n);
  const idx = new Array<number>(t.shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let src = t.offset;
    for (let d = 0; d < idx.length; d++) src += idx[d]! * t.strides[d]!;
    out[i] = data[src]!;
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d]! < t.shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

export function tensorOf(data: FloatArray, shape: readonly number[]): Tensor {
  const dtype = data instanceof Float32Array ? 'float32' : 'float64';
  return new Tensor(Storage.cpu(dtype, data), shape, contiguousStrides(shape), 0);
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

/** The order steps run in: forward in time, or backward for the reverse direction. */
function stepOrder(T: number, reverse: boolean): number[] {
  const order = Array.from({ length: T }, (_, i) => i);
  return reverse ? order.reverse() : order;
}

function stepForward(mode: RnnMode, bs: number, H: number, P: number, gi: FloatArray, giOff: number, gh: FloatArray, bhh: FloatArray | null,
  h: FloatArray, c: FloatArray | null, ws: FloatArray, wsOff: number, W: number): void {
  if (mode === 'GRU') gates.gruForward(bs, H, gi, giOff, gh, bhh, h, ws, wsOff, W);
  else if (mode === 'LSTM') gates.lstmForward(bs, H, P, gi, giOff, gh, bhh, c!, ws, wsOff, W);
  else gates.rnnForward(mode === 'RNN_RELU', bs, H, gi, giOff, gh, bhh, h, ws, wsOff, W);
}

/** Prepares right operands with `gemm` and remembers them, so that one call releases them all. */
function preparer(gemm: DenseGemm): { prep: (m: Mat) => Prepared; releaseAll: () => void } {
  const prepared: Prepared[] = [];
  return {
    prep(m) {
      const p = gemm.prepare(m);
      prepared.push(p);
      return p;
    },
    releaseAll() {
      for (const p of prepared) p.release();
    },
  };
}

/**
 * Runs one layer-direction. Returns [output (rows x P), h_n (B x P), c_n (B x H, LSTM only),
 * workspace (rows x W)].
 */
export function rnnLayerForward(inputs: readonly Tensor[], a: RnnLayerAttrs, keepWorkspace = true): Tensor[] {
  const t = layerInputs(inputs, a);
  const runtime = t.x.dtype === 'float32' && (a.mode === 'GRU' || a.mode === 'LSTM') ? wasm() : null;
  if (runtime !== null) {
    try {
      return wasmLayer(runtime, t, a, keepWorkspace);
    } catch (e) {
      // Too large for the kernels' 2 GiB memory: the plain-JS loop below runs it.
      if (!(e instanceof MemoryFull)) throw e;
    }
  }
  const gemm = denseGemm();
  const x = denseOf(t.x);
  const Ctor = x.constructor as Ctor;
  const rows = t.x.shape[0]!;
  const I = t.x.shape[1]!;
  const G = t.w_ih.shape[0]!;
  const H = G / gateCount[a.mode];
  const P = t.w_hr === null ? H : t.w_hr.shape[0]!;
  const B = t.h0.shape[0]!;
  const W = gates.workspaceWidth(a.mode, H, P);
  const offsets = offsetsOf(a.batch_sizes);
  const lstm = a.mode === 'LSTM';

  const { prep, releaseAll } = preparer(gemm);
  try {
    const wihT = prep(transposed(rowMajor(denseOf(t.w_ih), 0, G, I)));
    const whhT = prep(transposed(rowMajor(denseOf(t.w_hh), 0, G, P)));
    const whrT = t.w_hr === null ? null : prep(transposed(rowMajor(denseOf(t.w_hr), 0, P, H)));
    const bih = t.b_ih === null ? null : denseOf(t.b_ih);
    const bhh = t.b_hh === null ? null : denseOf(t.b_hh);

    const gi = new Ctor(rows * G);
    gemm.gemm(rowMajor(x, 0, rows, I), wihT, rowMajor(gi, 0, rows, G), false);
    if (bih !== null) for (let r = 0; r < rows; r++) for (let j = 0; j < G; j++) gi[r * G + j] += bih[j]!;

    const h = Ctor.from(denseOf(t.h0));
    const c = t.c0 === null ? null : Ctor.from(denseOf(t.c0));
    const out = new Ctor(rows * P);
    const ws = new Ctor(rows * W);
    const gh = new Ctor(B * G);
    for (const step of stepOrder(a.batch_sizes.length, a.reverse)) {
      const bs = a.batch_sizes[step]!;
      const off = offsets[step]!;
      for (let b = 0; b < bs; b++) for (let j = 0; j < P; j++) ws[(off + b) * W + j] = h[b * P + j]!;
      gemm.gemm(rowMajor(h, 0, bs, P), whhT, rowMajor(gh, 0, bs, G), false);
      stepForward(a.mode, bs, H, P, gi, off * G, gh, bhh, h, c, ws, off * W, W);
      if (lstm) {
        const hpre: Mat = { data: ws, offset: off * W + P + 6 * H, rows: bs, cols: H, rs: W, cs: 1 };
        if (whrT !== null) gemm.gemm(hpre, whrT, rowMajor(h, 0, bs, P), false);
        else for (let b = 0; b < bs; b++) for (let j = 0; j < H; j++) h[b * H + j] = ws[hpre.offset + b * W + j]!;
      }
      out.set(h.subarray(0, bs * P), off * P);
    }
    const result = [tensorOf(out, [rows, P]), tensorOf(h, [B, P])];
    if (c !== null) result.push(tensorOf(c, [B, H]));
    result.push(tensorOf(ws, [rows, W]));
    return result;
  } finally {
    releaseAll();
  }
}

/** t as a matrix (a vector as one row), whatever its strides. */
function matOf(t: Tensor): Mat {
  const data = t.storage.data as FloatArray;
  if (t.ndim === 1) return { data, offset: t.offset, rows: 1, cols: t.shape[0]!, rs: 0, cs: t.strides[0]! };
  return { data, offset: t.offset, rows: t.shape[0]!, cols: t.shape[1]!, rs: t.strides[0]!, cs: t.strides[1]! };
}

/**
 * float32 GRU and LSTM inside the WebAssembly kernels' memory (cpu/wasm/recurrent.ts), which write
 * the same workspace layout as the gate functions here, so one backward serves both.
 */
function wasmLayer(runtime: NonNullable<ReturnType<typeof wasm>>, t: LayerInputs<Tensor>, a: RnnLayerAttrs, keepWorkspace: boolean): Tensor[] {
  const mode = a.mode as 'GRU' | 'LSTM';
  const opt = (x: Tensor | null) => (x === null ? null : matOf(x));
  const w = { w_ih: matOf(t.w_ih), w_hh: matOf(t.w_hh), b_ih: opt(t.b_ih), b_hh: opt(t.b_hh), w_hr: opt(t.w_hr) };
  const r = wasmLayerForward(runtime, mode, matOf(t.x), a.batch_sizes, matOf(t.h0), opt(t.c0), w, a.reverse, keepWorkspace);
  const rows = t.x.shape[0]!;
  const P = t.h0.shape[1]!;
  const B = t.h0.shape[0]!;
  const result = [tensorOf(r.output, [rows, P]), tensorOf(r.hN, [B, P])];
  if (r.cN !== null) result.push(tensorOf(r.cN, [B, t.c0!.shape[1]!]));
  const ws = r.workspace ?? new Float32Array(0);
  result.push(tensorOf(ws, [rows, ws.length / Math.max(rows, 1)]));
  return result;
}

/** Sums over rows: out[j] = sum_r m[r * cols + j]. */
function columnSums(m: FloatArray, rows: number, cols: number, Ctor: Ctor): FloatArray {
  const out = new Ctor(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j] += m[r * cols + j]!;
  return out;
}

/**
 * The gradients of one layer-direction from its saved workspace. inputs: [input, w_ih, w_hh,
 * w_hr (has_proj), workspace, grad_output, grad_h_n, grad_c_n (LSTM)]. Returns, in the forward
 * op's input order: [d_input, d_h0, d_c0 (LSTM), d_w_ih, d_w_hh, d_b_ih, d_b_hh (has_biases), d_w_hr (has_proj)].
 */
export function rnnLayerBackward(inputs: readonly Tensor[], a: RnnLayerAttrs): Tensor[] {
  let k = 0;
  const xT = inputs[k++]!;
  const wihT = inputs[k++]!;
  const whhT = inputs[k++]!;
  const whrT = a.has_proj ? inputs[k++]! : null;
  const wsT = inputs[k++]!;
  const gOut = denseOf(inputs[k++]!);
  const gHn = denseOf(inputs[k++]!);
  const gCn = a.mode === 'LSTM' ? denseOf(inputs[k++]!) : null;

  const gemm = denseGemm();
  const x = denseOf(xT);
  const ws = denseOf(wsT);
  const Ctor = x.constructor as Ctor;
  const rows = xT.shape[0]!;
  const I = xT.shape[1]!;
  const G = wihT.shape[0]!;
  const H = G / gateCount[a.mode];
  const P = whrT === null ? H : whrT.shape[0]!;
  const B = gHn.length / P;
  const W = wsT.shape[1]!;
  const offsets = offsetsOf(a.batch_sizes);
  const gru = a.mode === 'GRU';
  const lstm = a.mode === 'LSTM';

  const { prep, releaseAll } = preparer(gemm);
  try {
    const whh = prep(rowMajor(denseOf(whhT), 0, G, P));
    const whr = whrT === null ? null : prep(rowMajor(denseOf(whrT), 0, P, H));
    const dh = Ctor.from(gHn);
    const dc = gCn === null ? null : Ctor.from(gCn);
    const dgi = new Ctor(rows * G);
    // GRU's hidden-side gate gradients differ from the input side's in the n block.
    const dgh = gru ? new Ctor(rows * G) : dgi;
    const dhAll = whr === null ? null : new Ctor(rows * P);
    const dhpre = whr === null ? null : new Ctor(B * H);
    for (const step of stepOrder(a.batch_sizes.length, !a.reverse)) {
      const bs = a.batch_sizes[step]!;
      const off = offsets[step]!;
      for (let i = 0; i < bs * P; i++) dh[i] += gOut[off * P + i]!;
      if (lstm) {
        let src = dh;
        if (whr !== null) {
          dhAll!.set(dh.subarray(0, bs * P), off * P);
          gemm.gemm(rowMajor(dh, 0, bs, P), whr, rowMajor(dhpre!, 0, bs, H), false);
          src = dhpre!;
        }
        gates.lstmBackward(bs, H, P, src, 0, dc!, ws, off * W, W, dgi, off * G);
      } else if (gru) {
        gates.gruBackward(bs, H, dh, ws, off * W, W, dgi, off * G, dgh, off * G);
      } else {
        gates.rnnBackward(a.mode === 'RNN_RELU', bs, H, dh, ws, off * W, W, dgi, off * G);
      }
      // GRU keeps its direct term in dh and adds the product; the others' dh_prev is the product alone.
      gemm.gemm(rowMajor(dgh, off * G, bs, G), whh, rowMajor(dh, 0, bs, P), gru);
    }
    const dX = new Ctor(rows * I);
    gemm.gemm(rowMajor(dgi, 0, rows, G), prep(rowMajor(denseOf(wihT), 0, G, I)), rowMajor(dX, 0, rows, I), false);
    const dWih = new Ctor(G * I);
    gemm.gemm(transposed(rowMajor(dgi, 0, rows, G)), prep(rowMajor(x, 0, rows, I)), rowMajor(dWih, 0, G, I), false);
    const dWhh = new Ctor(G * P);
    const hPrev: Mat = { data: ws, offset: 0, rows, cols: P, rs: W, cs: 1 };
    gemm.gemm(transposed(rowMajor(dgh, 0, rows, G)), prep(hPrev), rowMajor(dWhh, 0, G, P), false);

    const result = [tensorOf(dX, [rows, I]), tensorOf(dh, [B, P])];
    if (dc !== null) result.push(tensorOf(dc, [B, H]));
    result.push(tensorOf(dWih, [G, I]), tensorOf(dWhh, [G, P]));
    if (a.has_biases) result.push(tensorOf(columnSums(dgi, rows, G, Ctor), [G]), tensorOf(columnSums(dgh, rows, G, Ctor), [G]));
    if (whr !== null) {
      const dWhr = new Ctor(P * H);
      const hpre: Mat = { data: ws, offset: P + 6 * H, rows, cols: H, rs: W, cs: 1 };
      gemm.gemm(transposed(rowMajor(dhAll!, 0, rows, P)), prep(hpre), rowMajor(dWhr, 0, P, H), false);
      result.push(tensorOf(dWhr, [P, H]));
    }
    return result;
  } finally {
    releaseAll();
  }
}
