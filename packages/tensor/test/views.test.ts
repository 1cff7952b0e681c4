import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

const grid = () => torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);

describe('views share storage', () => {
  it('every view op returns a view of the same storage', () => {
    const x = grid();
    const views = [
      x.view(4, 3), x.view([2, 6]), x.t(), x.transpose(0, 1), x.permute(1, 0), x.narrow(1, 1, 2),
      x.select(0, 1), x.unsqueeze(0), x.unsqueeze(0).squeeze(), x.flatten(), x.unflatten(1, [2, 2]),
      x.expand(2, 3, 4), x.slice(1, 0, null, 2), x.as_strided([2, 2], [1, 4], 1), ...x.unbind(1),
      ...x.chunk(2, 1), ...x.split([1, 2], 0), x.movedim(0, 1), x.reshape(12),
    ];
    for (const v of views) expect(v.storage).toBe(x.storage);
  });

  it('in-place ops on a view write through to the base', () => {
    const x = grid();
    x.narrow(1, 1, 2).t().mul_(10);
    expect(x.tolist()).toEqual([[0, 10, 20, 3], [4, 50, 60, 7], [8, 90, 100, 11]]);
    x.select(0, 2).fill_(-1);
    expect(x.select(0, 2).tolist()).toEqual([-1, -1, -1, -1]);
    x.slice(1, 0, null, 3).copy_(torch.tensor([7.5, 8.5]));
    expect(x.tolist()).toEqual([[7.5, 10, 20, 8.5], [7.5, 50, 60, 8.5], [7.5, -1, -1, 8.5]]);
  });

  it('every in-place write bumps the shared version counter', () => {
    const x = grid();
    const v = x.t();
    const before = x._version;
    v.add_(1);
    expect(x._version).toBe(before + 1);
    expect(v._version).toBe(x._version);
  });

  it('reshape copies only when no view exists', () => {
    const x = grid();
    expect(x.reshape(2, 6).storage).toBe(x.storage);
    const t = x.t();
    const r = t.reshape(12);
    expect(r.storage).not.toBe(x.storage);
    expect(r.tolist()).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(() => t.view(12)).toThrow(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  });

  it('contiguous copies only a non-contiguous tensor', () => {
    const x = grid();
    expect(x.contiguous()).toBe(x);
    const c = x.t().contiguous();
    expect(c.storage).not.toBe(x.storage);
    expect(c.stride()).toEqual([3, 1]);
  });

  it('strides and offsets are PyTorch\'s', () => {
    const x = grid();
    expect(x.t().stride()).toEqual([1, 4]);
    expect(x.narrow(1, 2, 2).storage_offset()).toBe(2);
    expect(x.select(1, 3).stride()).toEqual([4]);
    expect(x.unsqueeze(1).stride()).toEqual([4, 4, 1]);
    expect(x.expand(5, 3, 4).stride()).toEqual([0, 4, 1]);
    expect(x.slice(0, -2).storage_offset()).toBe(4);
  });
});

describe('view errors name what was expected and what was found', () => {
  const x = torch.zeros(2, 3);
  const cases: [() => unknown, string][] = [
    [() => x.view(4, 2), "shape '[4, 2]' is invalid for input of size 6"],
    [() => x.view(-1, -1), 'only one dimension can be inferred'],
    [() => x.transpose(0, 2), 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
    [() => x.select(0, 5), 'select(): index 5 out of range for tensor of size [2, 3] at dimension 0'],
    [() => x.narrow(1, 2, 2), 'start (2) + length (2) exceeds dimension size (3).'],
    [() => x.expand(2, 5), 'The expanded size of the tensor (5) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 5].  Tensor sizes: [2, 3]'],
    [() => x.permute(0, 0), 'permute(): duplicate dims are not allowed.'],
    [() => torch.zeros(2, 3, 4).t(), 't() expects a tensor with <= 2 dimensions, but self is 3D'],
    [() => x.flatten(1, 0), 'flatten() has invalid args: start_dim cannot come after end_dim'],
    [() => x.chunk(0), 'chunk expects `chunks` to be greater than 0, got: 0'],
  ];
  it.each(cases.map(([f, m], i) => [i, f, m] as const))('case %i', (_i, f, message) => {
    expect(f).toThrow(message);
    try {
      f();
    } catch (e) {
      expect(torch.WickError.isInstance(e)).toBe(true);
    }
  });
});

describe('the *_like factories keep the memory layout (preserve_format)', () => {
  // Strides as PyTorch 2.13 gives them for the same inputs.
  it('a permuted input gives a permuted result', () => {
    const x = torch.zeros(2, 3, 4).permute(2, 0, 1);
    for (const like of [torch.empty_like(x), torch.zeros_like(x), torch.ones_like(x), torch.full_like(x, 2)]) {
      expect(like.stride()).toEqual([1, 12, 4]);
    }
    expect(torch.full_like(x, 2).sum().item()).toBe(48);
  });

  it('a non-dense input gives dense strides in its own order', () => {
    expect(torch.zeros_like(torch.zeros(4, 6).slice(1, 0, null, 2)).stride()).toEqual([3, 1]);
    expect(torch.zeros_like(torch.zeros(3).expand(2, 3)).stride()).toEqual([3, 1]);
  });
});

describe("Tensor.slice: PyTorch's aten::slice (the op behind x[:, a:b:c]) as a method", () => {
  // s = torch.ops.aten.slice; x = torch.arange(12).view(3, 4)
  const x = () => torch.arange(12).view(3, 4);
  it('positional, by name and mixed, with defaults dim=0, start=None, end=None, step=1', () => {
    expect(x().slice(1, 1, null, 2).tolist()).toEqual([[1, 3], [5, 7], [9, 11]]); // s(x, 1, 1, None, 2)
    expect(x().slice().tolist()).toEqual(x().tolist()); // s(x)
    expect(x().slice({ start: 1 }).tolist()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]); // s(x, start=1)
    expect(x().slice(1, { end: 3 }).tolist()).toEqual([[0, 1, 2], [4, 5, 6], [8, 9, 10]]); // s(x, 1, end=3)
    expect(x().slice(0, -2).tolist()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]); // s(x, 0, -2)
    expect(x().slice(1, -10, 10).tolist()).toEqual(x().tolist()); // s(x, 1, -10, 10): clamped as Python slices are
  });
  it('called wrongly', () => {
    expect(() => x().slice(0, null, null, 0)).toThrow('slice step must be positive'); // s(x, 0, None, None, 0)
    expect(() => torch.tensor(1).slice()).toThrow('slice() cannot be applied to a 0-dim tensor.');
    const call = (args: unknown[]) => () => Reflect.apply(torch.Tensor.prototype.slice, x(), args);
    expect(call([0, 1, { stop: 2 }])).toThrow(new torch.ArgumentError("slice() got an unexpected keyword argument 'stop'"));
    expect(call([0, 1, { start: 2 }])).toThrow(new torch.ArgumentError("slice() got multiple values for argument 'start'"));
    expect(call([0, 1.5])).toThrow(new torch.ArgumentError("slice(): argument 'start' (position 2) must be int, not float"));
  });
});

describe('view(dtype) is left out', () => {
  it('is refused with a named error, never read as sizes', () => {
    // PyTorch reinterprets the bytes; wick's storages hold one element type (see its declaration's leftOut).
    expect(() => torch.zeros(2).view(torch.float64 as never)).toThrow(
      new torch.ArgumentError("view(): argument 'size' (position 1) must be tuple of ints, not str"),
    );
  });
  it("an unknown name gets the binder's message (PyTorch, with its view(dtype) overload, lists both forms)", () => {
    expect(() => Reflect.apply(torch.Tensor.prototype.view, torch.zeros(6), [3, 2, { foo: 1 }])).toThrow(
      new torch.ArgumentError("view() got an unexpected keyword argument 'foo'"),
    );
  });
});
