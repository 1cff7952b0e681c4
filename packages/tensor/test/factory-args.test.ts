// Creation, conversion, the legacy constructors, torch.device and the dtype and print helpers,
// called as PyTorch users write them, beyond what fixtures/tensor/factory_args.msgpack records:
// uninitialized results (PyTorch's are whatever was in memory, so only shapes and dtypes are
// compared), JS-only values (undefined, torch.device objects, classes), messages that list every
// overload (compared by their first line: PyTorch's list also shows out=, layout and pin_memory)
// and the deliberate differences. Messages and values are PyTorch 2.13's.
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { thrown } from './recorded.js';
import { Storage, Tensor } from '../src/index.js';

const x = torch.tensor([1.5, 2.5, -0.5]);

const call = (f: unknown, ...args: unknown[]): unknown => Reflect.apply(f as () => unknown, undefined, args);

describe("the issue's calls", () => {
  it("x.to('cpu', torch.float64) converts, and every to() overload binds as PyTorch's", () => {
    expect(x.to('cpu', torch.float64).dtype).toBe('float64');
    expect(x.to(torch.device('cpu')) === x).toBe(true);
    expect(x.to({ device: torch.device('cpu', 0) }) === x).toBe(false);
    expect(x.to(torch.float32) === x).toBe(true);
    expect(x.to(x) === x).toBe(true);
    expect(x.to({ non_blocking: true }) === x).toBe(true);
    expect(x.double().to(x).dtype).toBe('float32');
    expect(x.to({ other: torch.zeros(1, { dtype: torch.int32 }) }).dtype).toBe('int32');
    expect(thrown(() => x.to('foo')).message).toBe(
      'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: foo',
    );
    expect(thrown(() => x.to({ bogus: 1 } as never)).first).toBe('to() received an invalid combination of arguments - got (bogus=int, ), but expected one of:');
  });

  it('torch.arange(0, { end: 3 }) is [0, 1, 2]; linspace takes 0-dim tensor ends', () => {
    expect(torch.arange(0, { end: 3 }).tolist()).toEqual([0, 1, 2]);
    expect(torch.linspace(torch.tensor(0, { dtype: torch.float32 }), torch.tensor(1, { dtype: torch.float32 }), 5).tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('NaN into an integer full/fill_/full_like/masked_fill is PyTorch\'s error', () => {
    const overflow = 'value cannot be converted to type int64_t without overflow';
    expect(thrown(() => torch.full([2], NaN, { dtype: torch.int64 })).message).toBe(overflow);
    expect(thrown(() => torch.zeros(2, { dtype: torch.int64 }).fill_(NaN)).message).toBe(overflow);
    expect(thrown(() => torch.full_like(torch.tensor([1, 2]), NaN)).message).toBe(overflow);
    expect(thrown(() => torch.tensor([1, 2]).masked_fill(torch.tensor([true, false]), NaN)).message).toBe(overflow);
  });

  it('zeros(undefined), fractional and NaN sizes are errors naming the argument', () => {
    expect(thrown(() => torch.zeros(undefined as never)).message).toBe('zeros() missing 1 required positional arguments: "size"');
    expect(thrown(() => torch.zeros(null as never)).message).toBe("zeros(): argument 'size' (position 1) must be tuple of ints, not NoneType");
    expect(thrown(() => torch.zeros(2.5)).message).toBe("zeros(): argument 'size' (position 1) must be tuple of ints, not float");
    expect(thrown(() => torch.ones(NaN)).message).toBe("ones(): argument 'size' (position 1) must be tuple of ints, not float");
    expect(thrown(() => torch.zeros([2, undefined] as never)).message).toBe(
      'zeros(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got undefined"',
    );
  });
});

describe('uninitialized results: shapes and dtypes', () => {
  it('empty, new_empty, empty_like, torch.Tensor(2, 3), torch.LongTensor(2, 3)', () => {
    const shapeOf = (t: Tensor) => [t.shape, t.dtype];
    expect(shapeOf(torch.empty(2, 3, { dtype: torch.int32 }))).toEqual([[2, 3], 'int32']);
    expect(shapeOf(torch.empty({ size: [2], memory_format: 'contiguous_format' }))).toEqual([[2], 'float32']);
    expect(shapeOf(torch.ones(1).new_empty([2, 3]))).toEqual([[2, 3], 'float32']);
    expect(shapeOf(torch.empty_like(x, { dtype: torch.float64 }))).toEqual([[3], 'float64']);
    expect(shapeOf(torch.Tensor(2, 3))).toEqual([[2, 3], 'float32']);
    expect(shapeOf(torch.Tensor({ size: [4] }))).toEqual([[4], 'float32']);
    expect(shapeOf(torch.LongTensor(2, 3))).toEqual([[2, 3], 'int64']);
    expect(thrown(() => torch.empty(2, { memory_format: 'channels_last' } as never)).message).toBe(
      "empty(): argument 'memory_format' must be torch.memory_format, not str",
    );
  });
});

describe('the legacy constructors', () => {
  afterEach(() => torch.set_default_dtype(torch.float32));

  it('torch.Tensor works with and without new, takes the default dtype, and aliases a tensor', () => {
    expect(torch.Tensor([1, 2]).tolist()).toEqual([1, 2]);
    expect(new torch.Tensor([[1, 2]]).shape).toEqual([1, 2]);
    expect(torch.Tensor().shape).toEqual([0]);
    const alias = torch.Tensor(x);
    expect([alias === x, alias.storage === x.storage]).toEqual([false, true]);
    torch.set_default_dtype(torch.float64);
    expect(torch.Tensor([1]).dtype).toBe('float64');
    expect(thrown(() => torch.Tensor([1], 2 as never)).first).toBe('new() received an invalid combination of arguments - got (list, int), but expected one of:');
    expect(thrown(() => torch.Tensor([1], { device: 'cuda' })).message).toBe(
      "wick has no 'cuda' device: its devices are 'cpu' and 'webgpu' (register one with torch.use(...))",
    );
  });

  it('is still the class: instanceof, subclassing and the internal new Tensor(storage, shape, strides, offset)', () => {
    expect(torch.zeros(2) instanceof torch.Tensor).toBe(true);
    expect(torch.is_tensor(torch.Tensor([1]))).toBe(true);
    class Marked extends torch.Tensor {
      readonly marked = true;
    }
    const base = torch.ones(2);
    const m = new Marked(base.storage, base.shape, base.strides, base.offset);
    expect([m instanceof Marked, m instanceof torch.Tensor, m.marked, m.add(1).tolist()]).toEqual([true, true, true, [2, 2]]);
    const direct = new Tensor(Storage.cpu('float32', new Float32Array([3, 4])), [2], [1], 0);
    expect(direct.tolist()).toEqual([3, 4]);
  });

  it('the typed constructors fix the dtype, and x instanceof torch.FloatTensor is its dtype check', () => {
    expect(torch.LongTensor([1.7, -2.2]).tolist()).toEqual([1, -2]);
    expect(torch.BoolTensor(2).dtype).toBe('bool');
    expect(new torch.DoubleTensor([1]).dtype).toBe('float64');
    expect([torch.zeros(2) instanceof torch.FloatTensor, torch.zeros(2, { dtype: torch.int64 }) instanceof torch.FloatTensor]).toEqual([true, false]);
    expect(torch.zeros(2, { dtype: torch.int64 }) instanceof torch.LongTensor).toBe(true);
  });

  it('x.type(): the legacy type name, or a conversion (also to a legacy class)', () => {
    expect(x.type()).toBe('torch.FloatTensor');
    expect(x.type(torch.LongTensor).tolist()).toEqual([1, 2, 0]);
    expect(x.type(torch.FloatTensor) === x).toBe(true);
    expect(x.type({ dtype: 'torch.DoubleTensor' }).dtype).toBe('float64');
    expect(thrown(() => x.type(1 as never))).toMatchObject({ message: 'dtype must be a type, str, or dtype object', type: 'TypeError' });
    expect(thrown(() => x.type({ bogus: 1 } as never)).message).toBe("type() got an unexpected keyword argument 'bogus'");
  });
});

describe('torch.device', () => {
  it('takes a device string, a type and an index, or a device, as PyTorch does', () => {
    const text = (d: torch.TorchDevice) => [d.type, d.index, String(d)];
    expect(text(torch.device('cpu'))).toEqual(['cpu', null, 'cpu']);
    expect(text(torch.device('cpu', 0))).toEqual(['cpu', 0, 'cpu:0']);
    expect(text(torch.device('cpu:1'))).toEqual(['cpu', 1, 'cpu:1']);
    expect(text(torch.device({ type: 'cpu', index: 1 }))).toEqual(['cpu', 1, 'cpu:1']);
    expect(text(torch.device('cpu', { index: 2 }))).toEqual(['cpu', 2, 'cpu:2']);
    expect(text(torch.device('cpu', null))).toEqual(['cpu', null, 'cpu']);
    expect(text(torch.device(torch.device('cpu:3')))).toEqual(['cpu', 3, 'cpu:3']);
    expect(torch.zeros(2, { device: torch.device('cpu:0') }).device).toBe('cpu');
  });

  it("refuses bad strings and indices with PyTorch's errors", () => {
    const e = (...args: unknown[]) => thrown(() => call(torch.device, ...args));
    expect(e('foo').message).toBe(
      'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: foo',
    );
    expect(e('CPU').message).toContain('device type at start of device string: CPU');
    expect(e('foo:0').message).toContain('at start of device string: foo');
    expect(e('cpu:x').message).toBe("Invalid device string: 'cpu:x'");
    expect(e('cpu:-1').message).toBe("Invalid device string: 'cpu:-1'");
    expect(e('cpu:01').message).toBe("Invalid device string: 'cpu:01'");
    expect(e(' cpu').message).toBe("Invalid device string: ' cpu'");
    expect(e('').message).toBe('Device string must not be empty');
    expect(e('cpu:99999999999').message).toBe("Could not parse device index '99999999999' in device string 'cpu:99999999999'");
    expect(e('cpu', -1).message).toBe('Device index must not be negative');
    expect(e('cpu:0', 0).message).toBe('type (string) must not include an index because index was passed explicitly: cpu:0');
    expect(e('cpu', 'a').message).toBe("device(): argument 'index' (position 2) must be int, not str");
    expect(e('cpu', { bogus: 1 }).message).toBe("device() got an unexpected keyword argument 'bogus'");
    expect(e(1.5).first).toBe('device() received an invalid combination of arguments - got (float), but expected one of:');
    expect(e().first).toBe('device() received an invalid combination of arguments - got (), but expected one of:');
  });

  it("names wick's devices for PyTorch's others (PyTorch makes torch.device('cuda') without a GPU)", () => {
    expect(thrown(() => torch.device('cuda:1')).message).toBe("wick has no 'cuda' device: its devices are 'cpu' and 'webgpu' (register one with torch.use(...))");
  });
});

describe('dtype and print helpers', () => {
  afterEach(() => torch.set_printoptions({ profile: 'default' }));

  it('set_default_dtype/get_default_dtype; get_default_dtype takes no argument', () => {
    torch.set_default_dtype(torch.float64);
    expect([torch.get_default_dtype(), torch.tensor([1.5]).dtype]).toEqual(['float64', 'float64']);
    torch.set_default_dtype(torch.float32);
    // PyTorch: "torch.get_default_dtype() takes no arguments (1 given)"
    expect(thrown(() => call(torch.get_default_dtype, 1)).message).toBe('get_default_dtype() takes 0 positional arguments but 1 was given');
    expect(thrown(() => torch.set_default_dtype('a' as never)).message).toBe("set_default_dtype(): argument 'd' (position 1) must be torch.dtype, not str");
  });

  it('set_printoptions positionally and by name; get_printoptions reads them back', () => {
    torch.set_printoptions(2);
    expect(String(torch.tensor([1.23456]))).toBe('tensor([1.23])');
    torch.set_printoptions({ precision: 3, sci_mode: true });
    expect(String(torch.tensor([1.23456]))).toBe('tensor([1.235e+00])');
    torch.set_printoptions({ threshold: Infinity });
    // as in PyTorch, options persist between calls, except sci_mode, which each call sets
    expect(torch.get_printoptions()).toEqual({ precision: 3, threshold: Infinity, edgeitems: 3, linewidth: 80, sci_mode: null });
    expect(thrown(() => torch.set_printoptions({ bogus: 1 } as never)).message).toBe("set_printoptions() got an unexpected keyword argument 'bogus'");
    expect(thrown(() => call(torch.get_printoptions, 1)).message).toBe('get_printoptions() takes 0 positional arguments but 1 was given');
  });

  it("refuses an unknown profile (PyTorch ignores it) and a wrong type (PyTorch stores it, printing then fails)", () => {
    expect(thrown(() => torch.set_printoptions({ profile: 'bogus' } as never)).message).toBe(
      "set_printoptions(): profile must be 'default', 'short' or 'full', but got 'bogus'",
    );
    expect(thrown(() => torch.set_printoptions({ precision: 2.5 })).message).toBe("set_printoptions(): argument 'precision' must be int, not float");
  });

  it("format(x) is repr(x); itemsize(dtype) is PyTorch's dtype.itemsize", () => {
    expect(torch.format({ input: torch.tensor([1, 2]) })).toBe('tensor([1, 2])');
    expect([torch.itemsize(torch.float64), torch.itemsize({ dtype: torch.bool })]).toEqual([8, 1]);
    expect(thrown(() => torch.itemsize('f8' as never)).message).toBe("itemsize(): argument 'dtype' (position 1) must be torch.dtype, not str");
  });

  it('use(backend) registers a backend; anything else is named', () => {
    torch.use(torch.cpuBackend);
    torch.use({ backend: torch.cpuBackend });
    expect(torch.ones(2).add(1).tolist()).toEqual([2, 2]);
    expect(thrown(() => torch.use(1 as never))).toMatchObject({
      message: "use() expects a backend (an object with a device, 'cpu' or 'webgpu'), but got 1", type: 'TypeError',
    });
  });
});

describe('calls with no fitting overload: the first line of PyTorch\'s message', () => {
  const cases: [string, () => unknown, string][] = [
    ['torch.linspace(0, 1)', () => call(torch.linspace, 0, 1), 'linspace() received an invalid combination of arguments - got (int, int), but expected one of:'],
    ['torch.arange(3, step=2)', () => call(torch.arange, 3, { step: 2 }), 'arange() received an invalid combination of arguments - got (int, step=int), but expected one of:'],
    ['torch.eye(2, k=1)', () => call(torch.eye, 2, { k: 1 }), 'eye() received an invalid combination of arguments - got (int, k=int), but expected one of:'],
  ];
  it.each(cases)('%s', (_name, f, first) => {
    expect(thrown(f).first).toBe(first);
  });

  it("raises PyTorch's NotImplementedError for a bool range", () => {
    expect(thrown(() => torch.arange(5, { dtype: torch.bool }))).toMatchObject({ message: `"arange_cpu" not implemented for 'Bool'`, type: 'NotImplementedError' });
    expect(thrown(() => torch.linspace(0, 1, 4, { dtype: torch.bool }))).toMatchObject({ message: `"linspace_cpu" not implemented for 'Bool'`, type: 'NotImplementedError' });
  });
});

describe('deliberate differences (dtypes are strings in wick)', () => {
  it("takes a dtype's name where PyTorch wants a torch.dtype: x.to('cpu', 'float64'), zeros(2, { dtype: 'int32' })", () => {
    expect(x.to('cpu', 'float64').dtype).toBe('float64');
    expect(torch.zeros(2, { dtype: 'int32' }).dtype).toBe('int32');
  });
});
