import { type PyArgs, Generator, declare, default_generator, empty, randint, randperm } from '@wick/tensor';
import { notImplemented, typeError, valueError } from './errors.js';
import { getItem, iter, len, pyStr } from './python.js';
import { NO_ARGUMENTS, PY_METHOD } from './signatures.js';

// PyTorch's samplers (torch/utils/data/sampler.py): iterables of dataset indices (or, for
// BatchSampler, of lists of indices). Their random draws are PyTorch's, in PyTorch's order, so a
// shuffled epoch visits the samples in the order PyTorch does after the same torch.manual_seed.

/** Anything PyTorch iterates as a sampler: a JS iterable or an object with __iter__(). */
export type SamplerLike<T> = Iterable<T> | { __iter__(): Iterator<T> };

/** What samplers measure with len(): a dataset, an array, a Tensor, anything with __len__(). */
export type Sized = { __len__(): number } | ArrayLike<unknown> | { readonly shape: readonly number[] };

const samplerInit = declare('utils.data.Sampler.__init__', 'Sampler.__init__()', {
  ...PY_METHOD,
  differs: NO_ARGUMENTS,
});

/** The base of samplers: a subclass gives `*__iter__()` and, usually, `__len__()`. */
export class Sampler<T = number> implements Iterable<T> {
  constructor(...args: []) {
    samplerInit.bind(args);
  }

  /** PyTorch's `iter(sampler)`. */
  __iter__?(): Iterator<T>;

  /** PyTorch's `len(sampler)`; optional, as in PyTorch. */
  __len__?(): number;

  [Symbol.iterator](): Iterator<T> {
    if (typeof this.__iter__ !== 'function') throw notImplemented('');
    return this.__iter__();
  }

  /** PyTorch's `len(sampler)`: __len__(), or PyTorch's TypeError when the sampler has none. */
  get length(): number {
    return len(this);
  }
}

function* range(n: number): IterableIterator<number> {
  for (let i = 0; i < n; i++) yield i;
}

