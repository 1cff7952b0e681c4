// @wick/tensor: tensors with PyTorch semantics on the CPU, and the op table other backends and
// the autograd layer plug into.
import { cpu } from './cpu/backend.js';
import { registerBackend } from './device.js';

// The CPU backend is part of this package, not a plug-in: registering it here is what makes
// 'cpu' tensors work at all. Other backends are registered by the user with use().
registerBackend(cpu);

// torch.Tensor is the Tensor class that is also PyTorch's legacy constructor (legacy.ts).
export {
  Tensor, FloatTensor, DoubleTensor, HalfTensor, BFloat16Tensor, LongTensor, IntTensor, ShortTensor, CharTensor, ByteTensor,
  BoolTensor,
} from './legacy.js';
export type { LegacyArgs, LegacyConstructor, TensorConstructor } from './legacy.js';
export type { Item, NestedList, Tensor as TensorClass } from './tensor.js';
// How wick's own packages read a CPU tensor's values synchronously (users call numpy() or tolist()).
export { hostValues } from './tensor.js';
export {
  type DType, type TypedArray, float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool, float, double, half, long,
  int, short, dtypes, isDType, checkDType, scalarName, isFloating, isIntegral, isReducedFloat, arrayOver, reprName, complex64, complex128,
  cfloat, cdouble, uint16, uint32, uint64, float8_e4m3fn, float8_e5m2, float8_e4m3fnuz, float8_e5m2fnuz, float8_e8m0fnu, isComplex,
  isFloat8, isWideUnsigned,
} from './dtype.js';
export { Complex } from './complex.js';
export { halfBitsToNumber, numberToHalfBits, bfloat16BitsToNumber, numberToBfloat16Bits } from './half.js';
export { real, imag, view_as_real, view_as_complex, conj, resolve_conj, is_conj, is_complex, angle, complex, polar } from './ops/complex.js';
export { float8Table, numberToFloat8Bits } from './float8.js';
export * from './errors.js';
export { Storage } from './storage.js';
export type { Device, StridedView } from './storage.js';
export type { Backend } from './backend.js';
export { backendFor, TorchDevice, deviceOf, deviceHolds } from './device.js';
// Two shapes broadcast together, with the message PyTorch's tensor ops give (broadcast_shapes has its own).
export { broadcastShapes, contiguousStrides } from './shape.js';
export { use, device } from './ops/devices.js';
export type { DeviceFn, DeviceOptions } from './ops/devices.js';
export * from './signature/index.js';
export { cpu as cpuBackend } from './cpu/backend.js';
export { Generator, default_generator } from './random.js';
export { set_num_threads, get_num_threads } from './ops/threads.js';
export { kernelsReady } from './cpu/wasm/runtime.js';
// Exact fused multiply-adds, for code that reproduces PyTorch's compiled (FMA-using) kernels.
export { fma32 as exactFma32, fma64 as exactFma64 } from './rng/fma.js';
export { format, get_printoptions, set_printoptions, pyFloatRepr } from './format.js';

