// The WebAssembly kernels of the CPU backend. Every export works on raw addresses into memory the
// JS side owns and lays out (src/cpu/wasm/): nothing here allocates, and there is no static data,
// so several instances (one per thread) can share one memory.
export { gemm_f32, gemm_f64, pack_a_f32, pack_at_f32, pack_b_f32, pack_bt_f32 } from './gemm';
export { exp_f32, sigmoid_f32, tanh_f32, softmax_f32 } from './math';
export { gru_cell_f32, lstm_cell_f32 } from './recurrent';
