import type { StridedView } from '@wick/tensor';

// Strided element access in a shader. A kernel over `shape` maps its linear (row-major) index to
// each operand's element index through the operand's offset and strides, which travel in the
// dispatch's parameters: [n, rank, shape..., then per operand offset, strides...]. A broadcast
// operand has stride 0 along the broadcast dims. When every operand is contiguous in the kernel's
// shape the mapping is offset + i, and the kernel is compiled without the loop.

/** Whether a view's elements are row-major contiguous in `shape` (its own shape broadcast to it). */
export function denseIn(v: StridedView, shape: readonly number[]): boolean {
  if (v.shape.length !== shape.length || v.shape.some((s, i) => s !== shape[i])) return false;
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && v.strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/** A view's strides aligned to `shape` (leading dims it lacks are broadcast: stride 0). */
export function stridesIn(v: StridedView, shape: readonly number[]): number[] {
  const lead = shape.length - v.shape.length;
  return shape.map((s, d) => (d < lead || (v.shape[d - lead] === 1 && s !== 1) ? 0 : v.strides[d - lead]!));
}

/** The parameter words for an elementwise dispatch over `shape` with these operands. */
export function stridedParams(shape: readonly number[], operands: readonly StridedView[], n: number): number[] {
  const words = [n, shape.length, ...shape];
  for (const v of operands) words.push(v.offset, ...stridesIn(v, shape));
  return words;
}

/**
 * WGSL statements that declare `o0..o{count-1}`, the element indices of linear index `i`. With
 * `dense`, each is offset + i; otherwise the loop over dims reads shape and strides from P.
 */
export function offsetsCode(count: number, dense: boolean): string {
  const lines: string[] = ['let rank = P[1];'];
  for (let k = 0; k < count; k++) lines.push(`var o${k} = P[2u + rank + ${k}u * (rank + 1u)];`);
  if (dense) {
    for (let k = 0; k < count; k++) lines.push(`o${k} = o${k} + i;`);
    return lines.join('\n  ');
  }
  lines.push('var rem = i;');
  lines.push('for (var d = rank; d > 0u; d = d - 1u) {');
  lines.push('  let size = P[1u + d];');
  lines.push('  let c = rem % size;');
  lines.push('  rem = rem / size;');
  for (let k = 0; k < count; k++) lines.push(`  o${k} = o${k} + c * P[2u + rank + ${k}u * (rank + 1u) + d];`);
  lines.push('}');
  return lines.join('\n  ');
}

/** The WGSL declaration of the parameter array bound after `buffers` storage buffers. */
export const paramsDecl = (buffers: number): string => `@group(0) @binding(${buffers}) var<storage, read> P: array<u32>;`;

/** The WGSL declarations of `count` storage buffers b0..b{count-1}. */
export const buffersDecl = (count: number): string =>
  Array.from({ length: count }, (_, k) => `@group(0) @binding(${k}) var<storage, read_write> b${k}: array<u32>;`).join('\n');

export const WORKGROUP = 64;

/** A 1-D workgroup count as (x, y), folding past the 65535 per-dimension limit. */
export function groupsFor(threads: number): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / WORKGROUP));
  if (groups <= 65535) return [groups, 1];
  const y = Math.ceil(groups / 65535);
  return [Math.ceil(groups / y), y];
}

/** The entry point's signature and its linear thread index `i` (returns past `limit`). */
export function entryCode(limit: string): string {
  return `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WORKGROUP}u;
  if (i >= ${limit}) { return; }`;
}
