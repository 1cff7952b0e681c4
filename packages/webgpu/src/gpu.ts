import { DeviceError } from '@wick/tensor';
import { source } from '#gpu';

export interface WebGpuOptions {
  /** Dawn's instance flags in Node (as `webgpu`'s create() takes them); tried before the defaults. */
  flags?: readonly string[];
  /** An adapter or device to use instead of requesting one (a browser page that already has one). */
  device?: GPUDevice;
  /**
   * How many bytes the memory held by tensors may grow past its low point before the pool forces a
   * garbage collection, in Node (default 64 MiB; the pool also waits for as many bytes as the live
   * working set; Infinity: never). See the README's section on memory.
   */
  collectEvery?: number;
}

/** A device with the adapter it came from, and what it can do. */
export interface Gpu {
  readonly device: GPUDevice;
  readonly adapterInfo: string;
  readonly limits: GPUSupportedLimits;
}

/**
 * The limits the backend's kernels need beyond WebGPU's defaults: a device gets the adapter's
 * maxima (a compatibility-mode default is 128 invocations, 16 KiB of workgroup memory and 256 MiB
 * buffers, too little for a batched matmul tile or a large tensor).
 */
const RAISED: readonly (keyof GPUSupportedLimits)[] = [
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxBufferSize',
  'maxStorageBufferBindingSize',
];

/**
 * Dawn tries Vulkan unless told otherwise; a machine without a Vulkan driver may still have a
 * compatibility-mode adapter on Mesa's OpenGL ES (which needs EGL's surfaceless platform).
 */
const FALLBACKS: readonly (readonly string[])[] = [[], ['backend=opengles']];

async function requestAdapter(flags: readonly string[] | undefined): Promise<GPUAdapter> {
  const why: string[] = [];
  const tries = flags === undefined ? FALLBACKS : [flags, ...FALLBACKS];
  for (const f of tries) {
    if (f.includes('backend=opengles') && typeof process !== 'undefined') process.env.EGL_PLATFORM ??= 'surfaceless';
    const { gpu, why: missing } = await source.gpu(f);
    if (gpu === null) {
      why.push(missing);
      break;
    }
    for (const options of source.adapterOptions) {
      const adapter = await gpu.requestAdapter(options);
      if (adapter !== null) return adapter;
    }
    why.push(`no adapter${f.length ? ` with ${f.join(' ')}` : ''}`);
  }
  throw new DeviceError(`webgpu(): no WebGPU adapter was found (${why.join('; ')}); see @wick/webgpu's README for the setup`);
}

export async function acquireGpu(options: WebGpuOptions = {}): Promise<Gpu> {
  if (options.device !== undefined) {
    return { device: options.device, adapterInfo: 'a device given to webgpu()', limits: options.device.limits };
  }
  const adapter = await requestAdapter(options.flags);
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED) requiredLimits[name] = adapter.limits[name] as number;
  const device = await adapter.requestDevice({ requiredLimits });
  const info = adapter.info;
  const adapterInfo = [info.vendor, info.architecture, info.description].filter((s) => s !== '').join(' ');
  return { device, adapterInfo, limits: device.limits };
}
