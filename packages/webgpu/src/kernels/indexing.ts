import { type Backend, DTypeError, type StridedView } from '@wick/tensor';
import { type Context, bufferOf } from '../context.js';
import { kindOf, load, store, wordsOf } from '../wgsl/dtypes.js';
import { WORKGROUP, buffersDecl, groupsFor, paramsDecl } from '../wgsl/strided.js';
import { bindOnce, bindings } from './bind.js';
import { copy } from './elementwise.js';

// index_select, gather, scatter, index (x[idx]) and index_put (x[idx] = v). Two kernels do all of
// them, both walking a shape with three strided operands (target, source, index) whose index value
// times a multiplier moves one operand:
//
// - `gather`: out[p] = x[xp + idx[ip] * mult], one thread per out element. index_select is a gather
//   whose index advances along `dim` only; index reads offsets precombined by the op layer (mult 1).
// - `claimed` (writes): dst[dp + idx[ip] * mult] = src[sp], one thread per position, in two
//   dispatches: each position first claims its target with atomicMax of its row-major number in
//   a scratch word per element of dst's storage, then only the claim's winner writes. Among
//   repeated targets the last position in row-major order wins, as on the CPU backend, and the
//   result is deterministic (PyTorch's CUDA kernels leave it undefined).
// - `lines` (reductions): dst[dp + idx[ip] * mult] (+=, *=) src[sp]. Two positions can hit one
//   target only when they agree on every "parallel" dim (for scatter, every dim but `dim`; for
//   index_put, the dims the offsets do not vary along), so one thread takes each parallel
//   position and walks the "serial" dims in row-major order: duplicates combine in the CPU
//   backend's order, so sums are deterministic and equal the CPU's (PyTorch's CUDA kernels add
//   with atomics, in no fixed order). The price is less parallelism: a 1-d x[idx] += v is one
//   thread.
//
// Elements move as raw words (int64 two per element), so every held dtype works; only the
// reductions read values. Index tensors are int32 or int64 (word pairs); advanced indexing's
// offsets arrive precombined and checked (ops/index-geometry.ts writes them to the device as int32:
// float64 offsets, for reaches past 2^31 elements, cannot occur, as no webgpu storage is that big).

type ScatterReduce = Parameters<Backend['scatter']>[4];

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Words per index element, for the index dtypes these ops take. */
function indexWords(index: StridedView): number {
  if (index.dtype === 'int32') return 1;
  if (index.dtype === 'int64') return 2;
  throw new DTypeError(`webgpu index kernels take int32 or int64 indices, got ${index.dtype}`);
}

/** Params: [n, rank, shape..., then per operand offset, strides..., then `extra`]. */
function walkParams(n: number, shape: readonly number[], operands: readonly (readonly [number, readonly number[]])[], extra: readonly number[]): number[] {
  const words = [n, shape.length, ...shape];
  for (const [offset, strides] of operands) words.push(offset, ...strides);
  words.push(...extra);
  return words;
}

/** WGSL: where operand k's offset lies in P (its stride along dim d, 1-based, follows at + d). */
const base = (k: number): string => `(2u + rank + ${k}u * (rank + 1u))`;
/** WGSL: the first word after three operands. */
const EXTRA = `(5u + 4u * rank)`;

/**
 * How an index value moves its operand: by `mult` elements per unit. Values at or past `limit`
 * (negative ones too, read as u32) are skipped: the op layer checks index values only where they
 * are on the CPU, and a device index out of range must not reach memory outside its tensor. (It
 * leaves the target unwritten, where PyTorch's CUDA kernels stop on a device-side assert.)
 */
interface Step {
  mult: number;
  limit: number;
}

/** Offsets precombined and checked by the op layer (advanced indexing): no limit. */
const OFFSETS: Step = { mult: 1, limit: 0xffffffff };

/** WGSL statements copying element `from` of b{src} to element `to` of b{dst}, word by word. */
function moveWords(words: number, dst: number, to: string, src: number, from: string): string {
  if (words === 1) return `b${dst}[${to}] = b${src}[${from}];`;
  return `b${dst}[2u * ${to}] = b${src}[2u * ${from}]; b${dst}[2u * ${to} + 1u] = b${src}[2u * ${from} + 1u];`;
}

