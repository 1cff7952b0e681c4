import type { GpuSource } from './types.js';

export const source: GpuSource = {
  async gpu() {
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu ?? null;
    return { gpu, why: gpu === null ? 'this browser has no navigator.gpu (WebGPU is off or unsupported)' : '' };
  },
  adapterOptions: [{}, { featureLevel: 'compatibility' }],
};
