import type { StridedView } from '@wick/tensor';
import type { Context } from '../context.js';
import { type Kind, kindOf, load, store } from '../wgsl/dtypes.js';
import { WORKGROUP, buffersDecl, groupsFor, paramsDecl } from '../wgsl/strided.js';
import { bindOnce, bindings } from './bind.js';
import { fill } from './elementwise.js';

// Batched matrix product out[b] = a[b] @ b[b]: a [B, M, K], b [B, K, N], out [B, M, N], any strides
// (a transposed operand, as in x @ W^T, is read in place; a broadcast batch has stride 0).
//
// Two kernels, each compiled once per dtype (and the tiled one per operand layout), never per shape:
// - `tiled` (float and 32-bit integer kinds, outputs of at least TILE_MIN on a side): a workgroup
//   of 16x16 threads computes a 64x64 block of out, each thread a 4x4 register block (rows ty +
//   16i, cols tx + 16j, so neighbouring threads read neighbouring shared words and store
//   neighbouring columns). K advances 16 at a time through 64x16 tiles of a and b in workgroup
//   memory, loaded so that neighbouring threads read neighbouring addresses of whichever operand
//   axis is contiguous (the layout is part of the key). Edges load zeros and skip stores, so any
//   size works.
// - `simple`: one thread per element of out, for small, thin (matrix-vector) or int64 products.
//
// Both sum over K in order, one product at a time: float kinds accumulate in float32 (float16 and
// bfloat16 values held as float32 words, rounded once when stored), integer kinds wrap as C does
// (int64 with the word-pair helpers). The float32 sum of K products has error at most about
// K * 2^-24 * sum_k |a_ik b_kj| against the exact sum; PyTorch's blocked CPU kernels sum in
// another order within the same bound.

const TILE = 64;
const TK = 16;
/** Below this many rows or columns the tiled kernel would mostly compute padding. */
const TILE_MIN = 32;
/** Workgroups per dispatch dimension (WebGPU's limit): batches beyond it go in further dispatches. */
const MAX_GROUPS = 65535;

/** The accumulator's WGSL type, zero, and one multiply-add step for a kind. */
interface Arithmetic {
  type: string;
  zero: string;
  mad: (acc: string, x: string, y: string) => string;
}

function arithmetic(kind: Kind): Arithmetic {
  switch (kind) {
    case 'f32':
      return { type: 'f32', zero: '0.0', mad: (acc, x, y) => `${acc} = ${acc} + ${x} * ${y};` };
    case 'i32':
    case 'bool':
      return { type: 'i32', zero: '0', mad: (acc, x, y) => `${acc} = ${acc} + ${x} * ${y};` };
    case 'i64':
      return {
        type: 'vec2<u32>',
        zero: 'vec2<u32>(0u)',
        mad: (acc, x, y) => `${acc} = i64_add(${acc}, i64_mul(${x}, ${y}));`,
      };
  }
}

/** Params: [B, M, N, K, then a, b, out as offset, batch stride, row stride, col stride, then the first batch]. */
function matmulParams(a: StridedView, b: StridedView, out: StridedView, firstBatch: number): number[] {
  const [B, M, N] = out.shape as [number, number, number];
  const K = a.shape[2]!;
  return [B, M, N, K, a.offset, ...a.strides, b.offset, ...b.strides, out.offset, ...out.strides, firstBatch];
}

export function matmul(ctx: Context, a: StridedView, b: StridedView, out: StridedView): void {
  const [B, M, N] = out.shape as [number, number, number];
  const K = a.shape[2]!;
  if (B === 0 || M === 0 || N === 0) return;
  if (K === 0) {
    fill(ctx, out, 0);
    return;
  }
  const kind = kindOf(a.dtype);
  if ((kind === 'f32' || kind === 'i32') && M >= TILE_MIN && N >= TILE_MIN) tiled(ctx, a, b, out);
  else simple(ctx, a, b, out);
}

function simple(ctx: Context, a: StridedView, b: StridedView, out: StridedView): void {
  const [B, M, N] = out.shape as [number, number, number];
  const { buffers, slots } = bindOnce([a, b, out]);
  const [sa, sb, so] = slots as [number, number, number];
  const kind = kindOf(a.dtype);
  const { type, zero, mad } = arithmetic(kind);
  const key = `matmul|simple|${a.dtype}|${slots.join(',')}`;
  const pipeline = ctx.pipeline(key, () => `${buffersDecl(buffers.length)}
${paramsDecl(buffers.length)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WORKGROUP}u;
  let M = P[1];
  let N = P[2];
  let K = P[3];
  if (i >= P[0] * M * N) { return; }
  let n = i % N;
  let m = (i / N) % M;
  let batch = i / (N * M);
  var pa = P[4] + batch * P[5] + m * P[6];
  var pb = P[8] + batch * P[9] + n * P[11];
  var acc: ${type} = ${zero};
  for (var k = 0u; k < K; k = k + 1u) {
    let x = ${load(a.dtype, `b${sa}`, 'pa')};
    let y = ${load(b.dtype, `b${sb}`, 'pb')};
    ${mad('acc', kind === 'bool' ? 'select(0, 1, x)' : 'x', kind === 'bool' ? 'select(0, 1, y)' : 'y')}
    pa = pa + P[7];
    pb = pb + P[10];
  }
  let po = P[12] + batch * P[13] + m * P[14] + n * P[15];
  ${store(out.dtype, `b${so}`, 'po', kind === 'bool' ? 'acc != 0' : 'acc')}
}`);
  ctx.queue.dispatch(pipeline, bindings(buffers), matmulParams(a, b, out, 0), groupsFor(B * M * N));
}