/**
 * WGSL: the index value at element `at` of b{slot}, as u32 (a negative value, or an int64 past
 * 2^32, reads as 0xffffffff: out of every range).
 */
const indexValue = (iw: number, slot: number, at: string): string =>
  iw === 1 ? `b${slot}[${at}]` : `select(0xffffffffu, b${slot}[2u * ${at}], b${slot}[2u * ${at} + 1u] == 0u)`;

/** out[p] = x[x's position of p + index[index's position of p] * mult], over out's shape. */
function runGather(ctx: Context, out: StridedView, x: StridedView, xStrides: readonly number[], index: StridedView, iStrides: readonly number[], step: Step): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const ew = wordsOf(out.dtype);
  const iw = indexWords(index);
  const { buffers, slots } = bindOnce([out, x, index]);
  const [so, sx, si] = slots as [number, number, number];
  const key = `gather|w${ew}|i${iw}|${slots.join(',')}`;
  const pipeline = ctx.pipeline(key, () => `${buffersDecl(buffers.length)}
${paramsDecl(buffers.length)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WORKGROUP}u;
  if (i >= P[0]) { return; }
  let rank = P[1];
  var o = P[${base(0)}];
  var xp = P[${base(1)}];
  var ip = P[${base(2)}];
  var rem = i;
  for (var d = rank; d > 0u; d = d - 1u) {
    let c = rem % P[1u + d];
    rem = rem / P[1u + d];
    o = o + c * P[${base(0)} + d];
    xp = xp + c * P[${base(1)} + d];
    ip = ip + c * P[${base(2)} + d];
  }
  let v = ${indexValue(iw, si, 'ip')};
  if (v >= P[${EXTRA} + 1u]) { return; }
  let src_at = xp + v * P[${EXTRA}];
  ${moveWords(ew, so, 'o', sx, 'src_at')}
}`);
  const params = walkParams(n, out.shape, [[out.offset, out.strides], [x.offset, xStrides], [index.offset, iStrides]], [step.mult, step.limit]);
  ctx.queue.dispatch(pipeline, bindings(buffers), params, groupsFor(n));
}

/** How a `lines` kernel combines a source value with its target. */
type Combine = 'add' | 'multiply';

/**
 * WGSL statements that combine element `from` of b{src} into element `to` of b{dst}. `raw` stores
 * float16/bfloat16 sums unrounded (the caller rounds once at the end, as PyTorch's scatter does).
 */
function combineCode(combine: Combine, dtype: StridedView['dtype'], dst: number, to: string, src: number, from: string, raw: boolean): string {
  const a = load(dtype, `b${dst}`, to);
  const b = load(dtype, `b${src}`, from);
  const add = combine === 'add';
  let value: string;
  switch (kindOf(dtype)) {
    case 'f32':
    case 'i32':
      value = add ? `${a} + ${b}` : `${a} * ${b}`;
      break;
    case 'bool':
      // bool adds as logical or and multiplies as logical and.
      value = add ? `${a} || ${b}` : `${a} && ${b}`;
      break;
    case 'i64':
      value = add ? `i64_add(${a}, ${b})` : `i64_mul(${a}, ${b})`;
      break;
  }
  if (raw) return `b${dst}[${to}] = bitcast<u32>(${value});`;
  return store(dtype, `b${dst}`, to, `(${value})`);
}

/**
 * dst[dst's position of p + index[index's position of p] * mult] (=, +=, *=) src[p] over `shape`:
 * one thread per position of the dims not in `serial`, walking the `serial` dims in order.
 */
