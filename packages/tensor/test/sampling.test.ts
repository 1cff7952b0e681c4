// torch.multinomial, geometric_, cauchy_, log_normal_ and torch.poisson against PyTorch's CPU
// generator: every step of every program in fixtures/rng/sampling.msgpack
// (tools/fixtures/rng_cases/sampling.py) replayed on wick's generator, and each case's last draw
// checks the state the ops leave behind. Bits must be identical (0 ULP) except float64 cauchy_ and
// log_normal_, which PyTorch computes with glibc's double tan (sin/cos/log1p/exp) and JavaScript's
// Math matches in the last bit for most inputs only: their allowance is on that function's value
// (step.tol), carried through the rest of the formula here (allowedError).
import { type EncodedTensor, decodeBase, isEncodedTensor, loadFixture, ulpDistance } from '@wick/testing';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Generator, Tensor } from '../src/index.js';
import { type Program, type Step, arg, buildSelf, distance, replay } from './rng-programs.js';

/** Per op and dtype: values compared exactly and with an allowance, and the worst ULP of each. */
const stats: Record<string, { exactValues: number; exact: number; toleratedValues: number; tolerated: number }> = {};

/** The same values in the step's memory layout (program.py): column-major, or every other column of one. */
function withLayout(x: Tensor, layout: string | undefined): Tensor {
  if (layout === 'transposed') return x.t().contiguous().t();
  if (layout === 'strided') {
    const columns = torch.zeros([2 * x.shape[1]!, x.shape[0]!], { dtype: x.dtype }).t().slice(1, 0, null, 2);
    return columns.copy_(x);
  }
  return x;
}

function run(step: Step, gen: Generator, useObject: boolean): unknown {
  const generator = useObject ? { generator: gen } : {};
  const a = step.args.map(arg);
  switch (step.op) {
    case 'rand':
      return torch.rand(a[0] as number[], { ...step.kwargs, ...generator });
    case 'randn':
      return torch.randn(a[0] as number[], { ...step.kwargs, ...generator });
    case 'multinomial': {
      const input = withLayout(a[0] as Tensor, step.kwargs.layout);
      return torch.multinomial(input, a[1] as number, (a[2] as boolean | undefined) ?? false, generator);
    }
    case 'poisson': {
      const input = withLayout(a[0] as Tensor, step.kwargs.layout);
      return useObject ? torch.poisson(input, gen) : torch.poisson(input);
    }
    case 'geometric_':
    case 'cauchy_':
    case 'log_normal_': {
      const t = buildSelf(step.self!);
      (t[step.op] as (...args: unknown[]) => Tensor)(...a, generator);
      return t;
    }
    case 'get_state':
      return gen.get_state();
    default:
      throw new Error(`unknown rng fixture op ${step.op}`);
  }
}

/** The size of one ULP of a double at x (the spacing of its binade). */
function ulpOf(x: number): number {
  const bits = new DataView(new Float64Array([Math.abs(x)]).buffer).getBigUint64(0, true);
  const exponent = Math.max(Number(bits >> 52n), 1) - 1075;
  return 2 ** exponent;
}

/**
 * How far a float64 value may be from PyTorch's e: `tol.ulp` ULPs of e itself (a float64 normal
 * draw), or of the C library function's value it came through, carried through the rest of the
 * formula, plus one ULP of the result for its rounding:
 * - cauchy_: e = fma(sigma, t, median) with t = tan(...): sigma * ulp(t), t recovered from e;
 * - log_normal_: e = exp(x), x = fma(z, std, mean) with z a float64 normal (3 ULP, as normal_ has):
 *   exp turns x's absolute error std * 3 ulp(z) + ulp(x) into a relative one, and adds its own ULP.
 */
