/** Where a GPU comes from: Dawn's node bindings in Node, navigator.gpu in a browser. */
export interface GpuSource {
  /** The GPU entry point, or null when this platform has none (with the reason). */
  gpu(flags: readonly string[]): Promise<{ gpu: GPU | null; why: string }>;
  /** Adapter requests to try in order, most capable first. */
  readonly adapterOptions: readonly GPURequestAdapterOptions[];
}
