import { bfloat16BitsToNumber, halfBitsToNumber, numberToBfloat16Bits, numberToHalfBits } from '../half.js';
import type { StridedView } from '../storage.js';
import type { Elements } from './compile.js';
import { forEachRow, planRows } from './iterate.js';

// Advanced indexing kernels (PyTorch's index and index_put kernels). The op layer has already
// checked every index value and combined the index tensors into one element offset per position
// (ops/advanced-index.ts), so these loops only move elements: src/dst have stride 0 along the
// indexed dims and `offsets` (int32 or float64 numbers) says where each position reads or writes.

interface Numbers {
  [i: number]: number;
}
interface BigInts {
  [i: number]: bigint;
}

/** out[p] = src[p + offsets[p]] over out's shape; raw element copies, so every dtype works. */
export function index(src: StridedView, offsets: StridedView, out: StridedView): void {
  const sd = src.storage.data!;
  const od: Elements = out.storage.data!;
  const off = offsets.storage.data as Int32Array | Float64Array;
  const rows = planRows(out.shape, [src.strides, offsets.strides, out.strides]);
  forEachRow(rows, [src.offset, offsets.offset, out.offset], (at, n, inner) => {
    const [ss, fs, os] = inner as [number, number, number];
    for (let i = 0, p = at[0]!, q = at[1]!, r = at[2]!; i < n; i++, p += ss, q += fs, r += os) od[r] = sd[p + off[q]!];
  });
}

/**
 * dst[p + offsets[p]] = values[p] over values' (already broadcast) shape, or += with `accumulate`.
 * Positions are visited in row-major order, so among repeated targets the last write wins, and
 * accumulation adds in that order (PyTorch's single-threaded CPU kernel does the same).
 */
export function indexPut(dst: StridedView, offsets: StridedView, values: StridedView, accumulate: boolean): void {
  const dd: Elements = dst.storage.data!;
  const vd: Elements = values.storage.data!;
  const off = offsets.storage.data as Int32Array | Float64Array;
  const mode = !accumulate ? 'set' : accumulateMode(dst.dtype);
  const rows = planRows(values.shape, [dst.strides, offsets.strides, values.strides]);
  forEachRow(rows, [dst.offset, offsets.offset, values.offset], (at, n, inner) => {
    const [ds, fs, vs] = inner as [number, number, number];
    let p = at[0]!;
    let q = at[1]!;
    let r = at[2]!;
    if (mode === 'set') {
      for (let i = 0; i < n; i++, p += ds, q += fs, r += vs) dd[p + off[q]!] = vd[r];
    } else if (mode === 'add') {
      // NOTE: typed arrays round (float32) or wrap (int8..int32, uint8) on store, as C++'s += does.
      const o = dd as Numbers;
      const v = vd as Numbers;
      for (let i = 0; i < n; i++, p += ds, q += fs, r += vs) o[p + off[q]!] += v[r]!;
    } else if (mode === 'addBig') {
      const o = dd as BigInts;
      const v = vd as BigInts;
      for (let i = 0; i < n; i++, p += ds, q += fs, r += vs) o[p + off[q]!] += v[r]!;
    } else if (mode === 'or') {
      // NOTE: bool += bool is logical or: storing 1 + 1 would leave 2 in the Uint8Array.
      for (let i = 0; i < n; i++, p += ds, q += fs, r += vs) {
        const t = p + off[q]!;
        dd[t] = dd[t] || vd[r] ? 1 : 0;
      }
    } else {
      // float16/bfloat16: c10::Half += Half adds in float32 and rounds the sum back, per element.
      const o = dd as Numbers;
      const v = vd as Numbers;
      const half = mode === 'addHalf';
      for (let i = 0; i < n; i++, p += ds, q += fs, r += vs) {
        const t = p + off[q]!;
        o[t] = half
          ? numberToHalfBits(Math.fround(halfBitsToNumber(o[t]!) + halfBitsToNumber(v[r]!)))
          : numberToBfloat16Bits(Math.fround(bfloat16BitsToNumber(o[t]!) + bfloat16BitsToNumber(v[r]!)));
      }
    }
  });
}

function accumulateMode(dtype: string): 'add' | 'addBig' | 'or' | 'addHalf' | 'addBfloat16' {
  if (dtype === 'int64') return 'addBig';
  if (dtype === 'bool') return 'or';
  if (dtype === 'float16') return 'addHalf';
  if (dtype === 'bfloat16') return 'addBfloat16';
  return 'add';
}
