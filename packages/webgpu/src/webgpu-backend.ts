import type { Backend, DType, Device, ReduceOp, Storage, StridedView, Tensor } from '@wick/tensor';
import { Context } from './context.js';
import type { Gpu } from './gpu.js';
import { elementwiseMethods, notYet } from './backend.js';
import * as memory from './memory.js';

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
  matmul(): void {
    notYet('matmul');
  }
  indexSelect(): void {
    notYet('index_select');
  }
  gather(): void {
    notYet('gather');
  }
  scatter(): void {
    notYet('scatter');
  }
  index(): void {
    notYet('index');
  }
  indexPut(): void {
    notYet('index_put');
  }
}
