// The random functions called as PyTorch users write them: by name, mixed, with a generator given
// by name, and wrongly. Every value and message below was recorded by running the same call in
// PyTorch 2.13 (the positional forms are in fixtures/rng, the argument errors in
// fixtures/tensor/factory_args.msgpack).
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { thrown } from './recorded.js';

const seeded = (f: () => Tensor, seed = 0): unknown => {
  torch.manual_seed(seed);
  return f().tolist();
};
const g = (seed: number) => new torch.Generator().manual_seed(seed);
/** Calls f (or obj[name]) with arguments its TypeScript type refuses: the wrong calls under test. */
const call = (f: unknown, ...args: unknown[]): unknown => Reflect.apply(f as () => unknown, undefined, args);
const method = (obj: object, name: string, ...args: unknown[]): unknown => Reflect.apply(Reflect.get(obj, name) as () => unknown, obj, args);

describe('random factories by name', () => {
  it('rand(size=(3,)), rand(3, generator=None), randn(2, generator=g), randn(size=[2], dtype=float64)', () => {
    const rand3 = [0.49625658988952637, 0.7682217955589294, 0.08847743272781372];
    expect(seeded(() => torch.rand({ size: [3] }))).toEqual(rand3);
    expect(seeded(() => torch.rand(3, { generator: null }))).toEqual(rand3);
    expect(torch.randn(2, { generator: g(1) }).tolist()).toEqual([0.6613521575927734, 0.266924113035202]);
    expect(seeded(() => torch.randn({ size: [2], dtype: torch.float64 }))).toEqual([1.5409961082440433, -0.2934289057609464]);
  });

  it('randint by name, with a dtype, a 0-dim tensor high and bounds beyond 2^53', () => {
    expect(seeded(() => torch.randint({ low: 1, high: 10, size: [4] }))).toEqual([9, 1, 3, 7]);
    const i32 = (torch.manual_seed(0), torch.randint(10, [4], { dtype: torch.int32 }));
    expect([i32.dtype, i32.tolist()]).toEqual(['int32', [4, 9, 3, 0]]);
    expect(seeded(() => torch.randint(torch.tensor(5), [3]))).toEqual([4, 4, 3]);
    expect(seeded(() => torch.randint(0, 2n ** 60n, [2]))).toEqual([900450186894289455n, 510778632820608192n]);
  });

  it('randperm(n=5), randperm(5, generator=g)', () => {
    expect(seeded(() => torch.randperm({ n: 5 }))).toEqual([4, 0, 1, 3, 2]);
    expect(torch.randperm(5, { generator: g(2) }).tolist()).toEqual([3, 4, 1, 0, 2]);
  });

  it('normal: every overload by name', () => {
    expect(seeded(() => torch.normal({ mean: 0, std: 2, size: [3] }))).toEqual([3.0819921493530273, -0.586857795715332, -4.357578754425049]);
    expect(seeded(() => torch.normal(torch.zeros(3), { std: 0.5 }))).toEqual([0.7704980373382568, -0.146714448928833, -1.0893946886062622]);
    expect(seeded(() => torch.normal({ mean: torch.zeros(2), std: torch.ones(2) }))).toEqual([1.5409960746765137, -0.293428897857666]);
    expect(seeded(() => torch.normal(2, { std: torch.ones(2) }))).toEqual([3.5409960746765137, 1.706571102142334]);
  });

  it('rand_like, randn_like and randint_like by name (randint_like also with a 0-dim tensor high)', () => {
    expect(seeded(() => torch.rand_like(torch.zeros(2), { dtype: torch.float64 }))).toEqual([0.9700530018065531, 0.707819864399788]);
    expect(seeded(() => torch.randn_like({ input: torch.zeros(2) }))).toEqual([1.5409960746765137, -0.293428897857666]);
    expect(seeded(() => torch.randint_like(torch.zeros(3), { low: 2, high: 5 }))).toEqual([4, 2, 4]);
    expect(seeded(() => torch.randint_like(torch.zeros(3), torch.tensor(5)))).toEqual([4, 4, 3]);
    expect(seeded(() => torch.randint_like(torch.zeros(3), { high: 7 }))).toEqual([4, 3, 0]);
  });

  it('bernoulli as a function and a method, by name', () => {
    expect(seeded(() => torch.bernoulli(torch.full([4], 0.5), { p: 0.3 }))).toEqual([0, 0, 0, 0]);
    expect(seeded(() => torch.bernoulli({ input: torch.full([4], 0.5) }))).toEqual([1, 0, 1, 1]);
    expect(seeded(() => torch.full([4], 0.5).bernoulli({ p: 0.7 }))).toEqual([0, 0, 1, 0]);
  });
});