export {
  abs, neg, negative, sign, exp, expm1, log, log1p, log2, log10, sqrt, rsqrt, reciprocal, sin, cos, tan, tanh, sigmoid, erf, relu,
  floor, ceil, trunc, round, square, logical_not, isnan, isinf, isfinite,
} from './ops/unary.js';
export type { InputOption, RoundFn, RoundOptions, UnaryFn } from './ops/unary.js';
export {
  add, sub, subtract, mul, multiply, div, divide, true_divide, floor_divide, remainder, fmod, pow, atan2, arctan2, maximum, minimum,
  eq, ne, lt, le, gt, ge, greater, less, greater_equal, less_equal, not_equal, logical_and, logical_or, logical_xor,
} from './ops/binary.js';
export type {
  AlphaFn, AlphaMethodOptions, AlphaOptions, BinaryFn, BinaryOptions, DivFn, DivMethodOptions, DivOptions, NumberLike, Operand,
  OtherOptions, PowFn, PowOptions, SubtractFn,
} from './ops/binary.js';
export { where, masked_fill, clamp, clip, clamp_min, clamp_max, clamp_, clip_, clamp_min_, clamp_max_ } from './ops/select.js';
export { tril, triu, tril_indices, triu_indices } from './ops/triangle.js';
export type { TriangleOptions, TriangleMethodOptions, TriangleFn, TriangleIndicesOptions, TriangleIndicesFn } from './ops/triangle.js';
export { einsum } from './ops/einsum.js';
export type { EinsumFn } from './ops/einsum.js';
export { repeat_interleave } from './ops/repeat-interleave.js';
export type { RepeatInterleaveOptions, RepeatInterleaveMethodOptions, RepeatInterleaveFn } from './ops/repeat-interleave.js';
export type {
  ClampBound, ClampFn, ClampMaxFn, ClampMethodOptions, ClampMinFn, ClampOptions, MaskedFillFn, MaskedFillMethodOptions,
  MaskedFillOptions, WhereOptions,
} from './ops/select.js';
export { tensor, empty, zeros, ones, full, empty_like, zeros_like, ones_like, full_like, arange, linspace, eye } from './ops/creation.js';
export type {
  ArangeFn, EyeFn, EyeOptions, FullFn, FullLikeFn, FullOptions, Int, LikeFn, LikeOptions, LinspaceFn, LinspaceOptions, NestedData,
  RangeOptions, SizeArgs, SizeFn, SizeOptions, TensorData, TensorFn, TensorOptions,
} from './ops/creation.js';
export {
  rand, randn, randint, randperm, rand_like, randn_like, randint_like, normal, bernoulli, dropout_mask, get_rng_state, set_rng_state,
  manual_seed, initial_seed, seed,
} from './ops/random.js';
export type {
  BernoulliFn, DropoutMaskFn, GeneratorOption, NormalFn, NormalOptions, RandFn, RandintFn, RandintLikeFn, RandintOptions,
  RandLikeFn, RandomOptions, RandpermFn, SizeRandomOptions,
} from './ops/random.js';
export {
  is_floating_point, numel, is_tensor, promote_types, can_cast, result_type, set_default_dtype, get_default_dtype, itemsize,
  broadcast_shapes,
} from './ops/info.js';
export { fill_, zero_ } from './ops/convert.js';
// The asynchronous way back to the CPU from any device (wick's own).
export { to_cpu } from './ops/to-cpu.js';
export type { ToCpuFn } from './ops/to-cpu.js';
export type { MemoryFormat, ToArgs, ToOptions } from './ops/convert.js';
export * from './ops/multinomial.js';
// The fills (geometric_, cauchy_, log_normal_) are Tensor methods only, as in PyTorch.
export { poisson } from './ops/sampling.js';
export type * from './ops/sampling.js';
// Views, joining and indexing: their torch.* functions (Tensor-only methods and the helpers other
// modules of this package use stay inside).
export {
  as_strided, as_strided_, reshape, transpose, swapaxes, swapdims, t, permute, movedim, moveaxis, narrow, select,
  unsqueeze, squeeze, flatten, unflatten, clone, detach, preserve_format, contiguous_format,
} from './ops/views.js';
export type * from './ops/views.js';
export { unbind, split, split_with_sizes, chunk } from './ops/split.js';
export type * from './ops/split.js';
export * from './ops/reduce.js';
export * from './ops/matmul.js';
export { index_select, gather, scatter, scatter_add, embedding } from './ops/indexing.js';
export type * from './ops/indexing.js';
export { cat, concat, concatenate, stack, hstack, vstack, row_stack, dstack, column_stack, flip, roll, constant_pad_nd } from './ops/join.js';
export type * from './ops/join.js';
/** nn.functional.pad, which @wick/nn exports as F.pad (PyTorch has no torch.pad). */
export { functionalPad } from './ops/join.js';
export { convolution, conv1d, conv2d, conv_transpose1d, conv_transpose2d } from './ops/convolution.js';
export type { ConvOptions, ConvTransposeOptions, ConvolutionAttrs, ConvolutionOptions } from './ops/convolution.js';
// The ops behind nn.functional.unfold / fold (PyTorch's aten::im2col / col2im), called by @wick/nn.
export { im2colOp, col2imOp, blockCount } from './ops/im2col.js';
export type { Im2colAttrs, Col2imAttrs } from './ops/im2col.js';
export { argwhere, index_put, index_put_, masked_scatter, masked_select, nonzero } from './ops/advanced-index.js';
// The ATen forms that take None entries (x[...] and autograd use them; PyTorch's Python binding does not).
export { advancedIndex, indexPut, indexPut_ } from './ops/advanced-index.js';
export type { Indices, IndexPutOptions, MaskedScatterOptions, MaskedSelectOptions, NonzeroOptions } from './ops/advanced-index.js';
export type { Index, IndexItem, IndexList } from './ops/python-index.js';
export { wrapScalar, asTensor } from './ops/helpers.js';
export type { Scalar, TensorOrScalar } from './ops/helpers.js';
export { defineOp, defineComposite, registerKernel, unregisterKernel, kernelFor, runComposite, getOp, opNames, setRecorder, getRecorder, Op } from './ops/table.js';
export { setAutogradEngine, type AutogradEngine, type BackwardOptions, type GradHook, type RemovableHandle } from './autograd-hooks.js';
export type { Recorder, OpEntry, UnaryOp, BinaryOp, ReduceOp, Attrs, OpResult, Kernel, CompositeOptions } from './ops/table.js';
// Sparse (COO, CSR, CSC, BSR, BSC) and quantized (per-tensor and per-channel affine) tensors, as
// torch.load gives them: PyTorch's accessors, to_dense() and dequantize().
export {
  SparseTensor, sparse_coo_tensor, sparse_csr_tensor, strided, sparse_coo, sparse_csr, sparse_csc, sparse_bsr, sparse_bsc,
} from './sparse.js';
export type { Layout, SparseLayout } from './sparse.js';
export {
  QuantizedTensor, dequantize, qint8, quint8, qint32, quint4x2, quint2x4, per_tensor_affine, per_channel_affine, per_channel_affine_float_qparams,
  isQDType, QDTYPE_REPR, QDTYPE_BITS, packedBytes,
} from './quantized.js';
export type { QDType, QScheme } from './quantized.js';
export { quantize_per_tensor, quantize_per_channel } from './quantize.js';
// Recurrent networks as PyTorch's _VF calls them, and the fused layer op under them.
export { gru, lstm, rnn_tanh, rnn_relu } from './ops/rnn.js';
export { rnnLayer, rnnLayerComposite, rnnLayerBackwardOp } from './ops/rnn-layer.js';
export type { RnnLayerAttrs, RnnMode } from './ops/rnn-layer.js';
export { gru_cell, lstm_cell, rnn_tanh_cell, rnn_relu_cell } from './ops/rnn-cell.js';
export {
  _thnn_fused_gru_cell, _thnn_fused_lstm_cell, _thnn_fused_gru_cell_backward, _thnn_fused_lstm_cell_backward_impl,
  fusedGruComposite, fusedLstmComposite, fusedGruBackwardOp, fusedLstmBackwardOp,
} from './ops/rnn-fused-cell.js';