const isInt = (v: unknown): v is number | bigint =>
  (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';

const sequentialInit = declare(
  'utils.data.SequentialSampler.__init__',
  'SequentialSampler.__init__(object data_source)',
  PY_METHOD,
);

/** 0, 1, ..., len(data_source) - 1. */
export class SequentialSampler extends Sampler<number> {
  readonly data_source: Sized;

  constructor(...args: PyArgs<[data_source: Sized], { data_source?: Sized }>) {
    super();
    this.data_source = sequentialInit.bind(args).data_source;
  }

  // NOTE: not a generator method: PyTorch's __iter__ returns iter(range(len(...))), so len() is
  // taken (and fails) when the iterator is made, not at its first step.
  override __iter__(): Iterator<number> {
    return range(len(this.data_source));
  }

  override __len__(): number {
    return len(this.data_source);
  }
}

export interface RandomSamplerOptions {
  data_source?: Sized;
  replacement?: boolean;
  num_samples?: number | null;
  generator?: Generator | null;
}

const randomInit = declare(
  'utils.data.RandomSampler.__init__',
  'RandomSampler.__init__(object data_source, object replacement=False, object num_samples=None, ' +
    'Generator? generator=None)',
  PY_METHOD,
);

/**
 * The indices in a random order (a new one each epoch), or `num_samples` indices drawn with
 * replacement. Without a generator, each epoch seeds a fresh Generator from one draw of the global
 * one, as PyTorch does.
 */
export class RandomSampler extends Sampler<number> {
  readonly data_source: Sized;
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly _num_samples: number | null;

  constructor(
    ...args: PyArgs<
      [data_source: Sized, replacement?: boolean, num_samples?: number | null, generator?: Generator | null],
      RandomSamplerOptions
    >
  ) {
    super();
    const { data_source, replacement, num_samples, generator } = randomInit.bind(args);
    if (typeof replacement !== 'boolean') {
      throw typeError(`replacement should be a boolean value, but got replacement=${pyStr(replacement)}`);
    }
    this.data_source = data_source;
    this.replacement = replacement;
    this._num_samples = typeof num_samples === 'bigint' ? Number(num_samples) : num_samples;
    this.generator = generator;
    const n: unknown = this._num_samples ?? len(data_source);
    if (!isInt(n) || n <= 0) {
      throw valueError(`num_samples should be a positive integer value, but got num_samples=${pyStr(n)}`);
    }
  }

  /** How many indices an epoch gives: num_samples, or the data source's length (read each time: it may change). */
  get num_samples(): number {
    return this._num_samples ?? len(this.data_source);
  }

  override *__iter__(): IterableIterator<number> {
    const n = len(this.data_source);
    const generator = this.generator ?? new Generator().manual_seed(drawSeed(null));
    const count = this.num_samples;
    if (this.replacement) {
      for (let i = 0; i < Math.floor(count / 32); i++) {
        yield* ints(randint(n, [32], { dtype: 'int64', generator }).tolist());
      }
      yield* ints(randint(n, [count % 32], { dtype: 'int64', generator }).tolist());
    } else {
      for (let i = 0; i < Math.floor(count / n); i++) yield* ints(randperm(n, { generator }).tolist());
      // NOTE: PyTorch draws this last permutation even when nothing of it is kept.
      yield* ints(randperm(n, { generator }).tolist()).slice(0, count % n);
    }
  }

  override __len__(): number {
    return this.num_samples;
  }
}

const ints = (list: unknown): number[] => list as number[];

/**
 * One int64 draw, as PyTorch's `torch.empty((), dtype=torch.int64).random_(generator=g).item()`:
 * the seed of a RandomSampler's per-epoch Generator and a DataLoader iterator's base seed.
 */
export function drawSeed(generator: Generator | null): number | bigint {
  const t = empty([], { dtype: 'int64' });
  if (generator === null) t.random_();
  else t.random_({ generator });
  return t.item() as number | bigint;
}

export interface SubsetRandomSamplerOptions {
  indices?: readonly number[];
  generator?: Generator | null;
}

const subsetRandomInit = declare(
  'utils.data.SubsetRandomSampler.__init__',
  'SubsetRandomSampler.__init__(object indices, Generator? generator=None)',
  PY_METHOD,
);

/** The given indices in a random order (drawn from `generator`, else the global generator). */
export class SubsetRandomSampler extends Sampler<number> {
  readonly indices: readonly number[];
  readonly generator: Generator | null;

  constructor(...args: PyArgs<[indices: readonly number[], generator?: Generator | null], SubsetRandomSamplerOptions>) {
    super();
    const { indices, generator } = subsetRandomInit.bind(args);
    this.indices = indices;
    this.generator = generator;
  }

  override *__iter__(): IterableIterator<number> {
    const order = ints(randperm(len(this.indices), { generator: this.generator ?? default_generator }).tolist());
    for (const i of order) yield getItem(this.indices, i) as number;
  }

  override __len__(): number {
    return len(this.indices);
  }
}

export interface BatchSamplerOptions {
  sampler?: SamplerLike<number>;
  batch_size?: number;
  drop_last?: boolean;
}

const batchInit = declare(
  'utils.data.BatchSampler.__init__',
  'BatchSampler.__init__(object sampler, object batch_size, object drop_last)',
  PY_METHOD,
);

/** Lists of `batch_size` indices from `sampler`; the last one shorter unless `drop_last`. */
export class BatchSampler extends Sampler<number[]> {
  readonly sampler: SamplerLike<number>;
  readonly batch_size: number;
  readonly drop_last: boolean;

  constructor(
    ...args: PyArgs<[sampler: SamplerLike<number>, batch_size: number, drop_last: boolean], BatchSamplerOptions>
  ) {
    super();
    const { sampler, batch_size, drop_last } = batchInit.bind(args);
    if (!isInt(batch_size) || batch_size <= 0) {
      throw valueError(`batch_size should be a positive integer value, but got batch_size=${pyStr(batch_size)}`);
    }
    if (typeof drop_last !== 'boolean') {
      throw valueError(`drop_last should be a boolean value, but got drop_last=${pyStr(drop_last)}`);
    }
    this.sampler = sampler;
    this.batch_size = Number(batch_size);
    this.drop_last = drop_last;
  }

  override *__iter__(): IterableIterator<number[]> {
    const source = iter<number>(this.sampler);
    for (;;) {
      const batch: number[] = [];
      while (batch.length < this.batch_size) {
        const r = source.next();
        if (r.done) break;
        batch.push(r.value);
      }
      if (batch.length === 0 || (this.drop_last && batch.length < this.batch_size)) return;
      yield batch;
    }
  }

  override __len__(): number {
    const n = len(this.sampler);
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}
