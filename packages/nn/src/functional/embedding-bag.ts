import {
  DTypeError, IndexError, type PyArgs, type Tensor, ValueError, WickError, arange, defineFunction, embedding as embeddingOp,
  where, zeros,
} from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import { sizeRepr } from '../type-name.js';
import { legacyName, refuseSparse, renorm } from './sparse.js';

// F.embedding_bag: the rows of weight named by the indices of each bag, reduced per bag (sum, mean
// or max). Built from ops: the bag of every index position comes from a scatter of the offsets and
// a cumsum (no value is read to do that), then the rows are gathered (torch.embedding, whose
// derivative scales by frequency) and reduced with scatter_add, or with a masked max for 'max'.

export interface EmbeddingBagOptions {
  input?: Tensor;
  weight?: Tensor;
  offsets?: Tensor | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  mode?: string;
  sparse?: boolean;
  per_sample_weights?: Tensor | null;
  include_last_offset?: boolean;
  padding_idx?: number | null;
}

export type EmbeddingBagParams = [input: Tensor, weight: Tensor, offsets?: Tensor | null, max_norm?: number | null, norm_type?: number,
  scale_grad_by_freq?: boolean, mode?: string, sparse?: boolean, per_sample_weights?: Tensor | null, include_last_offset?: boolean,
  padding_idx?: number | null];

/** What F.embedding_bag hands to the reduction once its Python-level checks have passed. */
export interface Bags {
  /** 1-d indices. */
  readonly indices: Tensor;
  /** 1-d offsets: one start per bag, and with includeLast also the end of the last bag. */
  readonly offsets: Tensor;
  readonly includeLast: boolean;
  readonly perSampleWeights: Tensor | null;
}

const isIndexDType = (t: Tensor) => t.dtype === 'int64' || t.dtype === 'int32';
const isFloat = (t: Tensor) => t.is_floating_point();

/** F.embedding_bag's own argument checks and its 2-d form as 1-d indices with offsets. */
function bagsOf(input: Tensor, weight: Tensor, offsets: Tensor | null, psw: Tensor | null, includeLast: boolean): Bags {
  if (psw !== null && psw.shape.join() !== input.shape.join()) {
    throw new ValueError(
      `embedding_bag: If per_sample_weights (${sizeRepr(psw.shape)}) is not None, then it must have the same shape as the input (${sizeRepr(input.shape)})`,
      'ValueError',
    );
  }
  if (weight.ndim !== 2) throw new ValueError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.ndim}`, 'ValueError');
  if (input.ndim === 2) {
    if (offsets !== null) {
      throw new ValueError(
        "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>",
        'ValueError',
      );
    }
    const starts = arange(0, input.numel(), input.size(1), { dtype: input.dtype, device: input.device });
    return { indices: input.reshape(-1), offsets: starts, includeLast: false, perSampleWeights: psw === null ? null : psw.reshape(-1) };
  }
  if (input.ndim !== 1) throw new ValueError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.ndim}`, 'ValueError');
  if (offsets === null) throw new ValueError('offsets has to be a 1D Tensor but got None', 'ValueError');
  if (offsets.ndim !== 1) throw new ValueError('offsets has to be a 1D Tensor', 'ValueError');
  return { indices: input, offsets, includeLast, perSampleWeights: psw };
}

/** The checks of torch.embedding_bag (ATen), before anything is computed. */
function checkBags(weight: Tensor, bags: Bags, paddingIdx: number | null): number {
  const n = weight.size(0);
  let pad = -1;
  if (paddingIdx !== null) {
    if (paddingIdx < -n || paddingIdx >= n) {
      throw new ValueError(`padding_idx must be within the number of embeddings, -${n} through ${n - 1}, but got ${paddingIdx}`, 'RuntimeError');
    }
    pad = paddingIdx < 0 ? paddingIdx + n : paddingIdx;
  }
  const { indices, offsets, perSampleWeights: psw } = bags;
  // ATen promotes indices and offsets to one type before checking it is an index type.
  const bad = [indices, offsets].find((t) => !isIndexDType(t));
  if (bad !== undefined) {
    const shown = isFloat(indices) || !isFloat(bad) ? indices : bad;
    throw new DTypeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${legacyName(shown.dtype)} instead (while checking arguments for embedding_bag)`,
    );
  }
  if (!isFloat(weight)) {
    throw new DTypeError(
      `Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, BFloat16, Float, Double; but got torch.${legacyName(weight.dtype)} instead (while checking arguments for embedding_bag)`,
    );
  }
  if (psw !== null && psw.dtype !== weight.dtype) {
    throw new DTypeError(
      `Expected tensor for argument #1 'weight' to have the same type as tensor for argument #1 'per_sample_weights'; but type torch.${legacyName(weight.dtype)} does not equal torch.${legacyName(psw.dtype)} (while checking arguments for embedding_bag)`,
    );
  }
  if (indices.device === 'cpu' && offsets.device === 'cpu') checkValues(indices, offsets, n);
  return pad;
}

/**
 * The value checks ATen's CPU kernel makes while it reads the offsets and indices anyway: the first
 * bag starts at 0, the last offset is within the input, every index names a row. A tensor on
 * another device is not read (its kernel would have to do these checks).
 */
function checkValues(indices: Tensor, offsets: Tensor, rows: number): void {
  const starts = (offsets.tolist() as (number | bigint)[]).map(Number);
  if (starts.length > 0 && starts[0] !== 0) {
    throw new ValueError(
      `offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got ${starts[0]}\n[ torch.${legacyName(offsets.dtype)}{} ]`,
      'RuntimeError',
    );
  }
  const n = indices.numel();
  const last = starts[starts.length - 1];
  if (last !== undefined && last > n) {
    throw new ValueError(`offsets[-1] can not be greater than input's length ${n} but got offsets[-1] of ${last}`, 'RuntimeError');
  }
  (indices.tolist() as (number | bigint)[]).forEach((v, i) => {
    if (Number(v) < 0 || Number(v) >= rows) {
      throw new IndexError(`Index ${i} of input takes value ${v} which is not in the valid range [0, ${rows})`, 'RuntimeError');
    }
  });
}

