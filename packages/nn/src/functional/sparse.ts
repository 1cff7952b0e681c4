import { Function, type FunctionCtx, no_grad } from '@wick/autograd';
import {
  DTypeError, type PyArgs, ShapeError, type Tensor, ValueError, WickError, defineFunction, embedding as embeddingOp, ones, zeros,
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
 * how often its index occurs in input.
 */
export function embeddingImpl(
  input: Tensor, weight: Tensor, paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean,
): Tensor {
  refuseSparse(sparse);
  // F.embedding's own (Python) check, before anything is renormalised.
  if (paddingIdx !== null && ((paddingIdx > 0 && paddingIdx >= weight.size(0)) || (paddingIdx < 0 && paddingIdx < -weight.size(0)))) {
    throw new ValueError('Padding_idx must be within num_embeddings', 'AssertionError');
  }
  if (maxNorm !== null) renorm(weight, input, maxNorm, normType);
  const out = embeddingOp(input, weight, paddingIdx);
  if (!scaleGradByFreq || !out.requires_grad) return out;
  // Counts of each index in input, as the gradient's scale per looked-up row (ATen counts over input).
  const flat = input.reshape([-1]).to('int64');
  const like = { dtype: weight.dtype, device: weight.device };
  const counts = zeros([weight.shape[0]!], like).scatter_add(0, flat, ones([flat.shape[0]!], like));
  const scale = ones([flat.shape[0]!], like).div(counts.index_select(0, flat));
  return ScaleGrad.apply(out, scale.view([...input.shape, 1]));
}

/** The identity forward; backward multiplies the gradient by `scale` (broadcast). */
class ScaleGrad extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor, scale: Tensor): Tensor {
    ctx.save_for_backward(scale);
    return x.clone();
  }

  static override backward(ctx: FunctionCtx, grad: Tensor): (Tensor | null)[] {
    const [scale] = ctx.saved_tensors;
    return [grad.mul(scale!), null];
  }
}

/**
 * ATen's embedding_renorm_: each distinct row looked up whose norm exceeds max_norm is multiplied
 * by max_norm / (norm + 1e-7). The norm is taken in the weight's dtype, the scale in double, as
 * ATen does. It reads the indices (on the CPU, as PyTorch's kernel does).
 */
function renorm(weight: Tensor, input: Tensor, maxNorm: number, normType: number): void {
  if (input.dtype !== 'int64' && input.dtype !== 'int32') {
    throw new DTypeError(
      `Expected tensor for argument #2 'indices' to have one of the following scalar types: Long, Int; but got torch.${legacyName(input.dtype)} instead (while checking arguments for embedding_renorm_)`,
    );
  }
  if (weight.ndim !== 2) {
    throw new ShapeError(`Expected 2-dimensional tensor, but got ${weight.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for embedding_renorm_)`);
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

const legacyNames: Record<string, string> = {
  float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor', int16: 'ShortTensor',
  int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
};
const legacyName = (dtype: string): string => legacyNames[dtype] ?? dtype;
