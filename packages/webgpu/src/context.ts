import { type DType, Storage, type StridedView } from '@wick/tensor';
import { BufferPool, GpuMemory } from './buffers.js';
import { Queue } from './queue.js';
import { libraryFor } from './wgsl/library.js';
import { wordsOf } from './wgsl/dtypes.js';

/** What every kernel needs: the device, its queue, its memory and its compiled pipelines. */
export class Context {
  readonly queue: Queue;
  readonly pool: BufferPool;
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(readonly device: GPUDevice) {
    this.queue = new Queue(device);
    this.pool = new BufferPool(device);
  }

  /**
   * The pipeline for `key`, compiled from `source()` the first time (a key names a kernel and its
   * shape class: dtypes, contiguity, which operands share a buffer; never the sizes).
   */
  pipeline(key: string, source: () => string): GPUComputePipeline {
    let p = this.pipelines.get(key);
    if (p === undefined) {
      const body = source();
      const code = `${libraryFor(body)}\n${body}`;
      const module = this.device.createShaderModule({ code });
      p = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      this.pipelines.set(key, p);
    }
    return p;
  }

  get pipelineCount(): number {
    return this.pipelines.size;
  }

  /** A new storage of n elements of dtype on this device (zero-filled, as the Backend contract says). */
  allocate(dtype: DType, n: number): Storage {
    const bytes = 4 * wordsOf(dtype) * n;
    const memory = new GpuMemoryHolder();
    const storage = new Storage('webgpu', dtype, n, null, memory);
    memory.memory = this.pool.acquire(bytes, storage);
    if (memory.memory.reused) this.queue.clear(memory.memory.live, memory.memory.bytes);
    return storage;
  }
}

/** A storage's handle: its memory, replaced by nothing once disposed. */
export class GpuMemoryHolder {
  memory: GpuMemory | null = null;
}

/** The GPU buffer behind a view. */
export function bufferOf(v: StridedView): GPUBuffer {
  const h = v.storage.handle;
  if (!(h instanceof GpuMemoryHolder) || h.memory === null) throw new Error(`a '${v.storage.device}' storage without webgpu memory`);
  return h.memory.live;
}
