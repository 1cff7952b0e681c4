// Reductions: behaviour the generated fixtures can't show (argument forms, named tuples, result
// dtypes, errors with PyTorch's text, empty and 0-dim tensors, views, exact integer results, and
// the agreement of the two kernel paths). Every hard-coded number is PyTorch 2.13's output.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { getOp } from '../src/index.js';

const x23 = () => torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float32 });
const NAN = Number.NaN;
const INF = Number.POSITIVE_INFINITY;

/** Element-wise closeness in units of the float32 (or float64) epsilon, NaN equal to NaN. */
function expectClose(actual: torch.Tensor, expected: number[] | number, ulps = 4): void {
  const got = actual.numpy() as Float32Array | Float64Array;
  const want = typeof expected === 'number' ? [expected] : expected;
  expect(got.length).toBe(want.length);
  const eps = actual.dtype === 'float64' ? 2 ** -52 : 2 ** -23;
  want.forEach((w, i) => {
    const g = got[i]!;
    if (Number.isNaN(w) || !Number.isFinite(w)) expect(g).toBe(w);
    else expect(Math.abs(g - w)).toBeLessThanOrEqual(ulps * eps * Math.max(Math.abs(w), 2 ** -126));
  });
}

describe('dims and keepdim', () => {
  it('reduces one dim, a list, negative dims, and everything', () => {
    const x = x23();
    expect(torch.sum(x).tolist()).toBe(21);
    expect(torch.sum(x, 0).tolist()).toEqual([5, 7, 9]);
    expect(x.sum(-1).tolist()).toEqual([6, 15]);
    expect(x.sum([0, 1]).tolist()).toBe(21);
    const y = torch.arange(24, { dtype: torch.float32 }).reshape(2, 3, 4);
    expect(y.amax([0, 2]).tolist()).toEqual([15, 19, 23]);
    expect(y.sum([-1, 0]).tolist()).toEqual([60, 92, 124]);
    expect(y.argmax().tolist()).toBe(23);
  });

  it('an empty dim list means all dims, except for all/any where it reduces nothing', () => {
    const x = x23();
    expect(x.sum([]).tolist()).toBe(21);
    expect(x.mean([]).tolist()).toBe(3.5);
    expect(x.amax([]).tolist()).toBe(6);
    expect(x.var([]).tolist()).toBe(3.5);
    expect(x.sum([], true).shape).toEqual([1, 1]);
    const a = x.all([]);
    expect(a.dtype).toBe('bool');
    expect(a.shape).toEqual([2, 3]);
  });

  it('keepdim keeps reduced dims as size 1', () => {
    const x = x23();
    expect(x.sum(1, true).tolist()).toEqual([[6], [15]]);
    expect(x.mean(0, true).shape).toEqual([1, 3]);
    expect(x.sum(null, true).shape).toEqual([1, 1]);
    expect(x.argmax(null, true).tolist()).toEqual([[5]]);
    expect(x.max(1, true).values.shape).toEqual([2, 1]);
    expect(torch.arange(24).reshape(2, 3, 4).amax([0, 2], true).shape).toEqual([1, 3, 1]);
  });

  it('takes keyword arguments in a trailing options object', () => {
    const x = x23();
    expect(x.sum({ dtype: torch.float64 }).dtype).toBe('float64');
    expect(x.sum(1, { keepdim: true }).shape).toEqual([2, 1]);
    expect(x.sum({ dim: 1, keepdim: true }).shape).toEqual([2, 1]);
    expect(x.mean(1, true, { dtype: torch.float64 }).dtype).toBe('float64');
    expect(x.max({ dim: 0 }).indices.tolist()).toEqual([1, 1, 1]);
    expect(x.max(1, { keepdim: true }).values.tolist()).toEqual([[3], [6]]);
    expect(x.argmax({ dim: 0 }).tolist()).toEqual([1, 1, 1]);
    expect(x.cumsum({ dim: 0 }).tolist()).toEqual([[1, 2, 3], [5, 7, 9]]);
    expect(x.prod(1, { keepdim: true }).tolist()).toEqual([[6], [120]]);
  });

  it('rejects repeated and out-of-range dims with PyTorch\'s messages', () => {
    const x = x23();
    expect(() => x.sum([0, 0])).toThrow('dim 0 appears multiple times in the list of dims');
    expect(() => x.sum([0, -2])).toThrow('dim 0 appears multiple times in the list of dims');
    expect(() => x.any([1, -1])).toThrow('dim 1 appears multiple times in the list of dims');
    expect(() => x.sum(2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => x.amax([0, 2])).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => x.softmax(2)).toThrow(torch.IndexError);
  });
});

