// The windows of the pooling layers, worked out from shapes alone: which input position each
// (output position, kernel offset) slot reads, as PyTorch's CPU kernels
// (aten/src/ATen/native/cpu/MaxPoolKernel.cpp, AvgPoolKernel.cpp, AdaptiveMaxPoolKernel.cpp)
// walk them. The values are then gathered with one index_select per call, so pooling runs on any
// device and autograd follows through index_select, max and sum.
import { type Tensor, constant_pad_nd, tensor } from '@wick/tensor';

/**
 * One spatial axis of a pooling: for each output position, the input position each of its `k`
 * slots reads (NONE: a slot outside the input), and the position PyTorch reports for the window.
 */
export interface AxisWindows {
  readonly size: number;
  readonly out: number;
  readonly k: number;
  /** out * k positions, row-major (output position, slot). */
  readonly slots: Int32Array;
  /** Per output position: the index PyTorch's max pooling starts from (its first in-bounds position). */
  readonly first: Int32Array;
}

/** A slot that reads no input position. */
export const NONE = -1;

/** PyTorch's pooling_output_shape: floor division, and ceil_mode's last window must start inside the input or the left padding. */
export function pooledSize(size: number, kernel: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  const span = dilation * (kernel - 1) + 1;
  let out = Math.floor((size + 2 * pad - span + (ceil ? stride - 1 : 0)) / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * Max pooling's windows along one axis. A slot in the padding reads a copy of the window's first
 * (left padding) or last (right padding) in-bounds position: a copy never changes the maximum, and
 * since it sits before or after the original in scan order, the first maximum (and the last NaN,
 * which PyTorch's kernel picks) is still the element PyTorch's kernel picks. A window with no
 * position inside the input (dilation can skip over it) reads NONE throughout.
 */
export function maxWindows(size: number, out: number, k: number, stride: number, pad: number, dilation: number): AxisWindows {
  const slots = new Int32Array(out * k);
  const first = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const start = o * stride - pad;
    let lo = start;
    while (lo < 0) lo += dilation;
    first[o] = lo;
    const hi = Math.min(start + (k - 1) * dilation, size - 1);
    const last = hi - ((hi - start) % dilation + dilation) % dilation;
    for (let j = 0; j < k; j++) {
      const p = start + j * dilation;
      slots[o * k + j] = lo >= size || last < lo ? NONE : p < 0 ? lo : p >= size ? last : p;
    }
  }
  return { size, out, k, slots, first };
}

/**
 * Average pooling's windows along one axis: the in-bounds positions (padding reads NONE, a zero),
 * and the count PyTorch divides by when count_include_pad: the window clipped to the padded input.
 */
export function avgWindows(size: number, out: number, k: number, stride: number, pad: number): { axis: AxisWindows; padded: number[]; inside: number[] } {
  const slots = new Int32Array(out * k);
  const padded: number[] = [];
  const inside: number[] = [];
  for (let o = 0; o < out; o++) {
    const start = o * stride - pad;
    const end = Math.min(start + k, size + pad);
    padded.push(end - start);
    inside.push(Math.max(0, Math.min(end, size) - Math.max(start, 0)));
    for (let j = 0; j < k; j++) {
      const p = start + j;
      slots[o * k + j] = p >= 0 && p < Math.min(end, size) ? p : NONE;
    }
  }
  return { axis: { size, out, k, slots, first: new Int32Array(out) }, padded, inside };
}

/**
 * Adaptive pooling's windows along one axis: output i reads [floor(i * size / out), ceil((i + 1) *
 * size / out)). Windows shorter than the longest fill their tail with `tail`: NONE (a zero, for
 * averages) or a copy of their last position (for maxima, see maxWindows).
 */
export function adaptiveWindows(size: number, out: number, tail: 'none' | 'repeat'): { axis: AxisWindows; counts: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let k = 1;
  for (let i = 0; i < out; i++) {
    starts.push(Math.floor((i * size) / out));
    ends.push(Math.ceil(((i + 1) * size) / out));
    k = Math.max(k, ends[i]! - starts[i]!);
  }
  const slots = new Int32Array(out * k);
  for (let i = 0; i < out; i++) {
    for (let j = 0; j < k; j++) {
      const p = starts[i]! + j;
      slots[i * k + j] = p < ends[i]! ? p : tail === 'none' ? NONE : ends[i]! - 1;
    }
  }
  return { axis: { size, out, k, slots, first: Int32Array.from(starts) }, counts: starts.map((s, i) => ends[i]! - s) };
}

/** The flat index of a position in a plane of `axes` (row-major), or `none` when any coordinate is NONE. */
function flatSlots(axes: readonly AxisWindows[], none: (outIndex: number[]) => number): number[] {
  const outs = axes.map((a) => a.out);
  const ks = axes.map((a) => a.k);
  const result: number[] = [];
  const o = new Array<number>(axes.length).fill(0);
  const j = new Array<number>(axes.length).fill(0);
  const total = outs.reduce((p, n) => p * n, 1) * ks.reduce((p, n) => p * n, 1);
  for (let n = 0; n < total; n++) {
    // Decompose n as (o_0, ..., o_{d-1}, j_0, ..., j_{d-1}), row-major.
    let r = n;
    for (let d = axes.length - 1; d >= 0; d--) {
      j[d] = r % ks[d]!;
      r = Math.floor(r / ks[d]!);
    }
    for (let d = axes.length - 1; d >= 0; d--) {
      o[d] = r % outs[d]!;
      r = Math.floor(r / outs[d]!);
    }
    let flat = 0;
    let missing = false;
    for (let d = 0; d < axes.length; d++) {
      const p = axes[d]!.slots[o[d]! * ks[d]! + j[d]!]!;
      if (p === NONE) missing = true;
      flat = flat * axes[d]!.size + p;
    }
    result.push(missing ? none(o) : flat);
  }
  return result;
}

/**
 * The windows of `x` over its last axes.length dims: (..., out_0, ..., out_{d-1}, K), K the slots
 * per window. Slots that read NONE read `fill` (appended to each plane) instead.
 */
export function gatherWindows(x: Tensor, axes: readonly AxisWindows[], fill: number): Tensor {
  const planeSize = axes.reduce((p, a) => p * a.size, 1);
  const index = flatSlots(axes, () => planeSize);
  const lead = x.shape.slice(0, x.ndim - axes.length);
  // The plane's size spelled out: -1 cannot be inferred when a lead dim is 0.
  let flat = x.reshape([...lead, planeSize]);
  if (index.includes(planeSize)) flat = constant_pad_nd(flat, [0, 1], fill);
  const K = axes.reduce((p, a) => p * a.k, 1);
  const windows = flat.index_select(-1, tensor(index, { dtype: 'int64', device: x.device }));
  return windows.reshape([...lead, ...axes.map((a) => a.out), K]);
}

/**
 * The flat input index (into each plane) that each window slot reports, as (out_0, ..., K): the
 * slot's own position, or for a slot outside the input the window's starting position, as
 * PyTorch's kernel reports for a window whose values are all -inf or that holds no input at all.
 */
export function slotIndices(axes: readonly AxisWindows[], device: Tensor['device']): Tensor {
  const index = flatSlots(axes, (o) => axes.reduce((flat, a, d) => flat * a.size + a.first[o[d]!]!, 0));
  const K = axes.reduce((p, a) => p * a.k, 1);
  return tensor(index, { dtype: 'int64', device }).reshape([...axes.map((a) => a.out), K]);
}
