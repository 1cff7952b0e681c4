import { expectWickError } from '@wick/testing';
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

// Expected values and messages below were produced by PyTorch 2.13 (CPU) on the same inputs.

const f32 = (data: torch.NestedData) => torch.tensor(data, { dtype: torch.float32 });
const grid = () => torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
const long = (...v: number[]) => torch.tensor(v, { dtype: torch.int64 });

const expectError = (fn: () => unknown, cls: typeof torch.WickError, message: string, pytorchType = 'RuntimeError') =>
  expectWickError(fn, message, pytorchType, cls);

describe('index_select', () => {
  it('selects slices in index order, repeats allowed', () => {
    const x = grid();
    expect(x.index_select(1, long(3, 0, 0)).tolist()).toEqual([[3, 0, 0], [7, 4, 4], [11, 8, 8]]);
    expect(x.index_select(0, long(2, 0, 2)).tolist()).toEqual([[8, 9, 10, 11], [0, 1, 2, 3], [8, 9, 10, 11]]);
    expect(x.index_select(-1, torch.tensor([1], { dtype: torch.int32 })).tolist()).toEqual([[1], [5], [9]]);
    expect(x.t().index_select(0, long(1, 3)).tolist()).toEqual([[1, 5, 9], [3, 7, 11]]);
  });

  it('copies: the result never shares storage', () => {
    const x = grid();
    const r = x.index_select(0, long(1));
    r.fill_(-1);
    expect(x.select(0, 1).tolist()).toEqual([4, 5, 6, 7]);
  });

  it('handles 0-dim index and 0-dim self', () => {
    expect(grid().index_select(1, torch.tensor(2)).tolist()).toEqual([[2], [6], [10]]);
    const s = f32(5);
    expect(s.index_select(0, long(0)).shape).toEqual([]);
    expect(s.index_select(0, torch.tensor(0)).item()).toBe(5);
    expectError(() => s.index_select(0, long(0, 0)), torch.ShapeError, 'index_select(): Index to scalar can have only 1 value, got 2 value(s)');
    expectError(() => s.index_select(0, long(1)), torch.IndexError, 'index out of range in self', 'IndexError');
    expectError(() => s.index_select(0, long(-1)), torch.IndexError, 'index out of range in self', 'IndexError');
  });

  it('keeps int64 values beyond 2^53, bool and float16 exactly', () => {
    const big = torch.tensor([[2n ** 53n + 1n, -(2n ** 53n) - 3n], [7n, 9n]]);
    expect(big.index_select(1, torch.tensor([1, 0, 1], { dtype: torch.int32 })).tolist())
      .toEqual([[-9007199254740995n, 9007199254740993n, -9007199254740995n], [9, 7, 9]]);
    expect(torch.tensor([true, false, true]).index_select(0, long(2, 1)).tolist()).toEqual([true, false]);
    const h = f32([0.1, 0.2]).half().index_select(0, long(1));
    expect(h.dtype).toBe('float16');
    expect(h.tolist()).toEqual(f32([0.2]).half().tolist());
  });

  it('handles empty index and empty self', () => {
    expect(grid().index_select(1, long()).shape).toEqual([3, 0]);
    expect(torch.zeros(0, 4).index_select(1, long(0)).shape).toEqual([0, 1]);
    expect(torch.zeros(0, 3).index_select(0, long()).shape).toEqual([0, 3]);
  });

  it('raises PyTorch errors, worded by kernel path as PyTorch words them', () => {
    const x = grid();
    expectError(() => x.index_select(0, long(3)), torch.IndexError, 'index out of range in self', 'IndexError');
    expectError(() => x.index_select(1, long(-1)), torch.IndexError, 'INDICES element is out of DATA bounds, id=-1 axis_dim=4');
    expectError(() => x.index_select(1, long(0, 4)), torch.IndexError, 'INDICES element is out of DATA bounds, id=4 axis_dim=4');
    expectError(() => torch.zeros(2, 3, 4).index_select(2, long(4)), torch.IndexError, 'index out of range in self', 'IndexError');
    expectError(() => torch.zeros(4).index_select(0, long(-1)), torch.IndexError, 'index out of range in self', 'IndexError');
    expectError(() => torch.zeros(3, 4, 0, 2).index_select(0, long(3)), torch.IndexError, 'INDICES element is out of DATA bounds, id=3 axis_dim=3');
    expectError(() => torch.zeros(0, 4).index_select(0, long(0)), torch.IndexError, 'index_select(): self indexing axis dim should be positive');
    expectError(() => x.index_select(1, f32([[1]])), torch.IndexError, 'index_select(): Index is supposed to be a vector', 'IndexError');
    expectError(() => x.index_select(1, f32([1])), torch.DTypeError, 'index_select(): Expected dtype int32 or int64 for index');
    expectError(() => x.index_select(1, torch.tensor([1], { dtype: torch.int16 })), torch.DTypeError, 'index_select(): Expected dtype int32 or int64 for index');
    expectError(() => x.index_select(2, long(0)), torch.IndexError, 'Dimension out of range (expected to be in range of [-2, 1], but got 2)', 'IndexError');
  });
});

