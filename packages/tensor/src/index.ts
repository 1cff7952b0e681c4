// @wick/tensor: tensors with PyTorch semantics on the CPU, and the op table other backends and
// the autograd layer plug into.
import { cpu } from './cpu/backend.js';
import { use } from './device.js';

// The CPU backend is part of this package, not a plug-in: registering it here is what makes
// 'cpu' tensors work at all. Other backends are registered by the user with use().
use(cpu);

export { Tensor } from './tensor.js';
export type { Item, NestedList } from './tensor.js';
export * from './dtype.js';
export * from './errors.js';
export { Storage } from './storage.js';
export type { Device, StridedView } from './storage.js';
export type { Backend } from './backend.js';
export { use, backendFor, TorchDevice, deviceOf } from './device.js';
export * from './signature/index.js';
export { cpu as cpuBackend } from './cpu/backend.js';
export { broadcastShapes as broadcast_shapes } from './shape.js';
export { Generator, default_generator, manual_seed, initial_seed, seed } from './random.js';
// Exact fused multiply-adds, for code that reproduces PyTorch's compiled (FMA-using) kernels.
export { fma32, fma64 } from './rng/fma.js';
export { format, get_printoptions, set_printoptions } from './format.js';

export * from './ops/creation.js';
export * from './ops/random.js';
export * from './ops/multinomial.js';
// The fills (geometric_, cauchy_, log_normal_) are Tensor methods only, as in PyTorch.
export { poisson } from './ops/sampling.js';
export type * from './ops/sampling.js';
export * from './ops/elementwise.js';
// Views, joining and indexing: their torch.* functions (Tensor-only methods and the helpers other
// modules of this package use stay inside).
export {
  as_strided, as_strided_, reshape, transpose, swapaxes, swapdims, t, permute, movedim, moveaxis, narrow, select,
  unsqueeze, squeeze, flatten, unflatten, clone, detach, preserve_format, contiguous_format,
} from './ops/views.js';
export type * from './ops/views.js';
export { unbind, split, split_with_sizes, chunk } from './ops/split.js';
export type * from './ops/split.js';
export * from './ops/convert.js';
export * from './ops/reduce.js';
export * from './ops/matmul.js';
export { index_select, gather, scatter, scatter_add, embedding } from './ops/indexing.js';
export type * from './ops/indexing.js';
export { cat, concat, concatenate, stack, hstack, vstack, row_stack, dstack, column_stack, flip, roll, constant_pad_nd } from './ops/join.js';
export type * from './ops/join.js';
/** nn.functional.pad, which @wick/nn exports as F.pad (PyTorch has no torch.pad). */
export { functionalPad } from './ops/join.js';
export { argwhere, index_put, index_put_, masked_scatter, masked_select, nonzero } from './ops/advanced-index.js';
// The ATen forms that take None entries (x[...] and autograd use them; PyTorch's Python binding does not).
export { advancedIndex, indexPut, indexPut_ } from './ops/advanced-index.js';
export type { Indices, IndexPutOptions, MaskedScatterOptions, MaskedSelectOptions, NonzeroOptions } from './ops/advanced-index.js';
export type { Index, IndexItem, IndexList } from './ops/python-index.js';
export { resultType as result_type, wrapScalar, asTensor } from './ops/helpers.js';
export type { Scalar, TensorOrScalar } from './ops/helpers.js';
export { defineOp, getOp, opNames, setRecorder, Op } from './ops/table.js';
export { setAutogradEngine, type AutogradEngine, type BackwardOptions, type GradHook, type RemovableHandle } from './autograd-hooks.js';
export type { Recorder, OpEntry, UnaryOp, BinaryOp, ReduceOp, Attrs, OpResult } from './ops/table.js';

import { Tensor } from './tensor.js';
export const is_tensor = (x: unknown): x is Tensor => x instanceof Tensor;
export const numel = (x: Tensor): number => x.numel();
