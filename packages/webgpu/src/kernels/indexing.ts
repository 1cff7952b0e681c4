import { type Backend, type DType, DTypeError, type StridedView } from '@wick/tensor';
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

/** An operand of a walk: its view, and its strides over the walked shape. */
interface Operand {
  view: StridedView;
  strides: readonly number[];
}

/**
 * Three operands walked together over `shape`; the index's value times step.mult moves the
 * source (gather) or the target (scatter and index_put).
 */
interface Walk {
  shape: readonly number[];
  dst: Operand;
  src: Operand;
  index: Operand;
  step: Step;
}

const operand = (view: StridedView, strides: readonly number[] = view.strides): Operand => ({ view, strides });

/** Words per index element, for the index dtypes these ops take. */
function indexWords(index: StridedView): number {
  if (index.dtype === 'int32') return 1;
  if (index.dtype === 'int64') return 2;
  throw new DTypeError(`webgpu index kernels take int32 or int64 indices, got ${index.dtype}`);
}

/**
 * The buffers of a walk's operands (each bound once) and the pieces of its kernels' source and
 * key: words per element and per index, and each operand's binding.
 */
function prepare(walk: Walk) {
  const { buffers, slots } = bindOnce([walk.dst.view, walk.src.view, walk.index.view]);
  const [dst, src, index] = slots as [number, number, number];
  const ew = wordsOf(walk.dst.view.dtype);
  const iw = indexWords(walk.index.view);
  return { buffers, dst, src, index, ew, iw, key: `w${ew}|i${iw}|${slots.join(',')}` };
}

/** Params: [threads, rank, shape..., per operand (dst, src, index) offset and strides, mult, limit, extra...]. */
function walkParams(threads: number, walk: Walk, extra: readonly number[]): number[] {
  const words = [threads, walk.shape.length, ...walk.shape];
  for (const { view, strides } of [walk.dst, walk.src, walk.index]) words.push(view.offset, ...strides);
  words.push(walk.step.mult, walk.step.limit, ...extra);
  return words;
}

// WGSL reading walkParams: operand k's offset lies at base(k), its stride along dim d (1-based) at
// base(k) + d; mult at MULT, limit at MULT + 1, and the extra words from EXTRA.
const base = (k: number): string => `(2u + rank + ${k}u * (rank + 1u))`;
const MULT = '(5u + 4u * rank)';
const EXTRA = '(7u + 4u * rank)';

/**
 * WGSL statements adding to dq, sq, iq (dst, src, index element indices) the coordinates of `lin`
 * over the dims where `test(d)` holds (row-major, last dim fastest).
 */
function walkCode(lin: string, [dq, sq, iq]: readonly string[], test = 'true'): string {
  return `var rem = ${lin};
  for (var d = rank; d > 0u; d = d - 1u) {
    if (${test}) {
      let c = rem % P[1u + d];
      rem = rem / P[1u + d];
      ${dq} = ${dq} + c * P[${base(0)} + d];
      ${sq} = ${sq} + c * P[${base(1)} + d];
      ${iq} = ${iq} + c * P[${base(2)} + d];
    }
  }`;
}

/** The kernel's entry point, the thread number `i`, and the walk's rank. */
const entry = `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WORKGROUP}u;
  if (i >= P[0]) { return; }
  let rank = P[1];`;

/** WGSL statements copying element `from` of b{src} to element `to` of b{dst}, word by word. */
function moveWords(words: number, dst: number, to: string, src: number, from: string): string {
  if (words === 1) return `b${dst}[${to}] = b${src}[${from}];`;
  return `b${dst}[2u * ${to}] = b${src}[2u * ${from}];
    b${dst}[2u * ${to} + 1u] = b${src}[2u * ${from} + 1u];`;
}

/**
 * WGSL: the index value at element `at` of b{slot}, as u32 (a negative value, or an int64 past
 * 2^32, reads as 0xffffffff: out of every range).
 */
function indexValue(iw: number, slot: number, at: string): string {
  if (iw === 1) return `b${slot}[${at}]`;
  return `select(0xffffffffu, b${slot}[2u * ${at}], b${slot}[2u * ${at} + 1u] == 0u)`;
}

