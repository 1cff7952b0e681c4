// The other nn layers' ops: dropout, embedding, pooling, pixel (un)shuffle, upsampling, unfold and
// fold (im2col, col2im), attention.
import { functional as F } from '@wick/nn';
import { type Tensor, dropout_mask, embedding, mul, ne, ones_like } from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** A pooling `int[N] stride=[]`: empty means the kernel size (F's stride=None). */
function stride(a: Args): number[] | null {
  const s = a.ints('stride', []);
  return s.length === 0 ? null : s;
}

/** max_pool{n}d's arguments (padding 0 and dilation 1 by default, per dim) through F's max pool. */
function maxPool(a: Args, pool: typeof F.max_pool2d, n: number, returnIndices: boolean) {
  return pool(a.tensor('self'), {
    kernel_size: a.ints('kernel_size'), stride: stride(a), padding: a.ints('padding', new Array<number>(n).fill(0)),
    dilation: a.ints('dilation', new Array<number>(n).fill(1)), ceil_mode: a.bool('ceil_mode', false), return_indices: returnIndices,
  });
}

/** avg_pool{n}d's arguments shared by both overloads (padding 0 by default, per dim), as F's options. */
function avgPool(a: Args, n: number) {
  return {
    kernel_size: a.ints('kernel_size'), stride: stride(a), padding: a.ints('padding', new Array<number>(n).fill(0)),
    ceil_mode: a.bool('ceil_mode', false), count_include_pad: a.bool('count_include_pad', true),
  };
}

/** The upsample .vec overloads' output_size or scale_factors (exactly one), as F.interpolate's size or scale_factor. */
function sizeOrScales(a: Args): { size: number[] | null; scale_factor: number[] | null } {
  const size = a.optInts('output_size');
  const scales = a.optFloats('scale_factors');
  if ((size === null) === (scales === null)) throw a.refuse('output_size', 'exactly one of output_size and scale_factors');
  return { size, scale_factor: scales };
}

export const LAYERS: AtenGroup = {
  'aten.dropout.default': (a) => F.dropout(a.tensor('input'), { p: a.float('p'), training: a.bool('train') }),
  // (output, mask): the mask is where elements were kept; train=None counts as training.
  'aten.native_dropout.default': (a) => {
    const input = a.tensor('input');
    if (a.optBool('train') === false) return [input.clone(), ones_like(input, { dtype: 'bool' })];
    const scaled = dropout_mask(input, a.float('p'));
    return [mul(input, scaled), ne(scaled, 0)];
  },
  'aten.embedding.default': (a) =>
    embedding(a.tensor('weight'), a.tensor('indices'), {
      padding_idx: a.int('padding_idx', -1), scale_grad_by_freq: a.bool('scale_grad_by_freq', false), sparse: a.bool('sparse', false),
    }),

  'aten.max_pool1d.default': (a) => maxPool(a, F.max_pool1d, 1, false),
  'aten.max_pool2d.default': (a) => maxPool(a, F.max_pool2d, 2, false),
  'aten.max_pool2d_with_indices.default': (a) => maxPool(a, F.max_pool2d, 2, true) as Tensor[],
  'aten.avg_pool1d.default': (a) => F.avg_pool1d(a.tensor('self'), avgPool(a, 1)),
  'aten.avg_pool2d.default': (a) =>
    F.avg_pool2d(a.tensor('self'), { ...avgPool(a, 2), divisor_override: a.optInt('divisor_override') }),
  'aten.adaptive_avg_pool1d.default': (a) => F.adaptive_avg_pool1d(a.tensor('self'), a.ints('output_size')),
  'aten.adaptive_avg_pool2d.default': (a) => F.adaptive_avg_pool2d(a.tensor('self'), a.ints('output_size')),
  // the core-ATen name of the same op
  'aten._adaptive_avg_pool2d.default': (a) => F.adaptive_avg_pool2d(a.tensor('self'), a.ints('output_size')),
  // (output, indices)
  'aten.adaptive_max_pool2d.default': (a) =>
    F.adaptive_max_pool2d(a.tensor('self'), a.ints('output_size'), { return_indices: true }) as Tensor[],

  'aten.pixel_shuffle.default': (a) => F.pixel_shuffle(a.tensor('self'), a.int('upscale_factor')),
  'aten.pixel_unshuffle.default': (a) => F.pixel_unshuffle(a.tensor('self'), a.int('downscale_factor')),
  'aten.im2col.default': (a) =>
    F.unfold(a.tensor('self'), { kernel_size: a.ints('kernel_size'), dilation: a.ints('dilation'), padding: a.ints('padding'), stride: a.ints('stride') }),
  'aten.col2im.default': (a) =>
    F.fold(a.tensor('self'), {
      output_size: a.ints('output_size'), kernel_size: a.ints('kernel_size'), dilation: a.ints('dilation'), padding: a.ints('padding'),
      stride: a.ints('stride'),
    }),
  'aten.upsample_nearest2d.vec': (a) => F.interpolate(a.tensor('input'), { ...sizeOrScales(a), mode: 'nearest' }),
  'aten.upsample_bilinear2d.vec': (a) =>
    F.interpolate(a.tensor('input'), { ...sizeOrScales(a), mode: 'bilinear', align_corners: a.bool('align_corners') }),

  'aten.scaled_dot_product_attention.default': (a) =>
    F.scaled_dot_product_attention(a.tensor('query'), a.tensor('key'), a.tensor('value'), {
      attn_mask: a.optTensor('attn_mask'), dropout_p: a.float('dropout_p', 0), is_causal: a.bool('is_causal', false),
      scale: a.optFloat('scale'), enable_gqa: a.bool('enable_gqa', false),
    }),
};
