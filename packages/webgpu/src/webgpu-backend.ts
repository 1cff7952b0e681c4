import { type Backend, type DType, type Device, type ReduceOp, type Storage, type StridedView, type Tensor, backendFor } from '@wick/tensor';
import { Context } from './context.js';
import { heldDTypes } from './wgsl/dtypes.js';
import type { Gpu } from './gpu.js';
import { elementwiseMethods } from './backend.js';
import * as memory from './memory.js';
import * as indexing from './kernels/indexing.js';
import { matmul } from './kernels/matmul.js';
import { reduce } from './kernels/reduce.js';
import { scan } from './kernels/scan.js';
import { softmax } from './kernels/softmax.js';
import { sort } from './kernels/sort.js';

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

  /** float32, int32 and the dtypes held as 32-bit words (wgsl/dtypes.ts); not float64 or complex. */
  holds(dtype: DType): boolean {
    return heldDTypes.includes(dtype);
  }

  allocate(dtype: DType, n: number): Storage {
    return this.ctx.allocate(dtype, n);
  }

  /**
   * Bytes of GPU memory held by live tensors (torch.cuda.memory_allocated): each tensor's storage
   * rounded up to the pool's size class (a power of two, at least 256 bytes).
   */
  memory_allocated(...args: [device?: Device | null]): number {
    return memory.memoryAllocated(this.ctx, args);
  }

  /**
   * Bytes of GPU memory the pool holds (torch.cuda.memory_reserved): live tensors' buffers and the
   * freed ones kept for reuse.
   */
  memory_reserved(...args: [device?: Device | null]): number {
    return memory.memoryReserved(this.ctx, args);
  }

  /** Destroys the freed buffers the pool keeps for reuse (torch.cuda.empty_cache); live tensors keep theirs. */
  empty_cache(...args: []): void {
    memory.emptyCache(this.ctx, args);
  }

  /**
   * Resolves when all work asked of the GPU so far is done (torch.cuda.synchronize). Awaiting it
   * also lets the memory of tensors the collector found unreachable go back to the pool.
   */
  synchronize(...args: [device?: Device | null]): Promise<void> {
    return memory.synchronize(this.ctx, args);
  }

  /**
   * Gives the tensors' GPU memory back to the pool now, without waiting for the garbage collector
   * (tfjs's dispose). Views share their base's memory: disposing one disposes all. Using a
   * disposed tensor afterwards throws a DeviceError; disposing it again does nothing.
   */
  dispose(...tensors: Tensor[]): void {
    memory.dispose(this.ctx, tensors);
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

  reduce(op: ReduceOp, x: StridedView, inner: number, out: StridedView, indices: StridedView | null, correction: number): void {
    reduce(this.ctx, op, x, inner, out, indices, correction);
  }
  scan(op: 'cumsum' | 'cumprod', x: StridedView, dim: number, out: StridedView): void {
    scan(this.ctx, op, x, dim, out);
  }
  softmax(x: StridedView, dim: number, out: StridedView, log: boolean): void {
    softmax(this.ctx, x, dim, out, log);
  }
  sort(x: StridedView, dim: number, values: StridedView, indices: StridedView, request: Parameters<Backend['sort']>[4]): void {
    sort(this.ctx, x, dim, values, indices, request);
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
