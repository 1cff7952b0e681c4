// The elementwise half of one recurrent step, fused: what PyTorch's GRUCell and LSTMCell compute
// after the two matrix products (aten/src/ATen/native/RNN.cpp), in the same operation order and
// float32 rounding as the separate ops, with sigmoid and tanh rounded once from double.
//
// gi and gh hold [B, G*H] gate pre-activations with row strides ldi and ldg (gi with b_ih already
// added; gh without b_hh, which is added here when bhh != 0); h/c/hy/cy hold contiguous [B, H] rows.
import { sigmoid4, sigmoid2x, tanh4, tanh2x } from './math';

// @ts-ignore: decorator
@inline
function ld(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
function st(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 2), v);
}

// @ts-ignore: decorator
@inline
function sig1(x: f32): f32 {
  return <f32>f64x2.extract_lane(sigmoid2x(f64x2.splat(<f64>x)), 0);
}

// @ts-ignore: decorator
@inline
function tanh1(x: f32): f32 {
  return <f32>f64x2.extract_lane(tanh2x(f64x2.splat(<f64>x)), 0);
}

// @ts-ignore: decorator
@inline
function bias(p: usize, i: i32): f32 {
  return p == 0 ? <f32>0 : load<f32>(p + (<usize>i << 2));
}

/**
 * GRU: r = σ(i_r + h_r), z = σ(i_z + h_z), n = tanh(i_n + r * h_n), h' = (h - n) * z + n, where
 * h_* = (h W_hh^T + b_hh)_*. ws (when not 0) receives [h, r, z, n, h_n] per row ([B, 5H]) for backward.
 * Rows [r0, r1) of thread tid's share.
 */
export function gru_cell_f32(tid: i32, nt: i32, gi: usize, ldi: i32, gh: usize, ldg: i32, bhh: usize, h: usize, hy: usize, ws: usize, B: i32, H: i32): void {
  const r0 = i32((i64(B) * tid) / nt);
  const r1 = i32((i64(B) * (tid + 1)) / nt);
  for (let b = r0; b < r1; b++) {
    const pi = gi + ((<usize>b * ldi) << 2);
    const ph = gh + ((<usize>b * ldg) << 2);
    const px = h + ((<usize>b * H) << 2);
    const py = hy + ((<usize>b * H) << 2);
    const pw = ws + ((<usize>b * 5 * H) << 2);
    let j = 0;
    const zero = f32x4.splat(0);
    for (; j + 4 <= H; j += 4) {
      const hr = f32x4.add(ld(ph, j), bhh == 0 ? zero : ld(bhh, j));
      const hz = f32x4.add(ld(ph, H + j), bhh == 0 ? zero : ld(bhh, H + j));
      const hn = f32x4.add(ld(ph, 2 * H + j), bhh == 0 ? zero : ld(bhh, 2 * H + j));
      const r = sigmoid4(f32x4.add(hr, ld(pi, j)));
      const z = sigmoid4(f32x4.add(hz, ld(pi, H + j)));
      const n = tanh4(f32x4.add(ld(pi, 2 * H + j), f32x4.mul(hn, r)));
      const hv = ld(px, j);
      st(py, j, f32x4.add(f32x4.mul(f32x4.sub(hv, n), z), n));
      if (ws != 0) {
        st(pw, j, hv);
        st(pw, H + j, r);
        st(pw, 2 * H + j, z);
        st(pw, 3 * H + j, n);
        st(pw, 4 * H + j, hn);
      }
    }
    for (; j < H; j++) {
      const hr = load<f32>(ph + (<usize>j << 2)) + bias(bhh, j);
      const hz = load<f32>(ph + (<usize>(H + j) << 2)) + bias(bhh, H + j);
      const hn = load<f32>(ph + (<usize>(2 * H + j) << 2)) + bias(bhh, 2 * H + j);
      const r = sig1(hr + load<f32>(pi + (<usize>j << 2)));
      const z = sig1(hz + load<f32>(pi + (<usize>(H + j) << 2)));
      const n = tanh1(load<f32>(pi + (<usize>(2 * H + j) << 2)) + hn * r);
      const hv = load<f32>(px + (<usize>j << 2));
      store<f32>(py + (<usize>j << 2), (hv - n) * z + n);
      if (ws != 0) {
        store<f32>(pw + (<usize>j << 2), hv);
        store<f32>(pw + (<usize>(H + j) << 2), r);
        store<f32>(pw + (<usize>(2 * H + j) << 2), z);
        store<f32>(pw + (<usize>(3 * H + j) << 2), n);
        store<f32>(pw + (<usize>(4 * H + j) << 2), hn);
      }
    }
  }
}

