// fixtures/rng: every step of every random-number program replayed on wick's generator, one row
// per op. Bits must be identical except steps with a tol (float64 normals, see
// packages/tensor/test/random.test.ts; float64 cauchy_/log_normal_, whose allowance is on glibc's
// tan or the normal draw, carried through the formula: packages/tensor/test/sampling.test.ts).
import { Buffer } from 'node:buffer';
import * as torch from '@wick/torch';
import { decodeBase, decodeValue, isEncodedTensor, loadFixture, ulpDistance } from '@wick/testing';

const FAMILIES = ['engine', 'uniform', 'normal', 'integers', 'distributions', 'sequence', 'sampling'];
const self = (spec) => torch.empty(spec.shape, { dtype: spec.dtype }).permute(spec.perm);

/** The same values in a step's memory layout (rng_cases/program.py). */
function withLayout(x, layout) {
  if (layout === 'transposed') return x.t().contiguous().t();
  if (layout === 'strided') return torch.zeros([2 * x.shape[1], x.shape[0]], { dtype: x.dtype }).t().slice(1, 0, null, 2).copy_(x);
  return x;
}

function step(s, gen, useObject) {
  const generator = useObject ? { generator: gen } : {};
  const a = s.args.map((v) => decodeValue(v).value);
  const kw = { ...s.kwargs, ...generator };
  switch (s.op) {
    case 'rand': return torch.rand(a[0], kw);
    case 'randn': return torch.randn(a[0], kw);
    case 'randint': return torch.randint(s.args[0], s.args[1], a[2], kw);
    case 'randperm': return torch.randperm(a[0], kw);
    case 'normal':
      // The tensor overloads take (mean, std?) and a generator; the number one a size and options.
      if (a[0] instanceof torch.Tensor) return a.length < 2 ? torch.normal(a[0], generator) : torch.normal(a[0], a[1], generator);
      if (a[1] instanceof torch.Tensor) return torch.normal(a[0], a[1], generator);
      return torch.normal(a[0], a[1], a[2], kw);
    case 'rand_like': return torch.rand_like(self(s.self), kw);
    case 'randn_like': return torch.randn_like(self(s.self), kw);
    case 'uniform_': case 'normal_': case 'bernoulli_': case 'exponential_': {
      const t = self(s.self);
      t[s.op](...a, generator);
      return t;
    }
    case 'random_': {
      const t = self(s.self);
      // Bounds beyond 2^53 arrive as bigint: undecoded. Omitted bounds are omitted, not undefined.
      t.random_(...s.args, generator);
      return t;
    }
    case 'bernoulli': return torch.bernoulli(a[0], generator);
    case 'multinomial': return torch.multinomial(withLayout(a[0], s.kwargs.layout), a[1], a[2] ?? false, generator);
    case 'poisson': return torch.poisson(withLayout(a[0], s.kwargs.layout), useObject ? gen : null);
    case 'geometric_': case 'cauchy_': case 'log_normal_': {
      const t = self(s.self);
      t[s.op](...a, generator);
      return t;
    }
    case 'dropout': return a[0].mul(torch.dropout_mask(a[0], a[1]));
    case 'get_state': return gen.get_state();
    case 'set_state': gen.set_state(torch.tensor(new Uint8Array(s.args[0].data))); return null;
    case 'initial_seed': return gen.initial_seed();
    case 'manual_seed': gen.manual_seed(s.args[0]); return null;
    default: throw new Error(`unknown rng fixture op ${s.op}`);
  }
}

/** One ULP of a double at x. */
function ulpOf(x) {
  const bits = new DataView(new Float64Array([Math.abs(x)]).buffer).getBigUint64(0, true);
  return 2 ** (Math.max(Number(bits >> 52n), 1) - 1075);
}

/** How far a float64 value may be from PyTorch's e, for a step whose tol names what it came through. */
function allowedError(s, e) {
  const a = s.args.map((v) => decodeValue(v).value);
  const stretch = 1 + 2 ** -20;
  if (s.tol.through === 'tan') {
    const [median = 0, sigma = 1] = a;
    return s.tol.ulp * sigma * ulpOf(((e - median) / sigma) * stretch) + ulpOf(e * stretch);
  }
  const [mean = 1, std = 2] = a;
  const x = Math.log(e);
  return e * (s.tol.ulp * std * ulpOf(((x - mean) / std) * stretch) + ulpOf(x * stretch)) + 2 * ulpOf(e * stretch);
}

function agreement(s, result) {
  const same = (ok, problem) => ({ ok, worstUlp: 0, worstAbs: 0, problem: ok ? undefined : problem });
  if (s.out === null) return same(result === null, 'expected no result');
  if (s.op === 'get_state') return same(Buffer.from(result.numpy()).equals(Buffer.from(s.out.data)), 'state bytes differ');
  if (s.op === 'initial_seed') return same(BigInt(result) === BigInt(s.out), 'seed differs');
  if (!isEncodedTensor(s.out)) return same(false, 'unexpected fixture result');
  const e = decodeBase(s.out);
  if (result.dtype !== e.dtype || result.shape.join() !== e.shape.join()) return same(false, 'dtype or shape differs');
  const a = result.numpy();
  const b = e.numpy();
  const floating = torch.isFloating(e.dtype);
  let worst = 0;
  let beyond = null;
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i])) continue;
    worst = Math.max(worst, floating && a[i] !== b[i] ? ulpDistance(a[i], b[i], e.dtype) : Infinity);
    if (s.tol?.through && !(Math.abs(a[i] - b[i]) <= allowedError(s, b[i]))) beyond ??= i;
  }
  if (s.tol?.through) {
    const problem = beyond === null ? undefined : `element ${beyond}: beyond ${s.tol.ulp} ULP of ${s.tol.through}, carried through`;
    return { ok: beyond === null, worstUlp: worst, worstAbs: 0, problem };
  }
  const allowed = s.tol?.ulp ?? 0;
  return { ok: worst <= allowed, worstUlp: worst, worstAbs: 0, problem: worst <= allowed ? undefined : `${worst} ULP, allowed ${allowed}` };
}

export function run(note) {
  for (const family of FAMILIES) {
    for (const c of loadFixture(`rng/${family}.msgpack`).cases) {
      // A program is one sequence: its steps run in order on one generator, each its own row entry.
      let gen;
      const start = () => {
        if (c.generator === 'object') {
          gen = new torch.Generator();
          if (c.seed !== null) gen.manual_seed(c.seed);
        } else {
          gen = torch.manual_seed(c.seed);
        }
      };
      let started = false;
      for (const s of c.steps) {
        note(s.op, () => {
          if (!started) start();
          started = true;
          return agreement(s, step(s, gen, c.generator === 'object'));
        });
      }
    }
  }
}
