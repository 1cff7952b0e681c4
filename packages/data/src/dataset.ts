import { type PyArgs, type Tensor, Tensor as TensorClass, declare, pyTypeName } from '@wick/tensor';
import { assertionError, indexError, notImplemented, typeError, valueError } from './errors.js';
import { getItem, iter, len, listIndex, tensorIndex, toIndex } from './python.js';
import { NO_ARGUMENTS, PY_METHOD } from './signatures.js';

// PyTorch's datasets (torch/utils/data/dataset.py). A map-style dataset answers `__getitem__(index)`
// and usually `__len__()`; an iterable-style one answers `__iter__()` (or is a JS iterable). The
// method names are PyTorch's own, so a Python Dataset subclass ports method for method:
//
//   class Squares extends Dataset<number> {
//     __getitem__(index: number) { return index * index; }
//     __len__() { return 10; }
//   }

/** What a DataLoader, Subset or sampler can read by index: a Dataset, or any object with __getitem__. */
export interface MapStyle<T> {
  __getitem__(index: number): T;
}

/** A map-style source: a Dataset (or object with __getitem__), an array (a Python list), or a Tensor (its rows). */
export type DatasetLike<T> = MapStyle<T> | readonly T[] | Tensor;

const datasetInit = declare('utils.data.Dataset.__init__', 'Dataset.__init__()', {
  ...PY_METHOD,
  differs: NO_ARGUMENTS,
});

/**
 * The base of map-style datasets. A subclass gives `__getitem__(index)` and, for a DataLoader's
 * default samplers and `len(loader)`, `__len__()`. `a.__add__(b)` is PyTorch's `a + b`.
 */
export class Dataset<T = unknown> {
  constructor(...args: []) {
    datasetInit.bind(args);
  }

  /** PyTorch's `dataset[index]`. The base raises, as PyTorch's does: a subclass must say how. */
  __getitem__(index: number): T {
    void index;
    throw notImplemented('Subclasses of Dataset should implement __getitem__.');
  }

  /** PyTorch's `len(dataset)`; optional, as in PyTorch (NOTE [ Lack of Default `__len__` ... ]). */
  __len__?(): number;

  /** PyTorch's `len(dataset)`: __len__(), or PyTorch's TypeError when the dataset has none. */
  get length(): number {
    return len(this);
  }

  /** PyTorch's `dataset + other`: a ConcatDataset (a ChainDataset for iterable-style datasets). */
  __add__(other: Dataset<T>): Dataset<T> {
    return new ConcatDataset([this, other]);
  }
}

const iterableInit = declare('utils.data.IterableDataset.__init__', 'IterableDataset.__init__()', {
  ...PY_METHOD,
  differs: NO_ARGUMENTS,
});

/**
 * The base of iterable-style datasets: a subclass gives `*__iter__()` (or `*[Symbol.iterator]()`)
 * yielding samples. With a DataLoader, batches are formed from the stream in order; samplers and
 * shuffle do not apply (PyTorch refuses them).
 */
export class IterableDataset<T = unknown> extends Dataset<T> implements Iterable<T> {
  constructor(...args: []) {
    super();
    iterableInit.bind(args);
    // PyTorch's IterableDataset is an abstract collections.abc.Iterable: a subclass without
    // __iter__ cannot be made.
    const proto = new.target.prototype as IterableDataset<T>;
    if (typeof proto.__iter__ !== 'function' && proto[Symbol.iterator] === IterableDataset.prototype[Symbol.iterator]) {
      throw typeError(`Can't instantiate abstract class ${new.target.name} with abstract method __iter__`);
    }
  }

  /** PyTorch's `iter(dataset)`. */
  __iter__?(): Iterator<T>;

  [Symbol.iterator](): Iterator<T> {
    return this.__iter__!();
  }

  override __add__(other: Dataset<T>): Dataset<T> {
    // PyTorch's ChainDataset checks each part when it is iterated.
    return new ChainDataset([this, other as IterableDataset<T>]);
  }
}

const tensorDatasetInit = declare(
  'utils.data.TensorDataset.__init__',
  'TensorDataset.__init__(Tensor *tensors)',
  PY_METHOD,
);

/** Rows of tensors that share their first size: sample i is `[t[i] for t of tensors]` (PyTorch's tuple). */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    const all: Tensor[] = tensorDatasetInit.bind(tensors).tensors;
    for (const t of all) {
      if (t.shape.length === 0) throw indexError('Dimension specified as 0 but tensor has no dimensions');
    }
    if (all.some((t) => t.shape[0] !== all[0]!.shape[0])) throw assertionError('Size mismatch between tensors');
    this.tensors = all;
  }

  override __getitem__(index: number | number[]): Tensor[] {
    return this.tensors.map((t) => tensorIndex(t, index));
  }

  override __len__(): number {
    if (this.tensors.length === 0) throw indexError('tuple index out of range');
    return this.tensors[0]!.shape[0]!;
  }
}

/** Python's `seq[i]` on a Subset's indices: a list of ints or a 1-D tensor. */
function at(indices: unknown, i: unknown): unknown {
  if (indices instanceof TensorClass) return tensorIndex(indices, i);
  if (Array.isArray(indices)) {
    const j = toIndex(i);
    if (j === null) throw typeError(`list indices must be integers or slices, not ${pyTypeName(i)}`);
    return indices[listIndex(j, indices.length)];
  }
  return getItem(indices, i);
}

