import { type Generator, type PyArgs, declare } from '@wick/tensor';
import { type Collated, collate, convert, default_collate, default_convert } from './collate.js';
import { type DatasetLike, IterableDataset } from './dataset.js';
import { valueError } from './errors.js';
import { type DataLoaderIterator, MultiWorkerIterator, SingleProcessIterator } from './iterators.js';
import { len, pyStr } from './python.js';
import { BatchSampler, RandomSampler, type SamplerLike, SequentialSampler } from './sampler.js';
import { PY_METHOD } from './signatures.js';

// PyTorch's DataLoader (torch/utils/data/dataloader.py): the same argument checks in the same
// order, the same samplers, and iterators that draw from the random generators exactly when
// PyTorch's do. With num_workers > 0 the workers' part runs in the calling thread (see
// MultiWorkerIterator and the README).

/** A dataset a DataLoader reads: map-style (a Dataset, an array, a Tensor) or an IterableDataset. */
export type LoaderDataset<T> = DatasetLike<T> | IterableDataset<T>;

export interface DataLoaderOptions<T, B> {
  dataset?: LoaderDataset<T>;
  batch_size?: number | null;
  shuffle?: boolean | null;
  sampler?: SamplerLike<unknown> | null;
  batch_sampler?: SamplerLike<readonly unknown[]> | null;
  num_workers?: number;
  collate_fn?: ((batch: any) => B) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  pin_memory?: boolean;
  drop_last?: boolean;
  timeout?: number;
  worker_init_fn?: ((worker_id: number) => void) | null;
  multiprocessing_context?: string | null;
  generator?: Generator | null;
  prefetch_factor?: number | null;
  persistent_workers?: boolean;
  pin_memory_device?: string;
  in_order?: boolean;
}

type DataLoaderArgs<T, B> = PyArgs<
  [
    dataset: LoaderDataset<T>,
    batch_size?: number | null,
    shuffle?: boolean | null,
    sampler?: SamplerLike<unknown> | null,
    batch_sampler?: SamplerLike<readonly unknown[]> | null,
    num_workers?: number,
    collate_fn?: ((batch: any) => B) | null, // eslint-disable-line @typescript-eslint/no-explicit-any
    pin_memory?: boolean,
    drop_last?: boolean,
    timeout?: number,
    worker_init_fn?: ((worker_id: number) => void) | null,
    multiprocessing_context?: string | null,
    generator?: Generator | null,
  ],
  DataLoaderOptions<T, B>
>;

const loaderInit = declare(
  'utils.data.DataLoader.__init__',
  'DataLoader.__init__(object dataset, object batch_size=1, bool? shuffle=None, object sampler=None, ' +
    'object batch_sampler=None, int num_workers=0, Callable? collate_fn=None, bool pin_memory=False, ' +
    'object drop_last=False, float timeout=0, ' +
    'Callable? worker_init_fn=None, str? multiprocessing_context=None, Generator? generator=None, *, ' +
    "int? prefetch_factor=None, bool persistent_workers=False, str pin_memory_device='', bool in_order=True)",
  PY_METHOD,
);

/** The start methods PyTorch's multiprocessing offers on Linux (torch.multiprocessing.get_all_start_methods()). */
const START_METHODS = ['fork', 'spawn', 'forkserver'];

/** The samples of a dataset, in batches, in the order of a sampler: iterate it once per epoch. */
export class DataLoader<T = unknown, B = Collated<T>> implements Iterable<B> {
  #dataset: LoaderDataset<T>;
  #batch_size: number | null;
  #drop_last: boolean;
  #sampler: SamplerLike<unknown>;
  #batch_sampler: SamplerLike<readonly unknown[]> | null;
  #persistent_workers: boolean;
  #multiprocessing_context: string | null = null;
  #iterator: MultiWorkerIterator<B> | null = null;
  /** Whether the dataset is iterable-style (PyTorch's _DatasetKind.Iterable). */
  readonly _iterable: boolean;
  /** len(dataset) when len(loader) was last taken of an iterable-style dataset (PyTorch warns past it). */
  _IterableDataset_len_called: number | null = null;

