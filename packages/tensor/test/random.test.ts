// Random numbers against PyTorch's CPU generator: every step of every program in
// fixtures/rng/*.msgpack (tools/fixtures/rng_cases/) replayed on wick's generator. Bits must be
// identical (0 ULP) except float64 normal values, held within the step's tol (3 ULP): PyTorch takes
// them from glibc's double log/sin/cos, which JavaScript's Math does not reproduce bit for bit.
import { type EncodedTensor, decodeBase, isEncodedTensor, loadFixture } from '@wick/testing';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Generator, Tensor } from '../src/index.js';
import { type Program, type Step, arg, buildSelf, distance, replay } from './rng-programs.js';

const families = ['engine', 'uniform', 'normal', 'integers', 'distributions', 'sequence'];
/** Worst ULP seen per family, split into exact steps and float64-normal steps. */
const worst: Record<string, { exact: number; normal64: number; values: number }> = {};

/** Runs one step; returns its result (a tensor, the state bytes, a seed, or null). */
function run(step: Step, gen: Generator, useObject: boolean): unknown {
  const generator = useObject ? { generator: gen } : {};
  const a = step.args.map(arg);
  const kw = { ...step.kwargs, ...generator };
  switch (step.op) {
    case 'rand':
      return torch.rand(a[0] as number[], kw);
    case 'randn':
      return torch.randn(a[0] as number[], kw);
    case 'randint':
      return torch.randint(step.args[0] as number, step.args[1] as number, a[2] as number[], kw);
    case 'randperm':
      return torch.randperm(a[0] as number, kw);
    case 'normal':
      // The tensor overloads take (mean, std?) and a generator; the number one a size and options.
      if (a[0] instanceof torch.Tensor) return a.length < 2 ? torch.normal(a[0], generator) : torch.normal(a[0], a[1] as Tensor | number, generator);
      if (a[1] instanceof torch.Tensor) return torch.normal(a[0] as number, a[1], generator);
      return torch.normal(a[0] as number, a[1] as number, a[2] as number[], kw);
    case 'rand_like':
      return torch.rand_like(buildSelf(step.self!), kw);
    case 'randn_like':
      return torch.randn_like(buildSelf(step.self!), kw);
    case 'uniform_':
    case 'normal_':
    case 'bernoulli_':
    case 'exponential_': {
      const t = buildSelf(step.self!);
      t[step.op](...(a as number[]), generator);
      return t;
    }
    case 'random_': {
      const t = buildSelf(step.self!);
      // Bounds beyond 2^53 arrive as bigint: pass them undecoded.
      const [from, to] = step.args as (number | bigint | null)[];
      if (step.args.length === 0) t.random_(generator);
      else if (step.args.length === 1) t.random_(from!, generator);
      else t.random_(from!, to!, generator);
      return t;
    }
    case 'bernoulli':
      return torch.bernoulli(a[0] as Tensor, generator);
    case 'dropout': {
      const x = a[0] as Tensor;
      return x.mul(torch.dropout_mask(x, a[1] as number));
    }
    case 'get_state':
      return gen.get_state();
    case 'set_state':
      gen.set_state(torch.tensor(bytesOf(step.args[0] as EncodedTensor)));
      return null;
    case 'initial_seed':
      return gen.initial_seed();
    case 'manual_seed':
      gen.manual_seed(step.args[0] as number);
      return null;
    default:
      throw new Error(`unknown rng fixture op ${step.op}`);
  }
}

function bytesOf(e: EncodedTensor): Uint8Array {
  return new Uint8Array(e.data);
}

function check(family: string, step: Step, result: unknown): void {
  const stats = (worst[family] ??= { exact: 0, normal64: 0, values: 0 });
  if (step.out === null) {
    expect(result).toBeNull();
    return;
  }
  if (step.op === 'get_state') {
    const state = result as Tensor;
    expect(state.dtype).toBe('uint8');
    expect(Buffer.from(state.numpy() as Uint8Array).equals(Buffer.from(bytesOf(step.out as EncodedTensor)))).toBe(true);
    return;
  }
  if (step.op === 'initial_seed') {
    expect(BigInt(result as bigint)).toBe(BigInt(step.out as number | bigint));
    return;
  }
  if (!isEncodedTensor(step.out)) throw new Error(`unexpected fixture result for ${step.op}`);
  const expected = decodeBase(step.out);
  const d = distance(result as Tensor, expected);
  stats.values += expected.numel();
  if (step.tol) {
    stats.normal64 = Math.max(stats.normal64, d);
    expect(d, `${step.op} within ${step.tol.ulp} ULP`).toBeLessThanOrEqual(step.tol.ulp);
  } else {
    stats.exact = Math.max(stats.exact, d);
    expect(d, `${step.op} bit-identical`).toBe(0);
  }
}