describe('result dtypes', () => {
  it('sum, prod and cumsum widen bool and integers to int64', () => {
    for (const dtype of ['bool', 'uint8', 'int8', 'int16', 'int32', 'int64'] as const) {
      const x = torch.tensor([1, 0, 1], { dtype });
      expect(x.sum().dtype).toBe('int64');
      expect(x.prod().dtype).toBe('int64');
      expect(x.cumsum(0).dtype).toBe('int64');
      expect(x.cumprod(0).dtype).toBe('int64');
    }
    expect(torch.tensor([true, false, true]).sum().tolist()).toBe(2);
    expect(torch.tensor([[true, false], [true, true]]).cumsum(0).tolist()).toEqual([[1, 0], [2, 1]]);
    expect(torch.tensor([1, 2], { dtype: 'float16' }).sum().dtype).toBe('float16');
  });

  it('a dtype converts the input first, as PyTorch does', () => {
    expect(torch.tensor([1.5, 2.5]).sum({ dtype: torch.int64 }).tolist()).toBe(3);
    expect(torch.tensor([1.5, 2.5]).prod({ dtype: torch.int64 }).tolist()).toBe(2);
    expect(torch.tensor([1.5, 2.5]).cumsum(0, { dtype: torch.int64 }).tolist()).toEqual([1, 3]);
    expect(torch.tensor([true, true]).sum({ dtype: torch.bool }).tolist()).toBe(true);
    expect(torch.tensor([2, 3]).prod({ dtype: torch.bool }).tolist()).toBe(true);
    expect(torch.tensor([1, 2]).mean({ dtype: torch.float64 }).tolist()).toBe(1.5);
    expect(torch.tensor([1, 2], { dtype: 'float16' }).mean({ dtype: torch.float32 }).dtype).toBe('float32');
  });

  it('integer results wrap around as C does', () => {
    expect(torch.tensor([100, 100], { dtype: 'int8' }).sum({ dtype: torch.int8 }).tolist()).toBe(-56);
    expect(torch.tensor([2 ** 31 - 1, 5], { dtype: 'int32' }).sum({ dtype: torch.int32 }).tolist()).toBe(-2147483644);
    expect(torch.tensor([100, 100], { dtype: 'int8' }).cumsum(0, { dtype: torch.int8 }).tolist()).toEqual([100, -56]);
    const big = torch.tensor([2n ** 62n, 2n ** 62n, 2n ** 62n]);
    expect(big.sum().tolist()).toBe(-4611686018427387904n);
    expect(big.cumsum(0).tolist()).toEqual([4611686018427387904n, -9223372036854775808n, -4611686018427387904n]);
    expect(torch.tensor([2 ** 40, 2 ** 40]).prod().tolist()).toBe(0);
    expect(torch.tensor([3n ** 39n, 3n]).prod().tolist()).toBe(-6289078614652622815n);
  });

  it('int64 stays exact beyond 2^53', () => {
    expect(torch.tensor([2n ** 53n, 1n, 1n, 1n]).sum().tolist()).toBe(2n ** 53n + 3n);
    const r = torch.tensor([2n ** 62n + 1n, 2n ** 62n]);
    expect(r.argmin().tolist()).toBe(1);
    expect(r.max().tolist()).toBe(2n ** 62n + 1n);
  });

  it('mean, var and std need floats', () => {
    expect(() => torch.tensor([1, 2]).mean()).toThrow(
      'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long',
    );
    expect(() => torch.tensor([true]).mean()).toThrow('Got: Bool');
    expect(() => x23().mean({ dtype: torch.int64 })).toThrow(
      'mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Long',
    );
    expect(() => torch.tensor([1, 2], { dtype: 'int32' }).var()).toThrow('std and var only support floating point and complex dtypes');
    expect(() => torch.tensor([1, 2], { dtype: 'uint8' }).std(0)).toThrow('std and var only support floating point and complex dtypes');
    // The dtype is checked before the dims, as in PyTorch.
    expect(() => torch.tensor([1, 2]).var([0, 0])).toThrow('std and var only support floating point and complex dtypes');
  });

  it('argmax/argmin give int64 and refuse bool', () => {
    expect(x23().argmax(1).dtype).toBe('int64');
    expect(() => torch.tensor([true, false]).argmax()).toThrow('argmax(): does not support bool input');
    expect(() => torch.tensor([true, false]).argmin(0)).toThrow('argmin(): does not support bool input');
    expect(torch.tensor([true, false]).max(0).values.dtype).toBe('bool');
  });

  it('all/any give bool, but uint8 for uint8 input', () => {
    expect(x23().all().dtype).toBe('bool');
    const u = torch.tensor([0, 0, 2], { dtype: 'uint8' });
    expect(u.any().dtype).toBe('uint8');
    expect(u.any().tolist()).toBe(1);
    expect(u.all([]).tolist()).toEqual([0, 0, 1]);
    // NaN is true, -0 is false.
    expect(torch.tensor([NAN]).all().tolist()).toBe(true);
    expect(torch.tensor([-0.0], { dtype: torch.float32 }).any().tolist()).toBe(false);
    expect(torch.tensor([0n, 2n ** 40n]).any().tolist()).toBe(true);
  });

  it('softmax needs a float dtype (or a dtype argument) and names PyTorch\'s kernel', () => {
    expect(() => torch.tensor([1, 2, 3]).softmax(0)).toThrow(`"softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expect(() => torch.tensor([[1, 2, 3]]).softmax(0)).toThrow(`"softmax_kernel_impl" not implemented for 'Long'`);
    expect(() => torch.tensor([[1], [2]]).log_softmax(0)).toThrow(`"log_softmax_kernel_impl" not implemented for 'Long'`);
    expect(() => torch.tensor([true]).log_softmax(0)).toThrow(`"log_softmax_lastdim_kernel_impl" not implemented for 'Bool'`);
    expect(torch.zeros([0, 3], { dtype: 'int64' }).softmax(0).dtype).toBe('int64');
    const s = torch.tensor([[1, 2], [3, 4]]).softmax(0, torch.float64);
    expect(s.dtype).toBe('float64');
    expectClose(s, [0.11920292202211755, 0.11920292202211755, 0.8807970779778823, 0.8807970779778823]);
    expect(torch.tensor([1, 2], { dtype: 'float16' }).softmax(0).dtype).toBe('float16');
  });

  it('cumsum into bool has no kernel', () => {
    expect(() => torch.tensor([1, 2]).cumsum(0, { dtype: torch.bool })).toThrow(`"cumsum_out_cpu" not implemented for 'Bool'`);
    expect(() => torch.tensor([0.5]).cumprod(0, { dtype: torch.bool })).toThrow(`"cumprod_out_cpu" not implemented for 'Bool'`);
  });

  it('logsumexp computes integers in the default float dtype', () => {
    const r = torch.tensor([[1, 2, 3], [4, 5, 6]]).logsumexp(1);
    expect(r.dtype).toBe('float32');
    expectClose(r, [3.4076058864593506, 6.40760612487793]);
    expect(torch.tensor([1, 2], { dtype: 'float16' }).logsumexp(0).dtype).toBe('float16');
  });
});

describe('max and min', () => {
  it('return a named tuple [values, indices] with a dim', () => {
    const r = x23().max(1);
    const [values, indices] = r;
    expect(values).toBe(r.values);
    expect(indices).toBe(r.indices);
    expect(values.tolist()).toEqual([3, 6]);
    expect(indices.tolist()).toEqual([2, 2]);
    expect(indices.dtype).toBe('int64');
    expect(torch.min(x23(), 0).values.tolist()).toEqual([1, 2, 3]);
  });

  it('give a 0-dim tensor without a dim, and maximum/minimum with a tensor', () => {
    expect(x23().max().shape).toEqual([]);
    expect(x23().min().tolist()).toBe(1);
    expect(x23().max(torch.tensor(2.5)).tolist()).toEqual([[2.5, 2.5, 3], [4, 5, 6]]);
    expect(torch.tensor([1, 2, 3]).min(torch.tensor([2.5])).tolist()).toEqual([1, 2, 2.5]);
  });

  it('pick the first occurrence of ties', () => {
    expect(torch.tensor([3, 1, 3, 1]).max(0).indices.tolist()).toBe(0);
    expect(torch.tensor([3, 1, 3, 1]).min(0).indices.tolist()).toBe(1);
    expect(torch.tensor([[5, 1], [5, 9]]).argmax(0).tolist()).toEqual([0, 1]);
    // Signed zeros are ties too: the first one is kept.
    expect(Object.is(torch.tensor([-0.0, 0.0], { dtype: torch.float32 }).amax().tolist(), -0)).toBe(true);
    expect(Object.is(torch.tensor([0.0, -0.0], { dtype: torch.float32 }).amin().tolist(), 0)).toBe(true);
    expect(Object.is(torch.tensor([-0.0, 0.0], { dtype: torch.float32 }).max(0).values.tolist(), -0)).toBe(true);
  });

  it('propagate NaN, with the first NaN\'s index', () => {
    const v = torch.tensor([1, NAN, 3, NAN]);
    const r = v.max(0);
    expect(r.values.tolist()).toBeNaN();
    expect(r.indices.tolist()).toBe(1);
    expect(v.argmin().tolist()).toBe(1);
    expect(v.amin().tolist()).toBeNaN();
    const m = torch.tensor([[1, NAN], [NAN, 2]]);
    expect(m.max(0).indices.tolist()).toEqual([1, 0]);
    expect(m.argmin(1).tolist()).toEqual([1, 0]);
  });
});

describe('var and std', () => {
  it('take correction, the legacy unbiased flag, and keepdim', () => {
    const x = x23();
    expect(x.var().tolist()).toBe(3.5);
    expect(x.var(0).tolist()).toEqual([4.5, 4.5, 4.5]);
    expectClose(x.var(1, { correction: 0 }), [0.6666666865348816, 0.6666666865348816]);
    expectClose(x.var(1, false), [0.6666666865348816, 0.6666666865348816]);
    expect(x.var(1, false, true).shape).toEqual([2, 1]);
    expect(x.var(1, true).tolist()).toEqual([1, 1]);
    expect(x.var(1, { correction: 2 }).tolist()).toEqual([2, 2]);
    expectClose(x.var(1, { correction: 1.5 }), [1.3333333730697632, 1.3333333730697632]);
    expect(x.var(1, { correction: -1 }).tolist()).toEqual([0.5, 0.5]);
    expect(x.var(1, { unbiased: false, keepdim: true }).shape).toEqual([2, 1]);
    expectClose(x.var(false), 2.9166667461395264);
    expect(torch.tensor([1, 2, 3, 4]).float().var(null, { unbiased: false }).tolist()).toBe(1.25);
    expectClose(x.std(), 1.8708287477493286);
    expectClose(torch.std(x, 0), [2.1213202476501465, 2.1213202476501465, 2.1213202476501465]);
  });

  it('N <= correction gives inf, or NaN when there is no spread', () => {
    const x = x23();
    expect(x.var(1, { correction: 3 }).tolist()).toEqual([INF, INF]);
    expect(x.var(1, { correction: 4 }).tolist()).toEqual([INF, INF]);
    expect(torch.tensor(5.5).var().tolist()).toBeNaN();
    expect(torch.tensor(5.5).var({ correction: 0 }).tolist()).toBe(0);
    expect(torch.tensor([1, INF]).var().tolist()).toBeNaN();
  });

  it('agrees with PyTorch\'s float64 algorithms to the bit (Welford over dims, two passes over all)', () => {
    const a = torch.tensor([[0.1, 0.2, 0.7], [1e8, 1.0, -1e8]], { dtype: torch.float64 });
    expect(a.var(1).tolist()).toEqual([0.1033333333333333, 1e16]);
    expect(a.std(1).tolist()).toEqual([0.3214550253664318, 100000000.0]);
    expect(a.var(0).tolist()).toEqual([4999999990000000.0, 0.31999999999999995, 5000000070000001.0]);
    // A constant row has exactly zero spread.
    expect(torch.tensor([[0.1], [0.7]], { dtype: torch.float64 }).expand(2, 5).var(1).tolist()).toEqual([0, 0]);
    expect(torch.tensor([[0.1], [0.7]]).expand(2, 5).std(1).tolist()).toEqual([0, 0]);
  });
});

describe('logsumexp, softmax, log_softmax', () => {
  it('are stable for large values and handle infinities as PyTorch does', () => {
    const big = torch.tensor([[1000, 999, -1000]], { dtype: torch.float32 });
    expectClose(big.logsumexp(1), [1000.313232421875]);
    expectClose(big.softmax(1), [0.7310585975646973, 0.2689414322376251, 0]);
    expect(torch.tensor([-INF, -INF]).logsumexp(0).tolist()).toBe(-INF);
    expect(torch.tensor([INF, 1]).logsumexp(0).tolist()).toBe(INF);
    expect(torch.tensor([-INF, INF]).logsumexp(0).tolist()).toBe(INF);
    expect(torch.tensor([NAN, INF]).logsumexp(0).tolist()).toBeNaN();
    expect(torch.tensor([-INF, -INF]).softmax(0).tolist()).toEqual([NAN, NAN]);
    expect(torch.tensor([INF, 1]).log_softmax(0).tolist()).toEqual([NAN, NAN]);
    expect(torch.tensor([-INF, 1]).log_softmax(0).tolist()).toEqual([-INF, 0]);
    expect(torch.tensor([NAN, 1]).softmax(0).tolist()).toEqual([NAN, NAN]);
  });

  it('give PyTorch\'s values', () => {
    expectClose(torch.tensor([[1, 2, 3]], { dtype: torch.float32 }).log_softmax(1), [-2.4076058864593506, -1.4076058864593506, -0.40760594606399536]);
    expectClose(torch.tensor([1, 2, 3], { dtype: torch.float64 }).softmax(0), [0.09003057317038045, 0.2447284710547976, 0.6652409557748218]);
    expectClose(torch.softmax(x23(), 0), [0.04742587357759476, 0.04742587357759476, 0.04742587357759476, 0.9525741338729858, 0.9525741338729858, 0.9525741338729858]);
  });

  it('logsumexp needs a dim, and reproduces PyTorch\'s failure for dim []', () => {
    const x = x23();
    // @ts-expect-error dim is required
    expect(() => x.logsumexp()).toThrow('logsumexp() missing 1 required positional arguments: "dim"');
    expect(() => x.logsumexp([])).toThrow("output with shape [] doesn't match the broadcast shape [1, 1]");
    expectClose(x.logsumexp([], true), [6.456193447113037]);
    expect(torch.tensor(5).float().logsumexp([]).tolist()).toBe(5);
    expect(torch.zeros([0, 3]).logsumexp([]).tolist()).toBe(-INF);
  });
});

describe('empty and 0-dim tensors', () => {
  it('reduce to the identity, or NaN for mean/var', () => {
    const e = torch.zeros([0, 3]);
    expect(e.sum().tolist()).toBe(0);
    expect(e.prod().tolist()).toBe(1);
    expect(e.prod(0).tolist()).toEqual([1, 1, 1]);
    expect(e.mean().tolist()).toBeNaN();
    expect(e.mean(0).tolist()).toEqual([NAN, NAN, NAN]);
    expect(e.mean(1).shape).toEqual([0]);
    expect(e.var(0).tolist()).toEqual([NAN, NAN, NAN]);
    expect(e.logsumexp(0).tolist()).toEqual([-INF, -INF, -INF]);
    expect(e.all().tolist()).toBe(true);
    expect(e.any().tolist()).toBe(false);
    expect(e.cumsum(0).shape).toEqual([0, 3]);
    expect(e.softmax(1).shape).toEqual([0, 3]);
    const r = e.max(1, true);
    expect(r.values.shape).toEqual([0, 1]);
    expect(r.indices.dtype).toBe('int64');
  });

  it('refuse max/min/argmax over nothing with PyTorch\'s messages', () => {
    const e = torch.zeros([0, 3]);
    const e2 = torch.zeros([3, 0]);
    expect(() => e.max()).toThrow(
      "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
    );
    expect(() => e.min()).toThrow(torch.ShapeError);
    expect(() => e.amax()).toThrow(
      "amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
    );
    expect(() => e.amax([])).toThrow('amax(): Expected reduction dim to be specified');
    expect(() => e.amax(0)).toThrow('amax(): Expected reduction dim 0 to have non-zero size.');
    // amax prints the dim as given, max/argmax print it normalized.
    expect(() => e2.amax(-1)).toThrow('amax(): Expected reduction dim -1 to have non-zero size.');
    expect(() => e2.amin([0, 1])).toThrow('amin(): Expected reduction dim 1 to have non-zero size.');
    expect(() => e2.max(-1)).toThrow('max(): Expected reduction dim 1 to have non-zero size.');
    expect(() => e2.max(-1)).toThrow(torch.IndexError);
    expect(() => e2.argmin(1)).toThrow('argmin(): Expected reduction dim 1 to have non-zero size.');
    expect(() => e.argmax()).toThrow('argmax(): Expected reduction dim to be specified for input.numel() == 0.');
    expect(torch.zeros([2, 0, 3]).amax([0, 2]).shape).toEqual([0]);
  });

  it('reduce a 0-dim tensor over dim 0 or -1', () => {
    const s = torch.tensor(5.5);
    expect(s.sum(0).tolist()).toBe(5.5);
    expect(s.sum(-1, true).shape).toEqual([]);
    expect(s.max(0).indices.tolist()).toBe(0);
    expect(s.argmax().tolist()).toBe(0);
    expect(s.softmax(0).tolist()).toBe(1);
    expect(s.log_softmax(-1).tolist()).toBe(0);
    expect(s.cumsum(0).tolist()).toBe(5.5);
    expect(() => s.sum(1)).toThrow('Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    expect(() => s.amax([0, -1])).toThrow('dim 0 appears multiple times in the list of dims');
  });
});

describe('strided inputs and kernel paths', () => {
  it('reduces views in logical order', () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 }).t();
    expect(x.sum(0).tolist()).toEqual([3, 7]);
    expect(x.argmax(0).tolist()).toEqual([1, 1]);
    expect(x.argmax().tolist()).toBe(3);
    expect(x.cumsum(0).tolist()).toEqual([[1, 3], [3, 7]]);
    const e = torch.tensor([[1], [2]], { dtype: torch.float32 }).expand(2, 3);
    expect(e.sum(1).tolist()).toEqual([3, 6]);
    expect(e.max(1).indices.tolist()).toEqual([0, 0]);
  });

  it('reductions over a leading dim (read row by row) agree with those over the last dim', () => {
    torch.manual_seed(3);
    const a = torch.randn([300, 40], { dtype: torch.float64 });
    a.select(1, 7).fill_(-INF);
    a.narrow(0, 11, 1).narrow(1, 3, 1).fill_(NAN);
    const at = a.t().contiguous(); // same values with the reduced dim last
    for (const op of ['sum', 'mean', 'prod', 'amax', 'amin', 'argmax', 'argmin', 'logsumexp', 'all', 'any'] as const) {
      const rows = (torch[op] as (x: torch.Tensor, d: number) => torch.Tensor)(a, 0);
      const cols = (torch[op] as (x: torch.Tensor, d: number) => torch.Tensor)(at, 1);
      expect(rows.dtype).toBe(cols.dtype);
      if (op === 'sum' || op === 'mean' || op === 'prod' || op === 'logsumexp') expectClose(rows, [...(cols.numpy() as Float64Array)], 64);
      else expect(rows.tolist()).toEqual(cols.tolist());
    }
    expect(a.var(0).tolist()).toEqual(at.var(1).tolist()); // Welford in the same order
    expect(a.max(0).indices.tolist()).toEqual(at.max(1).indices.tolist());
    expectClose(a.softmax(0), [...(at.softmax(1).t().contiguous().numpy() as Float64Array)], 4);
    expectClose(a.log_softmax(0), [...(at.log_softmax(1).t().contiguous().numpy() as Float64Array)], 4);
    expect(a.cumsum(0).tolist()).toEqual(at.cumsum(1).t().tolist());
  });

  it('float64 sums keep their error logarithmic in n (pairwise)', () => {
    // 0.1 added 2^20 times: a sequential sum drifts by ~1e-6, a pairwise one stays within ~1e-10.
    const n = 2 ** 20;
    const x = torch.full([n], 0.1, { dtype: torch.float64 });
    expect(Math.abs((x.sum().tolist() as number) - n * 0.1)).toBeLessThan(1e-9);
    const rows = torch.full([n, 2], 0.1, { dtype: torch.float64 });
    const s = rows.sum(0).tolist() as number[];
    for (const v of s) expect(Math.abs(v - n * 0.1)).toBeLessThan(1e-9);
  });

  it('float32 sums accumulate in double and round once', () => {
    // PyTorch's float32 cascade gives 1.0 here; the exact sum is 2.
    expect(torch.tensor([1e8, 1, -1e8, 1]).sum().tolist()).toBe(2);
    expect(torch.tensor([1e8, 1, -1e8, 1], { dtype: torch.float64 }).sum().tolist()).toBe(2);
  });
});

describe('op table entries', () => {
  it('registers every reduction by its ATen-style name', () => {
    for (const name of ['sum', 'mean', 'prod', 'max', 'min', 'max_dim', 'min_dim', 'amax', 'amin', 'argmax', 'argmin', 'var', 'std', 'logsumexp', 'softmax', 'log_softmax', 'cumsum', 'cumprod', 'all', 'any']) {
      expect(getOp(name)?.name, name).toBe(name);
    }
  });

  it('records normalized dims in attrs', () => {
    const seen: [string, object][] = [];
    torch.setRecorder({ record: (op, _inputs, attrs) => void seen.push([op, attrs]) });
    try {
      const y = torch.zeros([2, 3, 4]);
      y.sum([-1, 0], true);
      y.var(1, { correction: 0 });
      y.max(-1);
      y.softmax(-1, { dtype: torch.float64 });
    } finally {
      torch.setRecorder(null);
    }
    expect(seen).toEqual([
      ['sum', { dim: [0, 2], keepdim: true, dtype: null }],
      ['var', { dim: [1], keepdim: false, correction: 0 }],
      ['max_dim', { dim: 2, keepdim: false }],
      ['softmax', { dim: 2, dtype: 'float64' }],
    ]);
  });
});

