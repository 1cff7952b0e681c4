// Matrix-product micro-kernels (AssemblyScript, compiled to WebAssembly SIMD by scripts/build-wasm.mjs).
//
// Operands arrive packed by the JS side (src/cpu/wasm/gemm.ts):
// - A in panels of 4 rows, interleaved by k: element (r, k) of panel p at a + ((p * K + k) * 4 + r).
// - B in panels of NR columns, interleaved by k: element (k, c) of panel q at b + ((q * K + k) * NR + c),
//   with NR = 8 for float32 and 4 for float64. Missing rows and columns are zero.
// - C is row-major with row stride ldc (elements), padded so that every tile is whole.
// A tile keeps its 4 x NR sums in eight v128 locals (V8 keeps them in registers) and reads 4 A and
// 2 B vectors per k: 16 multiply-adds per 6 loads. Node 20 has no relaxed SIMD, so no FMA: each
// product is rounded before it is added, as a plain float32 loop would do.

// Blocking: a K block of 256 keeps one B panel (8 KiB of float32) in L1 while 16 A panels (64 rows,
// 64 KiB) stay in L2 and are reused across every B panel of the thread's share.
const KC = 256;
const MC = 16;

/**
 * C (M x NP*NR; rows up to a multiple of 4 are allocated) = A @ B, or C += A @ B when `accumulate`,
 * for thread `tid` of `nt`: each thread takes a contiguous share of the B panels (or of the A
 * panels when there are more of those), so no two threads write the same tile.
 */
export function gemm_f32(tid: i32, nt: i32, a: usize, b: usize, c: usize, M: i32, NP: i32, K: i32, ldc: i32, accumulate: i32): void {
  drive<f32>(tid, nt, a, b, c, M, NP, K, ldc, accumulate);
}

/** gemm_f32 for float64: 4 x 4 tiles, two doubles per vector. */
export function gemm_f64(tid: i32, nt: i32, a: usize, b: usize, c: usize, M: i32, NP: i32, K: i32, ldc: i32, accumulate: i32): void {
  drive<f64>(tid, nt, a, b, c, M, NP, K, ldc, accumulate);
}

/**
 * The blocked loops around the tiles, for T = f32 (NR = 8) or f64 (NR = 4). Either way a k step of
 * an A panel is 4 elements and of a B panel 32 bytes.
 */
// @ts-ignore: decorator
@inline
function drive<T>(tid: i32, nt: i32, a: usize, b: usize, c: usize, M: i32, NP: i32, K: i32, ldc: i32, accumulate: i32): void {
  const size = <usize>sizeof<T>();
  const nr = <usize>(32 / size);
  const MP = (M + 3) >> 2;
  // The last A panel may hold fewer than 4 real rows: those tiles compute only them.
  const tail = M - (MP - 1) * 4;
  let i0 = 0, i1 = MP, j0 = 0, j1 = NP;
  if (NP >= MP) {
    j0 = share(NP, tid, nt);
    j1 = share(NP, tid + 1, nt);
  } else {
    i0 = share(MP, tid, nt);
    i1 = share(MP, tid + 1, nt);
  }
  const ldcBytes = <usize>ldc * size;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const acc = accumulate | i32(k0 > 0);
    for (let ib = i0; ib < i1; ib += MC) {
      const ie = min(ib + MC, i1);
      for (let j = j0; j < j1; j++) {
        const bj = b + ((<usize>j * K + k0) << 5);
        for (let i = ib; i < ie; i++) {
          const ai = a + (<usize>i * K + k0) * 4 * size;
          const ci = c + (<usize>i * 4 * ldc + <usize>j * nr) * size;
          const partial = i == MP - 1 && tail < 4;
          if (size == 4) {
            if (partial) rows_f32(ai, bj, kc, ci, ldcBytes, acc, tail);
            else tile_f32(ai, bj, kc, ci, ldcBytes, acc);
          } else {
            if (partial) rows_f64(ai, bj, kc, ci, ldcBytes, acc, tail);
            else tile_f64(ai, bj, kc, ci, ldcBytes, acc);
          }
        }
      }
    }
  }
}

/** The first of `n` items that thread `t` of `nt` takes. */
// @ts-ignore: decorator
@inline
function share(n: i32, t: i32, nt: i32): i32 {
  return i32((i64(n) * t) / nt);
}

