import type { TypedArray } from '../dtype.js';
import type { StridedView } from '../storage.js';

/**
 * The double-precision matrix product behind every CPU matmul: out[b] = a[b] @ b[b] for 3-d
 * strided views, each element a sum over k in order 0..K-1 in double, stored once (the store
 * rounds to float32, or wraps for integer dtypes whose products the caller proved exact).
 *
 * Two strategies, chosen per batch by shape:
 * - M >= 4 and N >= 4: operands are packed into Float64Array panels (4 rows of a interleaved by
 *   k, 4 columns of b interleaved by k) and a 4x4 register-blocked kernel keeps 16 sums in locals.
 *   Measured on Node 20 this runs ~3.5x faster than an i-k-j loop: 8 loads per 16 multiply-adds
 *   instead of 2 loads and a store per multiply-add. Packing also makes any strides (transposed
 *   inputs) as fast as contiguous ones.
 * - M < 4 or N < 4 (matrix-vector products, a GRU step with batch 1): packing the large operand
 *   would cost as much as the product itself, so the small side is packed and the large side is
 *   read in place.
 */
export function gemmF64(a: StridedView, b: StridedView, out: StridedView): void {
  const [B, M, N] = out.shape as [number, number, number];
  const K = a.shape[2]!;
  const C = scratch(2, M * N);
  const useBlocks = M >= 4 && N >= 4;
  // Packed operands; a broadcast batch (stride 0) is packed once and reused.
  const Ap = scratch(0, useBlocks ? M * K : Math.min(M, N) * K);
  const Bp = scratch(1, useBlocks ? ((N + 3) >> 2) * 4 * K : Math.max(M, N));
  const reuseA = a.strides[0] === 0;
  const reuseB = b.strides[0] === 0;
  for (let bi = 0; bi < B; bi++) {
    const aOff = a.offset + bi * a.strides[0]!;
    const bOff = b.offset + bi * b.strides[0]!;
    const A2: Mat = { data: a.storage.data!, offset: aOff, rs: a.strides[1]!, cs: a.strides[2]! };
    const B2: Mat = { data: b.storage.data!, offset: bOff, rs: b.strides[1]!, cs: b.strides[2]! };
    if (useBlocks) {
      packed(A2, B2, M, K, N, Ap, Bp, C, bi > 0 && reuseA, bi > 0 && reuseB);
    } else if (M <= N) {
      small(A2, B2, M, K, N, Ap, Bp, C, N, 1);
    } else {
      // C^T = B^T A^T: the few columns of b become the few rows.
      small(transpose(B2), transpose(A2), N, K, M, Ap, Bp, C, 1, N);
    }
    store(C, M, N, out, bi);
  }
}

/** A 2-d strided matrix: element (r, c) is data[offset + r * rs + c * cs]. */
interface Mat {
  data: TypedArray;
  offset: number;
  rs: number;
  cs: number;
}

/** Typed arrays whose elements read as numbers. */
type NumArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;

const transpose = (m: Mat): Mat => ({ data: m.data, offset: m.offset, rs: m.cs, cs: m.rs });

// Scratch buffers reused between calls, so a loop of small products (an RNN) allocates nothing.
// Very large requests get a fresh array that is not kept.
const SCRATCH_KEEP = 1 << 22;
const buffers: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];

