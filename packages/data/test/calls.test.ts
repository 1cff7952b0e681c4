import * as torch from '@wick/tensor';
import { callUntyped as call, constructUntyped as construct } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import {
  BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset, IterableDataset, RandomSampler, Sampler,
  SequentialSampler, Subset, SubsetRandomSampler, TensorDataset, default_collate, default_convert, get_worker_info,
  random_split,
} from '../src/index.js';
import { plain, raises } from './helpers.js';

// Each callable called as PyTorch users call it: positionally, by name, mixed, and wrongly. The
// messages are PyTorch 2.13's, from running the same call in PyTorch (quoted beside each); where
// wick's differs, the comment gives PyTorch's and the README says why.

const any = (v: unknown) => v as never;
const f32 = (v: number | number[]) => plain(torch.tensor(v, { dtype: 'float32' }));
const i64 = (v: number | number[]) => plain(torch.tensor(v));
/** A call TypeScript would refuse (too many or too few arguments), made as JS makes it. */
const ds = new TensorDataset(torch.arange(5, { dtype: 'float32' }));
const values = (x: Iterable<unknown>) => [...x];

class Three extends IterableDataset<number> {
  override *__iter__() {
    yield* [0, 1, 2];
  }
}

describe('Dataset, IterableDataset, Sampler (no arguments)', () => {
  it('take none', () => {
    expect(new Dataset()).toBeInstanceOf(Dataset);
    expect(new Sampler()).toBeInstanceOf(Sampler);
    // PyTorch: TypeError: Dataset() takes no arguments (see NO_ARGUMENTS in src/signatures.ts)
    raises(() => construct(Dataset, 1), 'TypeError', 'Dataset.__init__() takes 1 positional argument but 2 were given');
    raises(
      () => construct(Dataset, { a: 1 }),
      'TypeError',
      "Dataset.__init__() got an unexpected keyword argument 'a'",
    );
    raises(() => construct(Sampler, 1), 'TypeError', 'Sampler.__init__() takes 1 positional argument but 2 were given');
    raises(
      () => construct(Three, 1),
      'TypeError',
      'IterableDataset.__init__() takes 1 positional argument but 2 were given',
    );
  });

  it("a subclass's methods are PyTorch's", () => {
    raises(
      () => new Dataset().__getitem__(0),
      'NotImplementedError',
      'Subclasses of Dataset should implement __getitem__.',
    );
    raises(() => values(new Sampler()), 'NotImplementedError', '');
    // An IterableDataset without __iter__ is an abstract class in PyTorch.
    class NoIter extends IterableDataset {}
    raises(() => new NoIter(), 'TypeError', "Can't instantiate abstract class NoIter with abstract method __iter__");
    expect(values(new Three().__add__(new Three()) as Three)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(ds.__add__(ds).length).toBe(10);
  });
});

describe('TensorDataset(*tensors)', () => {
  const x = torch.arange(3, { dtype: 'float32' });
  it('positional', () => {
    const d = new TensorDataset(x, x.mul(2));
    expect(d.length).toBe(3);
    expect(plain(d.__getitem__(-1))).toEqual([f32(2), f32(4)]);
    expect(plain(d.__getitem__([0, 2]))).toEqual([f32([0, 2]), f32([0, 4])]);
    expect(new TensorDataset().tensors).toEqual([]);
  });
  it('wrongly', () => {
    raises(
      () => new TensorDataset(x, any({ a: 1 })),
      'TypeError',
      "TensorDataset.__init__() got an unexpected keyword argument 'a'",
    );
    raises(
      () => new TensorDataset(x, any({ tensors: x })),
      'TypeError',
      "TensorDataset.__init__() got an unexpected keyword argument 'tensors'",
    );
    raises(() => new TensorDataset(x, torch.arange(4)), 'AssertionError', 'Size mismatch between tensors');
    raises(
      () => new TensorDataset(torch.tensor(1)),
      'IndexError',
      'Dimension specified as 0 but tensor has no dimensions',
    );
    raises(() => new TensorDataset().__len__(), 'IndexError', 'tuple index out of range');
    raises(
      () => new TensorDataset(x).__getitem__(3),
      'IndexError',
      'index 3 is out of bounds for dimension 0 with size 3',
    );
    // PyTorch: AttributeError: 'list' object has no attribute 'size'
    raises(
      () => new TensorDataset(x, any([1, 2, 3])),
      'TypeError',
      "TensorDataset.__init__(): argument 'tensors' (position 2) must be Tensor, not list",
    );
  });
});

describe('Subset(dataset, indices)', () => {
  const item = (s: Subset<torch.Tensor[]>, i: number | number[]) => plain(s.__getitem__(i)[0]);
  it('positional, by name, mixed', () => {
    expect(item(new Subset(ds, [4, 3, 2]), 0)).toEqual(f32(4));
    expect(item(new Subset({ dataset: ds, indices: [4, 3, 2] }), -1)).toEqual(f32(2));
    expect(item(new Subset(ds, { indices: [4, 3, 2] }), [0, 2])).toEqual(f32([4, 2]));
    expect(new Subset(ds, [1, 2]).length).toBe(2);
  });
  it('wrongly', () => {
    raises(
      () => construct(Subset, ds),
      'TypeError',
      "Subset.__init__() missing 1 required positional argument: 'indices'",
    );
    raises(
      () => construct(Subset, ds, [0], [1]),
      'TypeError',
      'Subset.__init__() takes 3 positional arguments but 4 were given',
    );
    raises(
      () => new Subset(ds, [0], any({ dataset: ds })),
      'TypeError',
      "Subset.__init__() got multiple values for argument 'dataset'",
    );
    raises(
      () => new Subset(ds, [0], any({ foo: 1 })),
      'TypeError',
      "Subset.__init__() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => new Subset(ds, [0, 9]).__getitem__(1),
      'IndexError',
      'index 9 is out of bounds for dimension 0 with size 5',
    );
    raises(() => new Subset(ds, [0, 1]).__getitem__(2), 'IndexError', 'list index out of range');
    raises(() => new Subset(ds, any(5)).__getitem__(0), 'TypeError', "'int' object is not subscriptable");
    class MySubset extends Subset {
      override __getitem__() {
        return 0;
      }
    }
    raises(
      () => new MySubset(ds, [0]),
      'NotImplementedError',
      'MySubset overrides __getitem__ but not __getitems__. When subclassing Subset and overriding __getitem__, ' +
        'you must also override __getitems__ to ensure DataLoader works correctly with your custom logic. ' +
        'A simple implementation:\n\n' +
        'def __getitems__(self, indices):\n    return [self.__getitem__(idx) for idx in indices]',
    );
  });
});

describe('ConcatDataset(datasets), ChainDataset(datasets)', () => {
  it('positional, by name', () => {
    const c = new ConcatDataset([ds, ds]);
    expect(c.length).toBe(10);
    expect(c.cumulative_sizes).toEqual([5, 10]);
    expect(plain(c.__getitem__(7))).toEqual([f32(2)]);
    expect(plain(new ConcatDataset({ datasets: [ds, any([7, 8])] }).__getitem__(-1))).toBe(8);
    expect(values(new ChainDataset([new Three(), new Three()]))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(values(new ChainDataset({ datasets: [new Three()] }))).toEqual([0, 1, 2]);
  });
  it('wrongly', () => {
    raises(
      () => construct(ConcatDataset),
      'TypeError',
      "ConcatDataset.__init__() missing 1 required positional argument: 'datasets'",
    );
    raises(
      () => new ConcatDataset([ds], any({ datasets: [ds] })),
      'TypeError',
      "ConcatDataset.__init__() got multiple values for argument 'datasets'",
    );
    raises(
      () => new ConcatDataset([ds], any({ foo: 1 })),
      'TypeError',
      "ConcatDataset.__init__() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => construct(ConcatDataset, [ds], [ds]),
      'TypeError',
      'ConcatDataset.__init__() takes 2 positional arguments but 3 were given',
    );
    raises(() => new ConcatDataset(any(5)), 'TypeError', "'int' object is not iterable");
    raises(() => new ConcatDataset([]), 'AssertionError', 'datasets should not be an empty iterable');
    raises(
      () => new ConcatDataset([any(new Three())]),
      'AssertionError',
      'ConcatDataset does not support IterableDataset',
    );
    raises(() => new ConcatDataset([ds]).__getitem__(5), 'IndexError', 'list index out of range');
    raises(
      () => new ConcatDataset([ds]).__getitem__(-6),
      'ValueError',
      'absolute value of index should not exceed dataset length',
    );
    raises(
      () => construct(ChainDataset),
      'TypeError',
      "ChainDataset.__init__() missing 1 required positional argument: 'datasets'",
    );
    raises(
      () => new ChainDataset([new Three()], any({ foo: 1 })),
      'TypeError',
      "ChainDataset.__init__() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => new ChainDataset([new Three()], any({ datasets: [] })),
      'TypeError',
      "ChainDataset.__init__() got multiple values for argument 'datasets'",
    );
    raises(() => values(new ChainDataset(any(5))), 'TypeError', "'int' object is not iterable");
    raises(() => values(new ChainDataset([any(ds)])), 'AssertionError', 'ChainDataset only supports IterableDataset');
    raises(() => new ChainDataset([new Three()]).__len__(), 'TypeError', "object of type 'Three' has no len()");
  });
});

describe('random_split(dataset, lengths, generator)', () => {
  const g = () => new torch.Generator().manual_seed(0);
  // PyTorch: random_split(ds, [2, 3], generator=Generator().manual_seed(0)) -> [[4, 0], [1, 3, 2]]
  const expected = [[4, 0], [1, 3, 2]];
  it('positional, by name, mixed', () => {
    expect(random_split(ds, [2, 3], g()).map((s) => s.indices)).toEqual(expected);
    expect(random_split({ dataset: ds, lengths: [2, 3], generator: g() }).map((s) => s.indices)).toEqual(expected);
    expect(random_split(ds, [2, 3], { generator: g() }).map((s) => s.indices)).toEqual(expected);
    expect(random_split(ds, { lengths: [0.4, 0.6], generator: g() }).map((s) => s.indices)).toEqual(expected);
    // PyTorch: [len(s) for s in random_split(ds, [0.5, 0.5, 0.0])] -> [3, 2, 0] (and a warning)
    expect(random_split(ds, [0.5, 0.5, 0.0]).map((s) => s.length)).toEqual([3, 2, 0]);
  });
  it('wrongly', () => {
    raises(
      () => call(random_split, ds),
      'TypeError',
      "random_split() missing 1 required positional argument: 'lengths'",
    );
    raises(
      () => random_split(ds, [5], any({ foo: 1 })),
      'TypeError',
      "random_split() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => call(random_split, ds, [5], null, null),
      'TypeError',
      'random_split() takes from 2 to 3 positional arguments but 4 were given',
    );
    raises(
      () => random_split(ds, [5], any({ dataset: ds })),
      'TypeError',
      "random_split() got multiple values for argument 'dataset'",
    );
    raises(
      () => random_split(ds, [2, 2]),
      'ValueError',
      'Sum of input lengths does not equal the length of the input dataset!',
    );
    raises(() => random_split(ds, [-0.5, 1.5]), 'ValueError', 'Fraction at index 0 is not between 0 and 1');
    // PyTorch: TypeError: 'int' object is not iterable
    raises(
      () => random_split(ds, any(5)),
      'TypeError',
      "random_split(): argument 'lengths' (position 2) must be tuple of floats, not int",
    );
    // PyTorch: TypeError: randperm() received an invalid combination of arguments - got (int, generator=int), ...
    raises(
      () => random_split(ds, [5], any(5)),
      'TypeError',
      "random_split(): argument 'generator' (position 3) must be torch.Generator, not int",
    );
    // PyTorch: TypeError from randperm(5.0) (the sum of float lengths is a float in Python)
    raises(
      () => random_split(ds, [2.5, 2.5]),
      'TypeError',
      'random_split(): lengths must be integers, or fractions that sum to 1; got [2.5, 2.5]',
    );
  });
});

describe('default_collate(batch), default_convert(data)', () => {
  it('positional, by name', () => {
    expect(plain(default_collate([[1, 2], [3, 4]]))).toEqual([i64([1, 3]), i64([2, 4])]);
    expect(plain(default_collate({ batch: [{ a: 1 }, { a: 2, b: 3 }] }))).toEqual({ a: i64([1, 2]) });
    expect(plain(default_convert([new Float32Array([1.5]), 2]))).toEqual([f32([1.5]), 2]);
    expect(default_convert({ data: { a: [1] } })).toEqual({ a: [1] });
    const strings = ['a', 'b'];
    expect(default_collate(strings)).toBe(strings);
  });
  it('wrongly', () => {
    raises(
      () => call(default_collate),
      'TypeError',
      "default_collate() missing 1 required positional argument: 'batch'",
    );
    raises(
      () => default_collate([1], any({ x: 1 })),
      'TypeError',
      "default_collate() got an unexpected keyword argument 'x'",
    );
    raises(
      () => default_collate([1], any({ batch: [1] })),
      'TypeError',
      "default_collate() got multiple values for argument 'batch'",
    );
    raises(
      () => call(default_collate, [1], [2]),
      'TypeError',
      'default_collate() takes 1 positional argument but 2 were given',
    );
    raises(() => default_collate(any(5)), 'TypeError', "'int' object is not subscriptable");
    raises(() => default_collate([]), 'IndexError', 'list index out of range');
    raises(
      () => default_collate([null]),
      'TypeError',
      "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'NoneType'>",
    );
    raises(
      () => default_collate([[1, 2], [3]]),
      'RuntimeError',
      'each element in list of batch should be of equal size',
    );
    raises(() => default_collate([[1], 5]), 'TypeError', "object of type 'int' has no len()");
    raises(() => default_collate([{ a: 1 }, { b: 2 }]), 'IndexError', "'a'"); // PyTorch: KeyError: 'a'
    raises(
      () => default_collate([torch.ones(1), 1]),
      'TypeError',
      'expected Tensor as element 1 in argument 0, but got int',
    );
    raises(
      () => call(default_convert),
      'TypeError',
      "default_convert() missing 1 required positional argument: 'data'",
    );
    raises(
      () => default_convert(1, any({ x: 1 })),
      'TypeError',
      "default_convert() got an unexpected keyword argument 'x'",
    );
    raises(
      () => default_convert(1, any({ data: 1 })),
      'TypeError',
      "default_convert() got multiple values for argument 'data'",
    );
  });
});

describe('get_worker_info()', () => {
  it('outside a worker: null; wrongly', () => {
    expect(get_worker_info()).toBeNull();
    raises(
      () => call(get_worker_info, 1),
      'TypeError',
      'get_worker_info() takes 0 positional arguments but 1 was given',
    );
    raises(
      () => call(get_worker_info, { x: 1 }),
      'TypeError',
      "get_worker_info() got an unexpected keyword argument 'x'",
    );
  });
});

describe('SequentialSampler(data_source), SubsetRandomSampler(indices, generator)', () => {
  it('positional, by name, mixed', () => {
    expect(values(new SequentialSampler(ds))).toEqual([0, 1, 2, 3, 4]);
    expect(new SequentialSampler({ data_source: [7, 8] }).length).toBe(2);
    // PyTorch: list(SubsetRandomSampler([10, 11, 12], torch.Generator().manual_seed(0))) -> [12, 10, 11]
    const g = () => new torch.Generator().manual_seed(0);
    expect(values(new SubsetRandomSampler([10, 11, 12], g()))).toEqual([12, 10, 11]);
    expect(values(new SubsetRandomSampler({ indices: [10, 11, 12], generator: g() }))).toEqual([12, 10, 11]);
    expect(values(new SubsetRandomSampler([10, 11, 12], { generator: g() }))).toEqual([12, 10, 11]);
  });
  it('wrongly', () => {
    raises(
      () => construct(SequentialSampler),
      'TypeError',
      "SequentialSampler.__init__() missing 1 required positional argument: 'data_source'",
    );
    raises(
      () => new SequentialSampler(ds, any({ foo: 1 })),
      'TypeError',
      "SequentialSampler.__init__() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => new SequentialSampler(ds, any({ data_source: ds })),
      'TypeError',
      "SequentialSampler.__init__() got multiple values for argument 'data_source'",
    );
    raises(
      () => construct(SequentialSampler, ds, ds),
      'TypeError',
      'SequentialSampler.__init__() takes 2 positional arguments but 3 were given',
    );
    raises(() => values(new SequentialSampler(any(5))), 'TypeError', "object of type 'int' has no len()");
    raises(
      () => construct(SubsetRandomSampler),
      'TypeError',
      "SubsetRandomSampler.__init__() missing 1 required positional argument: 'indices'",
    );
    raises(
      () => new SubsetRandomSampler([1], any({ foo: 1 })),
      'TypeError',
      "SubsetRandomSampler.__init__() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => new SubsetRandomSampler([1], any({ indices: [1] })),
      'TypeError',
      "SubsetRandomSampler.__init__() got multiple values for argument 'indices'",
    );
    raises(
      () => construct(SubsetRandomSampler, [1], null, null),
      'TypeError',
      'SubsetRandomSampler.__init__() takes from 2 to 3 positional arguments but 4 were given',
    );
    raises(() => values(new SubsetRandomSampler(any(5))), 'TypeError', "object of type 'int' has no len()");
    // PyTorch: TypeError from randperm when iterated: randperm() received an invalid combination of arguments ...
    raises(
      () => new SubsetRandomSampler([1], any(5)),
      'TypeError',
      "SubsetRandomSampler.__init__(): argument 'generator' (position 2) must be torch.Generator, not int",
    );
  });
});

describe('RandomSampler(data_source, replacement, num_samples, generator)', () => {
  const g = () => new torch.Generator().manual_seed(0);
  // PyTorch: list(RandomSampler(range(5), generator=torch.Generator().manual_seed(0))) -> [4, 0, 1, 3, 2]
  // and with (True, 6): [4, 4, 3, 0, 3, 4]
  it('positional, by name, mixed', () => {
    expect(values(new RandomSampler([0, 1, 2, 3, 4], false, null, g()))).toEqual([4, 0, 1, 3, 2]);
    expect(values(new RandomSampler({ data_source: [0, 1, 2, 3, 4], generator: g() }))).toEqual([4, 0, 1, 3, 2]);
    const withReplacement = new RandomSampler([0, 1, 2, 3, 4], true, { num_samples: 6, generator: g() });
    expect(values(withReplacement)).toEqual([4, 4, 3, 0, 3, 4]);
    expect(new RandomSampler(ds, true, 6).length).toBe(6);
    expect(new RandomSampler(ds).num_samples).toBe(5);
  });
  it('wrongly', () => {
    raises(
      () => construct(RandomSampler),
      'TypeError',
      "RandomSampler.__init__() missing 1 required positional argument: 'data_source'",
    );
    raises(
      () => new RandomSampler(ds, any({ foo: 1 })),
      'TypeError',
      "RandomSampler.__init__() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => new RandomSampler(ds, any({ data_source: ds })),
      'TypeError',
      "RandomSampler.__init__() got multiple values for argument 'data_source'",
    );
    raises(
      () => construct(RandomSampler, ds, false, null, null, 1),
      'TypeError',
      'RandomSampler.__init__() takes from 2 to 5 positional arguments but 6 were given',
    );
    raises(
      () => new RandomSampler(ds, any(1)),
      'TypeError',
      'replacement should be a boolean value, but got replacement=1',
    );
    raises(
      () => new RandomSampler(ds, { num_samples: 0 }),
      'ValueError',
      'num_samples should be a positive integer value, but got num_samples=0',
    );
    raises(
      () => new RandomSampler(ds, { num_samples: 1.5 }),
      'ValueError',
      'num_samples should be a positive integer value, but got num_samples=1.5',
    );
    raises(
      () => new RandomSampler(ds, { num_samples: any('a') }),
      'ValueError',
      'num_samples should be a positive integer value, but got num_samples=a',
    );
    raises(
      () => new RandomSampler([]),
      'ValueError',
      'num_samples should be a positive integer value, but got num_samples=0',
    );
    raises(() => new RandomSampler(any(5)), 'TypeError', "object of type 'int' has no len()");
    // PyTorch: TypeError from randperm when iterated (randperm() received an invalid combination of arguments ...)
    raises(
      () => new RandomSampler(ds, { generator: any(5) }),
      'TypeError',
      "RandomSampler.__init__(): argument 'generator' must be torch.Generator, not int",
    );
  });
});

describe('BatchSampler(sampler, batch_size, drop_last)', () => {
  it('positional, by name, mixed', () => {
    expect(values(new BatchSampler([0, 1, 2, 3, 4], 2, false))).toEqual([[0, 1], [2, 3], [4]]);
    const byName = new BatchSampler({ sampler: [0, 1, 2, 3, 4], batch_size: 2, drop_last: true });
    expect(values(byName)).toEqual([[0, 1], [2, 3]]);
    expect(values(new BatchSampler(new SequentialSampler(ds), 3, { drop_last: false }))).toEqual([[0, 1, 2], [3, 4]]);
    expect(new BatchSampler([0, 1, 2, 3, 4], 2, false).length).toBe(3);
    expect(new BatchSampler([0, 1, 2, 3, 4], 2, true).length).toBe(2);
  });
  it('wrongly', () => {
    const s = [0, 1, 2];
    raises(
      () => construct(BatchSampler, s, 2),
      'TypeError',
      "BatchSampler.__init__() missing 1 required positional argument: 'drop_last'",
    );
    raises(
      () => new BatchSampler(s, any({ batch_size: 2 })),
      'TypeError',
      "BatchSampler.__init__() missing 1 required positional argument: 'drop_last'",
    );
    raises(
      () => new BatchSampler(s, 2, false, any({ foo: 1 })),
      'TypeError',
      "BatchSampler.__init__() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => new BatchSampler(s, 2, false, any({ sampler: s })),
      'TypeError',
      "BatchSampler.__init__() got multiple values for argument 'sampler'",
    );
    raises(
      () => construct(BatchSampler, s, 2, false, 1),
      'TypeError',
      'BatchSampler.__init__() takes 4 positional arguments but 5 were given',
    );
    raises(
      () => new BatchSampler(s, 0, false),
      'ValueError',
      'batch_size should be a positive integer value, but got batch_size=0',
    );
    raises(
      () => new BatchSampler(s, 2.5, false),
      'ValueError',
      'batch_size should be a positive integer value, but got batch_size=2.5',
    );
    raises(
      () => new BatchSampler(s, any(true), false),
      'ValueError',
      'batch_size should be a positive integer value, but got batch_size=True',
    );
    raises(
      () => new BatchSampler(s, 2, any(1)),
      'ValueError',
      'drop_last should be a boolean value, but got drop_last=1',
    );
    raises(() => values(new BatchSampler(any(5), 2, false)), 'TypeError', "'int' object is not iterable");
  });
});

describe('DataLoader(dataset, batch_size, shuffle, sampler, batch_sampler, num_workers, collate_fn, ...)', () => {
  const batches = (loader: Iterable<unknown>) => [...loader].map(plain);
  const x = (...v: number[]) => [f32(v)];
  it('positional, by name, mixed', () => {
    const expected = [x(0, 1), x(2, 3), x(4)];
    expect(batches(new DataLoader(ds, 2))).toEqual(expected);
    expect(batches(new DataLoader({ dataset: ds, batch_size: 2 }))).toEqual(expected);
    expect(batches(new DataLoader(ds, 2, false, null, null, 0, null, false, true))).toEqual([x(0, 1), x(2, 3)]);
    expect(batches(new DataLoader(ds, { batch_size: 2, drop_last: true }))).toEqual([x(0, 1), x(2, 3)]);
    expect(batches(new DataLoader(ds, 2, { collate_fn: (b: unknown[]) => b.length }))).toEqual([2, 2, 1]);
    expect(batches(new DataLoader(ds, { batch_sampler: [[4, 0]] }))).toEqual([x(4, 0)]);
    expect(batches(new DataLoader([1, 2, 3], 2))).toEqual([i64([1, 2]), i64([3])]);
    expect(batches(new DataLoader(torch.arange(5), { batch_size: 2 }))).toEqual([[0, 1], [2, 3], [4]].map(i64));
    expect(batches(new DataLoader(ds, { batch_size: null })).slice(0, 2)).toEqual([[f32(0)], [f32(1)]]);
    expect(new DataLoader([]).length).toBe(0);
    expect(new DataLoader(ds, 2).length).toBe(3);
  });
  it('wrongly: the binder', () => {
    raises(
      () => construct(DataLoader),
      'TypeError',
      "DataLoader.__init__() missing 1 required positional argument: 'dataset'",
    );
    raises(
      () => new DataLoader(ds, any({ foo: 1 })),
      'TypeError',
      "DataLoader.__init__() got an unexpected keyword argument 'foo'",
    );
    raises(
      () => new DataLoader(ds, 2, any({ batch_size: 3 })),
      'TypeError',
      "DataLoader.__init__() got multiple values for argument 'batch_size'",
    );
    raises(
      () => construct(DataLoader, ds, 2, true, null, null, 0, null, false, false, 0, null, null, null, 2),
      'TypeError',
      'DataLoader.__init__() takes from 2 to 14 positional arguments but 15 were given',
    );
    // PyTorch: TypeError: '<' not supported between instances of 'str' and 'int'
    raises(
      () => new DataLoader(ds, { num_workers: any('a') }),
      'TypeError',
      "DataLoader.__init__(): argument 'num_workers' must be int, not str",
    );
    // PyTorch accepts num_workers=1.5 (and any truthy shuffle); wick takes ints and booleans only.
    raises(
      () => new DataLoader(ds, { num_workers: 1.5 }),
      'TypeError',
      "DataLoader.__init__(): argument 'num_workers' must be int, not float",
    );
    raises(
      () => new DataLoader(ds, 1, any(1)),
      'TypeError',
      "DataLoader.__init__(): argument 'shuffle' (position 3) must be bool, not int",
    );
    // PyTorch: TypeError from random_() at iteration: random_() received an invalid combination of arguments ...
    raises(
      () => new DataLoader(ds, { generator: any(5) }),
      'TypeError',
      "DataLoader.__init__(): argument 'generator' must be torch.Generator, not int",
    );
    // PyTorch: TypeError: 'int' object is not callable (at iteration)
    raises(
      () => new DataLoader(ds, { collate_fn: any(5) }),
      'TypeError',
      "DataLoader.__init__(): argument 'collate_fn' must be callable, not int",
    );
  });
  it("wrongly: PyTorch's checks", () => {
    const it3 = new Three();
    const cases: [() => unknown, string, string][] = [
      [
        () => new DataLoader(ds, { num_workers: -1 }),
        'ValueError',
        'num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.',
      ],
      [() => new DataLoader(ds, { timeout: -1 }), 'ValueError', 'timeout option should be non-negative'],
      [
        () => new DataLoader(ds, { prefetch_factor: 2 }),
        'ValueError',
        'prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable ' +
          'multiprocessing, otherwise set prefetch_factor to None.',
      ],
      [
        () => new DataLoader(ds, { num_workers: 1, prefetch_factor: -1 }),
        'ValueError',
        'prefetch_factor option should be non-negative',
      ],
      [
        () => values(new DataLoader(ds, { num_workers: 1, prefetch_factor: 0 })),
        'AssertionError',
        'prefetch_factor must be greater than 0 for MultiProcessingDataLoaderIter',
      ],
      [
        () => new DataLoader(ds, { persistent_workers: true }),
        'ValueError',
        'persistent_workers option needs num_workers > 0',
      ],
      [
        () => new DataLoader(ds, { shuffle: true, sampler: [0, 1] }),
        'ValueError',
        'sampler option is mutually exclusive with shuffle',
      ],
      [
        () => new DataLoader(ds, { batch_size: 2, batch_sampler: [[0, 1]] }),
        'ValueError',
        'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last',
      ],
      [
        () => new DataLoader(ds, { batch_size: null, drop_last: true }),
        'ValueError',
        'batch_size=None option disables auto-batching and is mutually exclusive with drop_last',
      ],
      [
        () => new DataLoader(it3, { shuffle: true }),
        'ValueError',
        'DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True',
      ],
      [
        () => new DataLoader(it3, { sampler: [0] }),
        'ValueError',
        'DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=[0]',
      ],
      [
        () => new DataLoader(it3, { batch_sampler: [[0]] }),
        'ValueError',
        'DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=[[0]]',
      ],
      [
        () => new DataLoader(ds, { multiprocessing_context: 'spawn' }),
        'ValueError',
        'multiprocessing_context can only be used with multi-process loading (num_workers > 0), but got num_workers=0',
      ],
      [
        () => new DataLoader(ds, { num_workers: 1, multiprocessing_context: 'bogus' }),
        'ValueError',
        "multiprocessing_context option should specify a valid start method in ['fork', 'spawn', 'forkserver'], " +
          "but got multiprocessing_context='bogus'",
      ],
      [
        () => new DataLoader(ds, { batch_size: 0 }),
        'ValueError',
        'batch_size should be a positive integer value, but got batch_size=0',
      ],
      [
        () => new DataLoader(ds, { batch_size: 1.5 }),
        'ValueError',
        'batch_size should be a positive integer value, but got batch_size=1.5',
      ],
      [
        () => new DataLoader(ds, { drop_last: any(1) }),
        'ValueError',
        'drop_last should be a boolean value, but got drop_last=1',
      ],
      [
        () => values(new DataLoader(ds, { timeout: 5 })),
        'AssertionError',
        '_SingleProcessDataLoaderIter requires timeout == 0',
      ],
      [() => new DataLoader(it3).length, 'TypeError', "object of type 'Three' has no len()"],
      [() => values(new DataLoader(any(5))), 'TypeError', "object of type 'int' has no len()"],
      [
        () => new DataLoader([], { shuffle: true }),
        'ValueError',
        'num_samples should be a positive integer value, but got num_samples=0',
      ],
    ];
    for (const [fn, type, message] of cases) raises(fn, type, message);
  });
  it('refuses to change what PyTorch freezes', () => {
    const loader = new DataLoader(ds);
    for (const attr of ['batch_size', 'batch_sampler', 'sampler', 'drop_last', 'dataset', 'persistent_workers']) {
      raises(
        () => Reflect.set(loader, attr, 3),
        'ValueError',
        `${attr} attribute should not be set after DataLoader is initialized`,
      );
    }
    loader.timeout = 0; // PyTorch lets the others change
    expect(loader.batch_size).toBe(1);
  });
});