describe('random in-place methods by name', () => {
  it('uniform_({ from, to }) and uniform_({ to })', () => {
    expect(seeded(() => torch.zeros(3).uniform_({ from: 2, to: 3 }))).toEqual([2.4962565898895264, 2.768221855163574, 2.088477373123169]);
    expect(seeded(() => torch.zeros(3).uniform_({ to: 5 }))).toEqual([2.481282949447632, 3.841109037399292, 0.4423871636390686]);
  });

  it('normal_({ std }), normal_({ mean, std, generator })', () => {
    expect(seeded(() => torch.zeros(3).normal_({ std: 2 }))).toEqual([3.0819921493530273, -0.586857795715332, -4.357578754425049]);
    expect(torch.zeros(3).normal_({ mean: 1, std: 0.5, generator: g(3) }).tolist()).toEqual([1.4016380310058594, 1.087416648864746, 1.0444890260696411]);
  });

  it('random_: (to), (from, to), (from, None) and () by name and positionally', () => {
    expect(seeded(() => torch.zeros(3).random_({ to: 5 }))).toEqual([4, 4, 3]);
    expect(seeded(() => torch.zeros(3).random_(2, 6))).toEqual([2, 5, 3]);
    expect(seeded(() => torch.zeros(3, { dtype: torch.int8 }).random_({ from: 100, to: null }))).toEqual([104, 103, 121]);
    expect(seeded(() => torch.zeros(3, { dtype: torch.int16 }).random_())).toEqual([2732, 10799, 9845]);
  });

  it('exponential_({ lambd }), bernoulli_({ p: tensor }), bernoulli_(0.25)', () => {
    expect(seeded(() => torch.zeros(3).exponential_({ lambd: 2 }))).toEqual([1.754163146018982, 0.6151923537254333, 0.3075220584869385]);
    expect(seeded(() => torch.zeros(3).bernoulli_({ p: torch.tensor([0.1, 0.5, 0.9]) }))).toEqual([0, 0, 1]);
    expect(seeded(() => torch.zeros(4).bernoulli_(0.25))).toEqual([0, 0, 0, 0]);
  });

  it('refuse an expanded self (PyTorch: more than one element refers to one memory location)', () => {
    const message =
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';
    const expanded = () => torch.ones(1).expand(3);
    for (const f of [(t: Tensor) => t.uniform_(), (t: Tensor) => t.normal_(), (t: Tensor) => t.random_(), (t: Tensor) => t.bernoulli_(0.5),
      (t: Tensor) => t.bernoulli_(torch.rand(3)), (t: Tensor) => t.exponential_()]) {
      const t = expanded();
      expect(thrown(() => f(t)).message).toBe(message);
      expect(t.tolist()).toEqual([1, 1, 1]);
    }
  });

  it('name the argument in their messages (PyTorch 2.13)', () => {
    expect(thrown(() => torch.zeros(3).uniform_('a' as never)).message).toBe("uniform_(): argument 'from' (position 1) must be float, not str");
    expect(thrown(() => torch.zeros(3).uniform_({ from_: 2 } as never)).message).toBe("uniform_() got an unexpected keyword argument 'from_'");
    // PyTorch lists its overloads after the first line (wick's list has no out=).
    const head = (f: () => unknown) => thrown(f).message.split('\n')[0];
    expect(head(() => torch.zeros(3).random_(2.5 as never))).toBe('random_() received an invalid combination of arguments - got (float), but expected one of:');
    expect(head(() => torch.zeros(3).random_({ from: 2 } as never))).toBe('random_() received an invalid combination of arguments - got (from=int, ), but expected one of:');
    expect(head(() => call(torch.normal, 0, 1))).toBe('normal() received an invalid combination of arguments - got (int, int), but expected one of:');
    expect(head(() => torch.normal(torch.zeros(2), 'a' as never))).toBe('normal() received an invalid combination of arguments - got (Tensor, str), but expected one of:');
    expect(head(() => torch.rand())).toBe('rand() received an invalid combination of arguments - got (), but expected one of:');
    expect(head(() => call(torch.randint, 5))).toBe('randint() received an invalid combination of arguments - got (int), but expected one of:');
    expect(head(() => torch.randint_like(torch.zeros(2) as never))).toBe('randint_like() received an invalid combination of arguments - got (Tensor), but expected one of:');
  });

  it('raise PyTorch\'s NotImplementedError for kernels that have no integer form', () => {
    const notImplemented = (f: () => unknown, kernel: string, dtype: string) => {
      const e = thrown(f);
      expect([e.message, e.type]).toEqual([`"${kernel}" not implemented for '${dtype}'`, 'NotImplementedError']);
    };
    notImplemented(() => torch.rand(2, 3, { dtype: torch.int64 }), 'check_uniform_bounds', 'Long');
    notImplemented(() => torch.randn(3, { dtype: torch.int64 }), 'normal_kernel_cpu', 'Long');
    notImplemented(() => torch.rand_like(torch.tensor([1, 2])), 'check_uniform_bounds', 'Long');
    notImplemented(() => torch.bernoulli(torch.tensor([1, 2])), 'bernoulli_tensor_cpu_p_', 'Long');
    notImplemented(() => torch.tensor([1, 2]).uniform_(), 'check_uniform_bounds', 'Long');
  });
});

