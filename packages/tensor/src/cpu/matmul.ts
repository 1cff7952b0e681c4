import type { DType, TypedArray } from '../dtype.js';
import type { StridedView } from '../storage.js';
import { gemmF64 } from './gemm.js';
import { wasmMatmul } from './wasm/gemm.js';

/**
 * Batched matrix product out[b] = a[b] @ b[b] over strided views: a [B, M, K], b [B, K, N],
 * out [B, M, N]. A broadcast batch has stride 0. All three share one dtype (float16/bfloat16 were
 * widened to float32 by the backend; bool never reaches a non-empty product).
 *
 * Float dtypes accumulate in double and round once when stored. Integer dtypes are exact with C's
 * wrap-around: when |a|max * |b|max * K <= 2^53 every partial sum is an exact double, so the float
 * kernel gives the exact sum and the store wraps it; otherwise a slower exact loop runs
 * (Math.imul for 32-bit and narrower, bigint for int64).
 */
export function matmul(a: StridedView, b: StridedView, out: StridedView): void {
  const [B, M, N] = out.shape as [number, number, number];
  const K = a.shape[2]!;
  if (B === 0 || M === 0 || N === 0) return;
  if (K === 0) {
    zeroFill(out);
    return;
  }
  // Float products of some size run on the WebAssembly SIMD kernels, summing in the dtype (float32
  // sums stop being the exactly rounded double sums of the JS kernel, within a matrix product's
  // error bound); tiny ones stay in JS, where packing would cost more than it saves.
  if (isFloat(a.dtype) && M * N * K >= WASM_MIN_WORK && wasmMatmul(a, b, out)) return;
  if (isFloat(a.dtype) || exactInDouble(a, b, K)) {
    gemmF64(a, b, out);
  } else if (a.dtype === 'int64') {
    gemmBigInt(a, b, out);
  } else {
    gemmInt32(a, b, out);
  }
}

const WASM_MIN_WORK = 4096;

const isFloat = (d: DType) => d === 'float32' || d === 'float64';

function zeroFill(out: StridedView): void {
  const o = out.storage.data!;
  const zero = out.dtype === 'int64' ? 0n : 0;
  const [B, M, N] = out.shape as [number, number, number];
  const [s0, s1, s2] = out.strides as [number, number, number];
  for (let bi = 0; bi < B; bi++) {
    for (let i = 0; i < M; i++) {
      const base = out.offset + bi * s0 + i * s1;
      for (let j = 0; j < N; j++) o[base + j * s2] = zero as never;
    }
  }
}

/** The largest |element| of a 3-d view, as a double (int64 rounded up is fine for a bound). */
function maxAbs(v: StridedView): number {
  const d = v.storage.data! as TypedArray;
  const [B, R, C] = v.shape as [number, number, number];
  const [s0, s1, s2] = v.strides as [number, number, number];
  let m = 0;
  const big = v.dtype === 'int64';
  for (let bi = 0; bi < B; bi++) {
    for (let r = 0; r < R; r++) {
      const base = v.offset + bi * s0 + r * s1;
      for (let c = 0; c < C; c++) {
        const x = big ? Math.abs(Number(d[base + c * s2]!)) : Math.abs(d[base + c * s2] as number);
        if (x > m) m = x;
      }
    }
  }
  return m;
}

/** Whether every partial sum of an integer product is an exact double (|sum| <= K * max|a| * max|b|). */
function exactInDouble(a: StridedView, b: StridedView, K: number): boolean {
  const ma = maxAbs(a);
  if (ma === 0) return true;
  return ma * maxAbs(b) * K <= 2 ** 53;
}

/** 32-bit (and narrower) integer product wrapping mod 2^32; the store narrows further. */
function gemmInt32(a: StridedView, b: StridedView, out: StridedView): void {
  const ad = a.storage.data! as Int32Array;
  const bd = b.storage.data! as Int32Array;
  const od = out.storage.data! as Int32Array;
  const [B, M, N] = out.shape as [number, number, number];
  const K = a.shape[2]!;
  const [as0, as1, as2] = a.strides as [number, number, number];
  const [bs0, bs1, bs2] = b.strides as [number, number, number];
  const [os0, os1, os2] = out.strides as [number, number, number];
  for (let bi = 0; bi < B; bi++) {
    for (let i = 0; i < M; i++) {
      const arow = a.offset + bi * as0 + i * as1;
      const orow = out.offset + bi * os0 + i * os1;
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0, pa = arow, pb = b.offset + bi * bs0 + j * bs2; k < K; k++, pa += as2, pb += bs1) {
          s = (s + Math.imul(ad[pa]!, bd[pb]!)) | 0;
        }
        od[orow + j * os2] = s;
      }
    }
  }
}

/** int64 product with bigint arithmetic; the BigInt64Array store wraps mod 2^64 as C does. */
function gemmBigInt(a: StridedView, b: StridedView, out: StridedView): void {
  const ad = a.storage.data! as BigInt64Array;
  const bd = b.storage.data! as BigInt64Array;
  const od = out.storage.data! as BigInt64Array;
  const [B, M, N] = out.shape as [number, number, number];
  const K = a.shape[2]!;
  const [as0, as1, as2] = a.strides as [number, number, number];
  const [bs0, bs1, bs2] = b.strides as [number, number, number];
  const [os0, os1, os2] = out.strides as [number, number, number];
  for (let bi = 0; bi < B; bi++) {
    for (let i = 0; i < M; i++) {
      const arow = a.offset + bi * as0 + i * as1;
      const orow = out.offset + bi * os0 + i * os1;
      for (let j = 0; j < N; j++) {
        let s = 0n;
        for (let k = 0, pa = arow, pb = b.offset + bi * bs0 + j * bs2; k < K; k++, pa += as2, pb += bs1) {
          s += ad[pa]! * bd[pb]!;
        }
        od[orow + j * os2] = s;
      }
    }
  }
}
