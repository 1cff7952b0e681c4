import type { StridedView } from '@wick/tensor';
import { bufferOf, type Context } from '../context.js';

// Geometry shared by the kernels that work along lines (reductions, scans, softmax, sort): an
// "outer" index r over the lines and an "inner" index j along one line, each mapped to every
// operand's element index through that operand's offset and strides. Lines are spread over
// workgroups of 64 threads, `lanes` threads to a line (a power of two dividing 64, so a line's
// lanes share a workgroup and its memory): long lines get 64 lanes that combine through a tree
// in workgroup memory, short lines one lane each, so many short lines run one to a thread.
//
// Parameters: [lines, n, lanes, outerRank, innerRank, outerShape..., innerShape..., then per
// operand: offset, outerStrides..., innerStrides...], then the kernel's own scalars.

export const GROUP = 64;

/** One operand: its view's offset, and its strides along the outer dims and along the line. */
export interface LineOperand {
  readonly view: StridedView;
  readonly outer: readonly number[];
  readonly inner: readonly number[];
}

export interface LineGeometry {
  readonly outerShape: readonly number[];
  readonly innerShape: readonly number[];
  readonly operands: readonly LineOperand[];
}

/**
 * Drops size-1 dims and merges neighbouring dims that every operand steps through evenly, so the
 * shader's index loops run over as few dims as the layout allows (row-major order is kept).
 */
function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): [number[], number[][]] {
  const s: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = s.length - 1;
    if (last >= 0 && strides.every((o, k) => st[k]![last] === o[d]! * size)) {
      s[last] = s[last]! * size;
      strides.forEach((o, k) => (st[k]![last] = o[d]!));
    } else {
      s.push(size);
      strides.forEach((o, k) => st[k]!.push(o[d]!));
    }
  }
  return [s, st];
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Operands whose lines run along `dims` (the inner dims, in order), the other dims being outer. */
export function alongDims(views: readonly StridedView[], dims: readonly number[]): LineOperand[] {
  return views.map((view) => ({
    view,
    outer: view.strides.filter((_, d) => !dims.includes(d)),
    inner: dims.map((d) => view.strides[d]!),
  }));
}

/** The lines, their length, and the parameter words of a geometry dispatched with `lanes`. */
export function lineParams(g: LineGeometry, lanes: number): { lines: number; n: number; words: number[] } {
  const [outer, outerStrides] = collapse(g.outerShape, g.operands.map((o) => o.outer));
  const [inner, innerStrides] = collapse(g.innerShape, g.operands.map((o) => o.inner));
  const lines = product(g.outerShape);
  const n = product(g.innerShape);
  const words = [lines, n, lanes, outer.length, inner.length, ...outer, ...inner];
  g.operands.forEach((o, k) => words.push(o.view.offset, ...outerStrides[k]!, ...innerStrides[k]!));
  return { lines, n, words };
}

/** Lanes per line: enough that each lane walks about `perLane` elements, at most 64. */
export function lanesFor(n: number, perLane = 8): number {
  let lanes = 1;
  while (lanes < GROUP && lanes * perLane < n) lanes *= 2;
  return lanes;
}

/** Workgroups for `lines` lines of `lanes` lanes, folded into (x, y) past 65535. */
export function lineGroups(lines: number, lanes: number): [number, number] {
  const groups = Math.max(1, Math.ceil((lines * lanes) / GROUP));
  if (groups <= 65535) return [groups, 1];
  const y = Math.ceil(groups / 65535);
  return [Math.ceil(groups / y), y];
}

/**
 * The buffers to bind for these views, each once (WebGPU forbids binding a written buffer twice
 * in one dispatch), and each view's binding.
 */
export function bindViews(views: readonly StridedView[]): { buffers: GPUBuffer[]; binding: number[] } {
  const buffers: GPUBuffer[] = [];
  const binding = views.map((v) => {
    const b = bufferOf(v);
    let k = buffers.indexOf(b);
    if (k < 0) k = buffers.push(b) - 1;
    return k;
  });
  return { buffers, binding };
}

