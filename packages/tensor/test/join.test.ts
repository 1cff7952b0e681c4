import { expectWickError } from '@wick/testing';
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { getOp, setRecorder } from '../src/ops/table.js';

// Expected values and messages are PyTorch 2.13's, obtained by running the Python expression
// quoted beside each case.

const grid = () => torch.arange(6).reshape(2, 3); // [[0, 1, 2], [3, 4, 5]]
const gridF = () => torch.arange(6, { dtype: torch.float32 }).reshape(2, 3);

const expectError = (f: () => unknown, message: string, pytorchType = 'RuntimeError') => expectWickError(f, message, pytorchType);

afterEach(() => setRecorder(null));

describe('op table entries use aten names', () => {
  it('cat, flip, roll and constant_pad_nd are entries', () => {
    for (const name of ['cat', 'flip', 'roll', 'constant_pad_nd']) expect(getOp(name)?.name).toBe(name);
  });

  it('stack records unsqueeze then cat, with the dim normalized', () => {
    const [a, b] = [grid(), grid()];
    const seen: [string, object][] = [];
    setRecorder({ record: (op, _inputs, attrs) => seen.push([op, attrs]) });
    torch.stack([a, b], -1);
    expect(seen).toEqual([['unsqueeze', { dim: 2 }], ['unsqueeze', { dim: 2 }], ['cat', { dim: 2 }]]);
  });

  it('roll without dims records empty dims; F.pad constant records constant_pad_nd', () => {
    const [a, b] = [grid(), gridF()];
    const seen: [string, object][] = [];
    setRecorder({ record: (op, _inputs, attrs) => seen.push([op, attrs]) });
    torch.roll(a, 1);
    torch.functionalPad(b, [1, 0], { value: 2 });
    expect(seen).toEqual([['roll', { shifts: [1], dims: [] }], ['constant_pad_nd', { pad: [1, 0], value: 2 }]]);
  });
});

