// im2col / col2im: the sliding blocks of a padded image as columns, and columns summed back into an
// image. Both are made of table ops (constant_pad_nd, index_select, scatter_add, narrow) over an
// index tensor computed from shapes alone, so they run on every device and autograd follows them
// with no derivative rows of their own. Convolution (ops/convolution.ts) and nn.functional's
// unfold/fold are built on them.
import type { Device } from '../storage.js';
import type { Tensor } from '../tensor.js';
import { tensor, zeros } from './creation.js';
import { constant_pad_nd } from './join.js';
import { defineComposite } from './table.js';

/** The sliding-block geometry of one convolution, per spatial dim. */
export interface BlockGeometry {
  /** Block counts along each spatial dim (the output positions). */
  blocks: readonly number[];
  /** The padded image's sizes. */
  padded: readonly number[];
  kernel_size: readonly number[];
  dilation: readonly number[];
  stride: readonly number[];
}

/** How many blocks fit along one dim of a padded size (PyTorch's conv output size formula). */
export function blockCount(padded: number, kernel: number, dilation: number, stride: number): number {
  return Math.floor((padded - dilation * (kernel - 1) - 1) / stride) + 1;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

// Index tensors by geometry and device: a model reuses a few geometries, and each costs a host
// loop and an upload. Bounded so that many one-off shapes cannot hold memory forever.
const CACHE_LIMIT = 64;
const cache = new Map<string, Tensor>();

/**
 * For kernel offset k (row-major over the kernel) and block l (row-major over the blocks), the
 * flat position in the padded image that the block's k-th element reads: entry k * L + l.
 */
function blockIndex(g: BlockGeometry, device: Device): Tensor {
  const key = `${device}|${g.blocks.join(',')}|${g.padded.join(',')}|${g.kernel_size.join(',')}|${g.dilation.join(',')}|${g.stride.join(',')}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const d = g.blocks.length;
  const K = product(g.kernel_size);
  const L = product(g.blocks);
  // Row strides of the padded image.
  const rowStride = new Array<number>(d);
  for (let i = d - 1, s = 1; i >= 0; i--) {
    rowStride[i] = s;
    s *= g.padded[i]!;
  }
  const index = new Array<number>(K * L);
  const kPos = new Array<number>(d).fill(0);
  for (let k = 0; k < K; k++) {
    const lPos = new Array<number>(d).fill(0);
    for (let l = 0; l < L; l++) {
      let flat = 0;
      for (let i = 0; i < d; i++) flat += (lPos[i]! * g.stride[i]! + kPos[i]! * g.dilation[i]!) * rowStride[i]!;
      index[k * L + l] = flat;
      advance(lPos, g.blocks);
    }
    advance(kPos, g.kernel_size);
  }
  const t = tensor(index, { dtype: 'int64', device });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, t);
  return t;
}

/** Steps a row-major multi-index within `sizes`. */
function advance(pos: number[], sizes: readonly number[]): void {
  for (let i = pos.length - 1; i >= 0; i--) {
    if (++pos[i]! < sizes[i]!) return;
    pos[i] = 0;
  }
}

/** [before, after] pairs for constant_pad_nd, last spatial dim first. */
const padPairs = (padding: readonly number[]): number[] => [...padding].reverse().flatMap((p) => [p, p]);

export interface Im2colAttrs {
  kernel_size: number[];
  dilation: number[];
  padding: number[];
  stride: number[];
}

/** input [N, C, *spatial] -> [N, C * prod(kernel_size), L]: each column one block, channels outermost. */
function im2colComposite(inputs: readonly Tensor[], a: Im2colAttrs): Tensor {
  const x = inputs[0]!;
  const [N, C] = x.shape as [number, number];
  const xp = a.padding.some((p) => p !== 0) ? constant_pad_nd(x, padPairs(a.padding)) : x;
  const padded = xp.shape.slice(2);
  const blocks = padded.map((p, i) => blockCount(p, a.kernel_size[i]!, a.dilation[i]!, a.stride[i]!));
  const g = { blocks, padded, kernel_size: a.kernel_size, dilation: a.dilation, stride: a.stride };
  const cols = xp.reshape([N, C, product(padded)]).index_select(2, blockIndex(g, x.device));
  return cols.reshape([N, C * product(a.kernel_size), product(blocks)]);
}

export interface Col2imAttrs extends Im2colAttrs {
  output_size: number[];
  /** Block counts per dim: those of output_size for fold; the input's sizes for a transposed convolution. */
  blocks: number[];
}

/**
 * cols [N, C * prod(kernel_size), L] -> [N, C, *output_size]: each column added back where its
 * block lies (scatter_add, in column order, as PyTorch's col2im loops), then the padding cropped.
 */
function col2imComposite(inputs: readonly Tensor[], a: Col2imAttrs): Tensor {
  const cols = inputs[0]!;
  const N = cols.shape[0]!;
  const K = product(a.kernel_size);
  const C = cols.shape[1]! / K;
  const padded = a.output_size.map((s, i) => s + 2 * a.padding[i]!);
  const g = { blocks: a.blocks, padded, kernel_size: a.kernel_size, dilation: a.dilation, stride: a.stride };
  const src = cols.reshape([N, C, K * product(a.blocks)]);
  const index = blockIndex(g, cols.device).expand([N, C, src.shape[2]!]);
  const canvas = zeros([N, C, product(padded)], { dtype: cols.dtype, device: cols.device });
  let out = canvas.scatter_add(2, index, src).reshape([N, C, ...padded]);
  a.padding.forEach((p, i) => {
    if (p !== 0) out = out.narrow(2 + i, p, a.output_size[i]!);
  });
  return out;
}

/** PyTorch's aten::im2col on a batched input, its arguments already checked. */
export const im2colOp = defineComposite<Im2colAttrs>('im2col', { composite: (i, a) => im2colComposite(i, a), derivative: 'composite' });
/** PyTorch's aten::col2im on a batched input, its arguments already checked. */
export const col2imOp = defineComposite<Col2imAttrs>('col2im', { composite: (i, a) => col2imComposite(i, a), derivative: 'composite' });