for (const family of families) {
  describe(`rng/${family}`, () => {
    const fixture = loadFixture(`rng/${family}.msgpack`);
    for (const c of fixture.cases as unknown as Program[]) {
      it(c.name, () => replay(c, run, (step, result) => check(family, step, result)));
    }
  });
}

afterAll(() => {
  for (const [family, s] of Object.entries(worst)) {
    const normal = s.normal64 > 0 ? `, float64 normal worst ${s.normal64} ULP` : ', float64 normal exact';
    console.log(`rng/${family}: ${s.values} values, worst ${s.exact} ULP on exact steps${normal}`);
  }
});

describe('random ops: behaviour the fixtures do not show', () => {
  const throws = (f: () => unknown, message: string) => expect(f).toThrow(message);

  it('in-place random ops bump the version counter; factories leave it at 0', () => {
    const t = torch.empty(4);
    t.uniform_();
    t.normal_();
    t.bernoulli_(0.5);
    t.exponential_();
    t.random_(0, 5);
    expect(t._version).toBe(5);
    expect(torch.rand(3)._version).toBe(0);
    expect(torch.randint(0, 5, [3])._version).toBe(0);
  });

  it('a generator object leaves the global stream alone', () => {
    torch.manual_seed(3);
    const expected = torch.rand(4).tolist();
    torch.manual_seed(3);
    torch.rand(4, { generator: new torch.Generator().manual_seed(9) });
    expect(torch.rand(4).tolist()).toEqual(expected);
  });

  it('uses PyTorch messages for bad arguments', () => {
    // Messages from PyTorch 2.13.
    throws(() => torch.empty(3).uniform_(1, 0), 'uniform_ expects to return a [from, to) range, but found from=1 > to=0');
    throws(() => torch.empty(3).uniform_(-3e38, 3e38), 'uniform_ expects to-from <= std::numeric_limits<Float>::max(), but found to=3e+38 and from=-3e+38 which result in to-from to exceed the limit');
    throws(() => torch.empty(3).normal_(0, -1), 'normal expects std >= 0.0, but found std -1');
    throws(() => torch.empty(3).bernoulli_(1.5), 'bernoulli_ expects p to be in [0, 1], but got p=1.5');
    throws(() => torch.empty(3).exponential_(0), 'exponential_ expects lambda > 0.0, but found lambda=0');
    throws(() => torch.empty(3, { dtype: 'int64' }).uniform_(), `"check_uniform_bounds" not implemented for 'Long'`);
    throws(() => torch.randn(3, { dtype: 'int64' }), `"normal_kernel_cpu" not implemented for 'Long'`);
    throws(() => torch.empty(3, { dtype: 'int64' }).exponential_(), 'Exponential distribution is a continuous probability distribution. dtype must be a floating point but you specified Long');
    throws(() => torch.randint(5, 5, [3]), "random_ expects 'from' to be less than 'to', but got from=5 >= to=5");
    throws(() => torch.empty(3, { dtype: 'int8' }).random_(0, 300), 'to - 1 is out of bounds for signed char');
    throws(() => torch.empty(3, { dtype: 'int16' }).random_(-(2 ** 40), 0), 'from is out of bounds for short int');
    throws(() => torch.randperm(-1), 'Trying to create tensor with negative dimension -1: [-1]');
    throws(() => new torch.Generator().set_state(torch.zeros(4, { dtype: 'uint8' })), 'Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 4');
  });

  it('get_rng_state/set_rng_state restore the global stream (a uint8 tensor, also built from its bytes)', () => {
    torch.manual_seed(8);
    const state = torch.get_rng_state();
    expect([state.dtype, state.shape]).toEqual(['uint8', [5056]]);
    const a = torch.randn(5).tolist();
    torch.set_rng_state(state);
    expect(torch.randn(5).tolist()).toEqual(a);
    torch.set_rng_state(torch.tensor(state.numpy()));
    expect(torch.randn(5).tolist()).toEqual(a);
  });
});
