import { isFloating, scalarName } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { type Generator, default_generator } from '../random.js';
import { exponentialValues } from '../rng/distributions.js';
import { type ProbDType, sampleByExponentials, sampleWithReplacement } from '../rng/multinomial.js';
import { type PyArgs, defineFunction } from '../signature/index.js';
import { type Tensor, hostValues } from '../tensor.js';
import { empty, emptyLike } from './helpers.js';
import { multinomialOnDevice } from './multinomial-device.js';
import { storeInMemoryOrder } from './random.js';
import { defineOp } from './table.js';

// torch.multinomial with PyTorch's CPU draws (rng/multinomial.ts). Two paths, as in ATen:
// - without replacement, or one sample: q = empty_like(input).exponential_(1) (drawn in q's memory
//   order, which keeps input's layout), then the largest input / q per row: argmax for one sample,
//   topk (in libstdc++'s order for ties) for more;
// - with replacement and two or more samples: a cumulative sum per row and one 53-bit uniform and
//   a binary search per sample.

export interface MultinomialOptions {
  input?: Tensor;
  num_samples?: number | bigint | Tensor;
  replacement?: boolean;
  generator?: Generator | null;
}
/** An int may also be a 0-dim integer tensor, as Python's __index__ allows. */
export type MultinomialParams = [num_samples: number | bigint | Tensor, replacement?: boolean];
type MultinomialFn = (...args: PyArgs<[input: Tensor, ...MultinomialParams], MultinomialOptions>) => Tensor;

/** PyTorch's limit: category indices must be exact in float32. */
const MAX_CATEGORIES = 2 ** 24;

interface MultinomialAttrs { samples: number; replacement: boolean; generator: Generator }

const multinomialOp = defineOp<MultinomialAttrs>('multinomial', ([input], { samples, replacement, generator }) => {
  const x = input!;
  const rows = x.ndim === 2 ? x.shape[0]! : 1;
  const categories = x.shape[x.ndim - 1]!;
  const result = empty(x.ndim === 2 ? [rows, samples] : [samples], 'int64', x.device);
  if (result.numel() === 0) return result;
  if (x.device !== 'cpu') return multinomialOnDevice(x, samples, replacement, generator, result);
  const probs = hostValues(x) as Float32Array | Float64Array;
  const dtype = x.dtype as ProbDType; // checked floating
  let indices: Float64Array;
  if (!replacement || samples === 1) {
    checkForExponentials(probs, rows, categories);
    const q = emptyLike(x);
    const draws = exponentialValues(q.numel(), dtype, 1, generator);
    storeInMemoryOrder(q, draws instanceof Float64Array ? 'float64' : 'float32', draws);
    const qValues = hostValues(q) as Float32Array | Float64Array;
    indices = sampleByExponentials(probs, qValues, rows, categories, samples, dtype);
  } else {
    checkRows(probs, rows, categories);
    indices = sampleWithReplacement(probs, rows, categories, samples, dtype, generator);
  }
  storeInMemoryOrder(result, 'float64', indices);
  return result;
});

/** The checks of PyTorch's exponential path: on the whole input, then a zero sum in any row. */
function checkForExponentials(probs: ArrayLike<number>, rows: number, categories: number): void {
  if (probs.length === 0) {
    throw new ValueError('aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.');
  }
  for (let i = 0; i < probs.length; i++) {
    const v = probs[i]!;
    if (!(v >= 0 && v < Infinity)) {
      throw new ValueError('probability tensor contains either `inf`, `nan` or element < 0');
    }
  }
  for (let r = 0; r < rows; r++) {
    let allZero = true;
    for (let j = 0; j < categories && allZero; j++) allZero = probs[r * categories + j] === 0;
    if (allZero) throw new ValueError('invalid multinomial distribution (sum of probabilities <= 0)');
  }
}

/**
 * The checks of PyTorch's with-replacement kernel, per row in order. NOTE: PyTorch checks each row
 * just before sampling it, so a bad row comes after the earlier rows' draws; wick checks every row
 * first, so a bad input leaves the generator untouched.
 */
function checkRows(probs: ArrayLike<number>, rows: number, categories: number): void {
  for (let r = 0; r < rows; r++) {
    let positive = false;
    for (let j = 0; j < categories; j++) {
      const v = probs[r * categories + j]!;
      // A NaN fails the first test, as in PyTorch.
      if (!(v >= 0)) throw new ValueError('invalid multinomial distribution (encountering probability entry < 0)');
      if (v === Infinity) {
        throw new ValueError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
      }
      if (v > 0) positive = true;
    }
    if (!positive) throw new ValueError('invalid multinomial distribution (sum of probabilities <= 0)');
  }
}

/**
 * torch.multinomial(input, num_samples, replacement=False, *, generator=None) and
 * Tensor.multinomial: num_samples category indices per row of the 1-D or 2-D probabilities
 * (weights, not necessarily summing to 1), as an int64 tensor.
 */
export const multinomial = defineFunction<MultinomialFn>(
  'multinomial', 'multinomial(Tensor input, SymInt num_samples, bool replacement=False, *, Generator? generator=None)',
  (a) => {
    const input: Tensor = a.input;
    const samples = Number(a.num_samples);
    const replacement: boolean = a.replacement;
    if (input.ndim < 1 || input.ndim > 2) throw new ShapeError('prob_dist must be 1 or 2 dim');
    if (!isFloating(input.dtype)) {
      const got = scalarName(input.dtype);
      throw new DTypeError(`multinomial only supports floating-point dtypes for input, got: ${got}`);
    }
    if (samples <= 0) throw new ValueError('cannot sample n_sample <= 0 samples');
    const categories = input.shape[input.ndim - 1]!;
    if (!replacement && samples > categories) {
      throw new ValueError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
    }
    if (categories > MAX_CATEGORIES) throw new ValueError('number of categories cannot exceed 2^24');
    return multinomialOp.call([input], { samples, replacement, generator: a.generator ?? default_generator });
  },
  { method: true },
);