// @ts-ignore: decorator
@inline
function tile_f32(a: usize, b: usize, kc: i32, c: usize, ldcBytes: usize, accumulate: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a += 16;
    b += 32;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldcBytes)); c11 = f32x4.add(c11, v128.load(c + ldcBytes, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldcBytes)); c21 = f32x4.add(c21, v128.load(c + 2 * ldcBytes, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldcBytes)); c31 = f32x4.add(c31, v128.load(c + 3 * ldcBytes, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldcBytes, c10); v128.store(c + ldcBytes, c11, 16);
  v128.store(c + 2 * ldcBytes, c20); v128.store(c + 2 * ldcBytes, c21, 16);
  v128.store(c + 3 * ldcBytes, c30); v128.store(c + 3 * ldcBytes, c31, 16);
}

// @ts-ignore: decorator
@inline
function tile_f64(a: usize, b: usize, kc: i32, c: usize, ldcBytes: usize, accumulate: i32): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load64_splat(a);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 8);
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 16);
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 24);
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
    c31 = f64x2.add(c31, f64x2.mul(x, b1));
    a += 32;
    b += 32;
  }
  if (accumulate) {
    c00 = f64x2.add(c00, v128.load(c)); c01 = f64x2.add(c01, v128.load(c, 16));
    c10 = f64x2.add(c10, v128.load(c + ldcBytes)); c11 = f64x2.add(c11, v128.load(c + ldcBytes, 16));
    c20 = f64x2.add(c20, v128.load(c + 2 * ldcBytes)); c21 = f64x2.add(c21, v128.load(c + 2 * ldcBytes, 16));
    c30 = f64x2.add(c30, v128.load(c + 3 * ldcBytes)); c31 = f64x2.add(c31, v128.load(c + 3 * ldcBytes, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldcBytes, c10); v128.store(c + ldcBytes, c11, 16);
  v128.store(c + 2 * ldcBytes, c20); v128.store(c + 2 * ldcBytes, c21, 16);
  v128.store(c + 3 * ldcBytes, c30); v128.store(c + 3 * ldcBytes, c31, 16);
}

/**
 * Packs rows [0, M) of a row-major float32 matrix (row stride lda elements, K columns) into the A
 * layout gemm_f32 reads, zero-filling the rows past M up to a multiple of 4.
 */
export function pack_a_f32(src: usize, lda: i32, dst: usize, M: i32, K: i32): void {
  const MP = (M + 3) >> 2;
  for (let p = 0; p < MP; p++) {
    const base = dst + ((<usize>p * K) << 4);
    for (let r = 0; r < 4; r++) {
      const row = p * 4 + r;
      const q = base + (<usize>r << 2);
      if (row >= M) {
        for (let k = 0; k < K; k++) store<f32>(q + (<usize>k << 4), 0);
        continue;
      }
      const s = src + ((<usize>row * lda) << 2);
      for (let k = 0; k < K; k++) store<f32>(q + (<usize>k << 4), load<f32>(s + (<usize>k << 2)));
    }
  }
}

/**
 * The first `rows` (1 to 3) rows of a 4 x 8 tile: a matrix-vector product (batch 1) does not pay
 * for the padding rows. Two sums per column, over even and odd k, so that consecutive adds do not
 * wait on each other; they are added at the end.
 */
function rows_f32(a: usize, b: usize, kc: i32, c: usize, ldcBytes: usize, accumulate: i32, rows: i32): void {
  for (let r = 0; r < rows; r++) {
    let p = a + (<usize>r << 2);
    let q = b;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), t0 = f32x4.splat(0), t1 = f32x4.splat(0);
    let k = 0;
    for (; k + 2 <= kc; k += 2) {
      const x = v128.load32_splat(p);
      const y = v128.load32_splat(p, 16);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(q)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(q, 16)));
      t0 = f32x4.add(t0, f32x4.mul(y, v128.load(q, 32)));
      t1 = f32x4.add(t1, f32x4.mul(y, v128.load(q, 48)));
      p += 32;
      q += 64;
    }
    if (k < kc) {
      const x = v128.load32_splat(p);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(q)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(q, 16)));
    }
    s0 = f32x4.add(s0, t0);
    s1 = f32x4.add(s1, t1);
    const cr = c + <usize>r * ldcBytes;
    if (accumulate) {
      s0 = f32x4.add(s0, v128.load(cr));
      s1 = f32x4.add(s1, v128.load(cr, 16));
    }
    v128.store(cr, s0);
    v128.store(cr, s1, 16);
  }
}

