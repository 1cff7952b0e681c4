import { componentDType, isComplex } from '../dtype.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';

// A complex tensor's real and imaginary parts as real tensors over its interleaved storage: how
// complex comparisons are computed a component at a time.

/** The real (0) or imaginary (1) part of a complex CPU tensor, sharing its memory. */
export function part(t: Tensor, which: 0 | 1): Tensor {
  if (!isComplex(t.dtype)) throw new Error(`part() of a ${t.dtype} tensor`);
  const storage = Storage.cpu(componentDType(t.dtype), t.storage.data!);
  return new Tensor(storage, t.shape, t.strides.map((s) => 2 * s), 2 * t.offset + which);
}
