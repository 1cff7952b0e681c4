import { expectWickError } from '@wick/testing';
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

// Expected values and messages below were produced by PyTorch 2.13 (CPU) on the same inputs.

const f32 = (data: torch.NestedData) => torch.tensor(data, { dtype: torch.float32 });
const ar = (n: number, ...shape: number[]) => torch.arange(n, { dtype: torch.float32 }).reshape(shape);

/** fn must throw a `cls` with PyTorch's exact message and exception type. */
const expectError = (fn: () => unknown, cls: typeof torch.WickError, message: string, pytorchType = 'RuntimeError') =>
  expectWickError(fn, message, pytorchType, cls);

describe('matmul rank rules', () => {
  const x = ar(6, 2, 3);
  const y = ar(12, 3, 4);
  const v = f32([1, 2, 3]);

  it('1-d @ 1-d is a 0-dim dot product', () => {
    const r = torch.matmul(v, f32([4, 5, 6]));
    expect(r.shape).toEqual([]);
    expect(r.item()).toBe(32);
  });

  it('2-d @ 1-d, 1-d @ 2-d and 2-d @ 2-d', () => {
    expect(torch.matmul(x, v).tolist()).toEqual([8, 26]);
    expect(torch.matmul(v, y).tolist()).toEqual([32, 38, 44, 50]);
    expect(torch.matmul(x, y).tolist()).toEqual([[20, 23, 26, 29], [56, 68, 80, 92]]);
    expect(x.matmul(y).tolist()).toEqual(x.mm(y).tolist());
  });

  it('n-d with 1-d on either side drops the vector dim', () => {
    expect(torch.matmul(ar(12, 2, 2, 3), v).tolist()).toEqual([[8, 26], [44, 62]]);
    expect(torch.matmul(f32([1, 2]), ar(12, 2, 2, 3)).tolist()).toEqual([[6, 9, 12], [24, 27, 30]]);
  });

  it('2-d @ 3-d broadcasts the matrix over the batch', () => {
    expect(torch.matmul(x, ar(24, 2, 3, 4)).tolist()).toEqual([
      [[20, 23, 26, 29], [56, 68, 80, 92]],
      [[56, 59, 62, 65], [200, 212, 224, 236]],
    ]);
  });

  it('broadcasts batch dims: [2,1,3,4] @ [5,4,2] -> [2,5,3,2]', () => {
    const r = torch.matmul(ar(24, 2, 1, 3, 4), ar(40, 5, 4, 2));
    expect(r.shape).toEqual([2, 5, 3, 2]);
    expect(r.flatten().tolist()).toEqual([
      28, 34, 76, 98, 124, 162, 76, 82, 252, 274, 428, 466, 124, 130, 428, 450, 732, 770, 172, 178, 604, 626,
      1036, 1074, 220, 226, 780, 802, 1340, 1378, 172, 226, 220, 290, 268, 354, 604, 658, 780, 850, 956, 1042,
      1036, 1090, 1340, 1410, 1644, 1730, 1468, 1522, 1900, 1970, 2332, 2418, 1900, 1954, 2460, 2530, 3020, 3106,
    ]);
  });

  it('reads transposed and non-contiguous operands in place', () => {
    const at = ar(6, 3, 2).t();
    const bt = ar(12, 4, 3).t();
    expect(at.is_contiguous()).toBe(false);
    expect(torch.matmul(at, bt).tolist()).toEqual([[10, 28, 46, 64], [13, 40, 67, 94]]);
    const batch = ar(12, 2, 3, 2);
    expect(torch.matmul(batch.mT, batch).tolist()).toEqual([[[20, 26], [26, 35]], [[200, 224], [224, 251]]]);
    // A strided view with an offset.
    const big = ar(30, 5, 6);
    const sub = big.narrow(0, 1, 2).slice(1, 0, null, 2); // [[6, 8, 10], [12, 14, 16]]
    expect(torch.matmul(sub, v).tolist()).toEqual([52, 88]);
  });

  it('returns a new tensor, never a view of an input', () => {
    const r = torch.matmul(x, y);
    expect(r.storage).not.toBe(x.storage);
    expect(r.storage).not.toBe(y.storage);
  });

  it('needs at least 1-d operands', () => {
    expectError(() => torch.matmul(f32(1), x), torch.ShapeError, 'both arguments to matmul need to be at least 1D, but they are 0D and 2D');
    expectError(() => torch.matmul(x, f32(1)), torch.ShapeError, 'both arguments to matmul need to be at least 1D, but they are 2D and 0D');
  });

  it('raises the error of the path PyTorch takes for mismatched shapes', () => {
    const ones = (...s: number[]) => torch.ones(s);
    expectError(() => torch.matmul(ones(3), ones(4)), torch.ShapeError,
      'inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively');
    expectError(() => torch.matmul(ones(2, 3), ones(4)), torch.ShapeError, 'size mismatch, got input (2), mat (2x3), vec (4)');
    expectError(() => torch.matmul(ones(3), ones(4, 5)), torch.ShapeError, 'mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)');
    expectError(() => torch.matmul(ones(2, 3), ones(4, 5)), torch.ShapeError, 'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)');
    // Folded into one mm (batch dims merged into rows) ...
    expectError(() => torch.matmul(ones(2, 2, 3), ones(4, 5)), torch.ShapeError, 'mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)');
    expectError(() => torch.matmul(ones(2, 2, 3), ones(4)), torch.ShapeError, 'size mismatch, got input (4), mat (4x3), vec (4)');
    // ... unless the batch dims cannot merge without a copy: then bmm.
    expectError(() => torch.matmul(ones(2, 2, 3).transpose(0, 1), ones(4, 5)), torch.ShapeError,
      'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].');
    expectError(() => torch.matmul(ones(4), ones(2, 3, 5)), torch.ShapeError,
      'Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 3].');
    expectError(() => torch.matmul(ones(2, 3), ones(2, 4, 5)), torch.ShapeError,
      'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].');
    expectError(() => torch.matmul(ones(2, 2, 3), ones(3, 3, 4)), torch.ShapeError,
      'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0');
  });

  it('requires equal dtypes, with the message of the path taken', () => {
    const d = (...s: number[]) => torch.ones(s, { dtype: torch.float64 });
    const f = (...s: number[]) => torch.ones(s);
    expectError(() => torch.matmul(f(2, 3), d(3, 4)), torch.DTypeError, 'expected m1 and m2 to have the same dtype, but got: float != double');
    expectError(() => torch.matmul(f(3), d(3)), torch.DTypeError, 'dot : expected both vectors to have same dtype, but found Float and Double');
    expectError(() => torch.matmul(f(2, 3), d(3)), torch.DTypeError, 'addmv input tensors must have the same dtype, but got Double, Float, and Double');
    expectError(() => torch.matmul(f(2, 2, 3), d(2, 3, 4)), torch.DTypeError, 'expected scalar type Float but found Double');
    expectError(() => torch.mm(torch.ones([2, 3], { dtype: torch.int32 }), torch.ones([3, 4], { dtype: torch.int64 })), torch.DTypeError,
      'expected m1 and m2 to have the same dtype, but got: int != long int');
  });

  it('handles empty dims', () => {
    const z = torch.matmul(torch.ones(4, 0), torch.ones(0, 5));
    expect(z.shape).toEqual([4, 5]);
    expect(z.tolist()).toEqual(Array.from({ length: 4 }, () => [0, 0, 0, 0, 0]));
    expect(torch.matmul(torch.ones(0, 2), torch.ones(2, 3)).shape).toEqual([0, 3]);
    expect(torch.matmul(torch.ones(0, 2, 3), torch.ones(3, 4)).shape).toEqual([0, 2, 4]);
    expect(torch.matmul(torch.ones(2, 3), torch.ones(0, 3, 4)).shape).toEqual([0, 2, 4]);
    expect(torch.matmul(torch.ones(0, 1, 2, 3), torch.ones(5, 3, 4)).shape).toEqual([0, 5, 2, 4]);
    expect(torch.matmul(torch.ones(0), torch.ones(0)).item()).toBe(0);
  });
});

