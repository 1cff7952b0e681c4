// torch._utils._rebuild_sparse_tensor and _rebuild_qtensor: sparse (COO, CSR, CSC, BSR, BSC) and
// quantized (per-tensor and per-channel affine qint8/quint8/qint32, float zero points, and the packed
// quint4x2/quint2x4) tensors from their saved parts.
// PyTorch's checks run on every one (PyTorch runs the sparse ones under
// torch.sparse.check_sparse_tensor_invariants); a failed check is a CheckpointError in PyTorch's words.

import { QuantizedTensor, type SparseLayout, SparseTensor, Tensor, WickError, isQDType } from '@wick/tensor';
import { CheckpointError, UnpicklingError } from './errors.js';
import { PyGlobal, isTuple } from './pickle/values.js';

const SPARSE_LAYOUTS = ['torch.sparse_coo', 'torch.sparse_csr', 'torch.sparse_csc', 'torch.sparse_bsr', 'torch.sparse_bsc'];

/** Runs `make`, turning a refusal of the tensor package into the loader's named error. */
function checked<T>(make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (WickError.isInstance(e) && !(e instanceof CheckpointError) && !(e instanceof UnpicklingError)) throw new CheckpointError(e.message);
    throw e;
  }
}

function ints(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isSafeInteger(x) && x >= 0)) throw new UnpicklingError(`${what} must be a tuple of non-negative ints`);
  return v as number[];
}

function tensorArg(v: unknown, what: string): Tensor {
  if (!(v instanceof Tensor)) throw new UnpicklingError(`${what} must be a tensor`);
  return v;
}

/** _rebuild_sparse_tensor(layout, data). */
export function rebuildSparse(layout: unknown, data: unknown): SparseTensor {
  if (typeof layout !== 'string' || !SPARSE_LAYOUTS.includes(layout)) {
    throw new CheckpointError(`rebuilding sparse tensor for layout ${String(layout)}`);
  }
  if (!isTuple(data)) throw new UnpicklingError('_rebuild_sparse_tensor expects a tuple of parts');
  const name = layout.slice('torch.'.length) as SparseLayout;
  if (name === 'sparse_coo') {
    if (data.length !== 3 && data.length !== 4) throw new UnpicklingError('a sparse_coo tensor is saved as (indices, values, size[, is_coalesced])');
    const [indices, values, size, coalesced = null] = data;
    if (coalesced !== null && typeof coalesced !== 'boolean') throw new UnpicklingError('is_coalesced must be a bool or None');
    return checked(() => new SparseTensor(name, [tensorArg(indices, 'indices')], tensorArg(values, 'values'), ints(size, 'size'), { is_coalesced: coalesced }));
  }
  if (data.length !== 4) throw new UnpicklingError(`a ${name} tensor is saved as (compressed_indices, plain_indices, values, size)`);
  const [compressed, plain, values, size] = data;
  return checked(
    () => new SparseTensor(name, [tensorArg(compressed, 'compressed_indices'), tensorArg(plain, 'plain_indices')], tensorArg(values, 'values'), ints(size, 'size')),
  );
}

/**
 * _rebuild_qtensor(storage, storage_offset, size, stride, quantizer_params, requires_grad, hooks),
 * with the stored integers already rebuilt as a tensor over the quantized storage (`ints`).
 */
export function rebuildQuantized(qdtype: string, ints: Tensor, params: unknown, packed: { size: number[]; stride: number[] } | null = null): QuantizedTensor {
  if (!isQDType(qdtype)) throw new CheckpointError(`quantized dtype torch.${qdtype} is not supported by wick (only qint8, quint8, qint32, quint4x2 and quint2x4)`);
  // The packed sub-byte dtypes: `ints` are the bytes, the shape and strides in values come apart.
  const layout = packed === null ? {} : packed;
  if (!isTuple(params) || !(params[0] instanceof PyGlobal)) throw new UnpicklingError('quantizer_params must be a tuple that starts with a qscheme');
  const qscheme = params[0].name;
  if (qscheme === 'torch.per_tensor_affine') {
    const [, scale, zeroPoint] = params;
    if (params.length !== 3 || typeof scale !== 'number' || !Number.isSafeInteger(zeroPoint)) {
      throw new UnpicklingError('per_tensor_affine quantizer_params must be (qscheme, float scale, int zero_point)');
    }
    return checked(() => new QuantizedTensor(ints, qdtype, scale, zeroPoint as number, null, layout));
  }
  if (qscheme === 'torch.per_channel_affine' || qscheme === 'torch.per_channel_affine_float_qparams') {
    const [, scales, zeroPoints, axis] = params;
    if (params.length !== 4 || !Number.isSafeInteger(axis)) throw new UnpicklingError('per_channel quantizer_params must be (qscheme, scales, zero_points, int axis)');
    const shape = packed === null ? ints.shape : packed.size;
    // _rebuild_qtensor's own checks, before the parameters are looked at further.
    if (!((axis as number) >= 0 && (axis as number) < shape.length)) {
      throw new CheckpointError(`_rebuild_qtensor: per_channel axis ${String(axis)} out of range for size (${shape.join(', ')}${shape.length === 1 ? ',' : ''})`);
    }
    const s = tensorArg(scales, 'scales');
    const z = tensorArg(zeroPoints, 'zero_points');
    return checked(() => new QuantizedTensor(ints, qdtype, s, z, axis as number, layout));
  }
  throw new CheckpointError(`Can't deserialize quantized tensor with qscheme ${qscheme}`);
}
