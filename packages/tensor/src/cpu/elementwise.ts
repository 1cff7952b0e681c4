import type { DType } from '../dtype.js';
import type { BinaryOp, UnaryOp } from '../ops/table.js';
import type { StridedView } from '../storage.js';
import { type BinaryLoop, type Elements, type UnaryLoop, binaryLoop, unaryLoop } from './compile.js';
import { forEachRow, planRows } from './iterate.js';
import { wasmUnary } from './wasm/elementwise.js';

// Inputs arrive in one compute dtype that the CPU holds natively (float16/bfloat16 were widened to
// float32 by the backend). The formula used depends on that dtype: int64 elements are bigints.
type Variant = 'f' | 'f32' | 'int' | 'i64';

function variantOf(d: DType): Variant {
  if (d === 'int64') return 'i64';
  if (d === 'float32') return 'f32';
  if (d === 'float64') return 'f';
  return 'int';
}

const unaryLoops = new Map<string, UnaryLoop>();
const binaryLoops = new Map<string, BinaryLoop>();

function unaryFor(op: UnaryOp, d: DType, toBool: boolean): UnaryLoop {
  const v = variantOf(d);
  const key = `${op.name}/${v}/${toBool}`;
  let loop = unaryLoops.get(key);
  if (!loop) {
    const f = v === 'i64' && op.i64 ? op.i64 : v === 'f32' && op.f32 ? op.f32 : op.f;
    loop = unaryLoop(`${op.name}_${v}`, f, toBool);
    unaryLoops.set(key, loop);
  }
  return loop;
}

function binaryFor(op: BinaryOp, d: DType, toBool: boolean): BinaryLoop {
  const v = variantOf(d);
  const key = `${op.name}/${v}/${toBool}`;
  let loop = binaryLoops.get(key);
  if (!loop) {
    const f = v === 'i64' && op.i64 ? op.i64 : v === 'int' && op.int ? op.int : op.f;
    loop = binaryLoop(`${op.name}_${v}`, f, toBool);
    binaryLoops.set(key, loop);
  }
  return loop;
}

export function unary(op: UnaryOp, x: StridedView, out: StridedView): void {
  if (wasmUnary(op.name, x, out)) return;
  const loop = unaryFor(op, x.dtype, out.dtype === 'bool');
  const xd = x.storage.data!;
  const od: Elements = out.storage.data!;
  forEachRow(planRows(out.shape, [x.strides, out.strides]), [x.offset, out.offset], (off, n, s) =>
    loop(xd, off[0], s[0], od, off[1], s[1], n),
  );
}

export function binary(op: BinaryOp, a: StridedView, b: StridedView, out: StridedView): void {
  const loop = binaryFor(op, a.dtype, out.dtype === 'bool');
  const ad = a.storage.data!;
  const bd = b.storage.data!;
  const od: Elements = out.storage.data!;
  const rows = planRows(out.shape, [a.strides, b.strides, out.strides]);
  forEachRow(rows, [a.offset, b.offset, out.offset], (off, n, s) =>
    loop(ad, off[0], s[0], bd, off[1], s[1], od, off[2], s[2], n),
  );
}

export function where(cond: StridedView, a: StridedView, b: StridedView, out: StridedView): void {
  const cd = cond.storage.data!;
  const ad = a.storage.data!;
  const bd = b.storage.data!;
  const od: Elements = out.storage.data!;
  const rows = planRows(out.shape, [cond.strides, a.strides, b.strides, out.strides]);
  forEachRow(rows, [cond.offset, a.offset, b.offset, out.offset], (off, n, s) => {
    let [ci, ai, bi, oi] = off as [number, number, number, number];
    for (let i = 0; i < n; i++, ci += s[0], ai += s[1], bi += s[2], oi += s[3]) od[oi] = cd[ci] ? ad[ai] : bd[bi];
  });
}

export function clamp(x: StridedView, lo: number | bigint | null, hi: number | bigint | null, out: StridedView): void {
  const xd = x.storage.data!;
  const od: Elements = out.storage.data!;
  const rows = planRows(out.shape, [x.strides, out.strides]);
  // NOTE: clamp propagates a NaN input (max/min with NaN give NaN), and when lo > hi every
  // element becomes hi, as PyTorch's min(max(x, lo), hi) does.
  forEachRow(rows, [x.offset, out.offset], (off, n, s) => {
    for (let i = 0, xi = off[0], oi = off[1]; i < n; i++, xi += s[0], oi += s[1]) {
      let v = xd[xi] as number | bigint;
      if (v !== v) {
        od[oi] = v;
        continue;
      }
      if (lo !== null && v < lo) v = lo;
      if (hi !== null && v > hi) v = hi;
      od[oi] = v;
    }
  });
}
