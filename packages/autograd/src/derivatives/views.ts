import { type Tensor, zeros } from '@wick/tensor';
import { AutogradError } from '../errors.js';
import type { TensorInfo } from '../node.js';
import { sumTo, zerosOf } from './helpers.js';
import { type Derivative, derivative } from './types.js';

// View ops (ops/views.ts) and copies (ops/convert.ts). A view's gradient is the gradient of the
// elements it shows, put back where they sit in the input.

/** A gradient of `shape` that is zero except for the part `place` selects, which is `grad`. */
function embed(grad: Tensor, input: TensorInfo, place: (z: Tensor) => Tensor): Tensor {
  const z = zerosOf(input);
  place(z).copy_(grad);
  return z;
}

/** The size of storage positions covered by a geometry (offset + last reachable element + 1). */
function extent(shape: readonly number[], strides: readonly number[], offset: number): number {
  if (shape.some((s) => s === 0)) return offset;
  return shape.reduce((end, s, i) => end + (s - 1) * strides[i]!, offset) + 1;
}

/**
 * as_strided's backward (for a result whose elements do not overlap): the gradient is written into
 * a zero buffer indexed like the storage, and the input's own geometry reads it back.
 */
export function asStridedBackward(grad: Tensor, input: TensorInfo, size: readonly number[], stride: readonly number[], offset: number): Tensor {
  // Broadcast (stride 0) dims of the result are summed first: each element appears once after that.
  const keep = size.map((s, i) => !(stride[i] === 0 && s > 1));
  let g = grad;
  const dims = keep.flatMap((k, i) => (k ? [] : [i]));
  if (dims.length) g = g.sum(dims, true);
  const sz = size.map((s, i) => (keep[i] ? s : 1));
  if (overlaps(sz, stride)) {
    throw new AutogradError('as_strided: the backward of a view whose elements overlap is not supported');
  }
  const geometry = input.geometry!;
  const n = Math.max(extent(sz, stride, offset), extent(input.shape, geometry.strides, geometry.offset));
  const buffer = zeros([n], { dtype: input.dtype, device: input.device });
  buffer.as_strided(sz, stride, offset).copy_(g);
  return buffer.as_strided(input.shape as number[], geometry.strides as number[], geometry.offset);
}

function overlaps(size: readonly number[], stride: readonly number[]): boolean {
  const dims = size.map((s, i) => [s, Math.abs(stride[i]!)] as const).filter(([s]) => s > 1).sort((a, b) => a[1] - b[1]);
  let span = 1;
  for (const [s, st] of dims) {
    if (st < span) return true;
    span = st * (s - 1) + 1;
  }
  return false;
}

interface AsStridedAttrs {
  size: number[];
  stride: number[];
  storage_offset: number;
  /** Set by the in-place form (as_strided_), whose node PyTorch names ...Backward1; likewise below. */
  inplace?: boolean;
}

export const viewDerivatives: Record<string, Derivative> = {
  view: derivative<{ size: number[] }>({
    node: 'ViewBackward0',
    args: ['self'],
    grads: { self: (c) => c.grad.reshape(c.inputs[0]!.shape as number[]) },
  }),
  as_strided: derivative<AsStridedAttrs>({
    node: (a) => (a.inplace ? 'AsStridedBackward1' : 'AsStridedBackward0'),
    args: ['self'],
    grads: { self: ({ grad, inputs, attrs }) => asStridedBackward(grad, inputs[0]!, attrs.size, attrs.stride, attrs.storage_offset) },
  }),
  transpose: derivative<{ dim0: number; dim1: number; inplace?: boolean }>({
    node: (a) => (a.inplace ? 'TransposeBackward1' : 'TransposeBackward0'),
    args: ['self'],
    grads: { self: ({ grad, attrs }) => (grad.ndim === 0 ? grad : grad.transpose(attrs.dim0, attrs.dim1)) },
  }),
  t: derivative<{ inplace?: boolean }>({
    node: (a) => (a.inplace ? 'TBackward1' : 'TBackward0'),
    args: ['self'],
    grads: { self: ({ grad }) => grad.t() },
  }),
  permute: derivative<{ dims: number[] }>({
    node: 'PermuteBackward0',
    args: ['self'],
    grads: {
      self: ({ grad, attrs: { dims } }) => {
        const inverse = new Array<number>(dims.length);
        dims.forEach((d, i) => (inverse[d] = i));
        return grad.permute(inverse);
      },
    },
  }),
  expand: derivative({ node: 'ExpandBackward0', args: ['self'], grads: { self: (c) => sumTo(c.grad, c.inputs[0]!.shape) } }),
  slice: derivative<{ dim: number; start: number; end: number; step: number }>({
    node: 'SliceBackward0',
    args: ['self'],
    grads: { self: ({ grad, inputs, attrs: a }) => embed(grad, inputs[0]!, (z) => z.slice(a.dim, a.start, a.end, a.step)) },
  }),
  select: derivative<{ dim: number; index: number }>({
    node: 'SelectBackward0',
    args: ['self'],
    grads: { self: ({ grad, inputs, attrs: a }) => embed(grad, inputs[0]!, (z) => z.select(a.dim, a.index)) },
  }),
  unsqueeze: derivative<{ dim: number; inplace?: boolean }>({
    node: (a) => (a.inplace ? 'UnsqueezeBackward1' : 'UnsqueezeBackward0'),
    args: ['self'],
    grads: { self: ({ grad, attrs }) => grad.squeeze(attrs.dim) },
  }),
  squeeze: derivative<{ form: 'all' | 'dim' | 'dims'; inplace?: boolean }>({
    // squeeze() is Backward0, squeeze(dim) Backward1, squeeze(dims) Backward2; squeeze_ 3, 4 and 5.
    node: ({ form, inplace }) => `SqueezeBackward${(form === 'all' ? 0 : form === 'dim' ? 1 : 2) + (inplace ? 3 : 0)}`,
    args: ['self'],
    grads: { self: (c) => c.grad.reshape(c.inputs[0]!.shape as number[]) },
  }),
  clone: derivative({ node: 'CloneBackward0', args: ['self'], grads: { self: (c) => c.grad } }),
};

export const convertDerivatives: Record<string, Derivative> = {
  // The engine converts the gradient back to the input's dtype.
  _to_copy: derivative({ node: 'ToCopyBackward0', args: ['self'], grads: { self: (c) => c.grad } }),
  copy_: derivative({
    node: 'CopyBackwards',
    args: ['self', 'src'],
    grads: { self: (c) => zerosOf(c.inputs[0]!), src: (c) => c.grad },
  }),
  fill_: derivative({
    node: (_a, inputs) => `FillBackward${inputs[1]!.requires_grad ? 3 : 2}`,
    args: ['self', 'value'],
    grads: { self: (c) => zerosOf(c.inputs[0]!), value: (c) => c.grad.sum() },
  }),
};
