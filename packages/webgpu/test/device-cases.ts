import { Storage, Tensor, backendFor, contiguousStrides } from '@wick/tensor';
import { type FixtureCase, type Namespace, compareValue, decodeBase, decodeValue } from '@wick/testing';
import { isEncodedTensor, loadFixture } from '@wick/testing';
import { expect, it } from 'vitest';
import { kindOf } from '../src/wgsl/dtypes.js';

// Helpers shared by the kernel tests: moving values between the CPU and the device, and a local
// loop that runs fixture cases on the device (decode, move every tensor to 'webgpu', call, read
// back into CPU tensors, compare with PyTorch's recorded values).

/** A CPU tensor with t's shape, strides, storage offset and values (t on the device). */
export async function toCpu(t: Tensor): Promise<Tensor> {
  const raw = await backendFor(t.device).read(t);
  const dense = new Tensor(Storage.cpu(t.dtype, raw), t.shape, contiguousStrides(t.shape), 0);
  const sameStrides = t.stride().every((s, d) => s === dense.stride()[d]);
  if (t.offset === 0 && sameStrides) return dense;
  // Lay the values out as t's are, so that layout checks see what the device made.
  const reach = t.shape.reduce((sum, size, d) => sum + (size - 1) * Math.abs(t.stride()[d]!), 0);
  const extent = t.numel() === 0 ? 0 : 1 + reach;
  const out = new Tensor(backendFor('cpu').allocate(t.dtype, t.offset + extent), t.shape, t.stride(), t.offset);
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

/** Which tensors stay on the CPU: by where they are (the self, or a top-level argument's index). */
export type Keep = (where: 'self' | 'kwargs' | number, c: FixtureCase) => boolean;

/**
 * A fixture value with each tensor made on the device: its base moved there, then its recorded
 * views applied there, so that a view's strides and offset are PyTorch's (moving a CPU view would
 * make it contiguous).
 */
function onDevice(v: unknown): unknown {
  if (isEncodedTensor(v)) {
    let t: Tensor = decodeBase(v).to('webgpu');
    for (const [method, ...args] of v.view ?? []) {
      const fn: unknown = Reflect.get(t, String(method));
      if (typeof fn !== 'function') throw new Error(`fixture view method ${String(method)} is not a Tensor method`);
      t = Reflect.apply(fn, t, args.map(smallInts)) as Tensor;
    }
    return t;
  }
  if (Array.isArray(v)) return v.map(onDevice);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, onDevice(x)]));
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, onDevice(x)]));
  }
  return smallInts(v);
}

/** msgpack's int64 values as numbers where exact (as the fixture decoder does). */
function smallInts(v: unknown): unknown {
  if (typeof v === 'bigint' && v >= -(2n ** 53n) && v <= 2n ** 53n) return Number(v);
  if (Array.isArray(v)) return v.map(smallInts);
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
export interface DeviceRunOptions {
  /** Which inputs stay on the CPU (index tensors of advanced indexing are read on the host). */
  keep?: Keep;
  /** Cases to leave out, each with the reason. */
  skip?: Record<string, string>;
  /** Only the cases whose function is one of these. */
  only?: readonly string[];
}

export function runOnDevice(file: string, ns: Namespace, options: DeviceRunOptions = {}): void {
  const keep = options.keep ?? (() => false);
  for (const c of loadFixture(file).cases) {
    if (c.error || options.skip?.[c.name] !== undefined) continue;
    if (options.only && !options.only.includes(c.fn)) continue;
    const self = c.self === undefined ? undefined : decodeValue(c.self).value;
    const args = (c.args ?? []).map((a) => decodeValue(a).value);
    const kwargs = c.kwargs && Object.keys(c.kwargs).length ? decodeValue(c.kwargs).value : undefined;
    const out = c.out === undefined ? undefined : decodeValue(c.out).value;
    if (![self, args, kwargs, out].every(heldOnDevice)) continue;
    it(`${file}: ${c.name}`, async () => {
      // Kept values are decoded on the CPU; the rest are made on the device from the raw case.
      const move = (raw: unknown, where: 'self' | 'kwargs' | number) =>
        keep(where, c) ? decodeValue(raw).value : onDevice(raw);
      const deviceSelf = c.self === undefined ? undefined : move(c.self, 'self');
      const kw = c.kwargs && Object.keys(c.kwargs).length ? move(c.kwargs, 'kwargs') : undefined;
      const result = call(ns, c, deviceSelf, (c.args ?? []).map(move), kw);
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