describe('integer and reduced-precision products', () => {
  it('int64 is exact beyond 2^53 and wraps like C', () => {
    const big = torch.tensor([[2n ** 53n + 1n, 3n]]);
    expect(torch.mm(big, torch.tensor([[3n], [5n]])).tolist()).toEqual([[27021597764222994n]]);
    const wrap = torch.tensor([[2n ** 62n, 2n ** 62n, 7n]]);
    expect(torch.mm(wrap, torch.tensor([[4n], [4n], [3n]])).tolist()).toEqual([[21]]);
    const mixed = torch.tensor([[3037000499n, -3037000499n, 12345678901n]]);
    expect(torch.mm(mixed, torch.tensor([[3037000499n], [3037000499n], [-98765432109n]])).tolist()).toEqual([[-1841202471398825553n]]);
  });

  it('int32 and narrower wrap like C', () => {
    const i32 = torch.tensor([[2 ** 30, 2 ** 30, 7]], { dtype: torch.int32 });
    expect(torch.mm(i32, torch.tensor([[4], [4], [3]], { dtype: torch.int32 })).tolist()).toEqual([[21]]);
    const i16 = torch.mm(torch.tensor([[300, 300]], { dtype: torch.int16 }), torch.tensor([[300], [300]], { dtype: torch.int16 }));
    expect(i16.tolist()).toEqual([[-16608]]);
    const i8 = torch.mm(torch.tensor([[100, -100]], { dtype: torch.int8 }), torch.tensor([[3], [5]], { dtype: torch.int8 }));
    expect(i8.tolist()).toEqual([[56]]);
    const u8 = torch.mm(torch.tensor([[200, 100]], { dtype: torch.uint8 }), torch.tensor([[3], [5]], { dtype: torch.uint8 }));
    expect(u8.tolist()).toEqual([[76]]);
    expect(torch.matmul(torch.tensor([[1, 2], [3, 4]], { dtype: torch.int32 }), torch.tensor([[5, 6], [7, 8]], { dtype: torch.int32 })).dtype).toBe('int32');
  });

  it('float16 and bfloat16 keep their dtype', () => {
    const h = torch.mm(torch.ones([2, 3], { dtype: torch.float16 }), torch.ones([3, 2], { dtype: torch.float16 }));
    expect(h.dtype).toBe('float16');
    expect(h.tolist()).toEqual([[3, 3], [3, 3]]);
    expect(torch.mm(torch.ones([2, 3], { dtype: torch.bfloat16 }), torch.ones([3, 2], { dtype: torch.bfloat16 })).dtype).toBe('bfloat16');
  });

  it('refuses bool only when there is arithmetic to do', () => {
    const b = (...s: number[]) => torch.ones(s, { dtype: torch.bool });
    expectError(() => torch.mm(b(2, 3), b(3, 4)), torch.DTypeError, '"addmm_impl_cpu_" not implemented for \'Bool\'', 'NotImplementedError');
    expectError(() => torch.bmm(b(1, 2, 3), b(1, 3, 2)), torch.DTypeError, '"bmm" not implemented for \'Bool\'', 'NotImplementedError');
    expectError(() => torch.mv(b(2, 3), b(3)), torch.DTypeError, '"addmv_impl_cpu" not implemented for \'Bool\'', 'NotImplementedError');
    expectError(() => torch.dot(b(0), b(0)), torch.DTypeError, '"dot" not implemented for \'Bool\'', 'NotImplementedError');
    expect(torch.mm(b(2, 0), b(0, 5)).tolist()).toEqual([[false, false, false, false, false], [false, false, false, false, false]]);
    expect(torch.mm(b(0, 3), b(3, 5)).shape).toEqual([0, 5]);
    expect(torch.bmm(b(2, 2, 0), b(2, 0, 3)).shape).toEqual([2, 2, 3]);
  });
});

