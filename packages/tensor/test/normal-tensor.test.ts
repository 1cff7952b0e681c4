// torch.normal with a tensor mean and/or std: what the rng fixtures (fixtures/rng/distributions.msgpack,
// cases normal_tensor/*) do not show — argument forms, layouts, and PyTorch's errors. Every message
// and error type below was copied from PyTorch 2.13.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

type Opts = { generator: torch.Generator };

/** Runs f expecting PyTorch's message and error type, and checks that its generator was left alone. */
function refuses(f: (opts: Opts) => unknown, message: string, pytorchType = 'RuntimeError'): void {
  const generator = new torch.Generator().manual_seed(5);
  const before = generator.get_state().numpy() as Uint8Array;
  let caught: unknown;
  try {
    f({ generator });
  } catch (err) {
    caught = err;
  }
  expect(torch.WickError.isInstance(caught), `expected a WickError: ${String(caught)}`).toBe(true);
  expect((caught as torch.WickError).message).toBe(message);
  expect((caught as torch.WickError).pytorchType).toBe(pytorchType);
  expect(Buffer.from(generator.get_state().numpy() as Uint8Array).equals(Buffer.from(before))).toBe(true);
}

const f32 = (values: number[]) => torch.tensor(values, { dtype: 'float32' });
const long = (values: number[]) => torch.tensor(values, { dtype: 'int64' });

describe('torch.normal with tensors: arguments', () => {
  it('takes the options object in place of a left-out std (std = 1)', () => {
    const mean = torch.arange(20).float();
    const a = torch.normal(mean, { generator: new torch.Generator().manual_seed(2) });
    const b = torch.normal(mean, 1, { generator: new torch.Generator().manual_seed(2) });
    expect(a.tolist()).toEqual(b.tolist());
  });

  it('gives a fresh contiguous result: a transposed or expanded argument draws as its copy does', () => {
    const mean = torch.randn([4, 5]).t();
    const std = torch.rand([4, 5]).t();
    const expanded = torch.randn([5, 1]).expand(5, 4);
    const draw = (f: () => Tensor) => {
      torch.manual_seed(3);
      return f();
    };
    const r = draw(() => torch.normal(mean, std));
    expect(r.shape).toEqual([5, 4]);
    expect(r.is_contiguous()).toBe(true);
    /** f(false) with the strided argument, f(true) with its contiguous copy. */
    const sameDraws = (f: (copy: boolean) => Tensor) => {
      expect(draw(() => f(false)).tolist()).toEqual(draw(() => f(true)).tolist());
    };
    sameDraws((copy) => torch.normal(copy ? mean.contiguous() : mean, copy ? std.contiguous() : std));
    sameDraws((copy) => torch.normal(0.5, copy ? std.contiguous() : std));
    sameDraws((copy) => torch.normal(copy ? expanded.contiguous() : expanded, 0.5));
  });

  it('leaves the version counter at 0, as a factory does', () => {
    expect(torch.normal(f32([0, 1]), f32([1, 2]))._version).toBe(0);
    expect(torch.normal(f32([0, 1]), 2)._version).toBe(0);
    expect(torch.normal(0, f32([1, 2]))._version).toBe(0);
  });

  it('accepts std = inf and -0 (only negative values and NaN are refused)', () => {
    expect(torch.normal(torch.zeros(3), f32([1, Infinity, 1])).shape).toEqual([3]);
    expect(torch.normal(torch.zeros(3), Infinity).shape).toEqual([3]);
    expect(torch.normal(torch.zeros(3), -0).shape).toEqual([3]);
    expect(torch.normal(torch.zeros(3), f32([1, -0, 1])).shape).toEqual([3]);
  });

  it('skips the dtype check for empty results, as PyTorch returns before its kernel', () => {
    expect(torch.randn(0, { dtype: 'int64' }).dtype).toBe('int64');
    expect(torch.empty(0, { dtype: 'int64' }).normal_().dtype).toBe('int64');
    expect(torch.randn_like(torch.zeros(0, { dtype: 'int64' })).dtype).toBe('int64');
    expect(torch.normal(0, 1, [0], { dtype: 'int64' }).dtype).toBe('int64');
    expect(torch.normal(0, torch.ones(0, { dtype: 'bool' })).dtype).toBe('bool');
  });
});

