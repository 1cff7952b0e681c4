import * as torch from '@wick/tensor';
import { DeviceError } from '@wick/tensor';
import { afterAll, describe, it } from 'vitest';
import { type WebGpu, webgpu } from '../src/backend.js';
import type { WebGpuOptions } from '../src/gpu.js';

// Every webgpu test file starts with `const { gpu, it, describe } = await useWebGpu()`: the
// backend, registered for device 'webgpu', and vitest's it/describe that skip when this machine
// has no WebGPU adapter (the reason is printed). On CI (CI=true) a missing adapter fails the file
// instead, so that a missing system package cannot turn the suite into skips. Each file runs in a
// process of its own (vitest's forks pool), with one device that is destroyed after its tests;
// Dawn's instance stays alive for the whole process (src/platform/node.ts).

export interface GpuTests {
  /** The backend (only read inside tests, which do not run without it). */
  readonly gpu: WebGpu;
  readonly it: typeof it;
  readonly describe: typeof describe;
}

export async function useWebGpu(options: WebGpuOptions = {}): Promise<GpuTests> {
  let gpu: WebGpu | null = null;
  try {
    gpu = await webgpu(options);
  } catch (e) {
    if (!(e instanceof DeviceError)) throw e;
    if (process.env.CI === 'true') {
      throw new Error(`CI=true and this machine has no WebGPU adapter, so the webgpu tests cannot run: ${e.message}. .ci/run installs Mesa's EGL packages for Dawn's OpenGL ES backend.`);
    }
    console.warn(`@wick/webgpu tests skipped: ${e.message}`);
  }
  if (gpu === null) return { gpu: null as unknown as WebGpu, it: it.skip as typeof it, describe: describe.skip as typeof describe };
  torch.use(gpu);
  const device = gpu.ctx.device;
  afterAll(async () => {
    await gpu.synchronize();
    device.destroy();
  });
  return { gpu, it, describe };
}