function tiled(ctx: Context, a: StridedView, b: StridedView, out: StridedView): void {
  const [B, M, N] = out.shape as [number, number, number];
  const { buffers, slots } = bindOnce([a, b, out]);
  const [sa, sb, so] = slots as [number, number, number];
  const kind = kindOf(a.dtype);
  const { type, zero, mad } = arithmetic(kind);
  // Which axis of each operand neighbouring threads walk while loading a tile.
  const aAlongK = a.strides[2] === 1;
  const bAlongN = b.strides[2] === 1;
  const key = `matmul|tiled|${a.dtype}|${aAlongK ? 'k' : 'm'}${bAlongN ? 'n' : 'k'}|${slots.join(',')}`;
  const threads = (TILE / 4) * (TILE / 4);
  const perThread = (TILE * TK) / threads;
  const pipeline = ctx.pipeline(key, () => {
    const loads: string[] = [];
    for (let r = 0; r < perThread; r++) {
      const e = `(t + ${r * threads}u)`;
      const [am, ak] = aAlongK ? [`${e} / ${TK}u`, `${e} % ${TK}u`] : [`${e} % ${TILE}u`, `${e} / ${TILE}u`];
      const [bk, bn] = bAlongN ? [`${e} / ${TILE}u`, `${e} % ${TILE}u`] : [`${e} % ${TK}u`, `${e} / ${TK}u`];
      loads.push(`{
      let m = ${am};
      let k = ${ak};
      var v: ${type} = ${zero};
      if (row0 + m < M && k0 + k < K) {
        v = ${load(a.dtype, `b${sa}`, 'aBase + (row0 + m) * P[6] + (k0 + k) * P[7]')};
      }
      As[k * ${TILE}u + m] = v;
    }
    {
      let k = ${bk};
      let n = ${bn};
      var v: ${type} = ${zero};
      if (col0 + n < N && k0 + k < K) {
        v = ${load(b.dtype, `b${sb}`, 'bBase + (k0 + k) * P[10] + (col0 + n) * P[11]')};
      }
      Bs[k * ${TILE}u + n] = v;
    }`);
    }
    const regs: string[] = [];
    for (let i = 0; i < 4; i++) regs.push(`let a${i} = As[k * ${TILE}u + lid.y + ${16 * i}u];`);
    for (let j = 0; j < 4; j++) regs.push(`let c${j} = Bs[k * ${TILE}u + lid.x + ${16 * j}u];`);
    const mads: string[] = [];
    const stores: string[] = [];
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        mads.push(mad(`acc${i}${j}`, `a${i}`, `c${j}`));
        stores.push(`if (row0 + lid.y + ${16 * i}u < M && col0 + lid.x + ${16 * j}u < N) {
    let po = oBase + (row0 + lid.y + ${16 * i}u) * P[14] + (col0 + lid.x + ${16 * j}u) * P[15];
    ${store(out.dtype, `b${so}`, 'po', `acc${i}${j}`)}
  }`);
      }
    }
    const accs = mads.map((_, k) => `var acc${Math.floor(k / 4)}${k % 4}: ${type} = ${zero};`);
    return `${buffersDecl(buffers.length)}
${paramsDecl(buffers.length)}
var<workgroup> As: array<${type}, ${TILE * TK}>;
var<workgroup> Bs: array<${type}, ${TILE * TK}>;
@compute @workgroup_size(${TILE / 4}, ${TILE / 4})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let M = P[1];
  let N = P[2];
  let K = P[3];
  let batch = wid.z + P[16];
  let row0 = wid.y * ${TILE}u;
  let col0 = wid.x * ${TILE}u;
  let aBase = P[4] + batch * P[5];
  let bBase = P[8] + batch * P[9];
  let oBase = P[12] + batch * P[13];
  let t = lid.y * ${TILE / 4}u + lid.x;
  ${accs.join('\n  ')}
  for (var k0 = 0u; k0 < K; k0 = k0 + ${TK}u) {
    ${loads.join('\n    ')}
    workgroupBarrier();
    for (var k = 0u; k < ${TK}u; k = k + 1u) {
      ${regs.join('\n      ')}
      ${mads.join('\n      ')}
    }
    workgroupBarrier();
  }
  ${stores.join('\n  ')}
}`;
  });
  const groups: [number, number] = [Math.ceil(N / TILE), Math.ceil(M / TILE)];
  for (let first = 0; first < B; first += MAX_GROUPS) {
    const batches = Math.min(MAX_GROUPS, B - first);
    ctx.queue.dispatch(pipeline, bindings(buffers), matmulParams(a, b, out, first), [groups[0], groups[1], batches]);
  }
}