describe('gather', () => {
  it('picks along dim with index shape, on strided self', () => {
    const x = grid();
    expect(x.gather(1, torch.tensor([[0, 1], [3, 2]])).tolist()).toEqual([[0, 1], [7, 6]]);
    expect(x.gather(0, torch.tensor([[2, 0, 1, 1], [0, 0, 2, 2]])).tolist()).toEqual([[8, 1, 6, 7], [0, 1, 10, 11]]);
    expect(x.t().gather(1, torch.tensor([[2, 0], [1, 1], [0, 2], [2, 2]])).tolist()).toEqual([[8, 0], [5, 5], [2, 10], [11, 11]]);
    // index may be longer than self along dim itself
    expect(torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).gather(1, torch.tensor([[2, 2, 0, 1]])).tolist()).toEqual([[2, 2, 0, 1]]);
    expect(x.gather(1, torch.tensor([[1]], { dtype: torch.int32 })).tolist()).toEqual([[1]]);
  });

  it('treats 0-dim tensors as 1-element 1-d ones', () => {
    expect(f32(5).gather(0, long(0, 0)).tolist()).toEqual([5, 5]);
    const r = f32([1, 2, 3]).gather(0, torch.tensor(1));
    expect(r.shape).toEqual([]);
    expect(r.item()).toBe(2);
  });

  it('returns an empty index shape before any check, as PyTorch does', () => {
    expect(grid().gather(1, torch.zeros(0, 2, { dtype: torch.int64 })).shape).toEqual([0, 2]);
    expect(grid().gather(0, torch.zeros(0, 4, 1, { dtype: torch.int64 })).shape).toEqual([0, 4, 1]);
    expect(grid().gather(0, torch.zeros(0, 4)).shape).toEqual([0, 4]);
  });

  it('raises PyTorch errors', () => {
    const x = grid();
    expectError(() => x.gather(1, torch.tensor([[5, 7]])), torch.IndexError, 'index 5 is out of bounds for dimension 1 with size 4');
    expectError(() => x.gather(-1, torch.tensor([[-1]])), torch.IndexError, 'index -1 is out of bounds for dimension 1 with size 4');
    // the first bad value in logical (row-major) order is named
    expectError(() => torch.zeros(3, 10).gather(0, torch.tensor([[0, 9], [8, 0]])), torch.IndexError, 'index 9 is out of bounds for dimension 0 with size 3');
    expectError(() => x.gather(1, long(1)), torch.ShapeError, 'Index tensor must have the same number of dimensions as input tensor');
    expectError(() => x.gather(1, f32([[1]])), torch.DTypeError, 'gather(): Expected dtype int32/int64 for index');
    expectError(() => x.gather(0, torch.zeros(1)), torch.DTypeError, 'gather(): Expected dtype int32/int64 for index');
    expectError(() => x.gather(1, torch.zeros(4, 2, { dtype: torch.int64 })), torch.ShapeError,
      'Size does not match at dimension 0 expected index [4, 2] to be no larger than self [3, 4] apart from dimension 1');
    expectError(() => torch.ones(3, 0).gather(1, torch.zeros(3, 1, { dtype: torch.int64 })), torch.IndexError,
      'index 0 is out of bounds for dimension 1 with size 0');
  });
});