/** Encodes one dispatch of a line kernel. */
export function dispatchLines(ctx: Context, pipeline: GPUComputePipeline, buffers: readonly GPUBuffer[], words: readonly number[], lines: number, lanes: number): void {
  ctx.queue.dispatch(pipeline, buffers.map((buffer) => ({ buffer })), words, lineGroups(lines, lanes));
}

/**
 * WGSL: the declarations of `bufferCount` buffers and the parameters; `outer_off(k, r)` and
 * `inner_off(k, j)`, operand k's element offsets of line r and of position j along a line
 * (`line_step(k)`, the step along a line of one dim, which needs no loop);
 * `scalar(i)`, the kernel's i-th scalar word; and the start of the entry point, which defines
 * `lid`, `line`, `lane`, `lanes`, `n` and `live` (whether this thread's line exists).
 */
export function linesPrelude(bufferCount: number, operandCount: number): string {
  const decls = Array.from({ length: bufferCount }, (_, k) => `@group(0) @binding(${k}) var<storage, read_write> b${k}: array<u32>;`).join('\n');
  return `${decls}
@group(0) @binding(${bufferCount}) var<storage, read> P: array<u32>;

fn operand_base(k: u32) -> u32 { return 5u + P[3] + P[4] + k * (1u + P[3] + P[4]); }

// One dim (the common case once dims are collapsed) needs no loop: loops cost on the software
// adapter, which ends a thread after 65535 loop iterations in all.
fn outer_off(k: u32, r: u32) -> u32 {
  let base = operand_base(k);
  if (P[3] == 1u) { return P[base] + r * P[base + 1u]; }
  var o = P[base];
  var rem = r;
  for (var d = P[3]; d > 0u; d = d - 1u) {
    let size = P[4u + d];
    o = o + (rem % size) * P[base + d];
    rem = rem / size;
  }
  return o;
}

fn inner_off(k: u32, j: u32) -> u32 {
  let base = operand_base(k) + P[3];
  if (P[4] == 1u) { return j * P[base + 1u]; }
  var o = 0u;
  var rem = j;
  for (var d = P[4]; d > 0u; d = d - 1u) {
    let size = P[4u + P[3] + d];
    o = o + (rem % size) * P[base + d];
    rem = rem / size;
  }
  return o;
}

// Operand k's step along a line of one dim (after collapse a line has at most one).
fn line_step(k: u32) -> u32 { return select(0u, P[operand_base(k) + P[3] + 1u], P[4] > 0u); }

fn scalar(i: u32) -> u32 { return P[operand_base(${operandCount}u) + i]; }
`;
}

/** The entry point's signature and the line/lane of this thread (no early return: barriers follow). */
export const linesEntry = `@compute @workgroup_size(${GROUP})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lanes = P[2];
  let n = P[1];
  let t = (wg.x + wg.y * nwg.x) * ${GROUP}u + lid;
  let line = t / lanes;
  let lane = t % lanes;
  let live = line < P[0];`;

/**
 * WGSL for a tree combine of struct `S` across a line's lanes through workgroup array `arr`:
 * `fn tree_<name>(s, lid, lane, lanes) -> S` returns the line's combination to every lane. Must be
 * called from uniform control flow (it has barriers). `merge(a, b)` combines two lanes' states,
 * a from the lanes before b's.
 */
export function treeCode(name: string, type: string, merge = `merge_${name}`): string {
  return `
var<workgroup> sh_${name}: array<${type}, ${GROUP}>;
fn tree_${name}(s: ${type}, lid: u32, lane: u32, lanes: u32) -> ${type} {
  sh_${name}[lid] = s;
  for (var step = ${GROUP / 2}u; step > 0u; step = step >> 1u) {
    workgroupBarrier();
    if (lane < step && lane + step < lanes) { sh_${name}[lid] = ${merge}(sh_${name}[lid], sh_${name}[lid + step]); }
  }
  workgroupBarrier();
  let r = sh_${name}[lid - lane];
  workgroupBarrier();
  return r;
}`;
}
