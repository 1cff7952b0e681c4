// Encodes what wick loads into the tagged structure tools/fixtures/serialize_cases/encode_tree.py
// writes for the same file, so one deep comparison checks every value bit for bit.
import { type Storage, Tensor, itemsize } from '@wick/tensor';
import { Complex, isParameter } from '../src/index.js';

export class TreeEncoder {
  private readonly storages = new Map<Storage, number>();

  tensor(t: Tensor): Record<string, unknown> {
    let id = this.storages.get(t.storage);
    if (id === undefined || t.storage.length === 0) {
      id = this.storages.size;
      this.storages.set(t.storage, id);
    }
    const size = itemsize(t.dtype);
    const data = t.storage.data!;
    const src = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const numel = t.shape.reduce((a, b) => a * b, 1);
    const out = new Uint8Array(numel * size);
    const index = new Array<number>(t.shape.length).fill(0);
    for (let i = 0; i < numel; i++) {
      let at = t.offset;
      for (let d = 0; d < index.length; d++) at += index[d]! * t.strides[d]!;
      out.set(src.subarray(at * size, at * size + size), i * size);
      for (let d = index.length - 1; d >= 0; d--) {
        if (++index[d]! < t.shape[d]!) break;
        index[d] = 0;
      }
    }
    return {
      $: 'tensor', dtype: t.dtype, shape: [...t.shape], stride: [...t.strides], offset: t.offset, storage: id,
      requires_grad: t.requires_grad, parameter: isParameter(t), data: out,
    };
  }

  value(v: unknown): unknown {
    if (v instanceof Tensor) return this.tensor(v);
    if (typeof v === 'bigint') return v > -(2n ** 53n) && v < 2n ** 53n ? Number(v) : { $: 'int', value: String(v) };
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Uint8Array) return { $: 'bytes', value: v };
    if (v instanceof Complex) return { $: 'complex', value: [v.re, v.im] };
    if (Array.isArray(v)) return { $: Object.isFrozen(v) ? 'tuple' : 'list', items: v.map((x) => this.value(x)) };
    if (v instanceof Set) return { $: 'set', items: [...v].map((x) => this.value(x)).sort() };
    if (v instanceof Map) {
      const out: Record<string, unknown> = { $: 'dict', items: [...v].map(([k, x]) => [this.value(k), this.value(x)]) };
      const meta = (v as { _metadata?: unknown })._metadata;
      if (meta !== undefined) out.metadata = this.value(meta);
      return out;
    }
    throw new Error(`cannot encode ${String(v)}`);
  }
}

/** msgpack gives int64 as bigint when it does not fit a number (useBigInt64) and floats as numbers. */
export function normalize(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(normalize);
  // NOTE: vitest runs tests in another realm, so `instanceof Uint8Array` misses msgpack's arrays.
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
  return v;
}
