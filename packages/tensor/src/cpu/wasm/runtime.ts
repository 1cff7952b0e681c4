// The WebAssembly kernels: loading them, their memory, and the switch that turns them off.
//
// The kernels work on addresses in one memory that this module owns and hands out (`alloc`/`free`).
// Where SharedArrayBuffer exists (Node; a cross-origin-isolated page) the memory is shared, so the
// thread pool's workers run the same module over the same bytes.
//
// Loading is synchronous where the platform allows it (Node, workers), because CPU ops are
// synchronous. A browser's main thread may refuse synchronous compilation; the module is then
// compiled asynchronously and the plain-JS kernels run until it is ready (`kernelsReady`).
import { plainKernels, sharedKernels } from './binary.generated.js';
import type { KernelExports, Runtime } from './kernels.js';
import { startThreads } from './threads.js';

export type { Runtime } from './kernels.js';

const PAGE = 65536;
// 2 GiB: the shared build's declared maximum, and the most an i32 address reaches.
const MAX_PAGES = 32768;

let runtime: Runtime | null = null;
let loading: Promise<Runtime | null> | null = null;
let failed = false;
let enabled = readEnabledSetting();

/** WICK_SIMD=0 in the environment turns the kernels off (the plain-JS kernels run): CI runs both. */
function readEnabledSetting(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.WICK_SIMD !== '0';
}

/** Whether ops use the WebAssembly kernels when they are loaded. */
export function simdEnabled(): boolean {
  return enabled;
}

/** Turns the WebAssembly kernels on or off (tests compare both; off, every op runs plain JS). */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const canShare = (): boolean => typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

function makeRuntime(module: WebAssembly.Module, shared: boolean): Runtime {
  const memory = new WebAssembly.Memory(shared ? { initial: 16, maximum: MAX_PAGES, shared: true } : { initial: 16 });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { module, memory, shared, exports: instance.exports as unknown as KernelExports };
}

/**
 * The loaded kernels, or null when they are off, not loaded yet (a browser compiling them), or
 * not supported here (no WebAssembly SIMD).
 */
export function wasm(): Runtime | null {
  if (!enabled) return null;
  if (runtime !== null || failed) return runtime;
  if (loading !== null) return null;
  const shared = canShare();
  const bytes = decode(shared ? sharedKernels : plainKernels);
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) {
    // No WebAssembly, or no SIMD (validation fails on the first v128 instruction).
    failed = true;
    return null;
  }
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch {
    // A browser's main thread refuses to compile synchronously: compile in the background.
    loading = WebAssembly.compile(bytes).then(
      (compiled) => {
        runtime = makeRuntime(compiled, shared);
        startThreads(runtime);
        return runtime;
      },
      () => {
        failed = true;
        return null;
      },
    );
    return null;
  }
  runtime = makeRuntime(module, shared);
  startThreads(runtime);
  return runtime;
}

/** Resolves when the kernels are loaded (true) or known to be unavailable here (false). */
export async function kernelsReady(): Promise<boolean> {
  wasm();
  if (loading !== null) await loading;
  return runtime !== null;
}

// ---------------------------------------------------------------------------------------------
// Memory: a first-fit list of free blocks over the memory, grown when nothing fits. Blocks are
// 64-byte aligned (a cache line), so vectors never straddle one.

const ALIGN = 64;
// Addresses below this are never handed out (0 stays an invalid address).
const BASE = 1024;
/** Free blocks [start, end), sorted by start, never adjacent (merged on free). */
const freeList: [number, number][] = [];
const sizes = new Map<number, number>();
let top = BASE;

/** The kernels' memory cannot hold a request: the caller runs the plain-JS kernel instead. */
export class MemoryFull extends RangeError {
  constructor(bytes: number) {
    super(`the WebAssembly kernels' memory cannot hold ${bytes} more bytes (it stops at 2 GiB)`);
  }
}

/**
 * Runs `f`, which uses the kernels' memory, and returns its result, or false when that memory is
 * full (a product too large for it): the caller then runs the plain-JS kernel.
 */
export function orFallBack(f: () => boolean): boolean {
  try {
    return f();
  } catch (e) {
    if (e instanceof MemoryFull) return false;
    throw e;
  }
}

/** An address of `bytes` bytes in the kernels' memory (64-byte aligned). Views made before may go stale: take them after. */
export function alloc(r: Runtime, bytes: number): number {
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  for (let i = 0; i < freeList.length; i++) {
    const [start, end] = freeList[i]!;
    if (end - start < size) continue;
    if (end - start === size) freeList.splice(i, 1);
    else freeList[i] = [start + size, end];
    sizes.set(start, size);
    return start;
  }
  const start = top;
  const need = start + size;
  if (need > MAX_PAGES * PAGE) throw new MemoryFull(bytes);
  const have = r.memory.buffer.byteLength;
  if (need > have) {
    try {
      r.memory.grow(Math.ceil((need - have) / PAGE));
    } catch {
      // The engine could not reserve more (the process is short of memory).
      throw new MemoryFull(bytes);
    }
  }
  top = need;
  sizes.set(start, size);
  return start;
}

/** Returns a block that `alloc` gave. */
export function free(ptr: number): void {
  const size = sizes.get(ptr);
  if (size === undefined) throw new Error(`free: ${ptr} is not an allocated block`);
  sizes.delete(ptr);
  let start = ptr;
  let end = ptr + size;
  // Insert in order, merging with the neighbours it touches.
  let i = 0;
  while (i < freeList.length && freeList[i]![0] < start) i++;
  if (i > 0 && freeList[i - 1]![1] === start) {
    start = freeList[i - 1]![0];
    freeList.splice(--i, 1);
  }
  if (i < freeList.length && freeList[i]![0] === end) {
    end = freeList[i]![1];
    freeList.splice(i, 1);
  }
  if (end === top) {
    top = start;
    return;
  }
  freeList.splice(i, 0, [start, end]);
}

let f32View = new Float32Array(0);
let f64View = new Float64Array(0);

/** A Float32Array over the whole memory, current after any growth. */
export function heapF32(r: Runtime): Float32Array {
  if (f32View.buffer !== r.memory.buffer || f32View.byteLength !== r.memory.buffer.byteLength) f32View = new Float32Array(r.memory.buffer);
  return f32View;
}

/** A Float64Array over the whole memory, current after any growth. */
export function heapF64(r: Runtime): Float64Array {
  if (f64View.buffer !== r.memory.buffer || f64View.byteLength !== r.memory.buffer.byteLength) f64View = new Float64Array(r.memory.buffer);
  return f64View;
}
