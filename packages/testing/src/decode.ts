import { type DType, Storage, Tensor, arrayOver, contiguousStrides, isDType, itemsize } from '@wick/tensor';

/** A tensor as fixtures hold it: logical-order little-endian bytes. */
export interface EncodedTensor {
  dtype: string;
  shape: number[];
  data: Uint8Array;
  view?: unknown[][];
  stride?: number[];
  storage_offset?: number;
  shares_storage?: boolean;
}

export function isEncodedTensor(v: unknown): v is EncodedTensor {
  return typeof v === 'object' && v !== null && 'dtype' in v && 'shape' in v && 'data' in v && (v as EncodedTensor).data instanceof Uint8Array;
}

/** The encoded base tensor (views not applied). */
export function decodeBase(e: EncodedTensor): Tensor {
  if (!isDType(e.dtype)) throw new Error(`fixture has unknown dtype ${e.dtype}`);
  const dtype: DType = e.dtype;
  const n = e.shape.reduce((a, b) => a * b, 1);
  // Copy into a fresh, aligned buffer: msgpack hands out views at arbitrary offsets.
  const bytes = new Uint8Array(n * itemsize(dtype));
  bytes.set(e.data.subarray(0, bytes.length));
  const data = arrayOver(dtype, bytes.buffer, 0, n);
  return new Tensor(Storage.cpu(dtype, data), e.shape, contiguousStrides(e.shape), 0);
}

/** A fixture argument as wick sees it: the input tensor (views applied) plus its base. */
export interface Decoded {
  value: unknown;
  base?: Tensor;
}

/**
 * A fixture value as wick sees it. `place` (a device run) moves each decoded base tensor before its
 * views are applied, so the views are views on that device.
 */
export function decodeValue(v: unknown, place?: (t: Tensor) => Tensor): Decoded {
  if (isEncodedTensor(v)) {
    const base = place ? place(decodeBase(v)) : decodeBase(v);
    let t: Tensor = base;
    for (const [method, ...args] of v.view ?? []) {
      const fn: unknown = Reflect.get(t, String(method));
      if (typeof fn !== 'function') throw new Error(`fixture view method ${String(method)} is not a Tensor method`);
      t = Reflect.apply(fn, t, args.map(normalizeScalar)) as Tensor;
    }
    return { value: t, base };
  }
  if (Array.isArray(v)) return { value: v.map((x) => decodeValue(x, place).value) };
  if (v instanceof Map) return { value: Object.fromEntries([...v].map(([k, x]) => [k, decodeValue(x, place).value])) };
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    return { value: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeValue(x, place).value])) };
  }
  return { value: normalizeScalar(v) };
}

/** msgpack's int64 format arrives as bigint; values that fit a double exactly become numbers. */
function normalizeScalar(v: unknown): unknown {
  if (typeof v === 'bigint' && v >= -(2n ** 53n) && v <= 2n ** 53n) return Number(v);
  if (Array.isArray(v)) return v.map(normalizeScalar);
  return v;
}