/** dst[p] = src[src's position of p + index[p] * mult], one thread per position. */
function runGather(ctx: Context, walk: Walk): void {
  const n = numel(walk.shape);
  if (n === 0) return;
  const k = prepare(walk);
  const pipeline = ctx.pipeline(`gather|${k.key}`, () => `${buffersDecl(k.buffers.length)}
${paramsDecl(k.buffers.length)}
${entry}
  var dp = P[${base(0)}];
  var sp = P[${base(1)}];
  var ip = P[${base(2)}];
  ${walkCode('i', ['dp', 'sp', 'ip'])}
  let v = ${indexValue(k.iw, k.index, 'ip')};
  if (v >= P[${MULT} + 1u]) { return; }
  let src_at = sp + v * P[${MULT}];
  ${moveWords(k.ew, k.dst, 'dp', k.src, 'src_at')}
}`);
  ctx.queue.dispatch(pipeline, bindings(k.buffers), walkParams(n, walk, []), groupsFor(n));
}

/**
 * dst[dst's position of p + index[p] * mult] = src[p], one thread per position, the last position
 * (row-major) winning where targets repeat.
 */
function runClaimed(ctx: Context, walk: Walk): void {
  const n = numel(walk.shape);
  if (n === 0) return;
  const k = prepare(walk);
  // One zeroed word per element of dst's storage: the number (from 1) of the position that wins it.
  const length = walk.dst.view.storage.length;
  const storage = ctx.allocate('int32', length);
  const claims = bufferOf({ storage, dtype: 'int32', shape: [length], strides: [1], offset: 0 });
  const c = k.buffers.length;
  const pipeline = ctx.pipeline(`claimed|${k.key}`, () => `${buffersDecl(c)}
@group(0) @binding(${c}) var<storage, read_write> claims: array<atomic<u32>>;
${paramsDecl(c + 1)}
${entry}
  var dp = P[${base(0)}];
  var sp = P[${base(1)}];
  var ip = P[${base(2)}];
  ${walkCode('i', ['dp', 'sp', 'ip'])}
  let v = ${indexValue(k.iw, k.index, 'ip')};
  if (v >= P[${MULT} + 1u]) { return; }
  let dst_at = dp + v * P[${MULT}];
  // P[EXTRA]: 0 in the dispatch that claims, 1 in the one that writes.
  if (P[${EXTRA}] == 0u) {
    atomicMax(&claims[dst_at], i + 1u);
  } else if (atomicLoad(&claims[dst_at]) == i + 1u) {
    ${moveWords(k.ew, k.dst, 'dst_at', k.src, 'sp')}
  }
}`);
  const bound = [...bindings(k.buffers), { buffer: claims }];
  for (const phase of [0, 1]) ctx.queue.dispatch(pipeline, bound, walkParams(n, walk, [phase]), groupsFor(n));
}

/** How a `lines` kernel combines a source value with its target. */
type Combine = 'add' | 'multiply';

/**
 * WGSL statements that combine element `from` of b{src} into element `to` of b{dst}. `raw` stores
 * float16/bfloat16 sums unrounded (the caller rounds once at the end, as PyTorch's scatter does).
 */