describe('mm, bmm, mv, dot, outer', () => {
  it('check ranks and sizes with PyTorch messages', () => {
    const o = (...s: number[]) => torch.ones(s);
    expectError(() => torch.mm(o(3), o(3, 4)), torch.ShapeError, 'self must be a matrix');
    expectError(() => torch.mm(o(2, 3), o(3)), torch.ShapeError, 'mat2 must be a matrix');
    expectError(() => torch.bmm(o(2, 3), o(3, 4)), torch.ShapeError, 'batch1 must be a 3D tensor');
    expectError(() => torch.bmm(o(2, 2, 3), o(3, 4)), torch.ShapeError, 'batch2 must be a 3D tensor');
    expectError(() => torch.bmm(o(2, 2, 3), o(3, 3, 4)), torch.ShapeError, 'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3].');
    expectError(() => torch.bmm(o(2, 2, 3), o(2, 3, 4, ).double()), torch.DTypeError, 'expected scalar type Float but found Double');
    expectError(() => torch.mv(o(3, 4), o(5)), torch.ShapeError, 'size mismatch, got input (3), mat (3x4), vec (5)');
    expectError(() => torch.mv(o(3), o(5)), torch.ShapeError, 'vector + matrix @ vector expected, got 1, 1, 1');
    expectError(() => torch.mv(o(3, 4), o(4, 1)), torch.ShapeError, 'vector + matrix @ vector expected, got 1, 2, 2');
    expectError(() => torch.dot(o(3, 1), o(3)), torch.ShapeError, '1D tensors expected, but got 2D and 1D tensors');
    expectError(() => torch.dot(o(3), o(4).double()), torch.DTypeError, 'dot : expected both vectors to have same dtype, but found Float and Double');
    expectError(() => torch.outer(o(3, 1), o(4)), torch.ShapeError, 'outer: Expected 1-D argument self, but got 2-D');
    expectError(() => torch.outer(o(3), o(3, 1)), torch.ShapeError, 'outer: Expected 1-D argument vec2, but got 2-D');
  });

  it('compute PyTorch values', () => {
    expect(torch.mv(ar(12, 3, 4).t(), f32([1, 0, -1])).tolist()).toEqual([-8, -8, -8, -8]);
    expect(ar(6, 2, 3).mv(f32([1, 2, 3])).tolist()).toEqual([8, 26]);
    expect(f32([1, 2, 3]).dot(f32([4, 5, 6])).item()).toBe(32);
    expect(torch.bmm(ar(12, 2, 2, 3), ar(12, 2, 3, 2)).tolist()).toEqual(torch.matmul(ar(12, 2, 2, 3), ar(12, 2, 3, 2)).tolist());
  });

  it('outer promotes types like the elementwise product it is', () => {
    const r = torch.outer(torch.tensor([1, 2, 3]), f32([0.5, 2]));
    expect(r.dtype).toBe('float32');
    expect(r.tolist()).toEqual([[0.5, 2], [1, 4], [1.5, 6]]);
    const b = torch.outer(torch.tensor([true, false]), torch.tensor([true, true]));
    expect(b.dtype).toBe('bool');
    expect(b.tolist()).toEqual([[true, true], [false, false]]);
    // ger is outer under its old name (its own name in messages).
    expect(torch.ger(torch.tensor([1, 2, 3]), f32([0.5, 2])).tolist()).toEqual(r.tolist());
    // @ts-expect-error vec2 is missing
    expect(() => torch.ger(r)).toThrow('ger() missing 1 required positional arguments: "vec2"');
  });
});