function allowedError(step: Step, e: number): number {
  const a = step.args.map(arg) as number[];
  const stretch = 1 + 2 ** -20; // a recovered value just below a binade edge still gets the wider ULP
  if (step.tol!.through === undefined) return step.tol!.ulp * ulpOf(e * stretch); // randn float64
  if (step.tol!.through === 'tan') {
    const [median = 0, sigma = 1] = a;
    const t = (e - median) / sigma;
    return step.tol!.ulp * sigma * ulpOf(t * stretch) + ulpOf(e * stretch);
  }
  const [mean = 1, std = 2] = a;
  const x = Math.log(e);
  const z = (x - mean) / std;
  return e * (step.tol!.ulp * std * ulpOf(z * stretch) + ulpOf(x * stretch)) + 2 * ulpOf(e * stretch);
}

/** With an allowance: every element within allowedError; returns the worst ULP distance seen. */
function withinAllowance(step: Step, actual: Tensor, expected: Tensor): number {
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.numpy() as Float64Array;
  const e = expected.numpy() as Float64Array;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], e[i])) continue;
    const bound = allowedError(step, e[i]!);
    expect(Math.abs(a[i]! - e[i]!), `element ${i}: ${a[i]} vs PyTorch's ${e[i]}`).toBeLessThanOrEqual(bound);
    worst = Math.max(worst, ulpDistance(a[i]!, e[i]!, 'float64'));
  }
  return worst;
}

function check(step: Step, result: unknown): void {
  if (step.op === 'get_state') {
    const expected = new Uint8Array((step.out as EncodedTensor).data);
    expect(Buffer.from((result as Tensor).numpy() as Uint8Array).equals(Buffer.from(expected))).toBe(true);
    return;
  }
  if (!isEncodedTensor(step.out)) throw new Error(`unexpected fixture result for ${step.op}`);
  const expected = decodeBase(step.out);
  const s = (stats[`${step.op} ${expected.dtype}`] ??= { exactValues: 0, exact: 0, toleratedValues: 0, tolerated: 0 });
  if (step.tol) {
    s.toleratedValues += expected.numel();
    s.tolerated = Math.max(s.tolerated, withinAllowance(step, result as Tensor, expected));
  } else {
    s.exactValues += expected.numel();
    const d = distance(result as Tensor, expected);
    s.exact = Math.max(s.exact, d);
    expect(d, `${step.op} bit-identical`).toBe(0);
  }
}

describe('rng/sampling: PyTorch programs replayed', () => {
  const fixture = loadFixture('rng/sampling.msgpack');
  for (const c of fixture.cases as unknown as Program[]) {
    it(c.name, () => replay(c, run, check));
  }
});

afterAll(() => {
  for (const [op, s] of Object.entries(stats).sort()) {
    const parts = [];
    if (s.exactValues > 0) parts.push(`${s.exactValues} values exact: worst ${s.exact} ULP`);
    if (s.toleratedValues > 0) parts.push(`${s.toleratedValues} within the libm allowance: worst ${s.tolerated} ULP`);
    console.log(`rng/sampling ${op}: ${parts.join('; ')}`);
  }
});