describe('cat', () => {
  it('joins along a dim, from non-contiguous inputs too', () => {
    // torch.cat([x, x*10], 1); torch.cat([x.t(), torch.tensor([[9, 9]])], 0)
    expect(torch.cat([grid(), grid().mul(10)], 1).tolist()).toEqual([[0, 1, 2, 0, 10, 20], [3, 4, 5, 30, 40, 50]]);
    expect(torch.cat([grid().t(), torch.tensor([[9, 9]])], 0).tolist()).toEqual([[0, 3], [1, 4], [2, 5], [9, 9]]);
    expect(torch.concat([grid(), grid()], -1).shape).toEqual([2, 6]);
    expect(torch.concatenate([grid(), grid()]).shape).toEqual([4, 3]);
  });

  it('always returns a new tensor', () => {
    const x = grid();
    const y = torch.cat([x]);
    expect(y.storage).not.toBe(x.storage);
    expect(y.tolist()).toEqual(x.tolist());
  });

  it('promotes dtypes across inputs', () => {
    // uint8 with int8 -> int16; int32 with bool -> int32; float16 with bfloat16 -> float32
    const a = torch.cat([torch.tensor([1, 2], { dtype: torch.uint8 }), torch.tensor([-1], { dtype: torch.int8 })]);
    expect([a.dtype, a.tolist()]).toEqual(['int16', [1, 2, -1]]);
    expect(torch.cat([torch.tensor([1, 2], { dtype: torch.int32 }), torch.tensor([true])]).dtype).toBe('int32');
    const h = torch.cat([torch.tensor([1.5], { dtype: torch.float16 }), torch.tensor([2.5], { dtype: torch.bfloat16 })]);
    expect([h.dtype, h.tolist()]).toEqual(['float32', [1.5, 2.5]]);
    expect(torch.cat([gridF(), grid().int()]).dtype).toBe('float32');
  });

  it('skips 1-d empty tensors, which still take part in type promotion', () => {
    // torch.cat([torch.tensor([], dtype=torch.float64), torch.tensor([1, 2])]) -> tensor([1., 2.], dtype=torch.float64)
    const r = torch.cat([torch.zeros(0, { dtype: torch.float64 }), torch.tensor([1, 2])]);
    expect([r.dtype, r.tolist()]).toEqual(['float64', [1, 2]]);
    expect(torch.cat([torch.zeros(0), gridF()], 1).shape).toEqual([2, 3]);
    // Only skipped inputs: the dim is never checked.
    const e = torch.cat([torch.zeros(0), torch.zeros(0, { dtype: torch.int64 })], 5);
    expect([e.dtype, e.shape]).toEqual(['float32', [0]]);
    // A [0, 3] tensor is not skipped, but joins along dim 0.
    expect(torch.cat([torch.zeros(0, 3), gridF()], 0).shape).toEqual([2, 3]);
  });

  it('keeps int64 beyond 2^53 exact', () => {
    const big = torch.tensor([2n ** 62n + 1n]);
    expect(torch.cat([big, torch.tensor([-(2n ** 63n)])]).tolist()).toEqual([2n ** 62n + 1n, -(2n ** 63n)]);
  });

  it('errors', () => {
    const a = torch.ones(2, 3);
    expectError(() => torch.cat([]), 'torch.cat(): expected a non-empty list of Tensors', 'ValueError');
    expectError(() => torch.cat([a, torch.ones(2, 4)], 0), 'Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.');
    expectError(() => torch.cat([a, torch.ones(3, 3)], 1), 'Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.');
    // Skipped tensors keep their place in the count.
    expectError(() => torch.cat([torch.zeros(0), a, torch.ones(2, 4)]), 'Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 2 in the list.');
    expectError(() => torch.cat([a, torch.ones(2, 3, 1)]), 'Tensors must have same number of dimensions: got 2 and 3');
    expectError(() => torch.cat([torch.ones(2), a]), 'Tensors must have same number of dimensions: got 1 and 2');
    expectError(() => torch.cat([a, torch.tensor(2)]), 'zero-dimensional tensor (at position 1) cannot be concatenated');
    expectError(() => torch.cat([torch.zeros(0), torch.tensor(1)]), 'zero-dimensional tensor (at position 1) cannot be concatenated');
    expectError(() => torch.cat([a, a], 2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)', 'IndexError');
    expectError(() => torch.cat([torch.zeros(0), a], 5), 'Dimension out of range (expected to be in range of [-2, 1], but got 5)', 'IndexError');
  });
});

describe('stack and friends', () => {
  it('stack inserts the new dim', () => {
    // torch.stack([x, x + 6], 1) and dim=-1
    expect(torch.stack([grid(), grid().add(6)], 1).tolist()).toEqual([[[0, 1, 2], [6, 7, 8]], [[3, 4, 5], [9, 10, 11]]]);
    expect(torch.stack([grid(), grid().add(6)], -1).tolist()).toEqual([[[0, 6], [1, 7], [2, 8]], [[3, 9], [4, 10], [5, 11]]]);
    expect(torch.stack([torch.zeros(0), torch.zeros(0)]).shape).toEqual([2, 0]);
    const s = torch.stack([torch.tensor(1.5), torch.tensor(2)]);
    expect([s.dtype, s.tolist()]).toEqual(['float32', [1.5, 2]]);
  });

  it('stack errors', () => {
    const a = torch.ones(2, 3);
    const c = torch.ones(2, 4);
    expectError(() => torch.stack([]), 'stack expects a non-empty TensorList');
    expectError(() => torch.stack([a, c]), 'stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1');
    expectError(() => torch.stack([a, a, c]), 'stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 2');
    // The dim is checked first.
    expectError(() => torch.stack([a, c], 5), 'Dimension out of range (expected to be in range of [-3, 2], but got 5)', 'IndexError');
  });

  it('hstack, vstack, dstack, column_stack', () => {
    expect(torch.hstack([torch.tensor([1, 2]), torch.tensor([3])]).tolist()).toEqual([1, 2, 3]);
    expect(torch.hstack([torch.ones(2, 3), torch.ones(2, 4)]).shape).toEqual([2, 7]);
    expect(torch.vstack([torch.tensor([1, 2]), torch.tensor([3, 4])]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(torch.row_stack([torch.tensor(1), torch.tensor(2)]).tolist()).toEqual([[1], [2]]);
    expect(torch.dstack([torch.tensor([1, 2]), torch.tensor([3, 4])]).tolist()).toEqual([[[1, 3], [2, 4]]]);
    expect(torch.dstack([torch.tensor(1), torch.tensor(2)]).shape).toEqual([1, 1, 2]);
    expect(torch.column_stack([torch.tensor([1, 2]), torch.tensor([[3, 4], [5, 6]])]).tolist()).toEqual([[1, 3, 4], [2, 5, 6]]);
    expectError(() => torch.hstack([]), 'hstack expects a non-empty TensorList');
    expectError(() => torch.vstack([torch.tensor([1]), torch.tensor([2, 3])]), 'Sizes of tensors must match except in dimension 0. Expected size 1 but got size 2 for tensor number 1 in the list.');
  });
});

describe('flip', () => {
  it('accepts varargs and a list, and returns a copy', () => {
    const x = grid();
    const a = torch.flip(x, [0, 1]);
    expect(a.tolist()).toEqual([[5, 4, 3], [2, 1, 0]]);
    expect(x.flip(0, 1).tolist()).toEqual([[5, 4, 3], [2, 1, 0]]);
    expect(x.flip(1).tolist()).toEqual([[2, 1, 0], [5, 4, 3]]);
    expect(x.flip([]).tolist()).toEqual(x.tolist());
    // No negative strides escape: the result is a fresh contiguous tensor.
    expect(a.storage).not.toBe(x.storage);
    expect(a.stride()).toEqual([3, 1]);
    a.fill_(7);
    expect(x.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('reads strided views', () => {
    // torch.flip(x.t(), [0]); torch.flip(torch.arange(24).reshape(2,3,4)[:, 1:, ::2], [0, 2])
    expect(torch.flip(grid().t(), [0]).tolist()).toEqual([[2, 5], [1, 4], [0, 3]]);
    const v = torch.arange(24).reshape(2, 3, 4).slice(1, 1).slice(2, 0, null, 2);
    expect(torch.flip(v, [0, 2]).tolist()).toEqual([[[18, 16], [22, 20]], [[6, 4], [10, 8]]]);
  });

  it('0-dim tensors take dim 0 and -1', () => {
    expect(torch.flip(torch.tensor(5), [0]).tolist()).toBe(5);
    expect(torch.flip(torch.tensor(5), [-1]).tolist()).toBe(5);
  });

  it('errors', () => {
    expectError(() => torch.flip(grid(), [0, 0]), 'dim 0 appears multiple times in the list of dims');
    expectError(() => torch.flip(grid(), [0, -2]), 'dim 0 appears multiple times in the list of dims');
    // Repeats are found before a later dim is range-checked.
    expectError(() => torch.flip(grid(), [0, -2, 2]), 'dim 0 appears multiple times in the list of dims');
    expectError(() => torch.flip(grid(), [2]), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)', 'IndexError');
    expectError(() => torch.flip(torch.tensor(5), [1]), 'Dimension out of range (expected to be in range of [-1, 0], but got 1)', 'IndexError');
  });
});

describe('roll', () => {
  it('without dims rolls the flattened tensor and restores the shape', () => {
    expect(torch.roll(grid(), 1).tolist()).toEqual([[5, 0, 1], [2, 3, 4]]);
    // Logical order, not storage order: torch.roll(x.t(), 1)
    expect(grid().t().roll(1).tolist()).toEqual([[5, 0], [3, 1], [4, 2]]);
    expect(torch.roll(torch.tensor(5), 1).tolist()).toBe(5);
  });

  it('along dims, with wrap-around and repeated dims adding up', () => {
    expect(torch.roll(grid(), [1, -1], [0, 1]).tolist()).toEqual([[4, 5, 3], [1, 2, 0]]);
    expect(torch.roll(grid(), [1, 1], [1, 1]).tolist()).toEqual([[1, 2, 0], [4, 5, 3]]);
    expect(torch.roll(grid(), 7, 1).tolist()).toEqual([[2, 0, 1], [5, 3, 4]]);
    expect(torch.roll(grid(), -7, 1).tolist()).toEqual([[1, 2, 0], [4, 5, 3]]);
    const r = torch.roll(grid(), 1, 0);
    expect(r.storage).not.toBe(grid().storage);
  });

  it('empty tensors are returned before their dims are checked', () => {
    expect(torch.roll(torch.zeros(2, 0), 1, 5).shape).toEqual([2, 0]);
  });

  it('errors', () => {
    expectError(() => torch.roll(grid(), [1, 2]), 'shifts and dimensions must align. shifts: 2, dims:0');
    expectError(() => torch.roll(grid(), [1, -1], [0]), 'shifts and dimensions must align. shifts: 2, dims:1');
    expectError(() => torch.roll(grid(), [1], [0, 1]), 'shifts and dimensions must align. shifts: 1, dims:2');
    expectError(() => torch.roll(grid(), []), '`shifts` required');
    expectError(() => torch.roll(grid(), 1, 2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)', 'IndexError');
    expectError(() => torch.roll(torch.tensor(5), 1, 0), 'Dimension specified as 0 but tensor has no dimensions', 'IndexError');
    expectError(() => torch.roll(torch.tensor(5), 1, -1), 'Dimension specified as -1 but tensor has no dimensions', 'IndexError');
  });
});

describe('pad, constant mode', () => {
  it('pads the last dim first, with the value (default 0)', () => {
    // F.pad(x, [1, 2, 0, 1], value=9)
    expect(torch.functionalPad(gridF(), [1, 2, 0, 1], 'constant', 9).tolist()).toEqual([
      [9, 0, 1, 2, 9, 9],
      [9, 3, 4, 5, 9, 9],
      [9, 9, 9, 9, 9, 9],
    ]);
    expect(torch.functionalPad(gridF(), [1, 2, 0, 1], { value: 9 }).tolist()).toEqual(torch.functionalPad(gridF(), [1, 2, 0, 1], 'constant', 9).tolist());
    expect(torch.functionalPad(gridF(), [1, 0]).tolist()).toEqual([[0, 0, 1, 2], [0, 3, 4, 5]]);
    expect(torch.functionalPad(gridF(), []).tolist()).toEqual(gridF().tolist());
  });

  it('negative pads crop', () => {
    // F.pad(x, [-1, 0]); F.pad(x, [1, -2, -1, 1]); F.pad(x, [-3, 0]).shape
    expect(torch.functionalPad(gridF(), [-1, 0]).tolist()).toEqual([[1, 2], [4, 5]]);
    expect(torch.functionalPad(gridF(), [1, -2, -1, 1]).tolist()).toEqual([[0, 3], [0, 0]]);
    expect(torch.functionalPad(gridF(), [-3, 0]).shape).toEqual([2, 0]);
    expect(torch.functionalPad(gridF(), [0, 0, -1, -1]).shape).toEqual([0, 3]);
  });

  it('converts the value to the dtype as PyTorch does', () => {
    // F.pad(x.long(), [1, 1], value=-2.7); F.pad(x, [1, 0], value=float(2**63)); F.pad(x.bool(), [1, 1], value=0.5)
    expect(torch.functionalPad(grid(), [1, 1], 'constant', -2.7).tolist()).toEqual([[-2, 0, 1, 2, -2], [-2, 3, 4, 5, -2]]);
    expect(torch.functionalPad(grid(), [1, 0], 'constant', 2 ** 63).tolist()).toEqual([[-(2n ** 63n), 0, 1, 2], [-(2n ** 63n), 3, 4, 5]]);
    expect(torch.functionalPad(grid().bool(), [1, 1], 'constant', 0.5).tolist()).toEqual([[true, false, true, true, true], [true, true, true, true, true]]);
    // F.pad(x, [1, 0], value=-0.0)[0] keeps the sign of zero.
    expect(Object.is(torch.functionalPad(gridF(), [1, 0], 'constant', -0).numpy()[0], -0)).toBe(true);
    // torch.constant_pad_nd takes a Python int: negative values wrap for uint8.
    expect(torch.constant_pad_nd(grid().byte(), [1, 1], -1).tolist()).toEqual([[255, 0, 1, 2, 255], [255, 3, 4, 5, 255]]);
    expect(torch.constant_pad_nd(grid(), [1, 0], 2n ** 62n + 1n).tolist()).toEqual([[2n ** 62n + 1n, 0, 1, 2], [2n ** 62n + 1n, 3, 4, 5]]);
    expect(torch.functionalPad(gridF(), [1, 1], 'constant', Infinity).select(0, 0).tolist()).toEqual([Infinity, 0, 1, 2, Infinity]);
    // With no border to fill, the value is never converted.
    expect(torch.functionalPad(grid().char(), [-1, 0], 'constant', 300).tolist()).toEqual([[1, 2], [4, 5]]);
  });

  it('errors', () => {
    const x = gridF();
    expectError(() => torch.functionalPad(x, [1]), 'Padding length must be divisible by 2');
    expectError(() => torch.functionalPad(x, [1, 1, 1, 1, 1, 1]), 'Padding length should be less than or equal to two times the input dimension but got padding length 6 and input of dimension 2');
    expectError(() => torch.functionalPad(torch.tensor(5.5), [1, 1]), 'Padding length should be less than or equal to two times the input dimension but got padding length 2 and input of dimension 0');
    expectError(() => torch.functionalPad(x, [-2, -2]), 'narrow(): length must be non-negative.');
    expectError(() => torch.functionalPad(x, [1, 1, -3, 0]), 'narrow(): length must be non-negative.');
    expectError(() => torch.functionalPad(x, [1, 1], 'bogus' as torch.PadMode), 'Unrecognised padding mode bogus');
    expectError(() => torch.functionalPad(x, [1, 1], 'constant', 1e40), 'value cannot be converted to type float without overflow');
    expectError(() => torch.functionalPad(x.half(), [1, 1], 'constant', 65505), 'value cannot be converted to type c10::Half without overflow');
    expectError(() => torch.functionalPad(x.bfloat16(), [1, 1], 'constant', 1e39), 'value cannot be converted to type c10::BFloat16 without overflow');
    expectError(() => torch.functionalPad(x.int(), [1, 1], 'constant', 1e10), 'value cannot be converted to type int without overflow');
    expectError(() => torch.functionalPad(x.byte(), [1, 1], 'constant', -1), 'value cannot be converted to type uint8_t without overflow');
    expectError(() => torch.functionalPad(x.char(), [1, 1], 'constant', NaN), 'value cannot be converted to type int8_t without overflow');
    expectError(() => torch.functionalPad(x.short(), [1, 1], 'constant', 1e6), 'value cannot be converted to type int16_t without overflow');
    expectError(() => torch.functionalPad(x.long(), [1, 1], 'constant', 1e19), 'value cannot be converted to type int64_t without overflow');
    // F.pad(x, [1.5, 1]) and F.pad(x, [1, 1.5]): PyTorch's parser words the first element and later ones differently.
    expect(() => torch.functionalPad(x, [1.5, 1])).toThrow(
      new torch.ArgumentError("pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    );
    expect(() => torch.functionalPad(x, [1, 1.5])).toThrow(
      new torch.ArgumentError('pad(): argument \'pad\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"'),
    );
    expectError(() => torch.constant_pad_nd(x, [1]), 'Length of pad must be even but instead it equals 1');
    expectError(
      () => torch.constant_pad_nd(x, [1, 1, 1, 1, 1, 1]),
      'Length of pad should be no more than twice the number of dimensions of the input. Pad length is 6while the input has 2dimensions.',
    );
    expectError(() => torch.constant_pad_nd(grid().byte(), [1, 1], -256), 'value cannot be converted to type uint8_t without overflow');
  });
});

describe('pad, reflect / replicate / circular', () => {
  const y = () => torch.arange(12, { dtype: torch.float32 }).reshape(1, 3, 4);

  it('reflect', () => {
    // F.pad(x, [2, 2], mode='reflect'); F.pad(x, [-1, 2], mode='reflect'); F.pad(y, [1, 1, 2, 1], mode='reflect')
    expect(torch.functionalPad(gridF(), [2, 2], 'reflect').tolist()).toEqual([[2, 1, 0, 1, 2, 1, 0], [5, 4, 3, 4, 5, 4, 3]]);
    expect(torch.functionalPad(gridF(), [-1, 2], 'reflect').tolist()).toEqual([[1, 2, 1, 0], [4, 5, 4, 3]]);
    expect(torch.functionalPad(y(), [1, 1, 2, 1], 'reflect').tolist()).toEqual([[
      [9, 8, 9, 10, 11, 10], [5, 4, 5, 6, 7, 6], [1, 0, 1, 2, 3, 2], [5, 4, 5, 6, 7, 6], [9, 8, 9, 10, 11, 10], [5, 4, 5, 6, 7, 6],
    ]]);
    // F.pad(torch.arange(8.).reshape(1, 2, 2, 2), [1, 0, 0, 1, 1, 0], mode='reflect')
    const z = torch.arange(8, { dtype: torch.float32 }).reshape(1, 2, 2, 2);
    expect(torch.functionalPad(z, [1, 0, 0, 1, 1, 0], 'reflect').tolist()).toEqual([[
      [[5, 4, 5], [7, 6, 7], [5, 4, 5]], [[1, 0, 1], [3, 2, 3], [1, 0, 1]], [[5, 4, 5], [7, 6, 7], [5, 4, 5]],
    ]]);
    // F.pad(x.long(), [1, 1], mode='reflect'); float16 keeps its dtype
    expect(torch.functionalPad(grid(), [1, 1], 'reflect').tolist()).toEqual([[1, 0, 1, 2, 1], [4, 3, 4, 5, 4]]);
    expect(torch.functionalPad(gridF().half(), [1, 1], 'reflect').dtype).toBe('float16');
  });

  it('replicate', () => {
    // F.pad(y, [2, 1, 1, 0], mode='replicate'); F.pad(x, [-1, 1], mode='replicate')
    expect(torch.functionalPad(y(), [2, 1, 1, 0], 'replicate').tolist()).toEqual([[
      [0, 0, 0, 1, 2, 3, 3], [0, 0, 0, 1, 2, 3, 3], [4, 4, 4, 5, 6, 7, 7], [8, 8, 8, 9, 10, 11, 11],
    ]]);
    expect(torch.functionalPad(gridF(), [-1, 1], 'replicate').tolist()).toEqual([[1, 2, 2], [4, 5, 5]]);
  });

  it('circular crops first, then wraps around what is left', () => {
    // F.pad(y, [1, 2, -1, 1], mode='circular')
    expect(torch.functionalPad(y(), [1, 2, -1, 1], 'circular').tolist()).toEqual([[
      [7, 4, 5, 6, 7, 4, 5], [11, 8, 9, 10, 11, 8, 9], [7, 4, 5, 6, 7, 4, 5],
    ]]);
    const r = torch.arange(4, { dtype: torch.float32 }).unsqueeze(0);
    expect(torch.functionalPad(r, [-1, 3], 'circular').tolist()).toEqual([[1, 2, 3, 1, 2, 3]]);
    expect(torch.functionalPad(r, [1, -2], 'circular').tolist()).toEqual([[1, 0, 1]]);
    expect(torch.functionalPad(grid().bool(), [1, 1], 'circular').tolist()).toEqual([[true, false, true, true, false], [true, true, true, true, true]]);
  });

  it('errors', () => {
    const x = gridF();
    expectError(() => torch.functionalPad(x, [1, 1], 'reflect', 1), 'Padding mode "reflect" doesn\'t take in value argument');
    expectError(() => torch.functionalPad(x, [1, 1, 1, 0], 'reflect'), 'Padding size 4 is not supported for 2D input tensor.');
    expectError(() => torch.functionalPad(torch.arange(3, { dtype: torch.float32 }), [1, 1], 'circular'), 'Padding size 2 is not supported for 1D input tensor.');
    expectError(() => torch.functionalPad(x, [3, 0], 'reflect'), 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 1 of input [2, 3]');
    expectError(() => torch.functionalPad(y(), [1, 1, 3, 0], 'reflect'), 'Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 1 of input [1, 3, 4]');
    expectError(() => torch.functionalPad(y(), [-2, -2], 'reflect'), 'input (W: 4) is too small. Calculated output W: 0');
    expectError(() => torch.functionalPad(x, [-4, 1], 'replicate'), 'input (W: 3) is too small. Calculated output W: 0');
    expectError(() => torch.functionalPad(torch.zeros(1, 2, 2), [-1, -1, -1, -2], 'replicate'), 'input (H: 2, W: 2 ) is too small. Calculated output H: -1 W: 0');
    expectError(() => torch.functionalPad(torch.zeros(1, 2, 2), [-1, -1, -1, -2], 'reflect'), 'input (H: 2, W: 2) is too small. Calculated output H: -1 W: 0');
    expectError(() => torch.functionalPad(torch.zeros(1, 2, 2, 2), [-1, -1, -1, -1, -1, -2], 'replicate'), 'input (D: 2 H: 2, W: 2) is too small. Calculated output D: -1 H: 0 W: 0');
    expectError(() => torch.functionalPad(y(), [0, 0, -2, -2], 'replicate'), 'Trying to create tensor with negative dimension -1: [1, -1, 4]');
    expectError(() => torch.functionalPad(torch.zeros(2, 0), [1, 1], 'reflect'), 'Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [2, 0]');
    expectError(() => torch.functionalPad(torch.zeros(1, 2, 3, 0), [1, 1, 1, 1], 'replicate'), 'Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [1, 2, 3, 0]');
    expectError(() => torch.functionalPad(grid().bool(), [1, 1], 'replicate'), '"replication_pad1d" not implemented for \'Bool\'');
    expectError(() => torch.functionalPad(x, [4, 1], 'circular'), 'Padding value causes wrapping around more than once.');
    expectError(() => torch.functionalPad(y(), [-3, -2], 'circular'), 'Negative padding value is resulting in an empty dimension');
    // A batch dim may be empty.
    expect(torch.functionalPad(torch.zeros(0, 2, 3), [1, 1], 'reflect').shape).toEqual([0, 2, 5]);
    expect(torch.functionalPad(y(), [-2, -2, 0, 0], 'reflect').shape).toEqual([1, 3, 0]);
  });
});
