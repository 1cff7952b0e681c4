// The rows `wick inspect` prints: every leaf of a loaded checkpoint with its path, and for
// tensors their dtype, shape, element count and bytes.
import { Tensor, itemsize } from '@wick/tensor';

export interface Row {
  path: string;
  depth: number;
  /** A tensor's description, or a scalar's text; undefined for containers. */
  tensor?: { dtype: string; shape: number[]; numel: number; bytes: number };
  value?: string;
}

export function describeTensor(t: Tensor): NonNullable<Row['tensor']> {
  const numel = t.shape.reduce((a, b) => a * b, 1);
  return { dtype: t.dtype, shape: [...t.shape], numel, bytes: numel * itemsize(t.dtype) };
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
  if (value instanceof Tensor) return [{ path, depth, tensor: describeTensor(value) }];
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
