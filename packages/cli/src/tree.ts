// The rows `wick inspect` prints: every entry of a loaded checkpoint with its path, and for
// tensors their dtype, shape, element count and bytes. A dict or list that the file shares is
// listed once, then named by where it was listed (see walk.ts).
import { Tensor, itemsize } from '@wick/tensor';
import { walk } from './walk.js';

export interface Row {
  path: string;
  depth: number;
  /** A tensor's description, or a scalar's text; undefined for containers. */
  tensor?: { dtype: string; shape: number[]; numel: number; bytes: number };
  value?: string;
  /** A dict, list or tuple met before (the file shares it): the path where it is listed. */
  same_as?: string;
}

export function describeTensor(t: Tensor): NonNullable<Row['tensor']> {
  const numel = t.shape.reduce((a, b) => a * b, 1);
  return { dtype: t.dtype, shape: [...t.shape], numel, bytes: numel * itemsize(t.dtype) };
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

/** Depth-first rows of `value`, whose paths and strings may take at most `maxText` characters. */
export function rows(value: unknown, maxText: number): Row[] {
  const out: Row[] = [];
  for (const { path, level, value: v, sameAs } of walk(value, maxText)) {
    const depth = Math.max(0, level - 1);
    if (v instanceof Tensor) out.push({ path, depth, tensor: describeTensor(v) });
    else if (sameAs !== undefined) out.push({ path, depth, same_as: sameAs });
    else if (v instanceof Map || Array.isArray(v)) {
      if (level > 0) out.push({ path, depth });
    } else out.push({ path, depth, value: scalarText(v) });
  }
  return out;
}