function scratch(slot: number, n: number): Float64Array {
  if (buffers[slot]!.length >= n) return buffers[slot]!;
  const buf = new Float64Array(n);
  if (n <= SCRATCH_KEEP) buffers[slot] = buf;
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Packing.

/** Rows [r0, r0 + 4) of m, interleaved by column: dst[p + c * 4 + r] = m[r0 + r, c]. Missing rows are 0. */
function packPanel(m: Mat, r0: number, rows: number, cols: number, dst: Float64Array, p: number): void {
  const d = m.data;
  const big = d instanceof BigInt64Array;
  for (let r = 0; r < 4; r++) {
    if (r >= rows) {
      for (let c = 0, q = p + r; c < cols; c++, q += 4) dst[q] = 0;
      continue;
    }
    const base = m.offset + (r0 + r) * m.rs;
    if (big) {
      for (let c = 0, q = p + r, s = base; c < cols; c++, q += 4, s += m.cs) dst[q] = Number(d[s]!);
    } else {
      for (let c = 0, q = p + r, s = base; c < cols; c++, q += 4, s += m.cs) dst[q] = d[s] as number;
    }
  }
}

/** Row r of m as a contiguous run: dst[p + c] = m[r, c]. */
function packRow(m: Mat, r: number, cols: number, dst: Float64Array, p: number): void {
  const d = m.data;
  const base = m.offset + r * m.rs;
  if (d instanceof BigInt64Array) {
    for (let c = 0, s = base; c < cols; c++, s += m.cs) dst[p + c] = Number(d[s]!);
  } else {
    for (let c = 0, s = base; c < cols; c++, s += m.cs) dst[p + c] = d[s] as number;
  }
}

// ---------------------------------------------------------------------------------------------
// Packed path: 4x4 register blocks.

function packed(
  A: Mat, Bm: Mat, M: number, K: number, N: number,
  Ap: Float64Array, Bp: Float64Array, C: Float64Array, keepA: boolean, keepB: boolean,
): void {
  const full = M >> 2;
  const tail = M - full * 4;
  const panelsB = (N + 3) >> 2;
  if (!keepA) {
    for (let ib = 0; ib < full; ib++) packPanel(A, ib * 4, 4, K, Ap, ib * 4 * K);
    for (let t = 0; t < tail; t++) packRow(A, full * 4 + t, K, Ap, full * 4 * K + t * K);
  }
  if (!keepB) {
    // b's columns are a's rows of b^T.
    const Bt = transpose(Bm);
    for (let jb = 0; jb < panelsB; jb++) packPanel(Bt, jb * 4, Math.min(4, N - jb * 4), K, Bp, jb * 4 * K);
  }
  // Walk b in column blocks that stay in L2 (~256 KiB of packed panels) while all of a streams.
  const block = Math.max(1, Math.floor(8192 / K));
  for (let j0 = 0; j0 < panelsB; j0 += block) {
    const j1 = Math.min(panelsB, j0 + block);
    for (let ib = 0; ib < full; ib++) {
      for (let jb = j0; jb < j1; jb++) {
        kernel4x4(Ap, ib * 4 * K, Bp, jb * 4 * K, K, C, ib * 4 * N + jb * 4, N, Math.min(4, N - jb * 4));
      }
    }
    for (let t = 0; t < tail; t++) {
      const row = full * 4 + t;
      for (let jb = j0; jb < j1; jb++) {
        kernel1x4(Ap, full * 4 * K + t * K, Bp, jb * 4 * K, K, C, row * N + jb * 4, Math.min(4, N - jb * 4));
      }
    }
  }
}

/** C[4 x cols] at c (row stride ldc) = panel a (4 rows interleaved) x panel b (4 columns interleaved). */
function kernel4x4(
  Ap: Float64Array, pa: number, Bp: Float64Array, pb: number, K: number,
  C: Float64Array, c: number, ldc: number, cols: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < K; k++, pa += 4, pb += 4) {
    const a0 = Ap[pa]!, a1 = Ap[pa + 1]!, a2 = Ap[pa + 2]!, a3 = Ap[pa + 3]!;
    const b0 = Bp[pb]!, b1 = Bp[pb + 1]!, b2 = Bp[pb + 2]!, b3 = Bp[pb + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (cols === 4) {
    C[c] = c00; C[c + 1] = c01; C[c + 2] = c02; C[c + 3] = c03; c += ldc;
    C[c] = c10; C[c + 1] = c11; C[c + 2] = c12; C[c + 3] = c13; c += ldc;
    C[c] = c20; C[c + 1] = c21; C[c + 2] = c22; C[c + 3] = c23; c += ldc;
    C[c] = c30; C[c + 1] = c31; C[c + 2] = c32; C[c + 3] = c33;
    return;
  }
  // The last panel of b is zero-padded: keep only its real columns.
  const sums = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < 4; r++) for (let j = 0; j < cols; j++) C[c + r * ldc + j] = sums[r * 4 + j]!;
}

/** One row of a (contiguous) x one panel of b. */
function kernel1x4(Ap: Float64Array, pa: number, Bp: Float64Array, pb: number, K: number, C: Float64Array, c: number, cols: number): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let k = 0; k < K; k++, pb += 4) {
    const a = Ap[pa + k]!;
    s0 += a * Bp[pb]!; s1 += a * Bp[pb + 1]!; s2 += a * Bp[pb + 2]!; s3 += a * Bp[pb + 3]!;
  }
  C[c] = s0;
  if (cols > 1) C[c + 1] = s1;
  if (cols > 2) C[c + 2] = s2;
  if (cols > 3) C[c + 3] = s3;
}

