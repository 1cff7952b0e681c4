// nn.functional: the stateless forms of the layers.
export { relu, tanh, sigmoid, gelu, softmax, log_softmax } from './activation.js';
export type { GeluOptions, SoftmaxOptions } from './activation.js';
export {
  silu, mish, softplus, leaky_relu, elu, selu, hardswish, hardsigmoid, hardtanh, relu6, prelu, softsign, glu, threshold,
} from './pointwise-activation.js';
export type {
  EluOptions, GluOptions, HardtanhOptions, LeakyReluOptions, PreluOptions, SoftplusOptions, ThresholdOptions,
} from './pointwise-activation.js';
export { linear, bilinear } from './linear.js';
export type { BilinearOptions } from './linear.js';
export { max_pool1d, max_pool2d, adaptive_max_pool2d } from './max-pool.js';
export type { MaxPoolOptions, AdaptiveMaxPoolOptions } from './max-pool.js';
export { avg_pool1d, avg_pool2d, adaptive_avg_pool1d, adaptive_avg_pool2d } from './avg-pool.js';
export type { AvgPool1dOptions, AvgPool2dOptions, AdaptiveAvgPoolOptions } from './avg-pool.js';
export { interpolate } from './interpolate.js';
export type { InterpolateOptions } from './interpolate.js';
export { pixel_shuffle, pixel_unshuffle } from './pixel-shuffle.js';
export { dropout } from './dropout.js';
export type { DropoutOptions } from './dropout.js';
export { layer_norm, group_norm, rms_norm } from './normalization.js';
export type { LayerNormOptions, GroupNormOptions, RmsNormOptions } from './normalization.js';
export { batch_norm, instance_norm } from './batch-norm.js';
export type { BatchNormOptions, InstanceNormOptions } from './batch-norm.js';
export { scaled_dot_product_attention } from './attention.js';
export type { ScaledDotProductAttentionOptions } from './attention.js';
export { multi_head_attention_forward } from './multi-head-attention.js';
export type { MhaArgs } from './multi-head-attention.js';
export { embedding } from './sparse.js';
export { embedding_bag } from './embedding-bag.js';
export type { EmbeddingBagOptions, EmbeddingBagParams } from './embedding-bag.js';
export type { EmbeddingOptions } from './sparse.js';
// torch.conv* themselves: PyTorch's F.conv2d is the builtin torch.conv2d, declared in @wick/tensor.
export { conv1d, conv2d, conv_transpose1d, conv_transpose2d } from '@wick/tensor';
export type { ConvOptions, ConvTransposeOptions } from '@wick/tensor';
export { unfold, fold } from './fold.js';
export type { UnfoldOptions, FoldOptions } from './fold.js';
// Declared, with its PyTorch signature, beside constant_pad_nd in @wick/tensor.
export { functionalPad as pad } from '@wick/tensor';
export { mse_loss, l1_loss, smooth_l1_loss } from './regression-loss.js';
export type { LossOptions, WeightedLossOptions, SmoothL1Options } from './regression-loss.js';
export { binary_cross_entropy, binary_cross_entropy_with_logits } from './binary-loss.js';
export type { BCEOptions, BCEWithLogitsOptions } from './binary-loss.js';
export { nll_loss, cross_entropy } from './classification-loss.js';
export type { NLLLossOptions, CrossEntropyOptions } from './classification-loss.js';
export type { Reduction } from './reduction.js';