describe('addmm and baddbmm', () => {
  const x = ar(6, 2, 3);

  it('compute beta * input + alpha * product with input broadcast', () => {
    expect(torch.addmm(f32([1, 2, 3]), x, ar(9, 3, 3), { beta: 0.5, alpha: 2 }).tolist()).toEqual([[30.5, 37, 43.5], [84.5, 109, 133.5]]);
    expect(f32([1, 2, 3]).addmm(x, ar(9, 3, 3)).tolist()).toEqual([[16, 20, 24], [43, 56, 69]]);
    const r = torch.baddbmm(f32([1, -1]), ar(12, 2, 2, 3), ar(12, 2, 3, 2), { beta: 3, alpha: 0.5 });
    expect(r.tolist()).toEqual([[[8, 3.5], [17, 17]], [[89, 93.5], [125, 134]]]);
  });

  it('truncate beta and alpha for integer dtypes', () => {
    const r = torch.addmm(torch.tensor([1, 2, 3]), x.long(), torch.arange(9).reshape(3, 3), { beta: 2.7, alpha: -1.5 });
    expect(r.tolist()).toEqual([[-13, -14, -15], [-40, -50, -60]]);
  });

  it('drop a term whose coefficient is 0, NaN included', () => {
    const nan = torch.full([2, 3], NaN);
    expect(torch.addmm(nan, torch.ones(2, 3), torch.ones(3, 3), { beta: 0 }).tolist()).toEqual([[3, 3, 3], [3, 3, 3]]);
    expect(torch.addmm(torch.ones(2, 3), nan, torch.ones(3, 3), { alpha: 0 }).tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(torch.baddbmm(torch.full([2, 2, 3], NaN), torch.ones(2, 2, 3), torch.ones(2, 3, 3), { beta: 0 }).tolist())
      .toEqual([[[3, 3, 3], [3, 3, 3]], [[3, 3, 3], [3, 3, 3]]]);
  });

  it('with K = 0 scale a copy of input in place, as PyTorch does', () => {
    expect(torch.addmm(torch.ones(2, 3), torch.ones(2, 0), torch.ones(0, 3), { beta: 2, alpha: 3 }).tolist()).toEqual([[2, 2, 2], [2, 2, 2]]);
    const long = torch.full([2, 3], 3, { dtype: torch.int64 });
    expectError(() => torch.addmm(long, torch.ones([2, 0], { dtype: torch.int64 }), torch.ones([0, 3], { dtype: torch.int64 }), { beta: 0.5 }),
      torch.DTypeError, "result type Float can't be cast to the desired output type Long");
    const bool = torch.ones([2, 3], { dtype: torch.bool });
    const b20 = torch.ones([2, 0], { dtype: torch.bool });
    const b03 = torch.ones([0, 3], { dtype: torch.bool });
    expectError(() => torch.addmm(bool, b20, b03), torch.DTypeError, "result type Long can't be cast to the desired output type Bool");
    expect(torch.addmm(bool, b20, b03, { beta: true }).tolist()).toEqual([[true, true, true], [true, true, true]]);
    expect(torch.addmm(bool, b20, b03, { beta: 0 }).tolist()).toEqual([[false, false, false], [false, false, false]]);
  });

  it('check in PyTorch order with PyTorch messages', () => {
    const o = (...s: number[]) => torch.ones(s);
    expectError(() => torch.addmm(o(2, 3), o(3), o(3, 3)), torch.ShapeError, 'mat1 must be a matrix, got 1-D tensor');
    expectError(() => torch.addmm(o(2, 3).double(), o(2, 3), o(4, 5)), torch.DTypeError, 'self and mat2 must have the same dtype, but got Double and Float');
    expectError(() => torch.addmm(o(2, 3), o(2, 3).double(), o(3, 3)), torch.DTypeError, 'mat1 and mat2 must have the same dtype, but got Double and Float');
    expectError(() => torch.addmm(o(7), o(2, 3), o(4, 5)), torch.ShapeError, 'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)');
    expectError(() => torch.addmm(o(4), o(2, 3), o(3, 3)), torch.ShapeError,
      'The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 1.  Target sizes: [2, 3].  Tensor sizes: [4]');
    expectError(() => torch.addmm(o(1, 2, 3), o(2, 3), o(3, 3)), torch.ShapeError,
      'expand(torch.FloatTensor{[1, 2, 3]}, size=[2, 3]): the number of sizes provided (2) must be greater or equal to the number of dimensions in the tensor (3)');
    expectError(() => torch.baddbmm(o(2, 2, 3), o(2, 2, 3), o(3, 3)), torch.IndexError,
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)', 'IndexError');
    expectError(() => torch.baddbmm(o(2, 2, 3), o(2, 3), o(2, 3, 3)), torch.ShapeError,
      'The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 1.  Target sizes: [2, 3, 3].  Tensor sizes: [2, 2, 3]');
    expectError(() => torch.baddbmm(o(3), o(2, 3), o(2, 3, 3)), torch.ShapeError, 'batch1 must be a 3D tensor');
    expectError(() => torch.baddbmm(o(2, 2, 3).double(), o(2, 2, 3), o(3, 3, 3)), torch.DTypeError,
      'Input dtypes must be the same, got: input double, batch1: float, batch2: float');
    expectError(() => torch.baddbmm(o(2, 2, 3), o(2, 2, 3), o(3, 3, 3).double()), torch.ShapeError,
      'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3].');
    expectError(() => torch.baddbmm(o(2, 2, 3), o(2, 2, 3), o(2, 3, 3).double()), torch.DTypeError, 'expected scalar type Float but found Double');
    const b = (...s: number[]) => torch.ones(s, { dtype: torch.bool });
    expectError(() => torch.baddbmm(b(1, 2, 3), b(1, 2, 3), b(1, 3, 3), { beta: 0 }), torch.DTypeError, '"baddbmm" not implemented for \'Bool\'', 'NotImplementedError');
  });
});

describe('linear', () => {
  it('is input @ weight.T + bias for any leading dims', () => {
    const w = ar(12, 4, 3).sub(5);
    const r = torch.linear(ar(12, 2, 2, 3), w, f32([0.5, 1, 1.5, 2]));
    expect(r.tolist()).toEqual([[[-9.5, 0, 9.5, 19], [-45.5, -9, 27.5, 64]], [[-81.5, -18, 45.5, 109], [-117.5, -27, 63.5, 154]]]);
    expect(torch.linear(ar(3, 3), w).tolist()).toEqual([-10, -1, 8, 17]);
    expect(torch.linear(torch.ones(3), torch.ones(3), f32(2)).item()).toBe(5);
  });

  it('adds bias in place on the matmul path, so the output keeps its dtype', () => {
    const input = ar(12, 2, 3, 2).transpose(1, 2); // not contiguous: matmul, then add_
    const r = torch.linear(input, torch.ones(2, 3), torch.tensor([0.25, 0.5], { dtype: torch.float64 }));
    expect(r.dtype).toBe('float32');
    expect(r.tolist()).toEqual([[[6.25, 6.5], [9.25, 9.5]], [[24.25, 24.5], [27.25, 27.5]]]);
  });

  it('raises the error of the path PyTorch takes', () => {
    const o = (...s: number[]) => torch.ones(s);
    expectError(() => torch.linear(f32(1), o(4, 3)), torch.ShapeError, 'both arguments to linear need to be at least 1D, but they are 0D and 2D');
    expectError(() => torch.linear(o(5, 3), o(4, 2), o(4)), torch.ShapeError, 'mat1 and mat2 shapes cannot be multiplied (5x3 and 2x4)');
    expectError(() => torch.linear(o(2, 6, 3), o(4, 2), o(4)), torch.ShapeError, 'mat1 and mat2 shapes cannot be multiplied (12x3 and 2x4)');
    expectError(() => torch.linear(o(2, 6, 3), o(4, 3), o(5)), torch.ShapeError,
      'The expanded size of the tensor (4) must match the existing size (5) at non-singleton dimension 1.  Target sizes: [12, 4].  Tensor sizes: [5]');
    expectError(() => torch.linear(o(2, 2, 3, 6).transpose(-1, -2), o(4, 3), o(5)), torch.ShapeError,
      'The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 3');
    expectError(() => torch.linear(o(2, 3), o(3), o(2)), torch.ShapeError, 'mat2 must be a matrix, got 1-D tensor');
    expectError(() => torch.linear(o(2, 3), o(2, 4, 3)), torch.ShapeError, 't() expects a tensor with <= 2 dimensions, but self is 3D');
    expectError(() => torch.linear(o(3), o(4, 3), o(4).double()), torch.DTypeError, 'self and mat2 must have the same dtype, but got Double and Float');
    expect(torch.linear(o(2, 6, 3), o(4, 3), o(6, 4)).shape).toEqual([2, 6, 4]);
    // A vector-like bias ([1, 4], [4, 1, 1]) takes the addmm path, [1, 1] the matmul + add_ one.
    const d = (...s: number[]) => torch.ones(s, { dtype: torch.float64 });
    expectError(() => torch.linear(o(2, 5, 3), o(4, 3), d(1, 4)), torch.DTypeError, 'self and mat2 must have the same dtype, but got Double and Float');
    expectError(() => torch.linear(o(3), o(4, 3), d(4, 1, 1)), torch.DTypeError, 'self and mat2 must have the same dtype, but got Double and Float');
    expect(torch.linear(o(2, 5, 3), o(4, 3), d(1, 1)).dtype).toBe('float32');
    expectError(() => torch.linear(o(3), o(4, 3), d(1, 1)), torch.ShapeError, "output with shape [4] doesn't match the broadcast shape [1, 4]");
  });
});

describe('op table', () => {
  afterEach(() => torch.setRecorder(null));

  it("records every product as 'mm' or 'bmm'", () => {
    const seen: string[] = [];
    torch.setRecorder({ record: (op) => void seen.push(op) });
    const a = torch.ones(2, 3);
    torch.matmul(a, torch.ones(3, 4));
    torch.matmul(torch.ones(2, 2, 3), torch.ones(2, 3, 4));
    torch.dot(torch.ones(3), torch.ones(3));
    torch.linear(a, torch.ones(5, 3), torch.ones(5));
    const products = seen.filter((op) => op === 'mm' || op === 'bmm');
    expect(products).toEqual(['mm', 'bmm', 'mm', 'mm']);
    expect(torch.getOp('mm')?.name).toBe('mm');
    expect(torch.getOp('bmm')?.name).toBe('bmm');
  });

  it('large products agree between the blocked and the small-matrix paths', () => {
    // Integer-valued float32 data: every path must give the exact sums.
    const a = torch.arange(37 * 29, { dtype: torch.float32 }).remainder(7).reshape(37, 29);
    const b = torch.arange(29 * 23, { dtype: torch.float32 }).remainder(5).sub(2).reshape(29, 23);
    const full = torch.mm(a, b);
    const rows = (t: Tensor, i: number) => t.narrow(0, i, 1);
    for (const i of [0, 5, 36]) expect(torch.mm(rows(a, i), b).tolist()).toEqual(rows(full, i).tolist());
    expect(torch.mm(a, b.narrow(1, 3, 2)).tolist()).toEqual(full.narrow(1, 3, 2).tolist());
    expect(torch.mm(b.t(), a.t()).tolist()).toEqual(full.t().tolist());
  });
});
