import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { isNonOverlappingAndDense } from './helpers.js';

// PyTorch's memory-overlap checks for in-place writes (ATen's MemoryOverlap): a write must not go
// through a tensor whose elements share memory (an expanded tensor), and must not read an input
// that partially overlaps what it writes (the result would depend on the order of the writes).
// Every in-place op runs `checkInplaceOverlap` before it writes anything (Op.callInplace).

const INTERNAL =
  'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';
const WITH_INPUT =
  'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.';

/**
 * How an op's in-place form is checked, as its PyTorch kernel does:
 * - 'iterator': TensorIterator's rule: self may not overlap itself, nor partially overlap an input
 *   (the full overlap of `x.add_(x)` is fine);
 * - 'scatter': self may not overlap itself, nor share any memory with its index or src
 *   (assert_no_overlap: even `x.scatter_(0, i, x)` is refused);
 * - 'copy': like 'iterator', but a source that is exactly self (same memory, strides, dtype) is a
 *   no-op PyTorch returns early from, even for an expanded self;
 * - 'fill': a scalar value is written with the overlap check off ("fill is idempotent"); a tensor
 *   value goes through copy_, which refuses an expanded self;
 * - 'mask': only the mask may not partially overlap self; an expanded self is only a deprecation
 *   warning in PyTorch, and wick does not print warnings;
 * - 'own': the op checks at the point its PyTorch kernel does (index_put: an expanded self is a
 *   deprecation warning there, its values and indices are checked after mask handling).
 */
type OverlapRule = 'iterator' | 'scatter' | 'copy' | 'fill' | 'mask' | 'own';

/** The in-place ops whose PyTorch kernels check differently from TensorIterator, by op-table name. */
const rules: Readonly<Record<string, OverlapRule>> = {
  scatter: 'scatter',
  scatter_value: 'scatter',
  scatter_add: 'scatter',
  copy_: 'copy',
  fill_: 'fill',
  masked_fill: 'mask',
  index_put: 'own',
};

/** Throws PyTorch's error when the in-place op `op` on inputs[0] would write through overlapping memory. */
export function checkInplaceOverlap(op: string, inputs: readonly Tensor[]): void {
  const self = inputs[0]!;
  const rule = rules[op] ?? 'iterator';
  switch (rule) {
    case 'own':
      return;
    case 'mask':
      if (overlapStatus(self, inputs[1]!) === 'partial') throw new ValueError(WITH_INPUT);
      return;
    case 'fill':
      if (!inputs[1]!.wrappedNumber) checkNoInternalOverlap(self);
      return;
    case 'copy':
      if (sameData(self, inputs[1]!)) return;
      break;
    case 'scatter':
      checkNoInternalOverlap(self);
      for (let i = 1; i < inputs.length; i++) {
        const status = overlapStatus(self, inputs[i]!);
        if (status === 'partial' || status === 'full') throw new ValueError(WITH_INPUT);
      }
      return;
  }
  checkNoInternalOverlap(self);
  for (let i = 1; i < inputs.length; i++) {
    if (overlapStatus(self, inputs[i]!) === 'partial') throw new ValueError(WITH_INPUT);
  }
}

/** PyTorch's assert_no_internal_overlap (also for ops that check at their own point before writing). */
export function checkNoInternalOverlap(t: Tensor): void {
  if (hasInternalOverlap(t)) throw new ValueError(INTERNAL);
}

/** PyTorch's assert_no_overlap: `other` may not share any memory with the written-to `self`. */
export function checkNoOverlap(self: Tensor, other: Tensor): void {
  const status = overlapStatus(self, other);
  if (status === 'partial' || status === 'full') throw new ValueError(WITH_INPUT);
}

/**
 * Whether some element of t is another element's memory. As in PyTorch, only the certain case
 * counts: a dim of size > 1 with stride 0 (expand). Other overlapping strides (as_strided) are
 * "too hard" to decide and pass.
 */
export function hasInternalOverlap(t: Tensor): boolean {
  if (isNonOverlappingAndDense(t.shape, t.strides)) return false;
  for (let i = 0; i < t.shape.length; i++) if (t.strides[i] === 0 && t.shape[i]! > 1) return true;
  return false;
}

type Overlap = 'no' | 'full' | 'partial' | 'tooHard';

/** PyTorch's get_overlap_status between a written tensor and an input. */
function overlapStatus(a: Tensor, b: Tensor): Overlap {
  if (a === b) return 'full';
  // NOTE: PyTorch looks at density before storage, but both answers ('tooHard', 'no') pass the
  // check, so different storages (the common case) can answer first.
  if (a.storage !== b.storage) return 'no';
  const na = a.numel();
  const nb = b.numel();
  if (na === 0 || nb === 0) return 'no';
  if (!isNonOverlappingAndDense(a.shape, a.strides) || !isNonOverlappingAndDense(b.shape, b.strides)) return 'tooHard';
  // Dense tensors span [offset, offset + numel) of their storage (one storage: one element size).
  const aEnd = a.offset + na;
  const bEnd = b.offset + nb;
  if (a.offset === b.offset && aEnd === bEnd) return sameList(a.strides, b.strides) ? 'full' : 'partial';
  return a.offset < bEnd && b.offset < aEnd ? 'partial' : 'no';
}

/** copy_'s early exit: the source is self's own elements in self's own order. */
function sameData(self: Tensor, src: Tensor): boolean {
  return (
    self.storage === src.storage &&
    self.offset === src.offset &&
    self.dtype === src.dtype &&
    sameList(self.strides, src.strides) &&
    sameList(self.shape, src.shape)
  );
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
