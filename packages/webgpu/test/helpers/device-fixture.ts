import * as torch from '@wick/tensor';
import { DTypeError, Storage, Tensor, backendFor, contiguousStrides } from '@wick/tensor';
import { type EncodedTensor, type FixtureCase, compareValue, decodeBase, decodeValue, isEncodedTensor } from '@wick/testing';

// Runs PyTorch fixture cases on the webgpu device: every tensor argument's base is moved to the
// device and its view replayed there (so strided inputs stay strided), the call runs, and the
// results are read back and compared with PyTorch's. Layout (strides, sharing) is not compared:
// results come back through the host as contiguous tensors.

/** A webgpu tensor's values in a contiguous CPU tensor. */
export async function toHost(t: Tensor): Promise<Tensor> {
  // The backend's read gives the host layout (float16 as bits), which a CPU storage holds.
  const data = await backendFor(t.device).read(t);
  return new Tensor(Storage.cpu(t.dtype, data), t.shape.slice(), contiguousStrides(t.shape), 0);
}

/** A fixture value with its tensors on the device. */
export function onDevice(v: unknown): unknown {
  if (isEncodedTensor(v)) {
    let t: Tensor = decodeBase(v).to('webgpu');
    for (const [method, ...args] of v.view ?? []) {
      t = Reflect.apply(Reflect.get(t, String(method)) as (...a: unknown[]) => unknown, t, args.map(scalar)) as Tensor;
    }
    return t;
  }
  if (Array.isArray(v)) return v.map(onDevice);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, onDevice(x)]));
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, onDevice(x)]));
  return scalar(v);
}

/** torch's function at a dotted path (nn.functional.softmax). */
function torchFunction(path: string): (...a: unknown[]) => unknown {
  let v: unknown = torch;
  for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'function') throw new Error(`no function '${path}' in torch`);
  return v as (...a: unknown[]) => unknown;
}

function scalar(v: unknown): unknown {
  if (typeof v === 'bigint' && v >= -(2n ** 53n) && v <= 2n ** 53n) return Number(v);
  if (Array.isArray(v)) return v.map(scalar);
  return v;
}

/** Results with their webgpu tensors read back to the host. */
export async function fromDevice(v: unknown): Promise<unknown> {
  if (v instanceof Tensor) return v.device === 'cpu' ? v : toHost(v);
  if (Array.isArray(v)) return Promise.all(v.map(fromDevice));
  return v;
}

/** The expected value without layout metadata. */
function valuesOnly(v: unknown): unknown {
  if (isEncodedTensor(v)) {
    const { stride: _s, storage_offset: _o, shares_storage: _sh, ...rest } = v as EncodedTensor;
    return rest;
  }
  return Array.isArray(v) ? v.map(valuesOnly) : v;
}

export type Outcome = { status: 'ok'; worstUlp: number } | { status: 'skipped'; why: string } | { status: 'failed'; problem: string };

/** Runs one case on the device. Inputs webgpu cannot hold (float64, complex) skip the case. */
export async function runOnDevice(c: FixtureCase, tol: { ulp?: number; atol?: number }): Promise<Outcome> {
  let args: unknown[];
  let kwargs: unknown;
  let self: unknown;
  try {
    // A 0-dim tensor after the input stands for a number (topk's k): it stays on the CPU, as a
    // device tensor there would need a synchronous read.
    args = (c.args ?? []).map((a, i) => (i > 0 && isEncodedTensor(a) && a.shape.length === 0 ? decodeValue(a).value : onDevice(a)));
    kwargs = c.kwargs && Object.keys(c.kwargs).length ? onDevice(c.kwargs) : undefined;
    self = c.method ? onDevice(c.self) : undefined;
  } catch (e) {
    if (e instanceof DTypeError) return { status: 'skipped', why: e.message };
    throw e;
  }
  const callArgs = [...args, ...(kwargs === undefined ? [] : [kwargs])];
  let result: unknown;
  try {
    if (c.method) result = Reflect.apply(Reflect.get(self as object, c.fn) as (...a: unknown[]) => unknown, self, callArgs);
    else result = torchFunction(c.fn)(...callArgs);
  } catch (e) {
    if (c.error && e instanceof Error && (e as { pytorchType?: string }).pytorchType === c.error.type && e.message === c.error.message) return { status: 'ok', worstUlp: 0 };
    if (c.error && e instanceof Error) return { status: 'failed', problem: `threw ${(e as { pytorchType?: string }).pytorchType}: ${e.message}, expected ${c.error.type}: ${c.error.message}` };
    if (e instanceof DTypeError && /float64/.test(e.message)) return { status: 'skipped', why: e.message };
    if (e instanceof Error && /has no webgpu kernel yet/.test(e.message)) return { status: 'skipped', why: e.message };
    return { status: 'failed', problem: `threw ${String(e)}` };
  }
  if (c.error) return { status: 'failed', problem: `expected ${c.error.type}: ${c.error.message}` };
  const a = compareValue(await fromDevice(result === undefined ? null : result), valuesOnly(c.out), tol);
  return a.ok ? { status: 'ok', worstUlp: a.worstUlp } : { status: 'failed', problem: a.problem ?? 'disagrees' };
}
