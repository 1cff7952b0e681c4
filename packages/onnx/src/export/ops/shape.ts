// Shape ops: views, joins and slices. Sizes that follow a dynamic axis are never written as the
// traced numbers: Reshape and Expand take them from Shape (context.sizes), and slices that run
// to the end of an axis, or count from it, say so.
import type { MapContext, Mapper } from '../context.js';
import { wrapDim } from '../context.js';

/** The op is the identity on values: its output is its input's ONNX value. */
const alias: Mapper = (c) => [c.x(0)];

/** view / reshape to `size`: nothing when the shape does not change. */
function reshape(c: MapContext): string[] {
  const { size } = c.attrs as { size: number[] };
  const { size: size2 } = c.attrs2 as { size: number[] };
  const same = c.out(0).shape.length === c.t(0).ndim && c.out(0).shape.every((d, i) => d === c.t(0).shape[i]) &&
    size2.every((d, i) => d === c.shape2(0)[i] || d === -1);
  if (same) return [c.x(0)];
  return [c.g.op('Reshape', [c.x(0), c.sizes(size, size2, true)])];
}

function expand(c: MapContext): string[] {
  const { size } = c.attrs as { size: number[] };
  const { size: size2 } = c.attrs2 as { size: number[] };
  const lead = size.length - c.t(0).ndim;
  // A size kept from the input (or -1) is 1 in ONNX's Expand, which broadcasts both ways.
  const keep = (i: number) => i >= lead && (size[i] === -1 || (c.t(0).shape[i - lead] === size[i] && c.shape2(0)[i - lead] === size2[i]));
  const s1 = size.map((d, i) => (keep(i) ? 1 : d));
  const s2 = size2.map((d, i) => (keep(i) ? 1 : d));
  if (s1.every((d) => d === 1) && lead === 0) return [c.x(0)];
  return [c.g.op('Expand', [c.x(0), c.sizes(s1, s2)])];
}

function transpose(c: MapContext): string[] {
  const n = c.t(0).ndim;
  const { dim0, dim1 } = c.attrs as { dim0: number; dim1: number };
  const perm = [...Array(n).keys()];
  const [a, b] = [wrapDim(dim0, n), wrapDim(dim1, n)];
  [perm[a], perm[b]] = [perm[b]!, perm[a]!];
  return a === b ? [c.x(0)] : [c.g.op('Transpose', [c.x(0)], { perm })];
}

function permute(c: MapContext): string[] {
  const n = c.t(0).ndim;
  const { dims } = c.attrs as { dims: number[] };
  return [c.g.op('Transpose', [c.x(0)], { perm: dims.map((d) => wrapDim(d, n)) })];
}

function t(c: MapContext): string[] {
  return c.t(0).ndim < 2 ? [c.x(0)] : [c.g.op('Transpose', [c.x(0)], { perm: [1, 0] })];
}

function unsqueeze(c: MapContext): string[] {
  const { dim } = c.attrs as { dim: number };
  return [c.g.op('Unsqueeze', [c.x(0), c.g.ints([wrapDim(dim, c.t(0).ndim + 1)])])];
}

function squeeze(c: MapContext): string[] {
  const { dims } = c.attrs as { dims: number[] | null };
  const shape = c.t(0).shape;
  const all = dims === null ? [...shape.keys()] : dims.map((d) => wrapDim(d, shape.length));
  // Only axes of size 1 go (PyTorch leaves others); a dynamic axis is never squeezed.
  const axes = all.filter((d) => shape[d] === 1 && c.shape2(0)[d] === 1);
  return axes.length === 0 ? [c.x(0)] : [c.g.op('Squeeze', [c.x(0), c.g.ints(axes)])];
}

function cat(c: MapContext): string[] {
  const { dim } = c.attrs as { dim: number };
  const n = c.out(0).ndim;
  const dtype = c.out(0).dtype;
  const parts = c.call.inputs.map((_, i) => i).filter((i) => c.t(i).numel() > 0 || c.t(i).ndim === n);
  return [c.g.op('Concat', parts.map((i) => c.x(i, dtype)), { axis: wrapDim(dim, n) })];
}

function stack(c: MapContext): string[] {
  const { dim } = c.attrs as { dim: number };
  const axis = wrapDim(dim, c.out(0).ndim);
  const parts = c.call.inputs.map((_, i) => c.g.op('Unsqueeze', [c.x(i, c.out(0).dtype), c.g.ints([axis])]));
  return [c.g.op('Concat', parts, { axis })];
}

/** An index or bound on an axis: counted from the end when the axis is dynamic. */
function position(c: MapContext, v1: number, v2: number, size1: number, size2: number, what: string): number {
  if (v1 === v2) return v1;
  if (v1 - size1 === v2 - size2) return v1 - size1;
  return c.fail(`its ${what} (${v1} when traced) follows a dynamic axis in a way ONNX cannot say`);
}

function select(c: MapContext): string[] {
  const { dim, index } = c.attrs as { dim: number; index: number };
  const { index: index2 } = c.attrs2 as { index: number };
  const axis = wrapDim(dim, c.t(0).ndim);
  const at = position(c, index, index2, c.t(0).shape[axis]!, c.shape2(0)[axis]!, 'index');
  return [c.g.op('Gather', [c.x(0), c.g.constant('int64', [], [at])], { axis })];
}

function slice(c: MapContext): string[] {
  const { dim, start, end, step } = c.attrs as { dim: number; start: number; end: number; step: number };
  const a2 = c.attrs2 as { start: number; end: number };
  const axis = wrapDim(dim, c.t(0).ndim);
  const [n1, n2] = [c.t(0).shape[axis]!, c.shape2(0)[axis]!];
  const from = position(c, start, a2.start, n1, n2, 'start');
  // A slice to the end of the axis runs to the end whatever its size.
  const to = end >= n1 && a2.end >= n2 ? Number.MAX_SAFE_INTEGER : position(c, end, a2.end, n1, n2, 'end');
  if (from === 0 && to === Number.MAX_SAFE_INTEGER && step === 1) return [c.x(0)];
  const { g } = c;
  return [g.op('Slice', [c.x(0), g.ints([from]), g.ints([to]), g.ints([axis]), g.ints([step])])];
}

function indexSelect(c: MapContext): string[] {
  const { dim } = c.attrs as { dim: number };
  return [c.g.op('Gather', [c.x(0), c.x(1)], { axis: wrapDim(dim, Math.max(c.t(0).ndim, 1)) })];
}

export const SHAPE: Record<string, Mapper> = {
  view: reshape,
  reshape,
  _unsafe_view: reshape,
  expand,
  transpose,
  permute,
  t,
  unsqueeze,
  squeeze,
  cat,
  stack,
  select,
  slice,
  index_select: indexSelect,
  clone: alias,
  contiguous: alias,
  alias,
  detach: alias,
};