function runLines(
  ctx: Context,
  shape: readonly number[],
  serial: readonly boolean[],
  dst: StridedView,
  dStrides: readonly number[],
  index: StridedView,
  iStrides: readonly number[],
  src: StridedView,
  sStrides: readonly number[],
  step: Step,
  combine: Combine,
  raw: boolean,
): void {
  if (numel(shape) === 0) return;
  const parallel = numel(shape.filter((_, d) => !serial[d]));
  const lineLength = numel(shape.filter((_, d) => serial[d]));
  const iw = indexWords(index);
  const { buffers, slots } = bindOnce([dst, index, src]);
  const [sd, si, ss] = slots as [number, number, number];
  const key = `lines|${combine}|${dst.dtype}|${raw ? 'raw' : ''}|i${iw}|${slots.join(',')}`;
  const pipeline = ctx.pipeline(key, () => `${buffersDecl(buffers.length)}
${paramsDecl(buffers.length)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WORKGROUP}u;
  if (i >= P[0]) { return; }
  let rank = P[1];
  // P[EXTRA] is mult, then limit, then the line length, then one word per dim: 1 where the dim is serial.
  let mult = P[${EXTRA}];
  let limit = P[${EXTRA} + 1u];
  let lineLength = P[${EXTRA} + 2u];
  var dp = P[${base(0)}];
  var ip = P[${base(1)}];
  var sp = P[${base(2)}];
  var rem = i;
  for (var d = rank; d > 0u; d = d - 1u) {
    if (P[${EXTRA} + 2u + d] == 0u) {
      let c = rem % P[1u + d];
      rem = rem / P[1u + d];
      dp = dp + c * P[${base(0)} + d];
      ip = ip + c * P[${base(1)} + d];
      sp = sp + c * P[${base(2)} + d];
    }
  }
  for (var s = 0u; s < lineLength; s = s + 1u) {
    var r = s;
    var dq = dp;
    var iq = ip;
    var sq = sp;
    for (var d = rank; d > 0u; d = d - 1u) {
      if (P[${EXTRA} + 2u + d] != 0u) {
        let c = r % P[1u + d];
        r = r / P[1u + d];
        dq = dq + c * P[${base(0)} + d];
        iq = iq + c * P[${base(1)} + d];
        sq = sq + c * P[${base(2)} + d];
      }
    }
    let v = ${indexValue(iw, si, 'iq')};
    if (v < limit) {
      let dst_at = dq + v * mult;
      ${combineCode(combine, dst.dtype, sd, 'dst_at', ss, 'sq', raw)}
    }
  }
}`);
  const extra = [step.mult, step.limit, lineLength, ...serial.map((s) => (s ? 1 : 0))];
  const params = walkParams(parallel, shape, [[dst.offset, dStrides], [index.offset, iStrides], [src.offset, sStrides]], extra);
  ctx.queue.dispatch(pipeline, bindings(buffers), params, groupsFor(parallel));
}

/**
 * dst[dst's position of p + index[index's position of p] * mult] = src[p] over `shape`, the last
 * position (row-major) winning where targets repeat.
 */
function runClaimed(
  ctx: Context,
  shape: readonly number[],
  dst: StridedView,
  dStrides: readonly number[],
  index: StridedView,
  iStrides: readonly number[],
  src: StridedView,
  sStrides: readonly number[],
  step: Step,
): void {
  const n = numel(shape);
  if (n === 0) return;
  const iw = indexWords(index);
  const ew = wordsOf(dst.dtype);
  // One zeroed word per element of dst's storage: the number (from 1) of the position that wins it.
  const claims = bufferOf({ storage: ctx.allocate('int32', dst.storage.length), dtype: 'int32', shape: [dst.storage.length], strides: [1], offset: 0 });
  const { buffers, slots } = bindOnce([dst, index, src]);
  const [sd, si, ss] = slots as [number, number, number];
  const c = buffers.length;
  const key = `claimed|w${ew}|i${iw}|${slots.join(',')}`;
  const pipeline = ctx.pipeline(key, () => `${buffersDecl(c)}
@group(0) @binding(${c}) var<storage, read_write> claims: array<atomic<u32>>;
${paramsDecl(c + 1)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WORKGROUP}u;
  if (i >= P[0]) { return; }
  let rank = P[1];
  var dp = P[${base(0)}];
  var ip = P[${base(1)}];
  var sp = P[${base(2)}];
  var rem = i;
  for (var d = rank; d > 0u; d = d - 1u) {
    let c = rem % P[1u + d];
    rem = rem / P[1u + d];
    dp = dp + c * P[${base(0)} + d];
    ip = ip + c * P[${base(1)} + d];
    sp = sp + c * P[${base(2)} + d];
  }
  let v = ${indexValue(iw, si, 'ip')};
  if (v >= P[${EXTRA} + 1u]) { return; }
  let dst_at = dp + v * P[${EXTRA}];
  // P[EXTRA + 2]: 0 in the dispatch that claims, 1 in the one that writes.
  if (P[${EXTRA} + 2u] == 0u) {
    atomicMax(&claims[dst_at], i + 1u);
  } else if (atomicLoad(&claims[dst_at]) == i + 1u) {
    ${moveWords(ew, sd, 'dst_at', ss, 'sp')}
  }
}`);
  const operands: [number, readonly number[]][] = [[dst.offset, dStrides], [index.offset, iStrides], [src.offset, sStrides]];
  const bound = [...bindings(buffers), { buffer: claims }];
  for (const phase of [0, 1]) ctx.queue.dispatch(pipeline, bound, walkParams(n, shape, operands, [step.mult, step.limit, phase]), groupsFor(n));
}

