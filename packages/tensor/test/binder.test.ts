import { describe, expect, it } from 'vitest';
import { ArgumentError, Signatures, WickError, ones, tensor } from '../src/index.js';

// The binder on its own, against the messages PyTorch 2.13 gives for the same calls (recorded
// by running each call in Python; the call is in each test's name).
const builtin = (...texts: string[]) => new Signatures(texts);
const method = (...texts: string[]) => new Signatures(texts, { self: true });
const python = (...texts: string[]) => new Signatures(texts, { style: 'python' });
const init = (...texts: string[]) => new Signatures(texts, { style: 'python', pythonMethod: true });

function thrown(f: () => unknown): ArgumentError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TypeError);
    expect(ArgumentError.isInstance(e)).toBe(true);
    expect(WickError.isInstance(e)).toBe(true);
    return e as ArgumentError;
  }
  throw new Error('expected an ArgumentError');
}

const x = ones([2, 3]);
const softmax = builtin('softmax(Tensor input, int dim, ScalarType? dtype=None)');

describe('positional or by name', () => {
  it('binds positionally, by name, and mixed', () => {
    expect(softmax.bind([x, 1])).toEqual({ input: x, dim: 1, dtype: null });
    expect(softmax.bind([x, { dim: -1 }])).toEqual({ input: x, dim: -1, dtype: null });
    expect(softmax.bind([{ input: x, dim: 0, dtype: 'float64' }])).toEqual({ input: x, dim: 0, dtype: 'float64' });
    expect(softmax.bind([x, 1, undefined])).toEqual({ input: x, dim: 1, dtype: null });
  });

  it('binds the same where the page refuses new Function (a Content-Security-Policy without unsafe-eval)', () => {
    const realFunction = globalThis.Function;
    const refuse = function () {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    } as unknown as FunctionConstructor;
    const strict = builtin('softmax(Tensor input, int dim, ScalarType? dtype=None)');
    globalThis.Function = refuse;
    try {
      expect(strict.bind([x, 1])).toEqual({ input: x, dim: 1, dtype: null }); // compiles here, under the policy
    } finally {
      globalThis.Function = realFunction;
    }
    expect(strict.bind([x, { dim: -1 }])).toEqual({ input: x, dim: -1, dtype: null });
    expect(strict.bind([x, 2, 'float64'])).toEqual({ input: x, dim: 2, dtype: 'float64' });
    expect(thrown(() => strict.bind([x, 'a'])).message).toBe("softmax(): argument 'dim' (position 2) must be int, not str");
  });

  it('softmax(x, 1, None, 5): too many positional arguments', () => {
    expect(thrown(() => softmax.bind([x, 1, null, 5])).message).toBe('softmax() takes from 2 to 3 positional arguments but 4 were given');
  });
  it('softmax(x) and softmax(): missing arguments, each named (PyTorch pluralises backwards)', () => {
    expect(thrown(() => softmax.bind([x])).message).toBe('softmax() missing 1 required positional arguments: "dim"');
    expect(thrown(() => softmax.bind([])).message).toBe('softmax() missing 2 required positional argument: "input", "dim"');
  });
  it("softmax(x, 'a') and softmax(x, dim='a'): a wrong type, by position and by name", () => {
    expect(thrown(() => softmax.bind([x, 'a'])).message).toBe("softmax(): argument 'dim' (position 2) must be int, not str");
    expect(thrown(() => softmax.bind([x, { dim: 'a' }])).message).toBe("softmax(): argument 'dim' must be int, not str");
  });
  it('softmax(x, 1, bogus=1) and softmax(x, 1, dim=1): unknown and repeated names', () => {
    expect(thrown(() => softmax.bind([x, 1, { bogus: 1 }])).message).toBe("softmax() got an unexpected keyword argument 'bogus'");
    expect(thrown(() => softmax.bind([x, 1, { dim: 1 }])).message).toBe("softmax() got multiple values for argument 'dim'");
  });
  it('ints: fractions, NaN, strings and bools are refused; bigint and 0-dim integer tensors are ints', () => {
    for (const bad of [1.5, NaN, '1', true]) expect(() => softmax.bind([x, bad])).toThrow(ArgumentError);
    expect(softmax.bind([x, 1n]).dim).toBe(1);
    expect(softmax.bind([x, tensor(1)]).dim).toBe(1);
    expect(() => softmax.bind([x, tensor(1, { dtype: 'float32' })])).toThrow("softmax(): argument 'dim' (position 2) must be int, not Tensor");
  });
  it('undefined is not a value: an undefined option is an error naming it', () => {
    expect(thrown(() => softmax.bind([x, { dim: undefined }])).message).toBe("softmax(): argument 'dim' must be int, not undefined");
  });
});

