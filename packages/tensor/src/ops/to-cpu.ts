import { backendFor } from '../device.js';
import { isPlainObject } from '../signature/arg-types.js';
import { defineFunction } from '../signature/declare.js';
import type { PyArgs } from '../signature/py-args.js';
import { Tensor } from '../tensor.js';
import { empty } from './helpers.js';

// The asynchronous way back to the CPU. PyTorch reads device memory synchronously (x.cpu()); a
// WebGPU device can only be read by awaiting, so wick adds to_cpu: a tensor, or any structure of
// them (a state_dict Map, an optimizer's state_dict object, arrays), with every tensor on the CPU.

/**
 * A copy of t on the CPU, detached, with t's dtype and shape (contiguous), read from t's device
 * asynchronously; a CPU tensor comes back detached without a copy, as x.cpu() gives x itself.
 */
export async function tensorToCpu(t: Tensor): Promise<Tensor> {
  if (t.device === 'cpu') return t.detach();
  // The backend's raw elements (float16 as bits, complex interleaved) go into the CPU storage as
  // they are, so the values are the device's exactly.
  const raw = await backendFor(t.device).read(t);
  const out = empty(t.shape, t.dtype, 'cpu');
  backendFor('cpu').write(out, raw);
  return out;
}

/** value with every tensor in it moved to the CPU: Maps, arrays and plain objects are rebuilt. */
async function moveAll(value: unknown): Promise<unknown> {
  if (value instanceof Tensor) return tensorToCpu(value);
  if (value instanceof Map) {
    const entries = await Promise.all([...value].map(async ([k, v]) => [k, await moveAll(v)] as const));
    return new Map(entries);
  }
  if (Array.isArray(value)) return Promise.all(value.map(moveAll));
  if (isPlainObject(value)) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await moveAll(v)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

export type ToCpuFn = <T>(...args: PyArgs<[value: T], { value?: T }>) => Promise<T>;

/**
 * torch.to_cpu(value): a Promise of value with every tensor in it on the CPU (detached, as a
 * state_dict's tensors are), so `torch.save(await torch.to_cpu(model.state_dict()), path)` saves
 * a model trained on a device.
 */
export const to_cpu: ToCpuFn = defineFunction<ToCpuFn>(
  'to_cpu', 'to_cpu(Any value)',
  (a) => moveAll(a.value) as Promise<never>,
  {
    differs:
      "wick's own: PyTorch moves device tensors to the CPU synchronously (x.cpu(), per tensor); a WebGPU device " +
      'is read asynchronously, so this moves a tensor or a structure of them (state_dict, optimizer state) in one await',
  },
);
