import { type Generator, type PyArgs, declare, default_generator, randperm } from '@wick/tensor';
import { type DatasetLike, Subset } from './dataset.js';
import { typeError, valueError } from './errors.js';
import { len, pyRepr } from './python.js';
import { PY_FUNCTION } from './signatures.js';
import { warn } from './warnings.js';

export interface RandomSplitOptions<T> {
  dataset?: DatasetLike<T>;
  lengths?: readonly number[];
  generator?: Generator | null;
}

const randomSplitSig = declare(
  'utils.data.random_split',
  'random_split(object dataset, float[] lengths, Generator? generator=None)',
  {
    ...PY_FUNCTION,
    differs:
      "PyTorch's default is the default generator object itself (generator=default_generator); wick writes it " +
      'None, which means the same generator (torch.randperm without a generator draws from it): the same splits',
  },
);

/** Python's math.isclose(a, b) with its default rel_tol=1e-9, abs_tol=0. */
const isClose = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/**
 * Splits a dataset into non-overlapping Subsets of the given lengths, or of the given fractions of
 * its length when they sum to 1 (the remainder is dealt out one by one from the first split), from
 * one torch.randperm of `generator` (default: the global generator), as PyTorch's random_split.
 */
export function random_split<T>(
  ...args: PyArgs<
    [dataset: DatasetLike<T>, lengths: readonly number[], generator?: Generator | null],
    RandomSplitOptions<T>
  >
): Subset<T>[] {
  const { dataset, lengths, generator } = randomSplitSig.bind(args);
  const requested = lengths as number[];
  let sizes = requested;
  const total = sum(requested);
  if (isClose(total, 1) && total <= 1) {
    const n = len(dataset);
    sizes = requested.map((frac, i) => {
      if (frac < 0 || frac > 1) throw valueError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sum(sizes);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
    sizes.forEach((size, i) => {
      if (size === 0) warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  if (sum(sizes) !== len(dataset)) {
    throw valueError('Sum of input lengths does not equal the length of the input dataset!');
  }
  // NOTE: Python would fail on a float length here (randperm or slicing takes ints); a JS number
  // that is not an integer is the same mistake.
  if (!sizes.every(Number.isInteger)) {
    throw typeError(`random_split(): lengths must be integers, or fractions that sum to 1; got ${pyRepr(requested)}`);
  }
  const indices = randperm(sum(sizes), { generator: generator ?? default_generator }).tolist() as number[];
  let offset = 0;
  return sizes.map((size) => {
    offset += size;
    return new Subset<T>({ dataset, indices: indices.slice(offset - size, offset) });
  });
}
