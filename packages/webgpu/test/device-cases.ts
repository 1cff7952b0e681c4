import { Storage, Tensor, backendFor, contiguousStrides } from '@wick/tensor';
import { type FixtureCase, type Namespace, compareValue, decodeValue, loadFixture } from '@wick/testing';
import { expect, it } from 'vitest';
import { kindOf } from '../src/wgsl/dtypes.js';

// Helpers shared by the kernel tests: moving values between the CPU and the device, and a local
// loop that runs fixture cases on the device (decode, move every tensor to 'webgpu', call, read
// back into CPU tensors, compare with PyTorch's recorded values).

/** A CPU tensor with t's shape, strides and values (t on the device). */
export async function toCpu(t: Tensor): Promise<Tensor> {
  const raw = await backendFor(t.device).read(t);
  const dense = new Tensor(Storage.cpu(t.dtype, raw), t.shape, contiguousStrides(t.shape), 0);
  if (t.ndim === 0 || t.stride().every((s, d) => s === dense.stride()[d])) return dense;
  // Lay the values out with t's strides, so that layout checks see what the device made.
  const extent = 1 + t.shape.reduce((sum, size, d) => sum + (size - 1) * Math.abs(t.stride()[d]!), 0);
  const out = new Tensor(backendFor('cpu').allocate(t.dtype, t.numel() === 0 ? 0 : extent), t.shape, t.stride(), 0);
  backendFor('cpu').copy(dense, out);
  return out;
}

/** Whether WebGPU can hold every tensor in a value (float64 and complex it cannot). */
function heldOnDevice(v: unknown): boolean {
  if (v instanceof Tensor) {
    try {
      kindOf(v.dtype);
      return true;
    } catch {
      return false;
    }
  }
  if (Array.isArray(v)) return v.every(heldOnDevice);
  if (v && typeof v === 'object') return Object.values(v).every(heldOnDevice);
  return true;
}

/** Each tensor in a value moved to the device (index tensors of advanced indexing stay: `keep`). */
function onDevice(v: unknown, keep: (t: Tensor) => boolean): unknown {
  if (v instanceof Tensor) return keep(v) ? v : v.to('webgpu');
  if (Array.isArray(v)) return v.map((x) => onDevice(x, keep));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, onDevice(x, keep)]));
  return v;
}

async function cpuOf(v: unknown): Promise<unknown> {
  if (v instanceof Tensor) return v.device === 'cpu' ? v : toCpu(v);
  if (Array.isArray(v)) return Promise.all(v.map(cpuOf));
  return v;
}

/**
 * One vitest test per case of a fixture file whose inputs WebGPU can hold (float64 and complex
 * cases are left out; error cases too, as their messages come from the op layer, device-blind).
 */
export function runOnDevice(file: string, ns: Namespace, options: { keep?: (t: Tensor) => boolean; skip?: Record<string, string> } = {}): void {
  const keep = options.keep ?? (() => false);
  for (const c of loadFixture(file).cases) {
    if (c.error || options.skip?.[c.name] !== undefined) continue;
    const self = c.self === undefined ? undefined : decodeValue(c.self).value;
    const args = (c.args ?? []).map((a) => decodeValue(a).value);
    const kwargs = c.kwargs && Object.keys(c.kwargs).length ? decodeValue(c.kwargs).value : undefined;
    const out = c.out === undefined ? undefined : decodeValue(c.out).value;
    if (![self, args, kwargs, out].every(heldOnDevice)) continue;
    it(`${file}: ${c.name}`, async () => {
      const deviceSelf = onDevice(self, keep);
      const result = call(ns, c, deviceSelf, onDevice(args, keep) as unknown[], onDevice(kwargs, keep));
      const cpu = await cpuOf(result);
      const agreement = compareValue(cpu === undefined ? null : cpu, c.out, c.tol ?? {});
      expect(agreement.ok, agreement.problem).toBe(true);
      if (c.self_after !== undefined) {
        const after = compareValue(await cpuOf(deviceSelf), c.self_after, c.tol ?? {});
        expect(after.ok, `self after the call: ${after.problem}`).toBe(true);
      }
    });
  }
}

function call(ns: Namespace, c: FixtureCase, self: unknown, args: unknown[], kwargs: unknown): unknown {
  const callArgs = [...args, ...(kwargs === undefined ? [] : [kwargs])];
  if (c.method) {
    const fn: unknown = Reflect.get(self as object, c.fn);
    if (typeof fn !== 'function') throw new Error(`Tensor has no method '${c.fn}'`);
    return Reflect.apply(fn, self, callArgs);
  }
  let fn: unknown = ns;
  for (const part of c.fn.split('.')) fn = (fn as Record<string, unknown> | undefined)?.[part];
  if (typeof fn !== 'function') throw new Error(`no function '${c.fn}' in the namespace`);
  return (fn as (...a: unknown[]) => unknown)(...callArgs);
}