describe('multinomial and the other distributions: called both ways and wrongly', () => {
  // Expected values and messages from PyTorch 2.13 (the same calls in Python).
  const probs = () => torch.tensor([0.1, 0.2, 0.3, 0.4]);
  const throws = (f: () => unknown, message: string) => expect(f).toThrow(message);
  const seeded = <T>(f: () => T): T => {
    torch.manual_seed(0);
    return f();
  };

  it('multinomial positionally, by name, mixed, and as a method', () => {
    const x = probs();
    const forms: (() => Tensor[])[] = [
      () => [torch.multinomial(x, 2), torch.multinomial(x, 3, true)],
      () => [torch.multinomial(x, { num_samples: 2 }), torch.multinomial(x, 3, { replacement: true })],
      () => [
        torch.multinomial({ input: x, num_samples: 2 }),
        torch.multinomial({ input: x, num_samples: 3, replacement: true }),
      ],
      () => [x.multinomial(2), x.multinomial(3, true)],
      () => [
        x.multinomial({ num_samples: 2, replacement: false }),
        x.multinomial(3, { replacement: true, generator: null }),
      ],
      () => [x.multinomial(torch.tensor(2)), x.multinomial(3n, true)], // a 0-dim int tensor and a bigint are ints
    ];
    for (const form of forms) {
      const [a, b] = seeded(form);
      expect([a!.tolist(), b!.tolist(), torch.rand(1).item()]).toEqual([[2, 1], [3, 3, 1], 0.2938884496688843]);
    }
    const g = new torch.Generator().manual_seed(5);
    expect(x.multinomial(3, { replacement: true, generator: g }).tolist()).toEqual([3, 1, 2]);
    expect(torch.multinomial(x, 4, { generator: g }).tolist()).toEqual([1, 3, 0, 2]);
  });

  it('the fills and poisson positionally and by name', () => {
    const cauchy = [22.195459365844727, 2.5295345783233643, 0.743401288986206];
    const logNormal = [2.4235877990722656, 1.5321052074432373, 0.9562868475914001];
    const fills: [() => Tensor, number[]][] = [
      [() => torch.empty(4).geometric_(0.3), [1, 1, 3, 1]],
      [() => torch.empty(4).geometric_({ p: 0.3 }), [1, 1, 3, 1]],
      [() => torch.empty(3).cauchy_(1, 2), cauchy],
      [() => torch.empty(3).cauchy_({ sigma: 2, median: 1 }), cauchy],
      [() => torch.empty(3).cauchy_(1, { sigma: 2, generator: null }), cauchy],
      [() => torch.empty(3).log_normal_(0.5, 0.25), logNormal],
      [() => torch.empty(3).log_normal_({ std: 0.25, mean: 0.5 }), logNormal],
      [() => torch.poisson(torch.tensor([1, 5, 20, 0, 100], { dtype: 'float32' })), [2, 6, 19, 0, 96]],
      [() => torch.poisson({ input: torch.tensor([1, 5, 20, 0, 100], { dtype: 'float32' }) }), [2, 6, 19, 0, 96]],
    ];
    for (const [fill, expected] of fills) expect(seeded(fill).tolist()).toEqual(expected);
    const rates = torch.tensor([1, 5, 20, 0, 100], { dtype: 'float32' });
    const g = () => new torch.Generator().manual_seed(5);
    expect(torch.poisson(rates, g()).tolist()).toEqual([1, 7, 18, 0, 110]); // generator is positional in PyTorch
    expect(torch.poisson(rates, { generator: g() }).tolist()).toEqual([1, 7, 18, 0, 110]);
    expect(torch.empty(4).geometric_(torch.tensor(0.3)).dtype).toBe('float32'); // a one-element tensor is a float
  });

  it("wrong calls get the binder's errors in PyTorch's words", () => {
    const x = probs();
    const g = new torch.Generator();
    // Reflect.apply calls with arguments TypeScript would refuse, as a JavaScript caller may.
    const call = (f: (...args: never[]) => unknown, ...args: unknown[]) => () => Reflect.apply(f, undefined, args);
    const m = torch.multinomial;
    const t = torch.empty(2);
    type Name = 'multinomial' | 'geometric_' | 'cauchy_' | 'log_normal_';
    const method = (name: Name) => (...args: unknown[]) => Reflect.apply(t[name], t, args);
    const mm = method('multinomial');
    throws(call(m, x), 'multinomial() missing 1 required positional arguments: "num_samples"');
    throws(call(method('multinomial')), 'multinomial() missing 1 required positional arguments: "num_samples"');
    throws(call(m, x, 1.5), "multinomial(): argument 'num_samples' (position 2) must be int, not float");
    throws(call(mm, true), "multinomial(): argument 'num_samples' (position 1) must be int, not bool");
    throws(call(mm, 1, 'a'), "multinomial(): argument 'replacement' (position 2) must be bool, not str");
    throws(call(mm, 1, null), "multinomial(): argument 'replacement' (position 2) must be bool, not NoneType");
    throws(call(mm, 1, false, g), 'multinomial() takes from 1 to 2 positional arguments but 3 were given');
    throws(call(m, x, 1, { foo: 1 }), "multinomial() got an unexpected keyword argument 'foo'");
    throws(call(m, x, 1, { num_samples: 2 }), "multinomial() got multiple values for argument 'num_samples'");
    throws(call(m, x, 1, { generator: 3 }), "multinomial(): argument 'generator' must be torch.Generator, not int");
    throws(call(mm, { input: x, num_samples: 2 }), "multinomial() got an unexpected keyword argument 'input'");
    throws(call(method('geometric_')), 'geometric_() missing 1 required positional arguments: "p"');
    throws(call(method('geometric_'), 'a'), "geometric_(): argument 'p' (position 1) must be float, not str");
    throws(call(method('geometric_'), 0.5, g), 'geometric_() takes 1 positional argument but 2 were given');
    throws(call(method('cauchy_'), 0, 1, 2), 'cauchy_() takes from 0 to 2 positional arguments but 3 were given');
    throws(call(method('cauchy_'), { scale: 2 }), "cauchy_() got an unexpected keyword argument 'scale'");
    throws(call(method('log_normal_'), { mean: 0, std: 'x' }), "log_normal_(): argument 'std' must be float, not str");
    const p = torch.poisson;
    throws(call(p), 'poisson() missing 1 required positional arguments: "input"');
    throws(call(p, x, 3), "poisson(): argument 'generator' (position 2) must be torch.Generator, not int");
    throws(call(p, x, { rate: 3 }), "poisson() got an unexpected keyword argument 'rate'");
  });

  it("bad values get PyTorch's errors and change nothing", () => {
    const f32 = (values: number[] | number[][]) => torch.tensor(values, { dtype: 'float32' });
    const negative = 'invalid multinomial distribution (encountering probability entry < 0)';
    const infinite = 'invalid multinomial distribution (encountering probability entry = infinity or NaN)';
    const zeroSum = 'invalid multinomial distribution (sum of probabilities <= 0)';
    const invalid = 'probability tensor contains either `inf`, `nan` or element < 0';
    const overlap = 'unsupported operation: more than one element of the written-to tensor refers to a single memory location.';
    const continuous = 'Cauchy distribution is a continuous probability distribution. dtype must be a floating point but you specified';
    const cases: [() => unknown, string][] = [
      [() => torch.multinomial(f32([0, 0]), 1), zeroSum],
      [() => torch.multinomial(f32([0, 0]), 2, true), zeroSum],
      [() => torch.multinomial(f32([0, -1]), 2, true), negative],
      [() => torch.multinomial(f32([0, NaN]), 2, true), negative],
      [() => torch.multinomial(f32([0, Infinity]), 2, true), infinite],
      [() => torch.multinomial(f32([0, -Infinity]), 2, true), negative],
      [() => torch.multinomial(f32([0, -1]), 2), invalid],
      [() => torch.multinomial(f32([0, NaN]), 1), invalid],
      [() => torch.multinomial(f32([0, Infinity]), 1, true), invalid],
      [() => torch.multinomial(f32([[1, 2], [0, 0]]), 1), zeroSum],
      // PyTorch draws for row 0 before it finds row 1 bad; wick checks first (see the note in ops/multinomial.ts).
      [() => torch.multinomial(f32([[1, 2], [0, -1]]), 3, true), negative],
      [() => torch.multinomial(f32([1, 1]), 3), 'cannot sample n_sample > prob_dist.size(-1) samples without replacement'],
      [() => torch.multinomial(f32([1, 1]), 0), 'cannot sample n_sample <= 0 samples'],
      [() => torch.multinomial(f32([1, 1]), -1, true), 'cannot sample n_sample <= 0 samples'],
      [() => torch.multinomial(torch.tensor(1, { dtype: 'float32' }), 1), 'prob_dist must be 1 or 2 dim'],
      [() => torch.multinomial(torch.ones(2, 2, 2), 1), 'prob_dist must be 1 or 2 dim'],
      [() => torch.multinomial(torch.tensor([1, 2]), 1), 'multinomial only supports floating-point dtypes for input, got: Long'],
      [() => torch.multinomial(torch.ones(1).expand(2 ** 24 + 1), 1), 'number of categories cannot exceed 2^24'],
      [
        () => torch.multinomial(torch.ones(0), 1, true),
        'aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.',
      ],
      [() => torch.multinomial(torch.ones(0), 2, true), zeroSum],
      [() => torch.multinomial(torch.ones(3, 0), 2, true), zeroSum],
      [() => torch.empty(2).geometric_(0), 'geometric_ expects p to be in (0, 1), but got p=0'],
      [() => torch.empty(2).geometric_(1), 'geometric_ expects p to be in (0, 1), but got p=1'],
      [() => torch.empty(2).geometric_(-0.1), 'geometric_ expects p to be in (0, 1), but got p=-0.1'],
      [() => torch.empty(2).geometric_(NaN), 'geometric_ expects p to be in (0, 1), but got p=nan'],
      [() => torch.empty(2, { dtype: 'bool' }).geometric_(0.2), `"geometric_cpu" not implemented for 'Bool'`],
      [() => torch.empty(2).cauchy_(0, 0), 'cauchy_ expects sigma > 0.0, but found sigma=0'],
      [() => torch.empty(2).cauchy_(0, NaN), 'cauchy_ expects sigma > 0.0, but found sigma=nan'],
      [() => torch.empty(4, { dtype: 'int64' }).cauchy_(), `${continuous} long int`],
      [() => torch.empty(0, { dtype: 'uint8' }).cauchy_(), `${continuous} unsigned char`],
      [() => torch.empty(2).log_normal_(0, 0), 'log_normal_ expects std > 0.0, but found std=0'],
      [() => torch.empty(2).log_normal_(0, -1), 'log_normal_ expects std > 0.0, but found std=-1'],
      [() => torch.empty(0, { dtype: 'int64' }).log_normal_(0, -1), 'log_normal_ expects std > 0.0, but found std=-1'],
      [() => torch.empty(4, { dtype: 'int32' }).log_normal_(), `"log_normal_cpu" not implemented for 'Int'`],
      [() => torch.ones(1).expand(3).geometric_(0.5), overlap],
      [() => torch.ones(1, { dtype: 'bool' }).expand(2, 3).geometric_(0.5), overlap],
      [() => torch.ones(1).expand(3).cauchy_(), overlap],
      [() => torch.ones(1).expand(3).log_normal_(), overlap],
      [() => torch.poisson(f32([1, -1])), 'invalid Poisson rate, expected rate to be non-negative'],
      [() => torch.poisson(f32([1, NaN])), 'invalid Poisson rate, expected rate to be non-negative'],
      [() => torch.poisson(torch.ones(0, { dtype: 'int64' })), `"poisson_cpu" not implemented for 'Long'`],
      [() => torch.poisson(torch.ones(2, { dtype: 'bool' })), `"poisson_cpu" not implemented for 'Bool'`],
    ];
    for (const [bad, message] of cases) {
      torch.manual_seed(0);
      throws(bad, message);
      expect(torch.rand(1).item(), message).toBe(0.49625658988952637); // the generator did not move
    }
    const t = torch.full([3], 7);
    expect(() => t.cauchy_(0, -1)).toThrow();
    expect([t.tolist(), t._version]).toEqual([[7, 7, 7], 0]);
  });

  it('empty inputs: PyTorch skips the kernel (and its dtype check) and makes no draws', () => {
    torch.manual_seed(0);
    expect(torch.multinomial(torch.ones(0, 3), 2).shape).toEqual([0, 2]);
    expect(torch.empty(0, { dtype: 'int64' }).geometric_(0.5).shape).toEqual([0]);
    expect(torch.empty(0, { dtype: 'bool' }).geometric_(0.5).shape).toEqual([0]);
    expect(torch.empty(0, { dtype: 'int64' }).log_normal_().shape).toEqual([0]);
    expect(torch.poisson(torch.zeros(0)).shape).toEqual([0]);
    expect(torch.rand(1).item()).toBe(0.49625658988952637);
  });

  it('in-place fills bump the version counter (an empty tensor too) and return self', () => {
    for (const t of [torch.empty(4), torch.empty(0)]) {
      expect(t.geometric_(0.5)).toBe(t);
      expect(t.cauchy_()).toBe(t);
      expect(t.log_normal_()).toBe(t);
      expect(t._version).toBe(3);
    }
  });
});
