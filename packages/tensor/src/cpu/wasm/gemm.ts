// Float32/float64 matrix products on the WebAssembly SIMD kernels (wasm/gemm.ts), threaded.
//
// The JS side packs both operands into the kernels' memory in the panel layouts the kernels read
// (A: 4 rows interleaved by k; B: NR columns interleaved by k, NR = 8 floats or 4 doubles), zero
// padded, runs the job, and copies the padded result out. Packing reads any strides, so
// transposed operands cost the same as contiguous ones. A prepared operand (`prepare`) stays
// packed in the kernels' memory until released: a recurrent layer packs W_hh once per call.
import type { StridedView } from '../../storage.js';
import { type DenseGemm, type FloatArray, type Mat, type Prepared, transposed } from '../dense.js';
import { type Runtime, alloc, free, heapF32, heapF64, orFallBack, wasm } from './runtime.js';
import { runJob } from './threads.js';

type FloatDType = 'float32' | 'float64';

const nr = (dtype: FloatDType) => (dtype === 'float32' ? 8 : 4);
const bytes = (dtype: FloatDType) => (dtype === 'float32' ? 4 : 8);
const heap = (r: Runtime, dtype: FloatDType): FloatArray => (dtype === 'float32' ? heapF32(r) : heapF64(r));

/** Rows of m in panels of 4, interleaved by column, at element index `at` of dst; rows past m's are 0. */
function packA(m: Mat, dst: FloatArray, at: number): void {
  const { data, offset, rows, cols, rs, cs } = m;
  const panels = (rows + 3) >> 2;
  for (let p = 0; p < panels; p++) {
    const base = at + p * cols * 4;
    for (let r = 0; r < 4; r++) {
      const row = p * 4 + r;
      if (row >= rows) {
        for (let k = 0, q = base + r; k < cols; k++, q += 4) dst[q] = 0;
        continue;
      }
      const src = offset + row * rs;
      if (cs === 1) {
        for (let k = 0, q = base + r; k < cols; k++, q += 4) dst[q] = data[src + k]!;
      } else {
        for (let k = 0, q = base + r, s = src; k < cols; k++, q += 4, s += cs) dst[q] = data[s]!;
      }
    }
  }
}

/** Columns of m (K x N) in panels of w, interleaved by row, at element index `at` of dst; columns past N are 0. */
function packB(m: Mat, w: number, dst: FloatArray, at: number): void {
  const { data, offset, rows: K, cols: N, rs, cs } = m;
  const panels = Math.ceil(N / w);
  for (let q = 0; q < panels; q++) {
    const base = at + q * K * w;
    const c0 = q * w;
    const full = c0 + w <= N;
    if (full && cs === 1) {
      for (let k = 0; k < K; k++) {
        const s = offset + k * rs + c0;
        const d = base + k * w;
        for (let c = 0; c < w; c++) dst[d + c] = data[s + c]!;
      }
      continue;
    }
    // Column by column: each column of a transposed weight is a contiguous row of the weight.
    for (let c = 0; c < w; c++) {
      const col = c0 + c;
      if (col >= N) {
        for (let k = 0, d = base + c; k < K; k++, d += w) dst[d] = 0;
        continue;
      }
      for (let k = 0, d = base + c, s = offset + col * cs; k < K; k++, d += w, s += rs) dst[d] = data[s]!;
    }
  }
}

/** A right operand packed in the kernels' memory at `ptr`, in the B layout gemm_f32/gemm_f64 read. */
export class PreparedWasm implements Prepared {
  constructor(
    readonly runtime: Runtime,
    readonly ptr: number,
    readonly rows: number,
    readonly cols: number,
    readonly dtype: FloatDType,
  ) {}
  released = false;
  release(): void {
    if (this.released) return;
    this.released = true;
    free(this.ptr);
  }
}

/** Packs b (K x N) as a GEMM's right operand; the caller releases it. */
export function prepareOn(r: Runtime, b: Mat): PreparedWasm {
  const dtype: FloatDType = b.data instanceof Float32Array ? 'float32' : 'float64';
  const w = nr(dtype);
  const ptr = alloc(r, Math.ceil(b.cols / w) * w * b.rows * bytes(dtype));
  if (dtype === 'float32' && (b.cs === 1 || b.rs === 1)) {
    // Rows of b (or of the weight b transposes) copied in whole, then packed by the kernels:
    // a JS loop touching every element costs several times as much.
    const K = b.rows;
    const N = b.cols;
    withScratch(r, K * N, (scratch) => {
      if (b.cs === 1) {
        copyRows(b, heapF32(r), scratch / 4);
        r.exports.pack_b_f32(scratch, N, ptr, K, N);
      } else {
        copyRows(transposed(b), heapF32(r), scratch / 4);
        r.exports.pack_bt_f32(scratch, K, ptr, N, K);
      }
    });
  } else {
    packB(b, w, heap(r, dtype), ptr / bytes(dtype));
  }
  return new PreparedWasm(r, ptr, b.rows, b.cols, dtype);
}

