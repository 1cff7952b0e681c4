// Work is batched: dispatches are encoded into one command encoder (one compute pass while nothing
// else intervenes) and submitted only when something needs the results (a read), before a
// queue.writeBuffer (which the queue would otherwise run ahead of the encoded work), or when the
// parameter arena is full. Each dispatch's parameters (sizes, shapes, strides) go into one arena
// that is written to the GPU once per submit.

const STORAGE = 0x0080;
const COPY_DST = 0x0008;
const COPY_SRC = 0x0004;
const MAP_READ = 0x0001;

/** Each dispatch's parameters start at a multiple of the storage-binding offset alignment. */
const SLOT_BYTES = 256;
const ARENA_SLOTS = 4096;
/** The parameters binding's size: a dispatch has at most this many bytes of parameters. */
const PARAMS_BYTES = 4096;
/** Bind groups kept for reuse before the cache starts over. */
const BIND_GROUP_CACHE = 8192;

export class Queue {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly arena = new Uint32Array((SLOT_BYTES / 4) * ARENA_SLOTS);
  private arenaBuffer: GPUBuffer;
  private slots = 0;
  /** Dispatches encoded since the process began (benchmarks and tests count them). */
  dispatches = 0;
  submits = 0;

  constructor(readonly device: GPUDevice) {
    this.arenaBuffer = this.newArena();
  }

  /** Each pipeline's bind group layout (context.ts makes them: the last binding has a dynamic offset). */
  readonly groupLayouts = new Map<GPUComputePipeline, GPUBindGroupLayout>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  private newArena(): GPUBuffer {
    return this.device.createBuffer({ size: this.arena.byteLength + PARAMS_BYTES, usage: STORAGE | COPY_DST });
  }

  /** A number naming a buffer or layout, for cache keys. */
  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.nextId++));
    return id;
  }

  /**
   * One bind group per (layout, buffers): the parameters are bound with a dynamic offset, so a
   * loop that dispatches the same kernel on the same buffers (a recurrent layer's steps, a
   * training loop on pooled buffers) creates its bind groups once.
   */
  private bindGroup(pipeline: GPUComputePipeline, buffers: readonly GPUBufferBinding[]): GPUBindGroup {
    const layout = this.groupLayouts.get(pipeline) ?? pipeline.getBindGroupLayout(0);
    const key = `${this.idOf(layout)}|${buffers.map((b) => `${this.idOf(b.buffer)}:${b.offset ?? 0}:${b.size ?? ''}`).join(',')}`;
    let group = this.bindGroups.get(key);
    if (group === undefined) {
      const entries: GPUBindGroupEntry[] = buffers.map((resource, binding) => ({ binding, resource }));
      entries.push({ binding: buffers.length, resource: { buffer: this.arenaBuffer, offset: 0, size: PARAMS_BYTES } });
      group = this.device.createBindGroup({ layout, entries });
      if (this.bindGroups.size >= BIND_GROUP_CACHE) this.bindGroups.clear();
      this.bindGroups.set(key, group);
    }
    return group;
  }

  /** Drops cached bind groups (some name destroyed buffers). */
  forgetBindGroups(): void {
    this.bindGroups.clear();
  }

  private get commands(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  /**
   * Encodes one dispatch of `pipeline` over `groups` workgroups with `buffers` bound at 0..n-1 and
   * `params` (u32 words, at most 64) bound after them.
   */
  dispatch(pipeline: GPUComputePipeline, buffers: readonly GPUBufferBinding[], params: ArrayLike<number>, groups: readonly [number, number?, number?]): void {
    const words = SLOT_BYTES / 4;
    if (params.length > PARAMS_BYTES / 4) throw new Error(`a dispatch takes at most ${PARAMS_BYTES / 4} parameter words, got ${params.length}`);
    const slotsNeeded = Math.ceil(Math.max(params.length, 1) / words);
    if (this.slots + slotsNeeded > ARENA_SLOTS) this.flush();
    const at = this.slots * words;
    this.arena.set(params, at);
    this.slots += slotsNeeded;
    const bindGroup = this.bindGroup(pipeline, buffers);
    this.pass ??= this.commands.beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup, [at * 4]);
    this.pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
    this.dispatches++;
  }

  /** Encodes a buffer-to-buffer copy (ends the current compute pass). */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.endPass();
    this.commands.copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  /** Encodes zeroing the first `bytes` of a buffer. */
  clear(dst: GPUBuffer, bytes: number): void {
    this.endPass();
    this.commands.clearBuffer(dst, 0, bytes);
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  /** Submits everything encoded so far (with the parameters it reads). */
  flush(): void {
    if (this.encoder === null) return;
    this.endPass();
    if (this.slots > 0) this.device.queue.writeBuffer(this.arenaBuffer, 0, this.arena.buffer, 0, this.slots * SLOT_BYTES);
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.slots = 0;
    this.submits++;
  }

  /** Writes bytes into a buffer after all work encoded so far. */
  write(dst: GPUBuffer, offset: number, data: ArrayBufferView): void {
    this.flush();
    this.device.queue.writeBuffer(dst, offset, data.buffer, data.byteOffset, data.byteLength);
  }

  /** The bytes [offset, offset + bytes) of a buffer, after all work encoded so far has run. */
  async read(src: GPUBuffer, offset: number, bytes: number): Promise<ArrayBuffer> {
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const staging = this.device.createBuffer({ size, usage: MAP_READ | COPY_DST });
    this.copy(src, offset, staging, 0, size);
    this.flush();
    await staging.mapAsync(MAP_READ);
    const out = staging.getMappedRange().slice(0, bytes);
    staging.unmap();
    staging.destroy();
    return out;
  }

  /** A buffer for scratch data of one operation, usable as storage and copy source/target. */
  scratch(bytes: number): GPUBuffer {
    return this.device.createBuffer({ size: Math.max(4, Math.ceil(bytes / 4) * 4), usage: STORAGE | COPY_SRC | COPY_DST });
  }
}
