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
  private readonly layouts = new Map<string, { pipeline: GPUPipelineLayout; group: GPUBindGroupLayout }>();

  constructor(readonly device: GPUDevice) {
    this.queue = new Queue(device);
    this.pool = new BufferPool(device, () => this.queue.forgetBindGroups());
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
      const layout = this.layoutFor(body);
      p = this.device.createComputePipeline({ layout: layout.pipeline, compute: { module, entryPoint: 'main' } });
      this.queue.groupLayouts.set(p, layout.group);
      this.pipelines.set(key, p);
    }
    return p;
  }

  /**
   * The pipeline layout a kernel's declarations ask for: its storage buffers in binding order,
   * the last one (the parameters) with a dynamic offset, so that one bind group serves every
   * dispatch on the same buffers whatever their parameters (queue.ts caches them).
   */
  private layoutFor(body: string): { pipeline: GPUPipelineLayout; group: GPUBindGroupLayout } {
    const declared = [...body.matchAll(/@binding\((\d+)\)\s*var<storage,\s*(read_write|read)>/g)].map((m) => ({
      binding: Number(m[1]),
      readOnly: m[2] === 'read',
    }));
    declared.sort((a, b) => a.binding - b.binding);
    const last = declared.length - 1;
    const signature = declared.map((d, i) => `${d.binding}${d.readOnly ? 'r' : 'w'}${i === last ? 'd' : ''}`).join(',');
    let layout = this.layouts.get(signature);
    if (layout === undefined) {
      const entries: GPUBindGroupLayoutEntry[] = declared.map((d, i) => ({
        binding: d.binding,
        visibility: 4, // GPUShaderStage.COMPUTE
        buffer: { type: d.readOnly ? 'read-only-storage' : 'storage', hasDynamicOffset: i === last },
      }));
      const group = this.device.createBindGroupLayout({ entries });
      layout = { pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [group] }), group };
      this.layouts.set(signature, layout);
    }
    return layout;
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
