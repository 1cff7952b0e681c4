import * as torch from '@wick/tensor';
import { DeviceError } from '@wick/tensor';
import { beforeEach } from 'vitest';
import { type WebGpu, webgpu } from '../src/index.js';

// Every webgpu test file calls `useWebGpu()` in a beforeAll: the backend, made once per file and
// registered for device 'webgpu'. Where this machine has no WebGPU adapter, the file's tests are
// skipped with the reason printed, except on CI (CI=true), where that fails them: a missing system
// package must not turn the suite into skips. Each file runs in a process of its own (vitest's
// forks pool), so a native crash fails one file; Dawn's instance stays alive for the whole process
// (src/platform/node.ts keeps it).

let backend: WebGpu | null = null;

/**
 * What useWebGpu() gives without an adapter: every property and call gives itself back, so that
 * a file's beforeAll (`ctx = (await useWebGpu()).ctx`) passes and its tests, skipped, run nothing.
 */
const inert: WebGpu = new Proxy(() => {}, {
  // Not a thenable: `await useWebGpu()` must resolve to it.
  get: (_, key) => (key === 'then' ? undefined : inert),
  apply: () => inert,
}) as unknown as WebGpu;
let missing: string | null = null;

// Importing this module registers the hook on the importing file's tests.
beforeEach((ctx) => {
  if (missing !== null) ctx.skip(missing);
});

/** Registers the WebGPU backend once per test file (no parameters: vitest reads a hook's own). */
export async function useWebGpu(): Promise<WebGpu> {
  if (backend === null && missing === null) {
    try {
      backend = await webgpu();
    } catch (e) {
      if (!(e instanceof DeviceError)) throw e;
      if (process.env.CI === 'true') {
        throw new Error(`CI=true and this machine has no WebGPU adapter, so the webgpu tests cannot run: ${e.message}. .ci/run installs Mesa's EGL packages for Dawn's OpenGL ES backend.`);
      }
      missing = `no WebGPU adapter: ${e.message}`;
      console.warn(`@wick/webgpu tests skipped: ${missing}`);
    }
  }
  if (backend === null) return inert;
  torch.use(backend);
  return backend;
}
