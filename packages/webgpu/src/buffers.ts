import { DeviceError } from '@wick/tensor';

// GPU memory: storage buffers come from a pool of power-of-two size classes, so that a training
// loop that makes the same tensors every step reuses the same buffers. A buffer goes back to the
// pool when its storage is no longer reachable (a FinalizationRegistry), or at once when the user
// disposes of it; empty_cache() destroys what the pool holds (PyTorch's torch.cuda.empty_cache).

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

  constructor(
    private readonly device: GPUDevice,
    /** Called after buffers are destroyed (cached bind groups that name them must go). */
    private readonly onDestroy: () => void,
  ) {}

  /** New memory of at least `bytes` for `owner`, which gives it back when collected. */
  acquire(bytes: number, owner: object): GpuMemory {
    const size = sizeClass(bytes);
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
