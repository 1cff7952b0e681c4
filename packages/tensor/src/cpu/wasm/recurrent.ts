// One direction of one GRU or LSTM layer in float32, forward, run inside the kernels' memory: the
// input projection of every step as one threaded GEMM (into buffers that start as b_ih, so the bias
// costs nothing), then per step the packed hidden state times the prepared W_hh^T (threaded) and the
// fused gate kernel (wasm/recurrent.ts), whose output rows are the layer's output rows, in place:
// nothing is copied between steps, and the JS side only copies the input in and the results out.
//
// Rows follow the packed-sequence layout the layer runner uses: step t owns rows
// [offset_t, offset_t + batchSizes[t]) of the input and of the output, batch sizes never increase,
// and a plain [T, B, *] sequence is the case where every batch size is B.
import { type Mat, transposed } from '../dense.js';
import { type PreparedWasm, copyRows, prepareOn } from './gemm.js';
import { type Runtime, alloc, free, heapF32 } from './runtime.js';
import { runJob } from './threads.js';

export type FusedMode = 'GRU' | 'LSTM';

export interface LayerWeights {
  w_ih: Mat;
  w_hh: Mat;
  b_ih: Mat | null;
  b_hh: Mat | null;
  /** LSTM projection [proj_size, hidden_size], or null. */
  w_hr: Mat | null;
}

export interface LayerResult {
  /** [rows, out] where out is proj_size or hidden_size. */
  output: Float32Array;
  /** Final hidden state [batchSizes[0], out], each sequence's taken at its own last step. */
  hN: Float32Array;
  /** LSTM's final cell state [batchSizes[0], hidden], else null. */
  cN: Float32Array | null;
  /**
   * What backward needs, per row, when asked for (cpu/rnn-gates.ts's layout): GRU
   * [h_prev, r, z, n, h_n] (5H), LSTM [h_prev (P), c_prev, σ(i), σ(f), tanh(g), σ(o), c', h'] (P + 7H).
   */
  workspace: Float32Array | null;
}

const gates: Record<FusedMode, number> = { GRU: 3, LSTM: 4 };

/** Elements to 16-byte boundaries, so that rows stay vector-aligned. */
const pad4 = (n: number) => (n + 3) & ~3;
const pad8 = (n: number) => (n + 7) & ~7;

/** Fills `rows` rows (ld apart) at element index `at` with the vector b, or zeros. */
function fillRows(heap: Float32Array, at: number, rows: number, ld: number, b: Mat | null): void {
  if (rows === 0) return;
  if (b === null) {
    heap.fill(0, at, at + rows * ld);
    return;
  }
  for (let c = 0; c < b.cols; c++) heap[at + c] = b.data[b.offset + c * b.cs]!;
  heap.fill(0, at + b.cols, at + ld);
  // Double the filled block until it covers every row: each copy is one memmove.
  for (let done = 1; done < rows; done *= 2) heap.copyWithin(at + done * ld, at, at + Math.min(done, rows - done) * ld);
}

/**
 * Runs the layer direction; `x` is [rows, input], `h0` [batchSizes[0], out], `c0` LSTM's
 * [batchSizes[0], hidden]. The caller has checked shapes and that everything is float32.
 */
