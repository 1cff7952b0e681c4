import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

describe('type promotion', () => {
  it('follows torch.result_type with scalars and 0-dim tensors', () => {
    const i32 = torch.tensor([1, 2], { dtype: torch.int32 });
    const f16 = torch.tensor([1, 2], { dtype: torch.float16 });
    expect(torch.result_type(i32, 2)).toBe('int32');
    expect(torch.result_type(i32, 2.5)).toBe('float32');
    expect(torch.result_type(f16, 2.5)).toBe('float16');
    expect(torch.result_type(i32, torch.tensor(2.5, { dtype: torch.float64 }))).toBe('float64');
    expect(torch.result_type(torch.tensor([1.5]), torch.tensor(2.5, { dtype: torch.float64 }))).toBe('float32');
    expect(torch.result_type(torch.tensor([true]), 3)).toBe('int64');
    expect(torch.promote_types('uint8', 'int8')).toBe('int16');
    expect(torch.promote_types('float16', 'bfloat16')).toBe('float32');
  });

  it('refuses an in-place result its destination cannot hold', () => {
    const x = torch.tensor([1, 2]);
    expect(() => x.add_(1.5)).toThrow("result type Float can't be cast to the desired output type Long");
    expect(x.tolist()).toEqual([1, 2]);
  });
});

describe('int64 stays exact', () => {
  it('keeps values above 2^53 as bigint and wraps like C on overflow', () => {
    const big = torch.tensor([2n ** 62n + 1n, -(2n ** 63n)]);
    expect(big.add(1).tolist()).toEqual([2n ** 62n + 2n, -(2n ** 63n) + 1n]);
    expect(big.mul(2).tolist()).toEqual([-(2n ** 63n) + 2n, 0]);
    expect(torch.tensor([3n]).item()).toBe(3);
  });
});

describe('reading values', () => {
  it('tolist, item and numpy follow the dtype', () => {
    expect(torch.tensor([[true, false]]).tolist()).toEqual([[true, false]]);
    expect(torch.tensor(2.5).item()).toBe(2.5);
    expect(() => torch.tensor([1, 2]).item()).toThrow('a Tensor with 2 elements cannot be converted to Scalar');
    expect(torch.tensor([0.5, 1.5], { dtype: torch.float16 }).numpy()).toEqual(new Float32Array([0.5, 1.5]));
  });

  it('data() resolves to the same values', async () => {
    const x = torch.arange(6, { dtype: torch.float64 }).reshape(2, 3).t();
    expect(await x.read()).toEqual(new Float64Array([0, 3, 1, 4, 2, 5]));
  });
});

describe('creation', () => {
  it('infers dtypes as PyTorch does', () => {
    expect(torch.tensor([1, 2]).dtype).toBe('int64');
    expect(torch.tensor([1, 2.5]).dtype).toBe('float32');
    expect(torch.tensor([true]).dtype).toBe('bool');
    expect(torch.tensor(new Float64Array(3)).dtype).toBe('float64');
    expect(torch.full([2], 2).dtype).toBe('int64');
    expect(torch.arange(0, 1, 0.25).tolist()).toEqual([0, 0.25, 0.5, 0.75]);
  });

  it('rejects ragged nested arrays', () => {
    expect(() => torch.tensor([[1, 2], [3]])).toThrow('expected sequence of length 2 at dim 1 (got 1)');
  });

  it('draws uniform numbers from the MT19937 stream as PyTorch does', () => {
    // torch.manual_seed(0); torch.rand(3) in PyTorch 2.13
    torch.manual_seed(0);
    expect(torch.rand(3).tolist()).toEqual([0.49625658988952637, 0.7682217955589294, 0.08847743272781372]);
    torch.manual_seed(0);
    // torch.manual_seed(0); torch.randint(0, 10, (5,))
    expect(torch.randint(0, 10, [5]).tolist()).toEqual([4, 9, 3, 0, 3]);
  });
});
