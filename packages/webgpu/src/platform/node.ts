import type { GpuSource } from './types.js';

// Dawn's node bindings (the `webgpu` npm package). The object create() returns must stay reachable
// for the whole process: when it is collected, Dawn's instance goes with it and its event pump
// later crashes (segfaults, aborts or hangs after a few hundred submits). So it is kept here.
const kept: unknown[] = [];

export const source: GpuSource = {
  async gpu(flags) {
    let mod: { create(flags: string[]): GPU };
    try {
      mod = (await import('webgpu')) as unknown as { create(flags: string[]): GPU };
    } catch (e) {
      return { gpu: null, why: `the 'webgpu' package (Dawn for Node) could not be loaded: ${(e as Error).message}` };
    }
    const gpu = mod.create([...flags]);
    kept.push(gpu);
    return { gpu, why: '' };
  },
  // Dawn tries Vulkan only unless told otherwise; a machine with Mesa but no Vulkan driver has a
  // compatibility-mode adapter through OpenGL ES (see the README's setup section).
  adapterOptions: [{}, { featureLevel: 'compatibility' }],
};