// ---------------------------------------------------------------------------------------------
// Small path: few rows of a (packed), b read where it lies.

/**
 * C[i, j] (at i * cr + j * cc) = sum_k A[i, k] * Bm[k, j] for the few rows i < M. `Ar` receives the
 * packed rows of A; `acc` (length >= N) is a row accumulator.
 */
function small(
  A: Mat, Bm: Mat, M: number, K: number, N: number,
  Ar: Float64Array, acc: Float64Array, C: Float64Array, cr: number, cc: number,
): void {
  for (let i = 0; i < M; i++) packRow(A, i, K, Ar, i * K);
  // int64 data (exact-in-double integer products) is read through a Float64Array copy.
  const Bd = Bm.data instanceof BigInt64Array ? packedCopy(Bm, K, N) : Bm;
  const d = Bd.data as NumArray;
  if (Bd.rs === 1) {
    // Columns of b are contiguous (b is a transposed weight, as in linear): 4 dot products at once.
    for (let i = 0; i < M; i++) {
      const pa = i * K;
      let j = 0;
      for (; j + 4 <= N; j += 4) {
        const q0 = Bd.offset + j * Bd.cs;
        const q1 = q0 + Bd.cs, q2 = q1 + Bd.cs, q3 = q2 + Bd.cs;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let k = 0; k < K; k++) {
          const a = Ar[pa + k]!;
          s0 += a * d[q0 + k]!; s1 += a * d[q1 + k]!; s2 += a * d[q2 + k]!; s3 += a * d[q3 + k]!;
        }
        const c = i * cr + j * cc;
        C[c] = s0; C[c + cc] = s1; C[c + 2 * cc] = s2; C[c + 3 * cc] = s3;
      }
      for (; j < N; j++) {
        const q = Bd.offset + j * Bd.cs;
        let s = 0;
        for (let k = 0; k < K; k++) s += Ar[pa + k]! * d[q + k]!;
        C[i * cr + j * cc] = s;
      }
    }
    return;
  }
  // Otherwise accumulate whole rows of b (contiguous when b is row-major): acc += a[i, k] * b[k, :],
  // four k at a time so that acc is loaded and stored once per four products.
  // NOTE: the four products are added to acc one after another, never summed among themselves
  // first, so every element is still the in-order sum over k that the other paths compute.
  const { rs, cs } = Bd;
  for (let i = 0; i < M; i++) {
    acc.fill(0, 0, N);
    const pa = i * K;
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const a0 = Ar[pa + k]!, a1 = Ar[pa + k + 1]!, a2 = Ar[pa + k + 2]!, a3 = Ar[pa + k + 3]!;
      const q0 = Bd.offset + k * rs;
      for (let j = 0, q = q0; j < N; j++, q += cs) {
        acc[j] = acc[j]! + a0 * d[q]! + a1 * d[q + rs]! + a2 * d[q + 2 * rs]! + a3 * d[q + 3 * rs]!;
      }
    }
    for (; k < K; k++) {
      const a = Ar[pa + k]!;
      for (let j = 0, q = Bd.offset + k * rs; j < N; j++, q += cs) acc[j] += a * d[q]!;
    }
    for (let j = 0; j < N; j++) C[i * cr + j * cc] = acc[j]!;
  }
}

/** A row-major Float64Array copy of a K x N matrix. */
function packedCopy(m: Mat, K: number, N: number): Mat {
  const dst = new Float64Array(K * N);
  for (let k = 0; k < K; k++) packRow(m, k, N, dst, k * N);
  return { data: dst, offset: 0, rs: N, cs: 1 };
}

// ---------------------------------------------------------------------------------------------

/** Writes the M x N result C into batch bi of out, converting to out's element type. */
function store(C: Float64Array, M: number, N: number, out: StridedView, bi: number): void {
  const o = out.storage.data!;
  const [, s1, s2] = out.strides as [number, number, number];
  const base = out.offset + bi * out.strides[0]!;
  if (o instanceof BigInt64Array) {
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) o[base + i * s1 + j * s2] = BigInt(C[i * N + j]!);
    return;
  }
  for (let i = 0; i < M; i++) {
    for (let j = 0, q = base + i * s1, c = i * N; j < N; j++, q += s2, c++) o[q] = C[c]!;
  }
}
