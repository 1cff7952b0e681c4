import { Storage, Tensor, backendFor, contiguousStrides } from '@wick/tensor';

/** A webgpu tensor's values in a contiguous CPU tensor. */
export async function toHost(t: Tensor): Promise<Tensor> {
  // The backend's read gives the host layout (float16 as bits), which a CPU storage holds.
  const data = await backendFor(t.device).read(t);
  return new Tensor(Storage.cpu(t.dtype, data), t.shape.slice(), contiguousStrides(t.shape), 0);
}
