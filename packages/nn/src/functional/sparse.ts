import { no_grad } from '@wick/autograd';
import {
  DTypeError, type PyArgs, ShapeError, type Tensor, ValueError, WickError, defineFunction, deviceHolds, div, embedding as embeddingOp, where,
} from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import { vectorNorm } from '../vector-norm.js';

export interface EmbeddingOptions {
  input?: Tensor;
  weight?: Tensor;
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}

export const embedding = defineFunction<
  (...args: PyArgs<[input: Tensor, weight: Tensor, padding_idx?: number | null, max_norm?: number | null, norm_type?: number,
    scale_grad_by_freq?: boolean, sparse?: boolean], EmbeddingOptions>) => Tensor
>('embedding',
  'embedding(Tensor input, Tensor weight, int? padding_idx=None, float? max_norm=None, float norm_type=2.0, '
    + 'bool scale_grad_by_freq=False, bool sparse=False)',
  (a) => embeddingImpl(a.input, a.weight, a.padding_idx, a.max_norm, a.norm_type, a.scale_grad_by_freq, a.sparse),
  { ...PY_FUNCTION, namespace: 'nn.functional' });

/** wick has no sparse tensors, so it cannot give the sparse gradient `sparse=True` asks for. */
export function refuseSparse(sparse: boolean): void {
  if (sparse) throw new WickError('sparse=True asks for a sparse gradient of the weight; wick has no sparse tensors', 'NotImplementedError');
}

/**
 * F.embedding: the rows of weight named by input. With max_norm, the rows looked up whose
 * norm_type-norm exceeds max_norm are first scaled in place to that norm (PyTorch's
 * embedding_renorm_, under no_grad); with scale_grad_by_freq, each row's gradient is divided by
 * how often its index occurs in input (torch.embedding's derivative does that).
 */
export function embeddingImpl(
  input: Tensor, weight: Tensor, paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean,
): Tensor {
  refuseSparse(sparse);
  // F.embedding's own (Python) check and wrap of padding_idx, before anything is renormalised;
  // torch.embedding takes -1 for none.
  let pad = -1;
  if (paddingIdx !== null) {
    const n = weight.size(0);
    if ((paddingIdx > 0 && paddingIdx >= n) || (paddingIdx < 0 && paddingIdx < -n)) {
      throw new ValueError('Padding_idx must be within num_embeddings', 'AssertionError');
    }
    pad = paddingIdx < 0 ? paddingIdx + n : paddingIdx;
  }
  if (maxNorm !== null) renorm(weight, input, maxNorm, normType);
  return embeddingOp(weight, input, pad, scaleGradByFreq);
}

/**
 * ATen's embedding_renorm_: each distinct row looked up whose norm exceeds max_norm is multiplied
 * by max_norm / (norm + 1e-7). The norm is taken in the weight's dtype, the scale in double, as
 * ATen does. It reads the indices (on the CPU, as PyTorch's kernel does).
 */
export function renorm(weight: Tensor, input: Tensor, maxNorm: number, normType: number): void {
  if (input.dtype !== 'int64' && input.dtype !== 'int32') {
    throw new DTypeError(
      `Expected tensor for argument #2 'indices' to have one of the following scalar types: Long, Int; but got torch.${legacyName(input.dtype)} instead (while checking arguments for embedding_renorm_)`,
    );
  }
  if (weight.ndim !== 2) {
    throw new ShapeError(`Expected 2-dimensional tensor, but got ${weight.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for embedding_renorm_)`);
  }
  if (input.device !== 'cpu' || weight.device !== 'cpu') {
    renormOnDevice(weight, input, maxNorm, normType);
    return;
  }
  const rows = new Set((input.reshape([-1]).tolist() as (number | bigint)[]).map(Number));
  no_grad(() => {
    for (const i of [...rows].sort((a, b) => a - b)) {
      const row = weight.select(0, i);
      const norm = Number(vectorNorm(row, normType).item());
      if (norm > maxNorm) row.mul_(maxNorm / (norm + 1e-7));
    }
  });
}

/**
 * embedding_renorm_ without reading the indices (as PyTorch's CUDA kernel does it): every looked-up
 * row is gathered, scaled by max_norm / (norm + 1e-7) where its norm exceeds max_norm (the scale
 * in double, then the weight's dtype, as the CPU path's Python float), and written back; a row
 * looked up twice is written twice with the same values.
 */
function renormOnDevice(weight: Tensor, input: Tensor, maxNorm: number, normType: number): void {
  no_grad(() => {
    const index = input.reshape([-1]);
    const rows = weight.index_select(0, index);
    const norms = vectorNorm(rows, normType, 1);
    // PyTorch's CPU path scales in double; its CUDA kernel in float32 for float32 weights, which
    // is what a device without float64 does too.
    const wide = deviceHolds(norms.device, 'float64') ? norms.double() : norms;
    const scale = div(maxNorm, wide.add(1e-7)).to(weight.dtype);
    const scaled = where(wide.gt(maxNorm), rows.mul(scale), rows);
    weight.scatter_(0, index.unsqueeze(1).expand(rows.shape as number[]), scaled);
  });
}

const legacyNames: Record<string, string> = {
  float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor', int16: 'ShortTensor',
  int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor', int64: 'LongTensor', int32: 'IntTensor',
};
/** PyTorch's legacy tensor type name of a dtype (`FloatTensor`), as its argument checks print it. */
export const legacyName = (dtype: string): string => legacyNames[dtype] ?? dtype;
