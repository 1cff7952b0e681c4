// The rows `wick inspect` prints: every entry of a loaded checkpoint with its path, and for
// tensors their dtype, shape, element count and bytes (sparse and quantized ones also what they
// are). A dict or list that the file shares is listed once, then named by where it was listed
// (see walk.ts).
import { QuantizedTensor, SparseTensor, Tensor, itemsize } from '@wick/tensor';
import { walk } from './walk.js';

export interface Row {
  path: string;
  depth: number;
  /** A tensor's description, or a scalar's text; undefined for containers. */
  tensor?: { dtype: string; shape: number[]; numel: number; bytes: number; kind?: string };
  value?: string;
  /** A dict, list or tuple met before (the file shares it): the path where it is listed. */
  same_as?: string;
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
      : `${t.qscheme()} axis=${t.q_per_channel_axis()}`;
    // int_repr() is the stored integers: packed for quint4x2/quint2x4, so their bytes, not numel's.
    const ints = t.int_repr();
    return { dtype: t.dtype, shape: [...t.shape], numel, bytes: count(ints.shape) * itemsize(ints.dtype), kind };
  }
  return { dtype: t.dtype, shape: [...t.shape], numel, bytes: bytesOf(t) };
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
    if (v instanceof Tensor || v instanceof SparseTensor || v instanceof QuantizedTensor) out.push({ path, depth, tensor: describeTensor(v) });
    else if (sameAs !== undefined) out.push({ path, depth, same_as: sameAs });
    else if (v instanceof Map || Array.isArray(v)) {
      if (level > 0) out.push({ path, depth });
    } else out.push({ path, depth, value: scalarText(v) });
  }
  return out;
}