describe("PyTorch's NumPy names", () => {
  it('torch.sum(x, axis=1, keepdims=True), torch.add(x1=a, x2=b): builtins take axis, keepdims, x/a/x1 and x2 by name', () => {
    const sum = builtin('sum(Tensor input, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)');
    expect(sum.bind([x, { axis: 1, keepdims: true }])).toEqual({ input: x, dim: [1], keepdim: true, dtype: null });
    const add = builtin('add(Tensor input, Tensor other, *, Scalar alpha=1)');
    expect(add.bind([{ x1: x, x2: x }])).toEqual({ input: x, other: x, alpha: 1 });
    expect(thrown(() => sum.bind([x, { dim: 1, axis: 1 }])).message).toBe("sum() got an unexpected keyword argument 'axis'");
    expect(thrown(() => python('f(Tensor input, int dim)').bind([x, { axis: 1 }])).message).toBe("f() got an unexpected keyword argument 'axis'");
  });
});

describe('methods and overloads', () => {
  const sum = method(
    'sum(Tensor input, *, ScalarType? dtype=None)',
    'sum(Tensor input, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)',
  );
  it('binds self from this and picks the first overload that fits', () => {
    expect(sum.bind([], x)).toEqual({ input: x, dtype: null });
    expect(sum.bind([1], x)).toEqual({ input: x, dim: [1], keepdim: false, dtype: null });
    expect(sum.bind([{ dim: [0, 1], keepdim: true }], x)).toEqual({ input: x, dim: [0, 1], keepdim: true, dtype: null });
  });
  it('x.sum(True): two plausible overloads give the combined message', () => {
    expect(thrown(() => sum.bind([true], x)).message).toBe(
      'sum() received an invalid combination of arguments - got (bool), but expected one of:\n' +
        ' * (*, torch.dtype dtype = None)\n' +
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n',
    );
  });
  it("x.max(1, 2): one plausible overload gives that overload's message", () => {
    const max = method('max(Tensor input)', 'max(Tensor input, Tensor other)', 'max(Tensor input, int dim, bool keepdim=False)');
    expect(thrown(() => max.bind([1, 2], x)).message).toBe("max(): argument 'keepdim' (position 2) must be bool, not int");
    expect(max.bind([1], x)).toEqual({ input: x, dim: 1, keepdim: false });
  });
  it('x.add(x, x): a method counts its arguments without self', () => {
    const add = method('add(Tensor input, Tensor other, *, Scalar alpha=1)');
    expect(thrown(() => add.bind([x, x], x)).message).toBe('add() takes 1 positional argument but 2 were given');
    expect(thrown(() => add.bind([{ input: x, other: x }], x)).message).toBe("add() got an unexpected keyword argument 'input'");
  });
  it("x.narrow(dim=0, start=1.5, length=2): keywords in PyTorch's order in the combined message", () => {
    const narrow = method('narrow(Tensor input, int dim, Tensor start, int length)', 'narrow(Tensor input, int dim, int start, int length)');
    expect(thrown(() => narrow.bind([{ dim: 0, start: 1.5, length: 2 }], x)).message).toContain('got (length=int, start=float, dim=int, ), but');
    expect(thrown(() => narrow.bind([0, { start: 1.5, length: 2 }], x)).message).toContain('got (int, length=int, start=float), but');
  });
  it('torch.add(x): a deprecated overload is tried but never listed', () => {
    const add = builtin('add(Tensor input, Scalar alpha, Tensor other)|deprecated', 'add(Tensor input, Tensor other, *, Scalar alpha=1)');
    expect(add.bind([x, 2, x])).toEqual({ input: x, alpha: 2, other: x });
    expect(thrown(() => add.bind([x])).message).toBe(
      'add() received an invalid combination of arguments - got (Tensor), but expected (Tensor input, Tensor other, *, Number alpha = 1)',
    );
  });
  it('x.view(2, 3), x.view([2, 3]) and view(size=...): one int list also takes separate ints', () => {
    const view = method('view(Tensor self, ScalarType dtype)', 'view(Tensor self, int[] size)');
    expect(view.bind([2, 3], x).size).toEqual([2, 3]);
    expect(view.bind([[3, 2]], x).size).toEqual([3, 2]);
    expect(view.bind([{ size: [6] }], x).size).toEqual([6]);
    expect(view.bind(['float64'], x).dtype).toBe('float64');
    expect(thrown(() => view.bind([2.5, 3], x)).message).toContain('view() received an invalid combination of arguments - got (float, int)');
  });
  it("zeros([2, 'a']): a bad element of an int list is named", () => {
    const zeros = builtin('zeros(int[] size, *, ScalarType? dtype=None)');
    expect(zeros.bind([2, 3, { dtype: 'int64' }])).toEqual({ size: [2, 3], dtype: 'int64' });
    // torch.zeros([2, 'a']) and torch.zeros(['a', 2]) in PyTorch 2.13: the parser matches a list by its
    // first element; a later bad one fails when the list is unpacked.
    expect(thrown(() => zeros.bind([[2, 'a']])).message).toBe('zeros(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got str"');
    expect(thrown(() => zeros.bind([['a', 2]])).message).toBe("zeros(): argument 'size' (position 1) must be tuple of ints, but found element of type str at pos 0");
    expect(thrown(() => zeros.bind([null])).message).toBe("zeros(): argument 'size' (position 1) must be tuple of ints, not NoneType");
  });
  it('int[2] takes one int for both', () => {
    const pool = builtin('pool(Tensor input, int[2] kernel_size, int[2] stride=1)');
    expect(pool.bind([x, 3])).toEqual({ input: x, kernel_size: [3, 3], stride: [1, 1] });
  });
});

