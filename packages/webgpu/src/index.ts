// @wick/webgpu: the WebGPU backend. `torch.use(await webgpu())` registers it for device 'webgpu'.
export { webgpu, WebGpu } from './backend.js';
export type { WebGpuOptions } from './gpu.js';
