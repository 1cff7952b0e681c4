import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { raises } from './recorded.js';

// Each case's expectation is PyTorch 2.13's: the Python expression quoted above it was run in
// PyTorch and its result (shape, dtype, values) or error (type and message) recorded here.

// In-place view ops: self itself takes the view's shape, strides and offset (same storage, no
// element written) and its version counter moves, as in PyTorch.
const x = () => torch.arange(6, { dtype: torch.float32 }).view(2, 3);
const ones3 = () => torch.ones(1, 3, 1);
/** What an in-place view op leaves behind: [shape, strides, storage offset, version, values]. */
const geometry = (t: torch.Tensor) => [t.shape, t.stride(), t.storage_offset(), t._version, t.tolist()];

describe("geometry and version after the op", () => {
  // geometry(x().t_())
  it("t_", () => expect(geometry(x().t_())).toEqual([[3, 2], [1, 3], 0, 1, [[0, 3], [1, 4], [2, 5]]]));
  // geometry(torch.arange(3).t_())
  it("t_ on a 1-d tensor", () => expect(geometry(torch.arange(3).t_())).toEqual([[3], [1], 0, 1, [0, 1, 2]]));
  // geometry(torch.arange(24).view(2, 3, 4).transpose_(0, 2))
  it("transpose_", () => expect(geometry(torch.arange(24).view(2, 3, 4).transpose_(0, 2))).toEqual([[4, 3, 2], [1, 4, 12], 0, 1, [[[0, 12], [4, 16], [8, 20]], [[1, 13], [5, 17], [9, 21]], [[2, 14], [6, 18], [10, 22]], [[3, 15], [7, 19], [11, 23]]]]));
  // geometry(x().swapaxes_(0, 1))
  it("swapaxes_", () => expect(geometry(x().swapaxes_(0, 1))).toEqual([[3, 2], [1, 3], 0, 1, [[0, 3], [1, 4], [2, 5]]]));
  // geometry(x().swapdims_(1, 0))
  it("swapdims_", () => expect(geometry(x().swapdims_(1, 0))).toEqual([[3, 2], [1, 3], 0, 1, [[0, 3], [1, 4], [2, 5]]]));
  // geometry(x().unsqueeze_(1))
  it("unsqueeze_", () => expect(geometry(x().unsqueeze_(1))).toEqual([[2, 1, 3], [3, 3, 1], 0, 1, [[[0, 1, 2]], [[3, 4, 5]]]]));
  // geometry(ones3().squeeze_())
  it("squeeze_", () => expect(geometry(ones3().squeeze_())).toEqual([[3], [1], 0, 1, [1, 1, 1]]));
  // geometry(ones3().squeeze_(-1))
  it("squeeze_(dim)", () => expect(geometry(ones3().squeeze_(-1))).toEqual([[1, 3], [3, 1], 0, 1, [[1, 1, 1]]]));
  // geometry(x().unsqueeze_(0).squeeze_(0))
  it("squeeze_ after unsqueeze_ (two version bumps)", () => expect(geometry(x().unsqueeze_(0).squeeze_(0))).toEqual([[2, 3], [3, 1], 0, 2, [[0, 1, 2], [3, 4, 5]]]));
  // geometry(x().as_strided_([2, 2], [1, 3], 1))
  it("as_strided_", () => expect(geometry(x().as_strided_([2, 2], [1, 3], 1))).toEqual([[2, 2], [1, 3], 1, 1, [[1, 4], [2, 5]]]));
  // geometry(x().narrow(1, 1, 2).as_strided_([3], [2]))
  it("as_strided_ of a view keeps reading the base storage", () => expect(geometry(x().narrow(1, 1, 2).as_strided_([3], [2]))).toEqual([[3], [2], 1, 1, [1, 3, 5]]));
  // (lambda b: (b.narrow(0, 1, 1).t_(), geometry(b))[1])(x())
  it("on a view, the base is unchanged", () => expect(((b) => (b.narrow(0, 1, 1).t_(), geometry(b)))(x())).toEqual([[2, 3], [3, 1], 0, 1, [[0, 1, 2], [3, 4, 5]]]));
});

describe('in-place view ops return self and keep its storage', () => {
  const ops: [string, (t: torch.Tensor) => torch.Tensor][] = [
    ['t_', (t) => t.t_()],
    ['transpose_', (t) => t.transpose_(0, 1)],
    ['swapaxes_', (t) => t.swapaxes_(0, 1)],
    ['swapdims_', (t) => t.swapdims_(0, 1)],
    ['unsqueeze_', (t) => t.unsqueeze_(0)],
    ['squeeze_', (t) => t.squeeze_()],
    ['as_strided_', (t) => t.as_strided_([3], [1])],
  ];
  it.each(ops)('%s', (_name, op) => {
    const t = x();
    const storage = t.storage;
    expect(op(t)).toBe(t);
    expect(t.storage).toBe(storage);
  });

  it('a refused call changes nothing (checks run before the geometry changes)', () => {
    const t = x();
    // x.transpose_(0, 5) and x.as_strided_([7], [1]) in PyTorch: IndexError and RuntimeError.
    raises(() => t.transpose_(0, 5), 'IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got 5)');
    raises(
      () => t.as_strided_([7], [1]),
      'RuntimeError',
      'setStorage: sizes [7], strides [1], storage offset 0, and itemsize 4 requiring a storage size of 28 are out of bounds for storage of size 24',
    );
    expect(geometry(t)).toEqual([[2, 3], [3, 1], 0, 0, [[0, 1, 2], [3, 4, 5]]]);
  });

  it('other views of the storage keep their own geometry', () => {
    const base = x();
    const row = base.select(0, 1);
    base.t_();
    expect(row.tolist()).toEqual([3, 4, 5]);
    expect(base.tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
  });
});
