// The WebAssembly kernels of the CPU backend. Every export works on raw addresses into memory the
// JS side owns and lays out (src/cpu/wasm/): nothing here allocates, and there is no static data,
// so several instances (one per thread) can share one memory.
export { gemm_f32, gemm_f64 } from './gemm';
