// @wick/nn: PyTorch's torch.nn — Module and Parameter, the layers, the recurrent family,
// nn.init, nn.functional (losses included), nn.utils.rnn and nn.utils' gradient helpers.
export { Module } from './module.js';
export type { StateDictOptions, ForwardHook, ForwardPreHook, RemovableHandle } from './module.js';
export type { StateDict, LoadResult } from './state-dict.js';
export { Parameter } from './parameter.js';
export { KeyError, ModuleTypeError } from './errors.js';

export { Identity, Linear, Bilinear } from './modules/linear.js';
export type { LinearOptions, BilinearModuleOptions } from './modules/linear.js';
export { ReLU, Tanh, Sigmoid, GELU, Softmax, LogSoftmax } from './modules/activation.js';
export {
  SiLU, Mish, Softplus, LeakyReLU, ELU, SELU, Hardswish, Hardsigmoid, Hardtanh, ReLU6, PReLU, Softsign, GLU, Threshold,
} from './modules/pointwise-activation.js';
export type { PReLUOptions } from './modules/pointwise-activation.js';
export { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d } from './modules/conv.js';
export type { ConvOptions, ConvTransposeOptions, PaddingMode } from './modules/conv.js';
export { Unfold, Fold } from './modules/fold.js';
export type { UnfoldModuleOptions, FoldModuleOptions } from './modules/fold.js';
export { Dropout } from './modules/dropout.js';
export { Flatten } from './modules/flatten.js';
export { LayerNorm, GroupNorm, RMSNorm } from './modules/normalization.js';
export type { LayerNormOptions, GroupNormOptions, RMSNormOptions } from './modules/normalization.js';
export { BatchNorm1d, BatchNorm2d } from './modules/batchnorm.js';
export type { NormBaseOptions } from './modules/batchnorm.js';
export { InstanceNorm1d, InstanceNorm2d } from './modules/instancenorm.js';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool2d } from './modules/pooling.js';
export { Upsample } from './modules/upsampling.js';
export type { UpsampleOptions } from './modules/upsampling.js';
export { PixelShuffle, PixelUnshuffle } from './modules/pixelshuffle.js';
export { Embedding } from './modules/sparse.js';
export type { EmbeddingOptions, FromPretrainedOptions } from './modules/sparse.js';
export { EmbeddingBag } from './modules/embedding-bag.js';
export type { EmbeddingBagOptions, EmbeddingBagFromPretrainedOptions, EmbeddingBagForwardOptions } from './modules/embedding-bag.js';
export { Sequential, ModuleList, ModuleDict } from './modules/container.js';
export { MultiheadAttention } from './modules/attention.js';
// A type only: PyTorch keeps the class in torch.nn.modules.linear, not under torch.nn.
export type { NonDynamicallyQuantizableLinear, MultiheadAttentionOptions, MultiheadAttentionForwardOptions } from './modules/attention.js';
export { TransformerEncoderLayer, TransformerDecoderLayer } from './modules/transformer-layers.js';
export type {
  Activation, TransformerLayerOptions, EncoderLayerForwardOptions, DecoderLayerForwardOptions,
} from './modules/transformer-layers.js';
export { TransformerEncoder, TransformerDecoder, Transformer } from './modules/transformer.js';
export type {
  TransformerEncoderOptions, TransformerDecoderForwardOptions, TransformerOptions, TransformerForwardOptions,
} from './modules/transformer.js';
export type { ModuleMapping } from './modules/container.js';
export {
  _Loss, _WeightedLoss, MSELoss, L1Loss, SmoothL1Loss, NLLLoss, CrossEntropyLoss, BCELoss, BCEWithLogitsLoss,
} from './modules/loss.js';
export type {
  LossModuleOptions, WeightedLossModuleOptions, NLLLossModuleOptions, CrossEntropyLossOptions, SmoothL1LossOptions,
  BCEWithLogitsLossOptions,
} from './modules/loss.js';
export type { FactoryOptions } from './modules/factory.js';

export { RNNBase } from './rnn/base.js';
export type { RNNBaseOptions, RNNBaseArgs, Hidden } from './rnn/base.js';
export { RNN, GRU, LSTM } from './rnn/modules.js';
export type { RNNOptions, LSTMOptions } from './rnn/modules.js';
export { RNNCellBase, RNNCell, GRUCell, LSTMCell } from './rnn/cell-modules.js';
export type { CellOptions, RNNCellOptions } from './rnn/cell-modules.js';
export { PackedSequence } from './rnn/packed.js';

export * as functional from './functional/index.js';
export * as init from './init.js';
export * as utils from './utils.js';
