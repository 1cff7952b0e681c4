// What the WebAssembly kernels export, and the loaded module as the JS side holds it.

/** The exports every build of wasm/index.ts has. Addresses and sizes are i32. */
export interface KernelExports {
  gemm_f32(tid: number, nt: number, a: number, b: number, c: number, M: number, NP: number, K: number, ldc: number, accumulate: number): void;
  gemm_f64(tid: number, nt: number, a: number, b: number, c: number, M: number, NP: number, K: number, ldc: number, accumulate: number): void;
  pack_a_f32(src: number, lda: number, dst: number, M: number, K: number): void;
  pack_bt_f32(src: number, ldw: number, dst: number, N: number, K: number): void;
  pack_b_f32(src: number, ldb: number, dst: number, K: number, N: number): void;
  pack_at_f32(src: number, lds: number, dst: number, M: number, K: number): void;
  exp_f32(tid: number, nt: number, x: number, out: number, n: number): void;
  sigmoid_f32(tid: number, nt: number, x: number, out: number, n: number): void;
  tanh_f32(tid: number, nt: number, x: number, out: number, n: number): void;
  softmax_f32(tid: number, nt: number, x: number, out: number, rows: number, n: number, log: number): void;
  gru_cell_f32(tid: number, nt: number, gi: number, ldi: number, gh: number, ldg: number, bhh: number, h: number, hy: number, ws: number, B: number, H: number): void;
  lstm_cell_f32(
    tid: number, nt: number, gi: number, ldi: number, gh: number, ldg: number, bhh: number, c: number, hy: number, cy: number, ws: number, B: number, H: number, P: number,
  ): void;
}

/** Names of the exports a thread can run, by job number (the pool sends numbers, not names). */
export const JOBS = ['gemm_f32', 'gemm_f64', 'exp_f32', 'sigmoid_f32', 'tanh_f32', 'softmax_f32', 'gru_cell_f32', 'lstm_cell_f32'] as const;
export type JobName = (typeof JOBS)[number];

export interface Runtime {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  readonly exports: KernelExports;
}
