import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { isNonOverlappingAndDense } from './helpers.js';

// PyTorch's memory-overlap checks before an in-place write (ATen/MemoryOverlap.cpp), which its
// TensorIterator runs for every in-place elementwise op, copy_ and the random fills: writing into a
// tensor whose elements share memory (an expanded view), or reading an input that partly overlaps
// the output, would give results that depend on the order the kernel visits elements. fill_,
// zero_ and masked_fill_ skip them, as in PyTorch. Layouts that are not dense are "too hard" to
// judge and pass, as they do in PyTorch.

/** Whether some elements of t are one memory location: a dim of size > 1 with stride 0. */
function hasInternalOverlap(t: Tensor): boolean {
  if (isNonOverlappingAndDense(t.shape, t.strides)) return false;
  for (let i = 0; i < t.shape.length; i++) if (t.strides[i] === 0 && t.shape[i]! > 1) return true;
  return false;
}

/** Whether a and b share some, but not all, memory (the same memory read and written is fine). */
function partiallyOverlap(a: Tensor, b: Tensor): boolean {
  if (a === b || a.storage !== b.storage) return false;
  const n = a.numel();
  const m = b.numel();
  if (n === 0 || m === 0) return false;
  if (!isNonOverlappingAndDense(a.shape, a.strides) || !isNonOverlappingAndDense(b.shape, b.strides)) return false;
  const [aBegin, aEnd, bBegin, bEnd] = [a.offset, a.offset + n, b.offset, b.offset + m];
  if (aBegin === bBegin && aEnd === bEnd) return a.strides.some((s, i) => s !== b.strides[i]) || a.ndim !== b.ndim;
  return aBegin < bEnd && bBegin < aEnd;
}

/** PyTorch's checks before writing into `out` while reading `inputs`. */
export function checkInplaceOverlap(out: Tensor, inputs: readonly Tensor[] = []): void {
  if (hasInternalOverlap(out)) {
    throw new ValueError(
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location. ' +
        'Please clone() the tensor before performing the operation.',
    );
  }
  for (const input of inputs) {
    if (partiallyOverlap(out, input)) {
      throw new ValueError(
        'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory ' +
          'location. Please clone() the tensor before performing the operation.',
      );
    }
  }
}
