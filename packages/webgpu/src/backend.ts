import { type Backend, type DType, Storage, type StridedView, ValueError, contiguousStrides } from '@wick/tensor';
import { type Context, bufferOf } from './context.js';
import { type WebGpuOptions, acquireGpu } from './gpu.js';
import { fromWords, toWords } from './host.js';
import { clamp, binary, copy, fill, unary, where } from './kernels/elementwise.js';
import { denseIn } from './wgsl/strided.js';
import { SMALL_UPLOAD_WORDS, uploadSmall } from './kernels/upload.js';
import { kindOf, wordsOf } from './wgsl/dtypes.js';
import { WebGpu } from './webgpu-backend.js';
import { registerFusedKernels } from './fused/index.js';

export { WebGpu };

/**
 * The WebGPU backend for device 'webgpu': `torch.use(await webgpu())`. In Node the GPU comes from
 * Dawn (the `webgpu` package); in a browser from navigator.gpu.
 */
export async function webgpu(options: WebGpuOptions = {}): Promise<WebGpu> {
  const every = options.collectEvery;
  if (every !== undefined && !(typeof every === 'number' && every >= 0)) {
    throw new ValueError(`webgpu(): collectEvery must be a number of bytes >= 0, but got ${String(every)}`);
  }
  const gpu = await acquireGpu(options);
  registerFusedKernels();
  const backend = new WebGpu(gpu);
  if (every !== undefined) backend.ctx.pool.collectEvery = every;
  return backend;
}

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A contiguous scratch view of n elements of dtype (its memory returns to the pool when collected). */
function scratchView(ctx: Context, dtype: DType, shape: readonly number[]): StridedView {
  const storage: Storage = ctx.allocate(dtype, numel(shape));
  return { storage, dtype, shape, strides: contiguousStrides(shape), offset: 0 };
}

/** The family methods every backend has, on a context: elementwise, and what kernels/ adds. */
export function elementwiseMethods(ctx: Context): Pick<Backend, 'copy' | 'fill' | 'unary' | 'binary' | 'where' | 'clamp' | 'read' | 'write'> {
  return {
    copy: (src, dst) => copy(ctx, src, dst),
    fill: (dst, value) => fill(ctx, dst, value),
    unary: (op, x, out) => unary(ctx, op, x, out),
    binary: (op, a, b, out) => binary(ctx, op, a, b, out),
    where: (c, a, b, out) => where(ctx, c, a, b, out),
    clamp: (x, lo, hi, out) => clamp(ctx, x, lo, hi, out),
    async read(view) {
      const n = numel(view.shape);
      const dense = denseIn(view, view.shape) ? view : scratchView(ctx, view.dtype, view.shape);
      if (dense !== view) copy(ctx, view, dense);
      const w = 4 * wordsOf(view.dtype);
      const bytes = await ctx.queue.read(bufferOf(dense), dense.offset * w, n * w);
      return fromWords(view.dtype, bytes, n);
    },
    write(view, values) {
      kindOf(view.dtype);
      const n = numel(view.shape);
      if (n === 0) return;
      const words = toWords(view.dtype, values);
      if (words.length <= SMALL_UPLOAD_WORDS) {
        uploadSmall(ctx, view, words);
        return;
      }
      const w = 4 * wordsOf(view.dtype);
      if (denseIn(view, view.shape)) {
        ctx.queue.write(bufferOf(view), view.offset * w, words);
        return;
      }
      const staged = scratchView(ctx, view.dtype, view.shape);
      ctx.queue.write(bufferOf(staged), 0, words);
      copy(ctx, staged, view);
    },
  };
}