describe("Python's own rules, for callables PyTorch writes in Python", () => {
  const linear = init('Linear.__init__(int in_features, int out_features, bool bias=True, Device? device=None, ScalarType? dtype=None)');
  it('binds and counts self as Python does', () => {
    expect(linear.bind([3, 4, false])).toEqual({ in_features: 3, out_features: 4, bias: false, device: null, dtype: null });
    expect(thrown(() => linear.bind([3, 4, { bogus: 1 }])).message).toBe("Linear.__init__() got an unexpected keyword argument 'bogus'");
    expect(thrown(() => linear.bind([3])).message).toBe("Linear.__init__() missing 1 required positional argument: 'out_features'");
    expect(thrown(() => linear.bind([3, 4, true, null, null, 5])).message).toBe('Linear.__init__() takes from 3 to 6 positional arguments but 7 were given');
    expect(thrown(() => linear.bind([3, { in_features: 4 }])).message).toBe("Linear.__init__() got multiple values for argument 'in_features'");
    expect(thrown(() => linear.bind([3.5, 4])).message).toBe("Linear.__init__(): argument 'in_features' (position 1) must be int, not float");
  });
  it('dropout(): missing names in Python\'s list form', () => {
    const dropout = python('dropout(Tensor input, float p=0.5, bool training=True, bool inplace=False)');
    expect(thrown(() => dropout.bind([])).message).toBe("dropout() missing 1 required positional argument: 'input'");
    expect(thrown(() => dropout.bind([x, 0.5, true, false, 4])).message).toBe('dropout() takes from 1 to 4 positional arguments but 5 were given');
    const three = python('f(int a, int b, int c)');
    expect(thrown(() => three.bind([])).message).toBe("f() missing 3 required positional arguments: 'a', 'b', and 'c'");
  });
  it('a trailing plain object that fits no name is a dict argument', () => {
    const load = init('Module.load_state_dict(dict state_dict, bool strict=True, bool assign=False)');
    const sd = { 'fc.weight': x };
    expect(load.bind([sd]).state_dict).toBe(sd);
    expect(load.bind([sd, { strict: false }])).toEqual({ state_dict: sd, strict: false, assign: false });
    expect(load.bind([{ state_dict: sd }]).state_dict).toBe(sd);
  });
  it('varargs collect the remaining positional arguments', () => {
    const seq = init('Sequential.__init__(Any *args)');
    expect(seq.bind([1, 2, 3]).args).toEqual([1, 2, 3]);
    expect(seq.bind([]).args).toEqual([]);
  });
});
