import { DeviceError } from '@wick/tensor';
import { forcedCollector } from './collect.js';

// GPU memory: storage buffers come from a pool of power-of-two size classes, so that a training
// loop that makes the same tensors every step reuses the same buffers. A buffer goes back to the
// pool when its storage is no longer reachable (a FinalizationRegistry), or at once when the user
// disposes of it; empty_cache() destroys what the pool holds (PyTorch's torch.cuda.empty_cache).
// The collector runs by the JavaScript heap's growth, not the GPU's: so when the memory held grows
// far past its low point, the pool asks for a collection itself (collect.ts), and the collected
// storages' buffers come back once the program is back in the event loop.

const STORAGE = 0x0080; // GPUBufferUsage.STORAGE
const COPY_SRC = 0x0004;
const COPY_DST = 0x0008;

/** One storage's GPU memory: `buffer` is null once released. */
export class GpuMemory {
  constructor(
    public buffer: GPUBuffer | null,
    readonly bytes: number,
    /** Whether the buffer held another storage before (and so is not known to be zero). */
    readonly reused = false,
  ) {}

  /** The buffer, or a DeviceError for memory already given back. */
  get live(): GPUBuffer {
    if (this.buffer === null) throw new DeviceError('this webgpu tensor was disposed: its memory has been given back');
    return this.buffer;
  }
}

/** Bytes rounded up to the pool's size class: a power of two, at least 256. */
function sizeClass(bytes: number): number {
  return Math.max(256, 2 ** Math.ceil(Math.log2(Math.max(bytes, 1))));
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  /** Bytes in buffers held by live storages. */
  allocated = 0;
  /** Bytes in all buffers this pool has made and not destroyed (held or pooled). */
  reserved = 0;
  private readonly collected = new FinalizationRegistry<GpuMemory>((m) => this.release(m));
  /**
   * How far `allocated` may grow past its low point since the last forced collection (and at least
   * as far as that low point, the live working set, so that a large one is not collected over and
   * over). Disposed and collected memory leave `allocated` flat, so this counts only memory the
   * collector has yet to find.
   */
  collectEvery = 64 * 2 ** 20;
  /** The lowest `allocated` since the last forced collection. */
  private low = 0;
  /** Forced collections so far (tests and benchmarks read it). */
  collections = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Called after buffers are destroyed (cached bind groups that name them must go). */
    private readonly onDestroy: () => void,
    private readonly collect: (() => void) | null = forcedCollector(),
  ) {}

  /** New memory of at least `bytes` for `owner`, which gives it back when collected. */
  acquire(bytes: number, owner: object): GpuMemory {
    const size = sizeClass(bytes);
    // Collected storages come back once the program is back in the event loop (their
    // FinalizationRegistry callbacks), so collecting before the pool runs dry keeps it from
    // growing while they are on their way.
    if (this.collect !== null && this.allocated - this.low >= Math.max(this.collectEvery, this.low)) {
      this.collect();
      this.low = this.allocated;
      this.collections++;
    }
    let buffer = this.free.get(size)?.pop();
    const reused = buffer !== undefined;
    if (buffer === undefined) {
      buffer = this.device.createBuffer({ size, usage: STORAGE | COPY_SRC | COPY_DST });
      this.reserved += size;
    }
    this.allocated += size;
    const memory = new GpuMemory(buffer, size, reused);
    this.collected.register(owner, memory, memory);
    return memory;
  }

  /** Gives memory back to the pool now (a disposed tensor, or its owner collected). */
  release(memory: GpuMemory): void {
    if (memory.buffer === null) return;
    this.collected.unregister(memory);
    let list = this.free.get(memory.bytes);
    if (list === undefined) this.free.set(memory.bytes, (list = []));
    list.push(memory.buffer);
    this.allocated -= memory.bytes;
    this.low = Math.min(this.low, this.allocated);
    memory.buffer = null;
  }

  /** Destroys every pooled buffer (those of live tensors stay). */
  emptyCache(): void {
    for (const [size, list] of this.free) {
      for (const b of list) b.destroy();
      this.reserved -= size * list.length;
    }
    this.free.clear();
    this.onDestroy();
  }
}
