import { type Backend, type DType, type Device, type ReduceOp, type Storage, type StridedView, backendFor } from '@wick/tensor';
import { Context } from './context.js';
import type { Gpu } from './gpu.js';
import { elementwiseMethods, notYet } from './backend.js';
import * as indexing from './kernels/indexing.js';
import { matmul } from './kernels/matmul.js';

/**
 * The backend object `webgpu()` returns: the Backend interface over one GPU device, plus the
 * memory controls a PyTorch user knows from torch.cuda (memory_allocated, empty_cache, synchronize).
 */
export class WebGpu implements Backend {
  readonly device: Device = 'webgpu';
  readonly ctx: Context;
  /** The adapter, in words (vendor, architecture, description). */
  readonly adapter: string;

  constructor(gpu: Gpu) {
    this.ctx = new Context(gpu.device);
    this.adapter = gpu.adapterInfo;
    Object.assign(this, elementwiseMethods(this.ctx));
  }

  allocate(dtype: DType, n: number): Storage {
    return this.ctx.allocate(dtype, n);
  }

  // Assigned in the constructor from the kernel families.
  declare read: Backend['read'];
  declare write: Backend['write'];
  declare copy: Backend['copy'];
  declare fill: Backend['fill'];
  declare unary: Backend['unary'];
  declare binary: Backend['binary'];
  declare where: Backend['where'];
  declare clamp: Backend['clamp'];

  reduce(_op: ReduceOp, _x: StridedView, _inner: number, _out: StridedView, _indices: StridedView | null, _correction: number): void {
    notYet('reduce');
  }
  scan(): void {
    notYet('scan');
  }
  softmax(): void {
    notYet('softmax');
  }
  sort(): void {
    notYet('sort');
  }
  matmul: Backend['matmul'] = (a, b, out) => matmul(this.ctx, a, b, out);
  indexSelect: Backend['indexSelect'] = (x, dim, index, out) => indexing.indexSelect(this.ctx, x, dim, index, out);
  gather: Backend['gather'] = (x, dim, index, out) => indexing.gather(this.ctx, x, dim, index, out);
  scatter: Backend['scatter'] = (out, dim, index, src, reduce) => indexing.scatter(this.ctx, out, dim, index, src, reduce);
  index: Backend['index'] = (src, offsets, out) => indexing.index(this.ctx, src, offsets, out);
  indexPut: Backend['indexPut'] = (dst, offsets, values, acc) => indexing.indexPut(this.ctx, dst, offsets, values, acc);
}

/** The Context of the backend registered for 'webgpu' (for kernels the op table calls with tensors). */
export function contextOf(): Context {
  return (backendFor('webgpu') as WebGpu).ctx;
}