describe('scatter and scatter_add', () => {
  const src = () => torch.arange(1, 13, { dtype: torch.float32 }).reshape(3, 4);
  const idx = () => torch.tensor([[0, 1, 2, 0], [2, 0, 0, 1]]);

  it('write src (or a value, cast to self dtype) at index along dim', () => {
    expect(torch.zeros(3, 5).scatter(0, idx(), src()).tolist()).toEqual([[1, 6, 7, 4, 0], [0, 2, 0, 8, 0], [5, 0, 3, 0, 0]]);
    expect(torch.zeros(3, 5).scatter(0, idx(), 7.5).tolist()).toEqual([[7.5, 7.5, 7.5, 7.5, 0], [0, 7.5, 0, 7.5, 0], [7.5, 0, 7.5, 0, 0]]);
    const l = torch.zeros(3, 5, { dtype: torch.int64 }).scatter(0, idx(), 7.5);
    expect(l.dtype).toBe('int64');
    expect(l.tolist()).toEqual([[7, 7, 7, 7, 0], [0, 7, 0, 7, 0], [7, 0, 7, 0, 0]]);
    expect(torch.zeros(3, 5).scatter(0, idx(), true).select(0, 0).tolist()).toEqual([1, 1, 1, 1, 0]);
    expect(torch.zeros(2, 4).scatter(1, torch.tensor([[3], [0]]), -2.5).tolist()).toEqual([[0, 0, 0, -2.5], [-2.5, 0, 0, 0]]);
    expect(torch.zeros(4, 2).t().scatter(1, torch.tensor([[3, 0]]), f32([[7, 8]])).tolist()).toEqual([[8, 0, 0, 7], [0, 0, 0, 0]]);
    expect(f32([[1, 2], [3, 4]]).scatter(1, torch.tensor([[1], [0]]), f32([[9], [8]])).tolist()).toEqual([[1, 9], [8, 4]]);
  });

  it('scatter_add accumulates duplicates', () => {
    expect(torch.zeros(3).scatter_add(0, long(0, 0, 2, 0), f32([1, 2, 3, 4])).tolist()).toEqual([7, 0, 3]);
    expect(torch.zeros(2, 3).scatter_add(1, torch.tensor([[0, 0, 2], [1, 1, 1]]), f32([[1, 2, 3], [4, 5, 6]])).tolist())
      .toEqual([[3, 0, 3], [0, 15, 0]]);
    expect(torch.zeros(2, 3).scatter_add(0, torch.tensor([[1, 1, 1], [1, 0, 1]]), f32([[1, 2, 3], [4, 5, 6]])).tolist())
      .toEqual([[0, 5, 0], [5, 2, 9]]);
    expect(torch.zeros(1).scatter_add(0, long(0, 0, 0), f32([1e8, 1, 1])).tolist()).toEqual([100000000]);
  });

  it('scatter_add wraps integers like C, ors bools, and sums float16 in float32', () => {
    const i64 = torch.zeros(1, { dtype: torch.int64 }).scatter_add(0, long(0, 0), torch.tensor([2n ** 63n - 1n, 2n]));
    expect(i64.tolist()).toEqual([-9223372036854775807n]);
    const i32 = torch.zeros(1, { dtype: torch.int32 }).scatter_add(0, long(0, 0), torch.tensor([2 ** 31 - 1, 2], { dtype: torch.int32 }));
    expect(i32.tolist()).toEqual([-2147483647]);
    const b = torch.zeros(3, { dtype: torch.bool }).scatter_add(0, long(0, 0), torch.tensor([true, true]));
    expect(b.tolist()).toEqual([true, false, false]);
    const h = torch.zeros(3, { dtype: torch.float16 }).scatter_add(0, long(0, 0, 0), f32([1000, 0.3, 0.3]).half());
    expect(h.tolist()).toEqual([1000.5, 0, 0]);
  });

  it('0-dim self, index and src', () => {
    expect(f32(1).scatter_add(0, torch.tensor(0), f32(5)).item()).toBe(6);
    expect(f32(1).scatter(0, long(0), f32([5])).item()).toBe(5);
  });

  it('in-place forms return self, write through views and bump the version', () => {
    const base = torch.zeros(2, 3);
    const row = base.select(0, 1);
    const v = base._version;
    expect(row.scatter_(0, long(2), f32([4]))).toBe(row);
    expect(row.scatter_add_(0, long(2, 0), f32([1, 2]))).toBe(row);
    expect(base.tolist()).toEqual([[0, 0, 0], [2, 0, 5]]);
    expect(base._version).toBe(v + 2);
  });

  it('out-of-place forms leave self untouched', () => {
    const x = torch.zeros(3);
    x.scatter(0, long(1), f32([1]));
    x.scatter_add(0, long(1), f32([1]));
    expect(x.tolist()).toEqual([0, 0, 0]);
  });

  it('validate every index before writing anything', () => {
    // PyTorch writes index 1 before raising on 9; wick leaves self as it was.
    const x = torch.zeros(3);
    expectError(() => x.scatter_(0, long(1, 9), 1), torch.IndexError, 'index 9 is out of bounds for dimension 0 with size 3');
    expect(x.tolist()).toEqual([0, 0, 0]);
  });

  it('refuse to write through an expanded self', () => {
    const msg = 'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';
    expectError(() => torch.zeros(1, 3).expand(2, 3).scatter_(0, torch.tensor([[0, 1, 0]]), 1), torch.ValueError, msg);
    expectError(() => torch.zeros(3, 1).expand(3, 4).scatter_add_(0, torch.tensor([[0]]), torch.ones(1, 1)), torch.ValueError, msg);
    expect(torch.zeros(1, 3).expand(2, 3).scatter(0, torch.tensor([[1, 1, 1]]), 1).tolist()).toEqual([[0, 0, 0], [1, 1, 1]]);
  });

  it('raise PyTorch errors in PyTorch order', () => {
    const z = () => torch.zeros(3, 5);
    expectError(() => z().scatter(0, idx().float(), src()), torch.DTypeError, 'scatter(): Expected dtype int32/int64 for index');
    expectError(() => z().scatter_add(0, idx().float(), src()), torch.DTypeError, 'scatter(): Expected dtype int32/int64 for index');
    expectError(() => z().scatter(0, idx(), src().double()), torch.DTypeError, 'scatter(): Expected self.dtype to be equal to src.dtype');
    expectError(() => z().scatter_(0, idx(), src().long()), torch.DTypeError, 'scatter(): Expected self.dtype to be equal to src.dtype');
    expectError(() => z().scatter_add(0, idx(), src().double()), torch.DTypeError, 'scatter(): Expected self.dtype to be equal to src.dtype');
    expectError(() => z().scatter(0, long(0), src()), torch.ShapeError, 'Index tensor must have the same number of dimensions as self tensor');
    expectError(() => z().scatter(0, idx(), torch.ones(4)), torch.IndexError, 'Dimension out of range (expected to be in range of [-1, 0], but got 1)', 'IndexError');
    expectError(() => z().scatter(0, idx(), torch.ones(1)), torch.ShapeError, 'Index tensor must have the same number of dimensions as src tensor');
    expectError(() => z().scatter(0, idx(), torch.ones(2, 4, 1)), torch.ShapeError, 'Index tensor must have the same number of dimensions as src tensor');
    expectError(() => z().scatter(0, torch.zeros(2, 6, { dtype: torch.int64 }), torch.ones(3, 6)), torch.ShapeError,
      'Expected index [2, 6] to be no larger than self [3, 5] apart from dimension 0 and to be no larger size than src [3, 6]');
    expectError(() => z().scatter_add(0, torch.zeros(4, 3, { dtype: torch.int64 }), torch.ones(3, 3)), torch.ShapeError,
      'Expected index [4, 3] to be no larger than self [3, 5] apart from dimension 0 and to be no larger size than src [3, 3]');
    expectError(() => z().scatter(0, torch.zeros(4, 6, { dtype: torch.int64 }), 1), torch.ShapeError,
      'Expected index [4, 6] to be no larger than self [3, 5] apart from dimension 0');
    expectError(() => z().scatter(-2, torch.tensor([[3]]), src()), torch.IndexError, 'index 3 is out of bounds for dimension 0 with size 3');
    expectError(() => z().scatter_add(0, torch.tensor([[-1]]), src()), torch.IndexError, 'index -1 is out of bounds for dimension 0 with size 3');
    expectError(() => z().scatter(2, idx(), src()), torch.IndexError, 'Dimension out of range (expected to be in range of [-2, 1], but got 2)', 'IndexError');
  });

  it('skip shape checks for an empty index (but not the src dtype check)', () => {
    expect(torch.zeros(3, 5).scatter(0, torch.zeros(0, 9, { dtype: torch.int64 }), src()).tolist()).toEqual(torch.zeros(3, 5).tolist());
    expect(torch.zeros(3, 5).scatter(0, torch.zeros(0, 4), 1).shape).toEqual([3, 5]);
    expectError(() => torch.zeros(3, 5).scatter(0, torch.zeros(0, 4), torch.ones(3, 5).double()), torch.DTypeError,
      'scatter(): Expected self.dtype to be equal to src.dtype');
  });
});