/** rows_f32 for float64: the first `rows` rows of a 4 x 4 tile. */
function rows_f64(a: usize, b: usize, kc: i32, c: usize, ldcBytes: usize, accumulate: i32, rows: i32): void {
  for (let r = 0; r < rows; r++) {
    let p = a + (<usize>r << 3);
    let q = b;
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), t0 = f64x2.splat(0), t1 = f64x2.splat(0);
    let k = 0;
    for (; k + 2 <= kc; k += 2) {
      const x = v128.load64_splat(p);
      const y = v128.load64_splat(p, 32);
      s0 = f64x2.add(s0, f64x2.mul(x, v128.load(q)));
      s1 = f64x2.add(s1, f64x2.mul(x, v128.load(q, 16)));
      t0 = f64x2.add(t0, f64x2.mul(y, v128.load(q, 32)));
      t1 = f64x2.add(t1, f64x2.mul(y, v128.load(q, 48)));
      p += 64;
      q += 64;
    }
    if (k < kc) {
      const x = v128.load64_splat(p);
      s0 = f64x2.add(s0, f64x2.mul(x, v128.load(q)));
      s1 = f64x2.add(s1, f64x2.mul(x, v128.load(q, 16)));
    }
    s0 = f64x2.add(s0, t0);
    s1 = f64x2.add(s1, t1);
    const cr = c + <usize>r * ldcBytes;
    if (accumulate) {
      s0 = f64x2.add(s0, v128.load(cr));
      s1 = f64x2.add(s1, v128.load(cr, 16));
    }
    v128.store(cr, s0);
    v128.store(cr, s1, 16);
  }
}

/**
 * Packs the transpose of a row-major float32 matrix W [N, K] (row stride ldw elements) into the B
 * layout gemm_f32 reads: panel q holds, for each k, W[8q .. 8q + 7][k], rows past N as zeros.
 * This is a weight as the right operand of x W^T (linear, a recurrent layer's W_ih and W_hh).
 */
export function pack_bt_f32(src: usize, ldw: i32, dst: usize, N: i32, K: i32): void {
  const NP = (N + 7) >> 3;
  for (let q = 0; q < NP; q++) {
    const panel = dst + ((<usize>q * K) << 5);
    for (let c = 0; c < 8; c++) {
      const n = q * 8 + c;
      const out = panel + (<usize>c << 2);
      if (n >= N) {
        for (let k = 0; k < K; k++) store<f32>(out + (<usize>k << 5), 0);
        continue;
      }
      const row = src + ((<usize>n * ldw) << 2);
      for (let k = 0; k < K; k++) store<f32>(out + (<usize>k << 5), load<f32>(row + (<usize>k << 2)));
    }
  }
}

/**
 * Packs a row-major float32 matrix B [K, N] (row stride ldb elements) into the B layout gemm_f32
 * reads: panel q holds, for each k, B[k][8q .. 8q + 7], columns past N as zeros.
 */
export function pack_b_f32(src: usize, ldb: i32, dst: usize, K: i32, N: i32): void {
  const NP = (N + 7) >> 3;
  for (let q = 0; q < NP; q++) {
    const panel = dst + ((<usize>q * K) << 5);
    const c0 = q * 8;
    const width = min(8, N - c0);
    for (let k = 0; k < K; k++) {
      const row = src + ((<usize>k * ldb + <usize>c0) << 2);
      const out = panel + (<usize>k << 5);
      if (width == 8) {
        v128.store(out, v128.load(row));
        v128.store(out, v128.load(row, 16), 16);
        continue;
      }
      for (let c = 0; c < 8; c++) store<f32>(out + (<usize>c << 2), c < width ? load<f32>(row + (<usize>c << 2)) : 0);
    }
  }
}

/**
 * Packs A = S^T into the A layout gemm_f32 reads, where S [K, M] is row-major (row stride lds
 * elements): a k step of panel p is S[k][4p .. 4p + 3], one vector. Rows of A past M are zeros.
 * This is the left operand of a weight gradient, dG^T X.
 */
export function pack_at_f32(src: usize, lds: i32, dst: usize, M: i32, K: i32): void {
  const MP = (M + 3) >> 2;
  for (let p = 0; p < MP; p++) {
    const panel = dst + ((<usize>p * K) << 4);
    const r0 = p * 4;
    const width = min(4, M - r0);
    for (let k = 0; k < K; k++) {
      const s = src + ((<usize>k * lds + <usize>r0) << 2);
      const out = panel + (<usize>k << 4);
      if (width == 4) {
        v128.store(out, v128.load(s));
        continue;
      }
      for (let r = 0; r < 4; r++) store<f32>(out + (<usize>r << 2), r < width ? load<f32>(s + (<usize>r << 2)) : 0);
    }
  }
}
