// exp, sigmoid, tanh and softmax of float32 data on the WebAssembly kernels (wasm/math.ts): the
// values are copied into the kernels' memory, mapped there (threaded when large), and copied out.
// Contiguous data only; anything else, and short runs, stay with the plain-JS kernels.
import type { StridedView } from '../../storage.js';
import { isContiguous as contiguous, numel } from '../../shape.js';
import { type Runtime, alloc, free, heapF32, orFallBack, wasm } from './runtime.js';
import { runJob } from './threads.js';

// Below this many elements the copies and the call cost more than the plain-JS loop.
const MIN_ELEMENTS = 64;

const isContiguous = (v: StridedView) => contiguous(v.shape, v.strides);

const MAPS = { exp: 'exp_f32', sigmoid: 'sigmoid_f32', tanh: 'tanh_f32' } as const;

/** out = op(x) for float32 exp/sigmoid/tanh on contiguous views; false when it does not apply here. */
export function wasmUnary(name: string, x: StridedView, out: StridedView): boolean {
  if (x.dtype !== 'float32' || out.dtype !== 'float32' || !Object.hasOwn(MAPS, name)) return false;
  const n = numel(out.shape);
  if (n < MIN_ELEMENTS || !isContiguous(x) || !isContiguous(out)) return false;
  const r = wasm();
  if (r === null) return false;
  // Elementwise work is worth a hand-off from about 16k elements (the pool's threshold).
  return orFallBack(() => inPlace(r, x, out, n, (ptr) => runJob(r, MAPS[name as keyof typeof MAPS], [ptr, ptr, n], n * 4)));
}

/** Softmax or log-softmax of float32 along the last dim of contiguous views; false when it does not apply. */
export function wasmSoftmax(x: StridedView, dim: number, out: StridedView, log: boolean): boolean {
  if (x.dtype !== 'float32' || out.dtype !== 'float32' || dim !== x.shape.length - 1) return false;
  const total = numel(x.shape);
  const n = x.shape[dim]!;
  if (total < MIN_ELEMENTS || n === 0 || !isContiguous(x) || !isContiguous(out)) return false;
  const r = wasm();
  if (r === null) return false;
  return orFallBack(() => inPlace(r, x, out, total, (ptr) => runJob(r, 'softmax_f32', [ptr, ptr, total / n, n, log ? 1 : 0], total * 8)));
}

/** Copies x's n values into the kernels' memory, runs `kernel` on them in place, copies them to out. */
function inPlace(r: Runtime, x: StridedView, out: StridedView, n: number, kernel: (ptr: number) => void): boolean {
  const ptr = alloc(r, n * 4);
  try {
    heapF32(r).set((x.storage.data as Float32Array).subarray(x.offset, x.offset + n), ptr / 4);
    kernel(ptr);
    (out.storage.data as Float32Array).set(heapF32(r).subarray(ptr / 4, ptr / 4 + n), out.offset);
  } finally {
    free(ptr);
  }
  return true;
}
