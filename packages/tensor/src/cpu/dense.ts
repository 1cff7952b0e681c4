// Matrix products on plain typed arrays, for kernels that run many products of their own: a fused
// recurrent layer multiplies by the same weight at every time step, so that weight is prepared
// (packed) once and reused. This is the interface every CPU GEMM implementation serves; the
// plain-JS one is here, the WebAssembly one plugs in behind the same functions.
import type { StridedView } from '../storage.js';
import { Storage } from '../storage.js';
import { gemmF64 } from './gemm.js';
import { wasmGemm } from './wasm/gemm.js';
import { wasm } from './wasm/runtime.js';

/** Float element arrays the dense kernels work on. */
export type FloatArray = Float32Array | Float64Array;

/** A 2-d strided matrix: element (r, c) is data[offset + r * rs + c * cs]. */
export interface Mat {
  readonly data: FloatArray;
  readonly offset: number;
  readonly rows: number;
  readonly cols: number;
  readonly rs: number;
  readonly cs: number;
}

/** A row-major matrix of `rows` x `cols` at `offset`. */
export function rowMajor(data: FloatArray, offset: number, rows: number, cols: number): Mat {
  return { data, offset, rows, cols, rs: cols, cs: 1 };
}

/** The transpose of m, as a view of the same elements. */
export function transposed(m: Mat): Mat {
  return { data: m.data, offset: m.offset, rows: m.cols, cols: m.rows, rs: m.cs, cs: m.rs };
}

/**
 * A right-hand operand prepared for many products. Its values are copied when prepared: later
 * writes to the source matrix are not seen. `release` frees what preparing took.
 */
export interface Prepared {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: 'float32' | 'float64';
  release(): void;
}

export interface DenseGemm {
  /** Prepares b (K x N) as the right operand of `gemm`. */
  prepare(b: Mat): Prepared;
  /**
   * out (M x N) = a (M x K) @ b, or out += a @ b when `accumulate`. `a` and `out` share b's dtype;
   * out must not overlap a. Float32 may sum in float32 (any order): the caller's tolerance is a
   * matrix product's, not bit-identity.
   */
  gemm(a: Mat, b: Prepared, out: Mat, accumulate: boolean): void;
}

// ---------------------------------------------------------------------------------------------
// The plain-JS implementation: the double-precision GEMM behind every CPU matmul.

class PreparedJs implements Prepared {
  constructor(readonly m: Mat, readonly dtype: 'float32' | 'float64') {}
  get rows(): number {
    return this.m.rows;
  }
  get cols(): number {
    return this.m.cols;
  }
  release(): void {}
}

const dtypeOf = (a: FloatArray): 'float32' | 'float64' => (a instanceof Float32Array ? 'float32' : 'float64');

/** A 3-d view [1, rows, cols] of m, as the backend's GEMM takes. */
function view(m: Mat): StridedView {
  const dtype = dtypeOf(m.data);
  return { storage: Storage.cpu(dtype, m.data), dtype, shape: [1, m.rows, m.cols], strides: [0, m.rs, m.cs], offset: m.offset };
}

export const jsGemm: DenseGemm = {
  prepare(b) {
    // Copied, so that the prepared operand does not change when its source does (as a packed one).
    const data = dtypeOf(b.data) === 'float32' ? new Float32Array(b.rows * b.cols) : new Float64Array(b.rows * b.cols);
    for (let r = 0; r < b.rows; r++) for (let c = 0; c < b.cols; c++) data[r * b.cols + c] = b.data[b.offset + r * b.rs + c * b.cs]!;
    return new PreparedJs(rowMajor(data, 0, b.rows, b.cols), dtypeOf(b.data));
  },
  gemm(a, b, out, accumulate) {
    const bm = (b as PreparedJs).m;
    if (!accumulate) {
      gemmF64(view(a), view(bm), view(out));
      return;
    }
    const tmp = rowMajor(dtypeOf(out.data) === 'float32' ? new Float32Array(out.rows * out.cols) : new Float64Array(out.rows * out.cols), 0, out.rows, out.cols);
    gemmF64(view(a), view(bm), view(tmp));
    for (let r = 0; r < out.rows; r++) {
      for (let c = 0; c < out.cols; c++) out.data[out.offset + r * out.rs + c * out.cs] += tmp.data[r * out.cols + c]!;
    }
  },
};

/**
 * The GEMM for dense kernels: WebAssembly SIMD (threaded) when the kernels are loaded and enabled,
 * else plain JS. Ask at the start of each kernel call: the answer changes when the kernels are
 * switched off, or finish loading in a browser.
 */
export function denseGemm(): DenseGemm {
  const r = wasm();
  return r === null ? jsGemm : wasmGemm(r);
}