  num_workers: number;
  prefetch_factor: number | null;
  pin_memory: boolean;
  pin_memory_device: string;
  timeout: number;
  worker_init_fn: ((worker_id: number) => void) | null;
  in_order: boolean;
  generator: Generator | null;
  collate_fn: (batch: any) => B; // eslint-disable-line @typescript-eslint/no-explicit-any

  constructor(...args: DataLoaderArgs<T, B>) {
    const a = loaderInit.bind(args);
    const { num_workers, timeout, persistent_workers } = a;
    const { dataset } = a;
    let { batch_size, shuffle, sampler, batch_sampler, drop_last, prefetch_factor } = a;
    if (typeof batch_size === 'bigint') batch_size = Number(batch_size);
    if (num_workers < 0) {
      throw valueError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    }
    if (timeout < 0) throw valueError('timeout option should be non-negative');
    if (num_workers === 0 && prefetch_factor !== null) {
      throw valueError(
        'prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable ' +
          'multiprocessing, otherwise set prefetch_factor to None.',
      );
    } else if (num_workers > 0 && prefetch_factor === null) {
      prefetch_factor = 2;
    } else if (prefetch_factor !== null && prefetch_factor < 0) {
      throw valueError('prefetch_factor option should be non-negative');
    }
    if (persistent_workers && num_workers === 0) throw valueError('persistent_workers option needs num_workers > 0');

    this.num_workers = num_workers;
    this.prefetch_factor = prefetch_factor;
    this.pin_memory = a.pin_memory;
    this.pin_memory_device = a.pin_memory_device;
    this.timeout = timeout;
    this.worker_init_fn = a.worker_init_fn;
    this.multiprocessing_context = a.multiprocessing_context;
    this.in_order = a.in_order;

    this._iterable = dataset instanceof IterableDataset;
    if (this._iterable) {
      if (shuffle !== false && shuffle !== null) {
        throw valueError(
          `DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${pyStr(shuffle)}`,
        );
      }
      if (sampler !== null) {
        throw valueError(
          `DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${pyStr(sampler)}`,
        );
      }
      if (batch_sampler !== null) {
        throw valueError(
          'DataLoader with IterableDataset: expected unspecified batch_sampler option, ' +
            `but got batch_sampler=${pyStr(batch_sampler)}`,
        );
      }
    } else {
      shuffle = Boolean(shuffle);
    }
    if (sampler !== null && shuffle) throw valueError('sampler option is mutually exclusive with shuffle');
    if (batch_sampler !== null) {
      if (batch_size !== 1 || shuffle || sampler !== null || drop_last) {
        throw valueError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
      }
      batch_size = null;
      drop_last = false;
    } else if (batch_size === null && drop_last) {
      throw valueError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
    }
    if (sampler === null) {
      if (this._iterable) sampler = infiniteConstantSampler;
      // By name: a dataset may be a plain object with __getitem__ (a positional one would be options).
      else if (shuffle) sampler = new RandomSampler({ data_source: dataset, generator: a.generator });
      else sampler = new SequentialSampler({ data_source: dataset });
    }
    if (batch_size !== null && batch_sampler === null) {
      batch_sampler = new BatchSampler({ sampler, batch_size, drop_last });
    }

    this.#dataset = dataset;
    this.#batch_size = batch_size === null ? null : Number(batch_size);
    this.#drop_last = Boolean(drop_last);
    this.#sampler = sampler;
    this.#batch_sampler = batch_sampler;
    this.generator = a.generator;
    this.collate_fn = a.collate_fn ?? (batch_sampler !== null ? default_collate : default_convert);
    this.#persistent_workers = persistent_workers;
  }