/**
 * LSTM: gates = (h W_hh^T + b_hh) + gi split [i, f, g, o]; c' = σ(f) c + σ(i) tanh(g);
 * h' = σ(o) tanh(c'). ws (when not 0) receives, after the P elements of h that the caller writes,
 * [c, σ(i), σ(f), tanh(g), σ(o), c', h'] per row ([B, P + 7H]; P = proj_size, or H).
 */
export function lstm_cell_f32(tid: i32, nt: i32, gi: usize, ldi: i32, gh: usize, ldg: i32, bhh: usize, c: usize, hy: usize, cy: usize, ws: usize, B: i32, H: i32, P: i32): void {
  const r0 = i32((i64(B) * tid) / nt);
  const r1 = i32((i64(B) * (tid + 1)) / nt);
  const zero = f32x4.splat(0);
  for (let b = r0; b < r1; b++) {
    const pi = gi + ((<usize>b * ldi) << 2);
    const ph = gh + ((<usize>b * ldg) << 2);
    const pc = c + ((<usize>b * H) << 2);
    const py = hy + ((<usize>b * H) << 2);
    const pcy = cy + ((<usize>b * H) << 2);
    const pw = ws + ((<usize>b * (P + 7 * H) + <usize>P) << 2);
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const i = sigmoid4(f32x4.add(f32x4.add(ld(ph, j), bhh == 0 ? zero : ld(bhh, j)), ld(pi, j)));
      const f = sigmoid4(f32x4.add(f32x4.add(ld(ph, H + j), bhh == 0 ? zero : ld(bhh, H + j)), ld(pi, H + j)));
      const g = tanh4(f32x4.add(f32x4.add(ld(ph, 2 * H + j), bhh == 0 ? zero : ld(bhh, 2 * H + j)), ld(pi, 2 * H + j)));
      const o = sigmoid4(f32x4.add(f32x4.add(ld(ph, 3 * H + j), bhh == 0 ? zero : ld(bhh, 3 * H + j)), ld(pi, 3 * H + j)));
      const cv = ld(pc, j);
      const cn = f32x4.add(f32x4.mul(f, cv), f32x4.mul(i, g));
      const hv = f32x4.mul(o, tanh4(cn));
      st(pcy, j, cn);
      st(py, j, hv);
      if (ws != 0) {
        st(pw, j, cv);
        st(pw, H + j, i);
        st(pw, 2 * H + j, f);
        st(pw, 3 * H + j, g);
        st(pw, 4 * H + j, o);
        st(pw, 5 * H + j, cn);
        st(pw, 6 * H + j, hv);
      }
    }
    for (; j < H; j++) {
      const i = sig1(load<f32>(ph + (<usize>j << 2)) + bias(bhh, j) + load<f32>(pi + (<usize>j << 2)));
      const f = sig1(load<f32>(ph + (<usize>(H + j) << 2)) + bias(bhh, H + j) + load<f32>(pi + (<usize>(H + j) << 2)));
      const g = tanh1(load<f32>(ph + (<usize>(2 * H + j) << 2)) + bias(bhh, 2 * H + j) + load<f32>(pi + (<usize>(2 * H + j) << 2)));
      const o = sig1(load<f32>(ph + (<usize>(3 * H + j) << 2)) + bias(bhh, 3 * H + j) + load<f32>(pi + (<usize>(3 * H + j) << 2)));
      const cv = load<f32>(pc + (<usize>j << 2));
      const cn = f * cv + i * g;
      const hv = o * tanh1(cn);
      store<f32>(pcy + (<usize>j << 2), cn);
      store<f32>(py + (<usize>j << 2), hv);
      if (ws != 0) {
        store<f32>(pw + (<usize>j << 2), cv);
        store<f32>(pw + (<usize>(H + j) << 2), i);
        store<f32>(pw + (<usize>(2 * H + j) << 2), f);
        store<f32>(pw + (<usize>(3 * H + j) << 2), g);
        store<f32>(pw + (<usize>(4 * H + j) << 2), o);
        store<f32>(pw + (<usize>(5 * H + j) << 2), cn);
        store<f32>(pw + (<usize>(6 * H + j) << 2), hv);
      }
    }
  }
}