describe('embedding', () => {
  const w = () => torch.arange(12, { dtype: torch.float32 }).view(4, 3);

  it('gathers rows of weight into [...input.shape, dim]', () => {
    expect(torch.embedding(w(), torch.tensor([[0, 3], [1, 1]])).tolist()).toEqual([[[0, 1, 2], [9, 10, 11]], [[3, 4, 5], [3, 4, 5]]]);
    expect(torch.embedding(w(), torch.tensor(2)).tolist()).toEqual([6, 7, 8]);
    expect(torch.embedding(w(), torch.tensor([[0, 1], [2, 3]]).t()).tolist()).toEqual([[[0, 1, 2], [6, 7, 8]], [[3, 4, 5], [9, 10, 11]]]);
    expect(torch.embedding(w().t(), torch.tensor([[0, 1], [2, 0]])).tolist())
      .toEqual([[[0, 3, 6, 9], [1, 4, 7, 10]], [[2, 5, 8, 11], [0, 3, 6, 9]]]);
    expect(torch.embedding(torch.arange(12).view(4, 3), torch.tensor([1], { dtype: torch.int32 })).tolist()).toEqual([[3, 4, 5]]);
    expect(torch.embedding(w(), torch.zeros(2, 0, { dtype: torch.int64 })).shape).toEqual([2, 0, 3]);
    expect(torch.embedding(torch.ones(0, 3), torch.zeros(2, 0, { dtype: torch.int64 })).shape).toEqual([2, 0, 3]);
  });

  it('raises PyTorch errors', () => {
    expectError(() => torch.embedding(w(), long(-1)), torch.IndexError, 'index out of range in self', 'IndexError');
    expectError(() => torch.embedding(w(), torch.tensor([[4]])), torch.IndexError, 'index out of range in self', 'IndexError');
    expectError(() => torch.embedding(torch.ones(4), long(1)), torch.ShapeError, "'weight' must be 2-D");
    expectError(() => torch.embedding(torch.ones(4), f32([1])), torch.ShapeError, "'weight' must be 2-D");
    expectError(() => torch.embedding(w(), f32([1])), torch.DTypeError,
      "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)");
    expectError(() => torch.embedding(w(), torch.tensor([1], { dtype: torch.int16 })), torch.DTypeError,
      "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.ShortTensor instead (while checking arguments for embedding)");
    expectError(() => torch.embedding(torch.ones(0, 3), torch.zeros(2, 1, { dtype: torch.int64 })), torch.IndexError,
      'index_select(): self indexing axis dim should be positive');
  });

  it("takes any padding_idx: it only names a row that gets no gradient (F.embedding checks it)", () => {
    // torch.embedding(w, torch.tensor([1]), 4) and (..., -5): no error in PyTorch.
    expect(torch.embedding(w(), long(1), 4).tolist()).toEqual([[3, 4, 5]]);
    expect(torch.embedding(w(), long(1), -5).tolist()).toEqual([[3, 4, 5]]);
  });
});

