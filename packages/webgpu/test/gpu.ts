import * as torch from '@wick/tensor';
import { webgpu, type WebGpu } from '../src/index.js';

let backend: WebGpu | null = null;

/** Registers the WebGPU backend once per test file. */
export async function useWebGpu(): Promise<WebGpu> {
  backend ??= await webgpu();
  torch.use(backend);
  return backend;
}