describe('torch.normal with tensors: PyTorch errors, nothing drawn', () => {
  const allStd = 'normal expects all elements of std >= 0.0';
  const numberStd = (found: string) => `normal expects std >= 0.0, but found std ${found}`;
  const kernel = (name: string) => `"normal_kernel_cpu" not implemented for '${name}'`;
  const sizes = (a: number, b: number, dim: number) =>
    `The size of tensor a (${a}) must match the size of tensor b (${b}) at non-singleton dimension ${dim}`;
  const zeros = torch.zeros;

  it('refuses a negative or NaN std', () => {
    refuses((o) => torch.normal(zeros(20), torch.ones(20).neg(), o), allStd);
    refuses((o) => torch.normal(zeros(3), f32([1, NaN, 1]), o), allStd);
    refuses((o) => torch.normal(0, f32([1, -1]), o), allStd);
    refuses((o) => torch.normal(zeros(3), torch.tensor([1, -1, 1], { dtype: 'int8' }), o), allStd);
    refuses((o) => torch.normal(zeros(3), -1, o), numberStd('-1'));
    refuses((o) => torch.normal(zeros(3), NaN, o), numberStd('nan'));
    refuses((o) => torch.normal(zeros(3), -Infinity, o), numberStd('-inf'));
  });

  it('refuses shapes that do not broadcast', () => {
    refuses((o) => torch.normal(zeros(2, 3), torch.ones(4), o), sizes(3, 4, 1));
    refuses((o) => torch.normal(zeros(3), torch.ones(0), o), sizes(3, 0, 0));
  });

  it('refuses integer and bool results', () => {
    refuses((o) => torch.normal(long([0, 0, 0]), torch.ones(3), o), kernel('Long'), 'NotImplementedError');
    refuses((o) => torch.normal(long([0, 0, 0]), 2, o), kernel('Long'), 'NotImplementedError');
    refuses((o) => torch.normal(long([0, 0, 0]), o), kernel('Long'), 'NotImplementedError');
    refuses((o) => torch.normal(0, long([1, 1]), o), kernel('Long'), 'NotImplementedError');
    refuses((o) => torch.normal(zeros(3, { dtype: 'bool' }), torch.ones(3), o), kernel('Bool'), 'NotImplementedError');
    refuses((o) => torch.normal(0, torch.ones(3, { dtype: 'bool' }), o), kernel('Bool'), 'NotImplementedError');
    // An empty integer result passes the kernel, then mul_ refuses a float std.
    const castMessage = "result type Float can't be cast to the desired output type Long";
    refuses((o) => torch.normal(zeros(0, { dtype: 'int64' }), torch.ones(0), o), castMessage);
  });

  it('checks in PyTorch order: std, then shapes, then dtype', () => {
    refuses((o) => torch.normal(long([0, 0, 0]), -1, o), numberStd('-1'));
    refuses((o) => torch.normal(long([0, 0, 0]), f32([-1]), o), allStd);
    refuses((o) => torch.normal(zeros(2, 3), torch.ones(4).neg(), o), allStd);
    refuses((o) => torch.normal(zeros(2, 3, { dtype: 'int64' }), torch.ones(4), o), sizes(3, 4, 1));
    refuses((o) => torch.empty(3, { dtype: 'int64' }).normal_(0, -1, o), numberStd('-1'));
  });

  it("gives the argument parser's TypeError when no overload fits", () => {
    const normal = (...args: unknown[]): unknown => Reflect.apply(torch.normal, undefined, args);
    const cases: [unknown[], string][] = [
      [[2, 3], 'int, int'],
      [[zeros(3), 1, [3]], 'Tensor, int, list'],
      [[zeros(3), torch.ones(3), [3]], 'Tensor, Tensor, list'],
    ];
    for (const [args, got] of cases) {
      const head = `normal() received an invalid combination of arguments - got (${got}), but expected one of:`;
      // PyTorch's list also shows its out= parameter, which wick does not have.
      const overload = ' * (Tensor mean, float std = 1, *, torch.Generator generator = None)\n';
      let caught: torch.WickError | undefined;
      try {
        normal(...args);
      } catch (err) {
        caught = err as torch.WickError;
      }
      expect(caught?.message.split('\n')[0]).toBe(head);
      expect(caught?.message).toContain(overload);
      expect(caught?.pytorchType).toBe('TypeError');
    }
  });
});
