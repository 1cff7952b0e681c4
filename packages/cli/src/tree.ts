// The rows `wick inspect` prints: every leaf of a loaded checkpoint with its path, and for
// tensors their dtype, shape, element count and bytes (sparse and quantized ones also what they are).
import { QuantizedTensor, SparseTensor, Tensor, itemsize } from '@wick/tensor';

export interface Row {
  path: string;
  depth: number;
  /** A tensor's description, or a scalar's text; undefined for containers. */
  tensor?: { dtype: string; shape: number[]; numel: number; bytes: number; kind?: string };
  value?: string;
}

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const bytesOf = (t: Tensor): number => count(t.shape) * itemsize(t.dtype);

/**
 * A tensor's row: dense ones by dtype and shape; sparse ones also by layout and nnz, with the bytes
 * of their parts; quantized ones by qscheme and scale, with the bytes of their integers.
 */
export function describeTensor(t: Tensor | SparseTensor | QuantizedTensor): NonNullable<Row['tensor']> {
  const numel = count(t.shape);
  if (t instanceof SparseTensor) {
    const { indices, values } = t.parts;
    const bytes = [...indices, values].reduce((a, p) => a + bytesOf(p), 0);
    return { dtype: t.dtype, shape: [...t.shape], numel, bytes, kind: `${t.layout} nnz=${t._nnz()}` };
  }
  if (t instanceof QuantizedTensor) {
    const kind = t.qscheme() === 'per_tensor_affine'
      ? `per_tensor_affine scale=${t.q_scale()} zero_point=${t.q_zero_point()}`
      : `per_channel_affine axis=${t.q_per_channel_axis()}`;
    return { dtype: t.dtype, shape: [...t.shape], numel, bytes: numel * itemsize(t.int_repr().dtype), kind };
  }
  return { dtype: t.dtype, shape: [...t.shape], numel, bytes: bytesOf(t) };
}

function keyText(k: unknown): string {
  return typeof k === 'string' ? k : Array.isArray(k) ? `(${k.map(String).join(', ')})` : String(k);
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return `bytes[${v.length}]`;
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return String(v);
}

/** Depth-first rows of `value` (cycles are shown once). */
export function rows(value: unknown, path = '', depth = 0, seen = new Set<unknown>()): Row[] {
  if (value instanceof Tensor || value instanceof SparseTensor || value instanceof QuantizedTensor) {
    return [{ path, depth, tensor: describeTensor(value) }];
  }
  const children: [string, unknown][] | null =
    value instanceof Map ? [...value].map(([k, v]) => [keyText(k), v])
    : Array.isArray(value) ? value.map((v, i) => [String(i), v])
    : null;
  if (children === null || seen.has(value)) return [{ path, depth, value: scalarText(value) }];
  seen.add(value);
  const out: Row[] = path === '' ? [] : [{ path, depth }];
  for (const [k, v] of children) out.push(...rows(v, path === '' ? k : `${path}.${k}`, path === '' ? depth : depth + 1, seen));
  return out;
}