describe('op table', () => {
  afterEach(() => torch.setRecorder(null));

  it('records each index op under its own name with its attrs', () => {
    const seen: [string, object][] = [];
    torch.setRecorder({ record: (op, _inputs, attrs) => void seen.push([op, attrs]) });
    const x = grid();
    x.index_select(-1, long(0));
    x.gather(0, torch.tensor([[0]]));
    x.scatter(1, torch.tensor([[0]]), f32([[1]]));
    x.scatter(1, torch.tensor([[0]]), 2);
    x.scatter_add(0, torch.tensor([[0]]), f32([[1]]));
    torch.embedding(w4(), long(1), 3);
    const names = seen.map(([op]) => op).filter((op) => ['index_select', 'gather', 'scatter', 'scatter_value', 'scatter_add', 'embedding'].includes(op));
    expect(names).toEqual(['index_select', 'gather', 'scatter', 'scatter_value', 'scatter_add', 'embedding']);
    expect(seen.find(([op]) => op === 'index_select')![1]).toEqual({ dim: 1 });
    expect(seen.find(([op]) => op === 'scatter_value')![1]).toEqual({ dim: 1, reduce: null, value: 2 });
    expect(seen.find(([op]) => op === 'embedding')![1]).toEqual({ padding_idx: 3, scale_grad_by_freq: false });
  });
});

const w4 = () => torch.ones(4, 3);