/** Rows of m (any strides) at element index `at` of dst, `ld` elements apart (packed one after another by default). */
export function copyRows(m: Mat, dst: FloatArray, at: number, ld = m.cols): void {
  if (m.cs === 1 && m.rs === m.cols && ld === m.cols) {
    dst.set(m.data.subarray(m.offset, m.offset + m.rows * m.cols), at);
    return;
  }
  for (let i = 0; i < m.rows; i++) {
    const src = m.offset + i * m.rs;
    if (m.cs === 1) dst.set(m.data.subarray(src, src + m.cols), at + i * ld);
    else for (let c = 0; c < m.cols; c++) dst[at + i * ld + c] = m.data[src + c * m.cs]!;
  }
}

/** Runs f with a temporary block of `elements` float32 slots in the kernels' memory. */
function withScratch(r: Runtime, elements: number, f: (ptr: number) => void): void {
  const ptr = alloc(r, elements * 4);
  try {
    f(ptr);
  } finally {
    free(ptr);
  }
}

/** out (M x N) (+)= a (M x K) @ b, b already packed. */
function gemmOn(r: Runtime, a: Mat, b: PreparedWasm, out: Mat, accumulate: boolean): void {
  const { dtype } = b;
  const size = bytes(dtype);
  const M = a.rows;
  const K = a.cols;
  const N = b.cols;
  if (M === 0 || N === 0) return;
  const MP = (M + 3) >> 2;
  const NP = Math.ceil(N / nr(dtype));
  const ldc = NP * nr(dtype);
  const aPtr = alloc(r, MP * 4 * K * size);
  const cPtr = alloc(r, MP * 4 * ldc * size);
  try {
    if (dtype === 'float32' && a.cs === 1) {
      withScratch(r, M * K, (scratch) => {
        copyRows(a, heapF32(r), scratch / 4);
        r.exports.pack_a_f32(scratch, K, aPtr, M, K);
      });
    } else if (dtype === 'float32' && a.rs === 1) {
      // a is the transpose of a row-major matrix (a gradient dG^T): its rows are that matrix's columns.
      withScratch(r, M * K, (scratch) => {
        copyRows(transposed(a), heapF32(r), scratch / 4);
        r.exports.pack_at_f32(scratch, M, aPtr, M, K);
      });
    } else {
      packA(a, heap(r, dtype), aPtr / size);
    }
    const h = heap(r, dtype);
    const c0 = cPtr / size;
    if (accumulate) {
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) h[c0 + i * ldc + j] = out.data[out.offset + i * out.rs + j * out.cs]!;
    }
    // K = 0: the kernel writes zeros (or leaves out as it is when accumulating).
    runJob(r, dtype === 'float32' ? 'gemm_f32' : 'gemm_f64', [aPtr, b.ptr, cPtr, M, NP, K, ldc, accumulate ? 1 : 0], M * N * K);
    const o = out.data;
    if (out.cs === 1 && ldc === N && out.rs === N) {
      o.set(h.subarray(c0, c0 + M * N), out.offset);
    } else {
      for (let i = 0; i < M; i++) {
        for (let j = 0, q = out.offset + i * out.rs, s = c0 + i * ldc; j < N; j++, q += out.cs, s++) o[q] = h[s]!;
      }
    }
  } finally {
    free(cPtr);
    free(aPtr);
  }
}

/** The DenseGemm on the kernels; `wasm()` must have returned a runtime. */
export function wasmGemm(r: Runtime): DenseGemm {
  return {
    prepare: (b) => prepareOn(r, b),
    gemm(a, b, out, accumulate) {
      const p = b as PreparedWasm;
      if (p.released) throw new Error('gemm: the prepared operand was released');
      gemmOn(r, a, p, out, accumulate);
    },
  };
}

/**
 * out[b] = a[b] @ b[b] for 3-d float32/float64 views (the backend's matmul), when the kernels are
 * loaded; false when they are not, and the caller runs the plain-JS product.
 */
export function wasmMatmul(a: StridedView, b: StridedView, out: StridedView): boolean {
  const r = wasm();
  if (r === null) return false;
  return orFallBack(() => matmulOn(r, a, b, out));
}

function matmulOn(r: Runtime, a: StridedView, b: StridedView, out: StridedView): boolean {
  const [B, M, N] = out.shape as [number, number, number];
  const K = a.shape[2]!;
  const ad = a.storage.data as FloatArray;
  const bd = b.storage.data as FloatArray;
  const od = out.storage.data as FloatArray;
  let prepared: PreparedWasm | null = null;
  try {
    for (let bi = 0; bi < B; bi++) {
      const bm: Mat = { data: bd, offset: b.offset + bi * b.strides[0]!, rows: K, cols: N, rs: b.strides[1]!, cs: b.strides[2]! };
      // A broadcast right operand (stride 0 over the batch) is packed once.
      if (prepared === null || b.strides[0] !== 0) {
        prepared?.release();
        prepared = prepareOn(r, bm);
      }
      const am: Mat = { data: ad, offset: a.offset + bi * a.strides[0]!, rows: M, cols: K, rs: a.strides[1]!, cs: a.strides[2]! };
      const om: Mat = { data: od, offset: out.offset + bi * out.strides[0]!, rows: M, cols: N, rs: out.strides[1]!, cs: out.strides[2]! };
      gemmOn(r, am, prepared, om, false);
    }
  } finally {
    prepared?.release();
  }
  return true;
}