  // PyTorch refuses to change these once the loader is made (DataLoader.__setattr__).
  get dataset(): LoaderDataset<T> {
    return this.#dataset;
  }
  set dataset(_: never) {
    throw frozen('dataset');
  }
  get batch_size(): number | null {
    return this.#batch_size;
  }
  set batch_size(_: never) {
    throw frozen('batch_size');
  }
  get drop_last(): boolean {
    return this.#drop_last;
  }
  set drop_last(_: never) {
    throw frozen('drop_last');
  }
  get sampler(): SamplerLike<unknown> {
    return this.#sampler;
  }
  set sampler(_: never) {
    throw frozen('sampler');
  }
  get batch_sampler(): SamplerLike<readonly unknown[]> | null {
    return this.#batch_sampler;
  }
  set batch_sampler(_: never) {
    throw frozen('batch_sampler');
  }
  get persistent_workers(): boolean {
    return this.#persistent_workers;
  }
  set persistent_workers(_: never) {
    throw frozen('persistent_workers');
  }

  /** A start method for worker processes: checked as PyTorch checks it (see the README: no processes are started). */
  get multiprocessing_context(): string | null {
    return this.#multiprocessing_context;
  }
  set multiprocessing_context(context: string | null) {
    if (context !== null) {
      if (this.num_workers > 0) {
        if (!START_METHODS.includes(context)) {
          throw valueError(
            `multiprocessing_context option should specify a valid start method in ['fork', 'spawn', 'forkserver'], ` +
              `but got multiprocessing_context='${context}'`,
          );
        }
      } else {
        throw valueError(
          'multiprocessing_context can only be used with multi-process loading (num_workers > 0), but got ' +
            `num_workers=${this.num_workers}`,
        );
      }
    }
    this.#multiprocessing_context = context;
  }

  /** Whether samples are put together into batches (a batch sampler is in use). */
  get _auto_collation(): boolean {
    return this.#batch_sampler !== null;
  }

  /** What the iterator draws indices from: the batch sampler when batching, else the sampler. */
  get _index_sampler(): SamplerLike<unknown> {
    return this.#batch_sampler ?? this.#sampler;
  }

  /** The function a batch goes through: the public defaults map to their binder-free bodies. */
  get _collate(): (data: unknown) => unknown {
    const fn: unknown = this.collate_fn;
    if (fn === default_collate) return collate;
    if (fn === default_convert) return convert;
    return this.collate_fn;
  }

  /** PyTorch's iter(loader): a new iterator per epoch (the same one, reset, with persistent workers). */
  __iter__(): DataLoaderIterator<B> {
    if (this.#persistent_workers && this.num_workers > 0) {
      if (this.#iterator === null) this.#iterator = new MultiWorkerIterator<B>(this);
      else this.#iterator._reset(this);
      return this.#iterator;
    }
    return this.num_workers === 0 ? new SingleProcessIterator<B>(this) : new MultiWorkerIterator<B>(this);
  }

  [Symbol.iterator](): DataLoaderIterator<B> {
    return this.__iter__();
  }

  /** PyTorch's len(loader): the number of batches (for an iterable dataset, estimated from len(dataset)). */
  __len__(): number {
    if (this._iterable) {
      let length = len(this.#dataset);
      this._IterableDataset_len_called = length;
      const size = this.#batch_size;
      if (size !== null) length = this.#drop_last ? Math.floor(length / size) : Math.ceil(length / size);
      return length;
    }
    return len(this._index_sampler);
  }

  /** len(loader), as a JS length. */
  get length(): number {
    return this.__len__();
  }
}

function frozen(attr: string) {
  return valueError(`${attr} attribute should not be set after DataLoader is initialized`);
}

/** PyTorch's _InfiniteConstantSampler: the "indices" of an iterable dataset, None forever. */
const infiniteConstantSampler: Iterable<null> = {
  *[Symbol.iterator]() {
    for (;;) yield null;
  },
};