function combineCode(
  combine: Combine,
  dtype: DType,
  [dst, to]: [number, string],
  [src, from]: [number, string],
  raw: boolean,
): string {
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
 * dst[dst's position of p + index[p] * mult] (+= or *=) src[p]: one thread per position of the
 * dims not in `serial`, walking the `serial` dims in row-major order.
 */
function runLines(ctx: Context, walk: Walk, serial: readonly boolean[], combine: Combine, raw: boolean): void {
  if (numel(walk.shape) === 0) return;
  const threads = numel(walk.shape.filter((_, d) => !serial[d]));
  const lineLength = numel(walk.shape.filter((_, d) => serial[d]));
  const k = prepare(walk);
  const dtype = walk.dst.view.dtype;
  const key = `lines|${combine}|${dtype}|${raw ? 'raw' : ''}|${k.key}`;
  const pipeline = ctx.pipeline(key, () => `${buffersDecl(k.buffers.length)}
${paramsDecl(k.buffers.length)}
${entry}
  // P[EXTRA] is the line length, then one word per dim: 1 where the dim is serial.
  var dp = P[${base(0)}];
  var sp = P[${base(1)}];
  var ip = P[${base(2)}];
  {
    ${walkCode('i', ['dp', 'sp', 'ip'], `P[${EXTRA} + d] == 0u`)}
  }
  for (var s = 0u; s < P[${EXTRA}]; s = s + 1u) {
    var dq = dp;
    var sq = sp;
    var iq = ip;
    ${walkCode('s', ['dq', 'sq', 'iq'], `P[${EXTRA} + d] != 0u`)}
    let v = ${indexValue(k.iw, k.index, 'iq')};
    if (v < P[${MULT} + 1u]) {
      let dst_at = dq + v * P[${MULT}];
      ${combineCode(combine, dtype, [k.dst, 'dst_at'], [k.src, 'sq'], raw)}
    }
  }
}`);
  const params = walkParams(threads, walk, [lineLength, ...serial.map((s) => (s ? 1 : 0))]);
  ctx.queue.dispatch(pipeline, bindings(k.buffers), params, groupsFor(threads));
}

const zeroAt = (strides: readonly number[], dim: number): number[] => strides.map((s, d) => (d === dim ? 0 : s));

/** out = x.index_select(dim, index): index (1-d, or one element) advances along dim only. */
export function indexSelect(ctx: Context, x: StridedView, dim: number, index: StridedView, out: StridedView): void {
  const along = index.strides[0] ?? 0;
  runGather(ctx, {
    shape: out.shape,
    dst: operand(out),
    src: operand(x, zeroAt(x.strides, dim)),
    index: operand(index, out.shape.map((_, d) => (d === dim ? along : 0))),
    step: { mult: x.strides[dim]!, limit: x.shape[dim]! },
  });
}

/** out = x.gather(dim, index): out has index's shape. */
export function gather(ctx: Context, x: StridedView, dim: number, index: StridedView, out: StridedView): void {
  runGather(ctx, {
    shape: out.shape,
    dst: operand(out),
    src: operand(x, zeroAt(x.strides, dim)),
    index: operand(index),
    step: { mult: x.strides[dim]!, limit: x.shape[dim]! },
  });
}

const isReducedFloat = (dtype: DType): boolean => dtype === 'float16' || dtype === 'bfloat16';

/**
 * out.scatter_(dim, index, src), or combined with out's values ('add', 'multiply'): a reduction
 * takes each line of index along dim on one thread, in index order. float16/bfloat16 reductions
 * accumulate in float32 and round once at the end, as PyTorch's CPU kernel (and the CPU backend) do.
 */
export function scatter(
  ctx: Context,
  out: StridedView,
  dim: number,
  index: StridedView,
  src: StridedView,
  reduce: ScatterReduce,
): void {
  const walk: Walk = {
    shape: index.shape,
    dst: operand(out, zeroAt(out.strides, dim)),
    src: operand(src),
    index: operand(index),
    step: { mult: out.strides[dim]!, limit: out.shape[dim]! },
  };
  if (reduce === 'none') {
    runClaimed(ctx, walk);
    return;
  }
  const raw = isReducedFloat(out.dtype);
  runLines(ctx, walk, index.shape.map((_, d) => d === dim), reduce, raw);
  // Rounding is idempotent, so rounding every element of out also rounds the ones left alone.
  if (raw) copy(ctx, out, out);
}

/** Advanced indexing: out[p] = src[p + offsets[p]] over out's shape (offsets precombined, int32). */
export function index(ctx: Context, src: StridedView, offsets: StridedView, out: StridedView): void {
  runGather(ctx, { shape: out.shape, dst: operand(out), src: operand(src), index: operand(offsets), step: OFFSETS });
}

/**
 * dst[p + offsets[p]] = values[p] (+= with accumulate) over values' shape. Among repeated targets
 * the last write wins; with accumulate, the dims the offsets vary along are walked serially per
 * thread, in row-major order, so sums add in the CPU backend's order (float16/bfloat16 rounded
 * per add, as PyTorch's CPU kernel does).
 */
export function indexPut(
  ctx: Context,
  dst: StridedView,
  offsets: StridedView,
  values: StridedView,
  accumulate: boolean,
): void {
  const shape = values.shape;
  const walk: Walk = { shape, dst: operand(dst), src: operand(values), index: operand(offsets), step: OFFSETS };
  if (!accumulate) {
    runClaimed(ctx, walk);
    return;
  }
  runLines(ctx, walk, offsets.strides.map((s, d) => s !== 0 && shape[d]! > 1), 'add', false);
}
