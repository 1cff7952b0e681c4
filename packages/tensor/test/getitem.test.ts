// Python indexing by hand: the JS spelling, binding every declared callable both ways and wrongly
// (PyTorch's messages, recorded by running the same calls in PyTorch 2.13), views versus copies,
// version counters, and nothing written when a call fails. The bulk of the numbers is in
// fixtures/tensor/getitem.msgpack (test/conformance.test.ts).
import { expectWickError } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

const arange = (n: number, shape: number[]) => torch.arange(n).view(shape).float();
/** A binding error: the binder's ArgumentError (a TypeError), in PyTorch's words. */
const expectArgumentError = (fn: () => unknown, message: string) => expectWickError(fn, message, 'TypeError', torch.ArgumentError);

describe('the JS spelling of an index', () => {
  it('an array is the tuple, an inner array a list index', () => {
    const x = arange(12, [3, 4]);
    // x[0, 1] (a tuple) and x[[0, 1]] (a list: rows 0 and 1).
    expect(x.__getitem__([0, 1]).item()).toBe(1);
    expect(x.__getitem__([[0, 1]]).tolist()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    // A tensor is always an index tensor.
    expect(x.__getitem__(torch.tensor([0, 1])).tolist()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    // x[[0, 1], [1, 2]]: two lists in the tuple.
    expect(x.__getitem__([[0, 1], [1, 2]]).tolist()).toEqual([1, 6]);
  });

  it("slices are written as Python writes them, Ellipsis as '...', None as null", () => {
    const x = arange(24, [2, 3, 4]);
    expect(x.__getitem__([':', '1:3', '::2']).tolist()).toEqual([[[4, 6], [8, 10]], [[16, 18], [20, 22]]]);
    expect(x.__getitem__(['...', '-1:']).shape).toEqual([2, 3, 1]);
    expect(x.__getitem__([null, '...', 0]).shape).toEqual([1, 2, 3]);
    expect(x.__getitem__(' 1 : : 1 ').shape).toEqual([1, 3, 4]);
    const [a, b] = [1, 3];
    expect(x.__getitem__([':', `${a}:${b}`]).shape).toEqual([2, 2, 4]);
  });

  it('bigint and 0-dim integer tensors are ints; an int past int64 is refused as Python refuses it', () => {
    const x = arange(12, [3, 4]);
    expect(x.__getitem__(2n).tolist()).toEqual([8, 9, 10, 11]);
    expect(x.__getitem__([torch.tensor(1), torch.tensor(2, { dtype: torch.int32 })]).item()).toBe(6);
    // PyTorch: x[2**70] -> ValueError: Overflow when unpacking long long
    expectWickError(() => x.__getitem__(2n ** 70n), 'Overflow when unpacking long long', 'ValueError');
    expectWickError(() => x.__getitem__([[1n, 2n ** 70n]]), 'Overflow when unpacking long long', 'ValueError');
    expectWickError(() => x.__getitem__(2n ** 62n), 'index 4611686018427387904 is out of bounds for dimension 0 with size 3', 'IndexError');
  });

  it('a string that is not a slice, and undefined, are named errors', () => {
    const x = arange(12, [3, 4]);
    const msg = (s: string) =>
      `invalid index string '${s}': an index string is a slice written as in Python ('1:3', ':', '::2', '-2:') or '...' (Ellipsis)`;
    for (const s of ['1', 'a:b', '1:2:3:4', '..', '1.5:2']) expectWickError(() => x.__getitem__(s), msg(s), 'TypeError');
    expectWickError(
      () => x.__getitem__([0, undefined as never]),
      'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got undefined)',
      'IndexError',
    );
  });
});

describe('views and copies', () => {
  it('basic indices give views that write through; advanced ones give copies (test_basic_advanced_combined)', () => {
    const x = torch.arange(0, 12).view(4, 3);
    const view = x.__getitem__(['1:2', '1:3']);
    const copy = x.__getitem__(['1:2', [1, 2]]);
    expect(view.tolist()).toEqual(copy.tolist());
    copy.zero_();
    expect(x.__getitem__([1, 1]).item()).toBe(4);
    view.zero_();
    expect(x.tolist()).toEqual([[0, 1, 2], [3, 0, 0], [6, 7, 8], [9, 10, 11]]);
    // x[...] and x[()] are new views of the same elements (PyTorch's alias), never x itself.
    const alias = x.__getitem__('...');
    expect(alias).not.toBe(x);
    expect(alias.storage).toBe(x.storage);
    expect(x.__getitem__([]).storage).toBe(x.storage);
  });

  it('each assignment bumps the version counter once; x[False] = v does nothing', () => {
    const x = torch.zeros(3, 4);
    const v0 = x._version;
    x.__setitem__(0, 1);
    expect(x._version - v0).toBe(1);
    x.__setitem__(torch.tensor([0, 1]), 2);
    expect(x._version - v0).toBe(2);
    x.__setitem__(x.gt(1), 3);
    expect(x._version - v0).toBe(3);
    x.__setitem__('...', 4);
    expect(x._version - v0).toBe(4);
    x.__setitem__(false, 5);
    expect(x._version - v0).toBe(4);
    x.__setitem__([':', [0]], torch.ones(3, 1));
    expect(x._version - v0).toBe(5);
  });

  it('a failed assignment writes nothing (PyTorch checks every index before the kernel runs too)', () => {
    const x = arange(12, [3, 4]);
    const before = x.tolist();
    // PyTorch: IndexError: index 7 is out of bounds for dimension 1 with size 4
    expectWickError(
      () => x.__setitem__([torch.tensor([0, 1]), torch.tensor([1, 7])], torch.tensor([-1, -2]).float()),
      'index 7 is out of bounds for dimension 1 with size 4',
      'IndexError',
    );
    expectWickError(
      () => x.index_put_([torch.tensor([2, 0, 5])], torch.ones([]), true),
      'index 5 is out of bounds for dimension 0 with size 3',
      'IndexError',
    );
    expectWickError(
      () => x.masked_scatter_(torch.tensor([true, false, true, true]), torch.tensor([1, 2]).float()),
      'Number of elements of source < number of ones in mask',
    );
    expect(x.tolist()).toEqual(before);
    expect(x._version).toBe(0);
  });

  it('advanced indexing with no index at all', () => {
    // PyTorch: torch.ops.aten.index.Tensor(t, []) -> IndexError: at least one index must be provided.
    expectWickError(() => torch.advancedIndex(torch.zeros(3), []), 'at least one index must be provided', 'IndexError');
    // index_put_ with [] fails in PyTorch on an internal assert (RuntimeError); wick says the same as index.
    expectWickError(() => torch.zeros(3).index_put_([], torch.ones([])), 'at least one index must be provided', 'RuntimeError');
  });

  it('values that share memory with what is written are refused, as PyTorch refuses them', () => {
    const overlap =
      'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.';
    const y = torch.zeros(4);
    expectWickError(() => y.__setitem__([[0, 1]], y.__getitem__('1:3')), overlap);
    expectWickError(() => y.index_put_([torch.tensor([0, 1, 2, 3])], y), overlap);
    const t = torch.tensor([0, 1, 2, 3]);
    expectWickError(() => t.index_put_([t.__getitem__(':2')], torch.tensor([5, 5])), overlap);
    // A value elsewhere in the same storage is fine.
    const z = torch.zeros(6);
    z.__getitem__(':3').index_put_([torch.tensor([0, 1])], z.__getitem__('4:'));
    expect(z.tolist()).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('binding: each callable called positionally, by name, and wrongly', () => {
  const x = () => torch.zeros(3);
  const i = torch.tensor([1]);
  const v = torch.tensor(5, { dtype: torch.float32 });

  it('__getitem__ and __setitem__', () => {
    const t = arange(6, [2, 3]);
    expect(t.__getitem__({ indices: [1, 2] }).item()).toBe(5);
    const u = torch.zeros(2, 3);
    u.__setitem__([0, 1], 7);
    u.__setitem__({ indices: [1, 2], value: 8 });
    u.__setitem__(-1, { value: torch.tensor([1, 2, 3]).float() });
    expect(u.tolist()).toEqual([[0, 7, 0], [1, 2, 3]]);
    expectArgumentError(() => Reflect.apply(t.__getitem__, t, []), '__getitem__() missing 1 required positional arguments: "indices"');
    expectArgumentError(() => Reflect.apply(t.__getitem__, t, [0, 1]), '__getitem__() takes 1 positional argument but 2 were given');
    // A plain object that names no parameter is the index itself, as Python's x[{}] is.
    expectWickError(
      () => t.__getitem__({ index: 0 } as never),
      'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got dict)',
      'IndexError',
    );
    expectArgumentError(() => u.__setitem__(0 as never), '__setitem__() missing 1 required positional arguments: "value"');
    // PyTorch: x[0] = 'a' -> TypeError: can't assign a str to a torch.FloatTensor
    expectArgumentError(() => u.__setitem__(0, 'a' as never), "can't assign a str to a torch.FloatTensor");
    expectArgumentError(() => u.__setitem__(0, { foo: 1 } as never), "can't assign a dict to a torch.FloatTensor");
  });

  it('index_put_, index_put, torch.index_put, torch.index_put_', () => {
    expect(x().index_put_([i], v).tolist()).toEqual([0, 5, 0]);
    expect(x().index_put_({ indices: [i], values: v, accumulate: true }).tolist()).toEqual([0, 5, 0]);
    expect(x().index_put_([torch.tensor([1, 1])], { values: v, accumulate: true }).tolist()).toEqual([0, 10, 0]);
    const y = x();
    expect(y.index_put_([i], v)).toBe(y);
    const z = x();
    expect(z.index_put([i], v).tolist()).toEqual([0, 5, 0]);
    expect(z.tolist()).toEqual([0, 0, 0]);
    // torch.index_put(input=..., indices=..., values=..., accumulate=True) -> tensor([0., 5., 0.])
    expect(torch.index_put({ input: x(), indices: [i], values: v, accumulate: true }).tolist()).toEqual([0, 5, 0]);
    expect(torch.index_put_(x(), [torch.tensor([1, 1])], v, { accumulate: true }).tolist()).toEqual([0, 10, 0]);
    expectArgumentError(() => x().index_put_([i], v, true, 1 as never), 'index_put_() takes from 2 to 3 positional arguments but 4 were given');
    expectArgumentError(() => torch.index_put(x(), [i], v, { indices: [i] } as never), "index_put() got multiple values for argument 'indices'");
    expectArgumentError(() => torch.index_put(x(), [1] as never, v), 'expected Tensor as element 0 in argument 1, but got int');
    expectArgumentError(() => x().index_put_([i, null] as never, v), 'expected Tensor as element 1 in argument 0, but got NoneType');
  });

  it('nonzero, argwhere', () => {
    const t = torch.tensor([[0, 1], [2, 0]]);
    // torch.nonzero(input=..., as_tuple=True) -> (tensor([0, 1]), tensor([1, 0]))
    expect(torch.nonzero({ input: t, as_tuple: true }).map((c) => c.tolist())).toEqual([[0, 1], [1, 0]]);
    expect(torch.nonzero(t).tolist()).toEqual([[0, 1], [1, 0]]);
    expect(t.nonzero({ as_tuple: false }).tolist()).toEqual([[0, 1], [1, 0]]);
    expect(torch.argwhere(t).tolist()).toEqual([[0, 1], [1, 0]]);
    expect(torch.argwhere({ input: t }).tolist()).toEqual([[0, 1], [1, 0]]);
    expect(t.argwhere().tolist()).toEqual([[0, 1], [1, 0]]);
    expectArgumentError(() => Reflect.apply(torch.nonzero, undefined, []), 'nonzero() missing 1 required positional arguments: "input"');
    expectArgumentError(() => torch.nonzero(1 as never), "nonzero(): argument 'input' (position 1) must be Tensor, not int");
    expectArgumentError(() => Reflect.apply(torch.argwhere, undefined, []), 'argwhere() missing 1 required positional arguments: "input"');
    expectArgumentError(() => torch.argwhere(t, { foo: 1 } as never), "argwhere() got an unexpected keyword argument 'foo'");
  });

  it('masked_select, masked_scatter, masked_scatter_', () => {
    const mask = torch.tensor([true, false, true]);
    expect(x().add(1).masked_select({ mask }).tolist()).toEqual([1, 1]);
    expect(torch.masked_select({ input: x(), mask }).tolist()).toEqual([0, 0]);
    // x.masked_scatter_(mask=..., source=...) -> tensor([1., 0., 1.])
    expect(x().masked_scatter_({ mask, source: torch.ones(3) }).tolist()).toEqual([1, 0, 1]);
    expect(torch.masked_scatter({ input: x(), mask, source: torch.ones(3) }).tolist()).toEqual([1, 0, 1]);
    expect(x().masked_scatter(mask, { source: torch.arange(3).float() }).tolist()).toEqual([0, 0, 1]);
    expectArgumentError(() => x().masked_scatter(mask as never), 'masked_scatter() missing 1 required positional arguments: "source"');
    expectArgumentError(() => x().masked_scatter_(mask, 1 as never), "masked_scatter_(): argument 'source' (position 2) must be Tensor, not int");
  });
});

describe('a program as PyTorch users write it', () => {
  it('one-hot targets, the log-probability of each target, and a masked update', () => {
    const labels = torch.tensor([2, 0, 1, 2]);
    const onehot = torch.zeros(4, 3);
    onehot.__setitem__([torch.arange(4), labels], 1);
    expect(onehot.tolist()).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const logits = torch.tensor([[1, 2, 3], [0, 0, 0], [3, 1, 2], [-1, 0, 1]]).float();
    const picked = logits.__getitem__([torch.arange(4), labels]);
    expect(picked.tolist()).toEqual([3, 0, 1, 1]);
    logits.__setitem__(logits.lt(0), 0);
    expect(logits.__getitem__([-1, ':']).tolist()).toEqual([0, 0, 1]);
  });
});