describe('seeds and generator state', () => {
  it('torch.manual_seed reads its seed with Python\'s int(): floats truncate, numeric text and bool work', () => {
    const after = (seed: unknown) => {
      torch.manual_seed(seed as number);
      return [torch.initial_seed(), torch.rand(1).item()];
    };
    expect(after(1.5)).toEqual([1n, 0.7576315999031067]);
    expect(after('7')).toEqual([7n, 0.5349225401878357]);
    expect(after(' 12 ')).toEqual([12n, 0.46568745374679565]);
    expect(after(torch.tensor(3))).toEqual([3n, 0.004263520240783691]);
    expect(after(true)).toEqual([1n, 0.7576315999031067]);
    expect(after(-1)).toEqual([18446744073709551615n, 0.9937993884086609]);
    expect(after(2n ** 63n)).toEqual([9223372036854775808n, 0.49625658988952637]);
    torch.manual_seed({ seed: 4 });
    expect(torch.initial_seed()).toBe(4n);
  });

  it('torch.manual_seed refuses what int() refuses, and seeds beyond 64 bits', () => {
    const e = (seed: unknown) => thrown(() => torch.manual_seed(seed as number));
    expect(e(NaN)).toMatchObject({ message: 'cannot convert float NaN to integer', type: 'ValueError' });
    expect(e(Infinity).message).toBe('cannot convert float infinity to integer');
    expect(e('3.5')).toMatchObject({ message: "invalid literal for int() with base 10: '3.5'", type: 'ValueError' });
    expect(e([1])).toMatchObject({ message: "int() argument must be a string, a bytes-like object or a real number, not 'list'", type: 'TypeError' });
    expect(e(2n ** 64n).message).toBe('Overflow when unpacking long long');
    expect(e(-(2n ** 63n) - 1n).message).toBe('Overflow when unpacking long long');
    expect(thrown(() => torch.manual_seed({ bogus: 1 } as never)).message).toBe("manual_seed() got an unexpected keyword argument 'bogus'");
  });

  it('Generator: constructed with or without a device, seeded with ints only', () => {
    expect(new torch.Generator({ device: torch.device('cpu') }).device).toBe('cpu');
    expect(new torch.Generator(null).device).toBe('cpu');
    expect(new torch.Generator('cpu').manual_seed(-5).initial_seed()).toBe(18446744073709551611n);
    expect(thrown(() => new torch.Generator({ bogus: 1 } as never)).message).toBe("Generator() got an unexpected keyword argument 'bogus'");
    expect(thrown(() => new (torch.Generator as never as new (...a: unknown[]) => unknown)('cpu', 'x')).message).toBe(
      'Generator() takes from 0 to 1 positional arguments but 2 were given',
    );
    expect(thrown(() => new torch.Generator('foo')).message).toBe(
      'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: foo',
    );
    expect(thrown(() => g(0).manual_seed(torch.tensor(5) as never)).message).toBe('manual_seed expected a long, but got Tensor');
    expect(thrown(() => g(0).manual_seed('5' as never)).message).toBe('manual_seed expected a long, but got str');
    expect(thrown(() => g(0).manual_seed(1.5)).message).toBe('manual_seed expected a long, but got float');
    expect(thrown(() => g(0).manual_seed(2n ** 64n)).message).toBe('Overflow when unpacking long long');
    // PyTorch's C methods say "Generator.seed() takes no arguments (1 given)"; wick's binder names the argument.
    expect(thrown(() => method(g(0), 'seed', 1)).name).toBe('ArgumentError');
    expect(thrown(() => method(g(0), 'initial_seed', { bogus: 1 })).message).toBe("initial_seed() got an unexpected keyword argument 'bogus'");
  });

  it('get_state/set_state and get_rng_state/set_rng_state are uint8 tensors, checked as PyTorch checks them', () => {
    const state = g(7).get_state();
    expect([state.dtype, state.shape]).toEqual(['uint8', [5056]]);
    const a = g(0).set_state(state);
    expect(a.initial_seed()).toBe(7n);
    expect(thrown(() => g(0).set_state(torch.zeros(3))).message).toBe('RNG state must be a torch.ByteTensor');
    expect(thrown(() => torch.set_rng_state(torch.zeros(3, { dtype: torch.uint8 }))).message).toBe(
      'Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 3',
    );
    expect(thrown(() => torch.set_rng_state([1, 2] as never))).toMatchObject({ message: 'expected a torch.ByteTensor, but got list', type: 'TypeError' });
    torch.manual_seed(5);
    const saved = torch.get_rng_state();
    const first = torch.rand(2).tolist();
    torch.set_rng_state({ new_state: saved });
    expect(torch.rand(2).tolist()).toEqual(first);
    expect(thrown(() => call(torch.get_rng_state, 1)).message).toBe('get_rng_state() takes 0 positional arguments but 1 was given');
    expect(thrown(() => call(torch.seed, 1)).message).toBe('seed() takes 0 positional arguments but 1 was given');
    expect(thrown(() => call(torch.initial_seed, 1)).message).toBe('initial_seed() takes 0 positional arguments but 1 was given');
  });

  it("dropout_mask: wick's keep-mask of F.dropout, by name (PyTorch: F.dropout(torch.ones(6), 0.5) after manual_seed(0))", () => {
    expect(seeded(() => torch.dropout_mask({ input: torch.ones(6), p: 0.5 }))).toEqual([0, 0, 2, 0, 0, 0]);
    expect(thrown(() => torch.dropout_mask(torch.ones(2), 0.5, { bogus: 1 } as never)).message).toBe(
      "dropout_mask() got an unexpected keyword argument 'bogus'",
    );
  });
});