/**
 * The bag of each index position, as int64 in [0, bags]: one mark at every offset, summed up to
 * the position. With include_last_offset the last offset ends the last bag, and positions past it
 * fall in bag `bags`, which the caller drops.
 */
function bagOfEach(bags: Bags): Tensor {
  const n = bags.indices.numel();
  const starts = bags.offsets.to('int64');
  const marks = zeros([n + 1], { dtype: 'int64', device: starts.device }).scatter_add(0, starts, starts.new_ones(starts.shape as number[]));
  return marks.narrow(0, 0, n).cumsum(0).sub(1);
}

/** Sums of `rows` ([n, dim]) per bag: [bags, dim]. */
function sumPerBag(rows: Tensor, bag: Tensor, count: number): Tensor {
  const dim = rows.size(1);
  const out = zeros([count + 1, dim], { dtype: rows.dtype, device: rows.device });
  return out.scatter_add(0, bag.unsqueeze(1).expand(rows.shape as number[]), rows).narrow(0, 0, count);
}

/**
 * Per-bag maxima, from a [bags, n, dim] copy of the rows with -inf outside each bag (the memory a
 * segment-max kernel would save); an empty bag gives 0. max(1) passes each gradient to one index.
 */
function maxPerBag(rows: Tensor, bag: Tensor, keep: Tensor | null, count: number): Tensor {
  let member = bag.unsqueeze(0).eq(arange(count, { device: bag.device }).unsqueeze(1));
  if (keep !== null) member = member.logical_and(keep.unsqueeze(0));
  const spread = where(member.unsqueeze(2), rows.unsqueeze(0), -Infinity);
  const [values] = spread.max(1);
  return where(member.any(1).unsqueeze(1), values!, 0);
}

export function embeddingBagImpl(
  input: Tensor, weight: Tensor, offsets: Tensor | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, mode: string,
  sparse: boolean, perSampleWeights: Tensor | null, includeLastOffset: boolean, paddingIdx: number | null,
): Tensor {
  // The argument order before PyTorch 0.4 was (weight, input); PyTorch swaps them back (with a warning).
  if (weight.dtype === 'int64' && input.is_floating_point()) [input, weight] = [weight, input];
  const bags = bagsOf(input, weight, offsets, perSampleWeights, includeLastOffset);
  if (mode !== 'sum' && mode !== 'mean' && mode !== 'max') throw new ValueError('mode has to be one of sum, mean or max', 'ValueError');
  if (mode === 'max' && scaleGradByFreq) throw new ValueError('max mode does not support scaling the gradient by the frequency', 'ValueError');
  if (mode === 'max' && sparse) throw new ValueError('max mode does not support sparse weights', 'ValueError');
  refuseSparse(sparse);
  if (maxNorm !== null) renorm(weight, bags.indices, maxNorm, normType);
  if (bags.perSampleWeights !== null && mode !== 'sum') {
    throw new WickError(
      `embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`,
      'NotImplementedError',
    );
  }
  const pad = checkBags(weight, bags, paddingIdx);
  const count = Math.max(bags.offsets.size(0) - (bags.includeLast ? 1 : 0), 0);
  const { indices } = bags;
  if (count === 0 || indices.numel() === 0) {
    // Nothing to gather: zeros, on weight's graph as PyTorch's result is.
    const none = indices.narrow(0, 0, 0);
    return sumPerBag(embeddingOp(weight, none), none.to('int64'), count);
  }
  const bag = bagOfEach(bags);
  const keep = pad < 0 ? null : indices.ne(pad);
  let rows = embeddingOp(weight, indices, -1, scaleGradByFreq);
  if (bags.perSampleWeights !== null) rows = rows.mul(bags.perSampleWeights.unsqueeze(1));
  if (mode === 'max') return maxPerBag(rows, bag, keep, count);
  if (keep !== null) rows = where(keep.unsqueeze(1), rows, 0);
  const sums = sumPerBag(rows, bag, count);
  if (mode === 'sum') return sums;
  const ones = keep === null ? rows.new_ones([indices.numel()]) : keep.to(rows.dtype);
  const sizes = zeros([count + 1], { dtype: rows.dtype, device: rows.device }).scatter_add(0, bag, ones).narrow(0, 0, count);
  return sums.div(sizes.clamp_min(1).unsqueeze(1));
}

/**
 * F.embedding_bag(input, weight, offsets=None, ...): per bag of indices, the sum, mean or max of
 * the rows of weight they name. Bags are given by offsets into a 1-d input, or are the rows of a
 * 2-d input; indices equal to padding_idx are left out of their bag.
 */
export const embedding_bag = defineFunction<(...args: PyArgs<EmbeddingBagParams, EmbeddingBagOptions>) => Tensor>(
  'embedding_bag',
  'embedding_bag(Tensor input, Tensor weight, Tensor? offsets=None, float? max_norm=None, float norm_type=2, '
    + "bool scale_grad_by_freq=False, str mode='mean', bool sparse=False, Tensor? per_sample_weights=None, "
    + 'bool include_last_offset=False, int? padding_idx=None)',
  (a) => embeddingBagImpl(a.input, a.weight, a.offsets, a.max_norm, a.norm_type, a.scale_grad_by_freq, a.mode, a.sparse,
    a.per_sample_weights, a.include_last_offset, a.padding_idx),
  { ...PY_FUNCTION, namespace: 'nn.functional' },
);