const subsetInit = declare(
  'utils.data.Subset.__init__',
  'Subset.__init__(object dataset, object indices)',
  PY_METHOD,
);

export interface SubsetOptions<T> {
  dataset?: DatasetLike<T>;
  indices?: readonly number[] | Tensor;
}

/** The samples of `dataset` at `indices`, in that order. */
export class Subset<T = unknown> extends Dataset<T> {
  readonly dataset: DatasetLike<T>;
  readonly indices: readonly number[] | Tensor;

  constructor(...args: PyArgs<[dataset: DatasetLike<T>, indices: readonly number[] | Tensor], SubsetOptions<T>>) {
    super();
    const { dataset, indices } = subsetInit.bind(args);
    this.dataset = dataset;
    this.indices = indices;
    // PyTorch's check: a DataLoader reads a Subset through __getitems__, so a subclass that changes
    // __getitem__ alone would be bypassed.
    const proto = new.target.prototype as Subset<T>;
    if (proto.__getitem__ !== Subset.prototype.__getitem__ && proto.__getitems__ === Subset.prototype.__getitems__) {
      const name = new.target.name;
      throw notImplemented(
        `${name} overrides __getitem__ but not __getitems__. When subclassing Subset and overriding __getitem__, ` +
          'you must also override __getitems__ to ensure DataLoader works correctly with your custom logic. ' +
          'A simple implementation:\n\ndef __getitems__(self, indices):\n' +
          '    return [self.__getitem__(idx) for idx in indices]',
      );
    }
  }

  override __getitem__(idx: number | number[]): T {
    if (Array.isArray(idx)) return getItem(this.dataset, idx.map((i) => at(this.indices, i))) as T;
    return getItem(this.dataset, at(this.indices, idx)) as T;
  }

  /** A batch at once, as the DataLoader asks for it (through the dataset's own __getitems__ if it has one). */
  __getitems__(indices: readonly number[]): T[] {
    const inner = this.dataset as { __getitems__?: (i: unknown[]) => T[] };
    if (typeof inner.__getitems__ === 'function') return inner.__getitems__(indices.map((i) => at(this.indices, i)));
    return indices.map((i) => getItem(this.dataset, at(this.indices, i)) as T);
  }

  override __len__(): number {
    return len(this.indices);
  }
}

const concatInit = declare('utils.data.ConcatDataset.__init__', 'ConcatDataset.__init__(object datasets)', PY_METHOD);

/** Map-style datasets one after another: index i reads the dataset whose range holds i. */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: DatasetLike<T>[];
  /** The running total of the datasets' lengths (PyTorch's name). */
  readonly cumulative_sizes: number[];

  constructor(...args: PyArgs<[datasets: Iterable<DatasetLike<T>>], { datasets?: Iterable<DatasetLike<T>> }>) {
    super();
    const { datasets } = concatInit.bind(args);
    const list: DatasetLike<T>[] = [];
    for (let it = iter<DatasetLike<T>>(datasets), r = it.next(); !r.done; r = it.next()) list.push(r.value);
    if (list.length === 0) throw assertionError('datasets should not be an empty iterable');
    for (const d of list) {
      if (d instanceof IterableDataset) throw assertionError('ConcatDataset does not support IterableDataset');
    }
    this.datasets = list;
    let total = 0;
    this.cumulative_sizes = list.map((d) => (total += len(d)));
  }

  override __len__(): number {
    return this.cumulative_sizes[this.cumulative_sizes.length - 1]!;
  }

  override __getitem__(index: number): T {
    let idx = toIndex(index);
    if (idx === null) throw typeError(`'<' not supported between instances of '${pyTypeName(index)}' and 'int'`);
    if (idx < 0) {
      if (-idx > this.__len__()) throw valueError('absolute value of index should not exceed dataset length');
      idx += this.__len__();
    }
    // bisect_right: the first dataset whose running total exceeds idx.
    const sizes = this.cumulative_sizes;
    let which = 0;
    while (which < sizes.length && sizes[which]! <= idx) which++;
    if (which === sizes.length) throw indexError('list index out of range');
    const sample = which === 0 ? idx : idx - sizes[which - 1]!;
    return getItem(this.datasets[which], sample) as T;
  }
}

const chainInit = declare('utils.data.ChainDataset.__init__', 'ChainDataset.__init__(object datasets)', PY_METHOD);

/** Iterable-style datasets one after another (PyTorch's `iterable_a + iterable_b`). */
export class ChainDataset<T = unknown> extends IterableDataset<T> {
  readonly datasets: Iterable<IterableDataset<T>>;

  constructor(...args: PyArgs<[datasets: Iterable<IterableDataset<T>>], { datasets?: Iterable<IterableDataset<T>> }>) {
    super();
    this.datasets = chainInit.bind(args).datasets;
  }

  override *__iter__(): Generator<T> {
    for (let it = iter<unknown>(this.datasets), r = it.next(); !r.done; r = it.next()) {
      if (!(r.value instanceof IterableDataset)) throw assertionError('ChainDataset only supports IterableDataset');
      yield* r.value as IterableDataset<T>;
    }
  }

  override __len__(): number {
    let total = 0;
    for (let it = iter<unknown>(this.datasets), r = it.next(); !r.done; r = it.next()) {
      if (!(r.value instanceof IterableDataset)) throw assertionError('ChainDataset only supports IterableDataset');
      total += len(r.value);
    }
    return total;
  }
}