export function layerForward(
  r: Runtime, mode: FusedMode, x: Mat, batchSizes: readonly number[], h0: Mat, c0: Mat | null,
  w: LayerWeights, reverse: boolean, keepWorkspace: boolean,
): LayerResult {
  const k = r.exports;
  const H = w.w_hh.rows / gates[mode];
  const out = w.w_hr === null ? H : w.w_hr.rows;
  const I = x.cols;
  const G = gates[mode] * H;
  const rows = x.rows;
  const B0 = batchSizes[0] ?? 0;
  const ldg = pad8(G);
  const W = mode === 'GRU' ? 5 * H : out + 7 * H;
  const offsets: number[] = [];
  for (let t = 0, o = 0; t < batchSizes.length; o += batchSizes[t]!, t++) offsets.push(o);

  const blocks: number[] = [];
  const prepared: PreparedWasm[] = [];
  const take = (elements: number) => {
    const p = alloc(r, Math.max(1, elements) * 4);
    blocks.push(p);
    return p;
  };
  try {
    // Inputs and weights into the kernels' memory.
    const xPtr = take(rows * pad4(I));
    const xPacked = take(pad4(rows) * I);
    const bhh = w.b_hh === null ? 0 : take(G);
    const gi = take(pad4(rows) * ldg);
    const gh = take(pad4(B0) * ldg);
    const hPacked = take(pad4(B0) * out);
    const output = take(rows * out);
    const h0Ptr = take(B0 * out);
    // A reverse direction's batch grows: the state is assembled here from the last output rows and h0.
    const hJoin = take(B0 * out);
    const cA = mode === 'LSTM' ? take(B0 * H) : 0;
    const hRaw = w.w_hr === null ? 0 : take(pad4(B0) * H);
    const hRawPacked = w.w_hr === null ? 0 : take(pad4(B0) * H);
    const ws = keepWorkspace ? take(rows * W) : 0;
    const cAll = mode === 'LSTM' ? take(rows * H) : 0;
    const c0Ptr = mode === 'LSTM' ? take(B0 * H) : 0;

    let heap = heapF32(r);
    copyRows(x, heap, xPtr / 4, pad4(I));
    k.pack_a_f32(xPtr, pad4(I), xPacked, rows, I);
    // The weights as the right operands of x W^T, packed once for every step.
    const prep = (m: Mat) => {
      const p = prepareOn(r, transposed(m));
      prepared.push(p);
      return p.ptr;
    };
    const wih = prep(w.w_ih);
    const whh = prep(w.w_hh);
    const whr = w.w_hr === null ? 0 : prep(w.w_hr);
    heap = heapF32(r);
    if (w.b_hh !== null) for (let c = 0; c < G; c++) heap[bhh / 4 + c] = w.b_hh.data[w.b_hh.offset + c * w.b_hh.cs]!;
    copyRows(h0, heap, h0Ptr / 4, out);
    if (c0 !== null) copyRows(c0, heap, c0Ptr / 4, H);

    // gi = b_ih + x W_ih^T for every step at once.
    fillRows(heap, gi / 4, pad4(rows), ldg, w.b_ih);
    runJob(r, 'gemm_f32', [xPacked, wih, gi, rows, ldg / 8, I, ldg, 1], rows * G * I);

    const steps = batchSizes.length;
    let hPrev = h0Ptr; // address of the previous state's rows (out wide, contiguous)
    let cPrev = c0Ptr;
    let prevRows = B0;
    for (let s = 0; s < steps; s++) {
      const t = reverse ? steps - 1 - s : s;
      const bs = batchSizes[t]!;
      const row0 = offsets[t]!;
      heap = heapF32(r);
      if (bs > prevRows) {
        // Reverse direction: sequences that start here begin from their own rows of h0 (and c0).
        heap.copyWithin(hJoin / 4, hPrev / 4, hPrev / 4 + prevRows * out);
        heap.copyWithin(hJoin / 4 + prevRows * out, h0Ptr / 4 + prevRows * out, h0Ptr / 4 + bs * out);
        hPrev = hJoin;
        if (mode === 'LSTM') {
          heap.copyWithin(cA / 4, cPrev / 4, cPrev / 4 + prevRows * H);
          heap.copyWithin(cA / 4 + prevRows * H, c0Ptr / 4 + prevRows * H, c0Ptr / 4 + bs * H);
          cPrev = cA;
        }
      }
      k.pack_a_f32(hPrev, out, hPacked, bs, out);
      runJob(r, 'gemm_f32', [hPacked, whh, gh, bs, ldg / 8, out, ldg, 0], bs * G * out);
      const giRows = gi + row0 * ldg * 4;
      const outRows = output + row0 * out * 4;
      const wsRows = keepWorkspace ? ws + row0 * W * 4 : 0;
      if (mode === 'GRU') {
        // About 30 vector operations per unit: worth sharing among threads from a few thousand units.
        runJob(r, 'gru_cell_f32', [giRows, ldg, gh, ldg, bhh, hPrev, outRows, wsRows, bs, H], bs * H * 32);
      } else {
        const cRows = cAll + row0 * H * 4;
        const hy = w.w_hr === null ? outRows : hRaw;
        runJob(r, 'lstm_cell_f32', [giRows, ldg, gh, ldg, bhh, cPrev, hy, cRows, wsRows, bs, H, out], bs * H * 40);
        if (keepWorkspace) {
          // h_prev at the head of each workspace row (the kernel writes the rest).
          heap = heapF32(r);
          for (let b = 0; b < bs; b++) heap.copyWithin(wsRows / 4 + b * W, hPrev / 4 + b * out, hPrev / 4 + (b + 1) * out);
        }
        if (w.w_hr !== null) {
          // h = (o * tanh c') W_hr^T, written to the output rows.
          const hp = pad8(out);
          k.pack_a_f32(hRaw, H, hRawPacked, bs, H);
          runJob(r, 'gemm_f32', [hRawPacked, whr, gh, bs, hp / 8, H, hp, 0], bs * out * H);
          heap = heapF32(r);
          for (let b = 0; b < bs; b++) heap.copyWithin(outRows / 4 + b * out, gh / 4 + b * hp, gh / 4 + b * hp + out);
        }
        cPrev = cRows;
      }
      hPrev = outRows;
      prevRows = bs;
    }

    // Results out. Forward: a sequence's last state is in the rows of the last step it took part in.
    heap = heapF32(r);
    const outputArr = heap.slice(output / 4, output / 4 + rows * out);
    const hN = new Float32Array(B0 * out);
    const cN = mode === 'LSTM' ? new Float32Array(B0 * H) : null;
    if (reverse) {
      hN.set(heap.subarray(hPrev / 4, hPrev / 4 + B0 * out));
      if (cN !== null) cN.set(heap.subarray(cPrev / 4, cPrev / 4 + B0 * H));
    } else {
      for (let t = 0; t < steps; t++) {
        const bs = batchSizes[t]!;
        const next = t + 1 < steps ? batchSizes[t + 1]! : 0;
        if (next >= bs) continue;
        const row0 = offsets[t]!;
        hN.set(heap.subarray(output / 4 + (row0 + next) * out, output / 4 + (row0 + bs) * out), next * out);
        if (cN !== null) cN.set(heap.subarray(cAll / 4 + (row0 + next) * H, cAll / 4 + (row0 + bs) * H), next * H);
      }
    }
    const workspace = keepWorkspace ? heap.slice(ws / 4, ws / 4 + rows * W) : null;
    return { output: outputArr, hN, cN, workspace };
  } finally {
    for (const p of prepared) p.release();
    for (const p of blocks.reverse()) free(p);
  }
}
