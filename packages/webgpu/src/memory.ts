import { type Bound, DeviceError, PY_FUNCTION, Tensor, declare } from '@wick/tensor';
import { GpuMemoryHolder, type Context } from './context.js';

// The memory controls a PyTorch user knows from torch.cuda, as methods of the backend object
// (`const gpu = await webgpu(); gpu.memory_allocated()`), plus tfjs's dispose for giving a
// tensor's memory back before the garbage collector finds it unreachable.

const AS_METHOD = 'a method of the backend object webgpu() returns, as torch.cuda';
const sig = {
  allocated: declare('webgpu.WebGpu.memory_allocated', 'memory_allocated(Device? device=None)', { ...PY_FUNCTION, differs: `${AS_METHOD}.memory_allocated` }),
  reserved: declare('webgpu.WebGpu.memory_reserved', 'memory_reserved(Device? device=None)', { ...PY_FUNCTION, differs: `${AS_METHOD}.memory_reserved` }),
  emptyCache: declare('webgpu.WebGpu.empty_cache', 'empty_cache()', { ...PY_FUNCTION, differs: `${AS_METHOD}.empty_cache` }),
  synchronize: declare('webgpu.WebGpu.synchronize', 'synchronize(Device? device=None)', { ...PY_FUNCTION, differs: `${AS_METHOD}.synchronize` }),
  dispose: declare('webgpu.WebGpu.dispose', 'dispose(Tensor *tensors)', {
    ...PY_FUNCTION,
    differs: "PyTorch frees a tensor when its last reference goes; JavaScript's collector may come late, so (as tfjs's dispose) this gives the memory back now",
  }),
};

/** The device argument of a torch.cuda-style call: none, or this backend's device. */
function checkDevice(b: Bound): void {
  if (b.device !== null && b.device !== 'webgpu') throw new DeviceError(`Expected a webgpu device, but got: ${b.device}`, 'ValueError');
}

export function memoryAllocated(ctx: Context, args: readonly unknown[]): number {
  checkDevice(sig.allocated.bind(args));
  return ctx.pool.allocated;
}

export function memoryReserved(ctx: Context, args: readonly unknown[]): number {
  checkDevice(sig.reserved.bind(args));
  return ctx.pool.reserved;
}

export function emptyCache(ctx: Context, args: readonly unknown[]): void {
  sig.emptyCache.bind(args);
  // Encoded work may still use a pooled buffer (one whose tensor was collected after the work was
  // encoded): submit it before destroying, as WebGPU refuses a submit that uses a destroyed buffer.
  ctx.queue.flush();
  ctx.pool.emptyCache();
}

export async function synchronize(ctx: Context, args: readonly unknown[]): Promise<void> {
  checkDevice(sig.synchronize.bind(args));
  ctx.queue.flush();
  await ctx.device.queue.onSubmittedWorkDone();
}

export function dispose(ctx: Context, args: readonly unknown[]): void {
  const tensors = sig.dispose.bind(args).tensors as Tensor[];
  const held = tensors.map((t, i) => {
    const h = t.storage.handle;
    if (t.device !== 'webgpu' || !(h instanceof GpuMemoryHolder)) {
      throw new DeviceError(`dispose(): expected tensors on 'webgpu', but tensor ${i} is on '${t.device}'`);
    }
    return h;
  });
  for (const h of held) if (h.memory !== null) ctx.pool.release(h.memory);
}