const zeroAt = (strides: readonly number[], dim: number): number[] => strides.map((s, d) => (d === dim ? 0 : s));

/** out = x.index_select(dim, index): index (1-d, or one element) advances along dim only. */
export function indexSelect(ctx: Context, x: StridedView, dim: number, index: StridedView, out: StridedView): void {
  const step = index.strides[0] ?? 0;
  const iStrides = out.shape.map((_, d) => (d === dim ? step : 0));
  runGather(ctx, out, x, zeroAt(x.strides, dim), index, iStrides, { mult: x.strides[dim]!, limit: x.shape[dim]! });
}

/** out = x.gather(dim, index): out has index's shape. */
export function gather(ctx: Context, x: StridedView, dim: number, index: StridedView, out: StridedView): void {
  runGather(ctx, out, x, zeroAt(x.strides, dim), index, index.strides, { mult: x.strides[dim]!, limit: x.shape[dim]! });
}

const isReducedFloat = (dtype: string): boolean => dtype === 'float16' || dtype === 'bfloat16';

/**
 * out.scatter_(dim, index, src), or combined with out's values ('add', 'multiply'): a reduction
 * takes each line of index along dim on one thread, in index order. float16/bfloat16 reductions accumulate in float32
 * and round once at the end, as PyTorch's CPU kernel (and the CPU backend) do.
 */
export function scatter(ctx: Context, out: StridedView, dim: number, index: StridedView, src: StridedView, reduce: ScatterReduce): void {
  const strides = zeroAt(out.strides, dim);
  const step = { mult: out.strides[dim]!, limit: out.shape[dim]! };
  if (reduce === 'none') {
    runClaimed(ctx, index.shape, out, strides, index, index.strides, src, src.strides, step);
    return;
  }
  const raw = isReducedFloat(out.dtype);
  const serial = index.shape.map((_, d) => d === dim);
  runLines(ctx, index.shape, serial, out, strides, index, index.strides, src, src.strides, step, reduce, raw);
  // Rounding is idempotent, so rounding every element of out also rounds the ones left alone.
  if (raw) copy(ctx, out, out);
}

/** Advanced indexing: out[p] = src[p + offsets[p]] over out's shape (offsets precombined, int32). */
export function index(ctx: Context, src: StridedView, offsets: StridedView, out: StridedView): void {
  runGather(ctx, out, src, src.strides, offsets, offsets.strides, OFFSETS);
}

/**
 * dst[p + offsets[p]] = values[p] (+= with accumulate) over values' shape. Among repeated targets
 * the last write wins; with accumulate, the dims the offsets vary along are walked serially per
 * thread, in row-major order, so sums add in the CPU backend's order (float16/bfloat16 rounded
 * per add, as PyTorch's CPU kernel does).
 */
export function indexPut(ctx: Context, dst: StridedView, offsets: StridedView, values: StridedView, accumulate: boolean): void {
  const shape = values.shape;
  if (!accumulate) {
    runClaimed(ctx, shape, dst, dst.strides, offsets, offsets.strides, values, values.strides, OFFSETS);
    return;
  }
  const serial = offsets.strides.map((s, d) => s !== 0 && shape[d]! > 1);
  runLines(ctx, shape, serial, dst, dst.strides, offsets, offsets.strides, values, values.strides, OFFSETS, 'add', false);
}
