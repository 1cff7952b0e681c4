// nn.init: in-place initialisers with PyTorch's formulas, drawing from the tensor package's
// generator in PyTorch's order, so that after manual_seed they give PyTorch's values. Every write
// runs under no_grad, as PyTorch's do: initialising a parameter is not part of any graph.
import { no_grad } from '@wick/autograd';
import {
  type Generator, type PyArgs, type Scalar, type Tensor, ValueError, defineFunction, empty_like, eye as identity, randperm,
  tensor as makeTensor, where,
} from '@wick/tensor';
import { orthogonal_ } from './orthogonal.js';
import { PY_FUNCTION } from './signatures.js';

export { orthogonal_ };

export interface GeneratorOption {
  generator?: Generator | null;
}

/** nn.init's declarations: Python functions in torch.nn.init. */
export const INIT = { ...PY_FUNCTION, namespace: 'nn.init' } as const;

/** An initialiser's call forms: the tensor, then P positionally, or any of them by name. */
type InitFn<P extends unknown[], O extends object> = (...args: PyArgs<[tensor: Tensor, ...P], O & { tensor?: Tensor }>) => Tensor;

export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

export type FanMode = 'fan_in' | 'fan_out';

const linearLike = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']);

/** The recommended gain for a nonlinearity (PyTorch's table). */
export const calculate_gain = defineFunction<
  (...args: PyArgs<[nonlinearity: Nonlinearity, param?: number | null], { nonlinearity?: Nonlinearity; param?: number | null }>) => number
>('calculate_gain', 'calculate_gain(str nonlinearity, Value? param=None)', (a) => gain(a.nonlinearity, a.param), INIT);

function gain(nonlinearity: string, param: unknown): number {
  if (linearLike.has(nonlinearity)) return 1;
  if (nonlinearity === 'tanh') return 5 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2);
  if (nonlinearity === 'leaky_relu') {
    // NOTE: PyTorch takes any int or float here (NaN included: its gain is then NaN).
    const slope = param ?? 0.01;
    if (typeof slope !== 'number') throw new ValueError(`negative_slope ${String(slope)} not a valid number`, 'ValueError');
    return Math.sqrt(2 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3 / 4;
  throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`, 'ValueError');
}

/** [fan_in, fan_out] of a weight laid out [out, in, *receptive field]. */
export function _calculate_fan_in_and_fan_out(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions', 'ValueError');
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1]! * receptive, t.shape[0]! * receptive];
}

function correctFan(t: Tensor, mode: FanMode): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new ValueError(`Mode ${String(mode)} not supported, please use one of ['fan_in', 'fan_out']`, 'ValueError');
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** The generator option as the tensor's random methods take it. */
interface Draw {
  generator?: Generator;
}
const drawWith = (generator: Generator | null): Draw => (generator === null ? {} : { generator });

/** U(a, b), drawn in place. */
export const uniform_ = defineFunction<
  InitFn<[a?: number, b?: number, generator?: Generator | null], { a?: number; b?: number } & GeneratorOption>
>('uniform_', 'uniform_(Tensor tensor, float a=0.0, float b=1.0, Generator? generator=None)',
  ({ tensor: t, a, b, generator }) => no_grad(() => (t as Tensor).uniform_(a, b, drawWith(generator))), INIT);

/** N(mean, std^2), drawn in place. */
export const normal_ = defineFunction<
  InitFn<[mean?: number, std?: number, generator?: Generator | null], { mean?: number; std?: number } & GeneratorOption>
>('normal_', 'normal_(Tensor tensor, float mean=0.0, float std=1.0, Generator? generator=None)',
  ({ tensor: t, mean, std, generator }) => no_grad(() => (t as Tensor).normal_(mean, std, drawWith(generator))), INIT);

export const constant_ = defineFunction<InitFn<[val: Scalar], { val?: Scalar }>>(
  'constant_', 'constant_(Tensor tensor, Scalar val)', ({ tensor: t, val }) => no_grad(() => (t as Tensor).fill_(val)), INIT);

export const zeros_ = defineFunction<InitFn<[], object>>(
  'zeros_', 'zeros_(Tensor tensor)', ({ tensor: t }) => no_grad(() => (t as Tensor).zero_()), INIT);

export const ones_ = defineFunction<InitFn<[], object>>(
  'ones_', 'ones_(Tensor tensor)', ({ tensor: t }) => no_grad(() => (t as Tensor).fill_(1)), INIT);

/** The identity matrix, written into a 2-D tensor. */
export const eye_ = defineFunction<InitFn<[], object>>('eye_', 'eye_(Tensor tensor)', ({ tensor: t }) => {
  if (t.ndim !== 2) throw new ValueError('Only tensors with 2 dimensions are supported', 'ValueError');
  return no_grad(() => (t as Tensor).copy_(identity(t.shape[0]!, t.shape[1]!, { dtype: t.dtype })));
}, INIT);

/**
 * Normal values truncated to [a, b], drawn as PyTorch 2.13 draws them. When the interval holds more
 * than 30% of the mass: normal_ on the tensor, then every value outside [a, b] is redrawn (a whole
 * fresh normal tensor per round, kept only where needed) until none is left. Otherwise: rejection
 * sampling of uniform candidates on [a, b], accepted when log(u) < the log density relative to its
 * peak; each round draws a whole tensor of candidates and one of u, as PyTorch does.
 * (PyTorch also warns when mean is more than 2 std outside [a, b]; wick does not print warnings.)
 */
export const trunc_normal_ = defineFunction<
  InitFn<[mean?: number, std?: number, a?: number, b?: number, generator?: Generator | null],
    { mean?: number; std?: number; a?: number; b?: number } & GeneratorOption>
>('trunc_normal_', 'trunc_normal_(Tensor tensor, float mean=0.0, float std=1.0, float a=-2.0, float b=2.0, Generator? generator=None)',
  (x) => truncNormal(x.tensor, x.mean, x.std, x.a, x.b, drawWith(x.generator)), INIT);

function truncNormal(t: Tensor, mean: number, std: number, a: number, b: number, opts: Draw): Tensor {
  // PyTorch computes these in Python floats, where a zero std raises.
  if (std === 0) throw new ValueError('float division by zero', 'ValueError');
  // The mass of [a, b] only picks the method (above or below 30%), so erf to ~1 ULP is plenty.
  const [erfB, erfA] = makeTensor([(b - mean) / std / Math.sqrt(2), (a - mean) / std / Math.sqrt(2)], { dtype: 'float64' }).erf().tolist() as number[];
  const mass = (1 + erfB!) / 2 - (1 + erfA!) / 2;
  const draw = (x: Tensor) => (mass > 0.3 ? redrawOutside(x, mean, std, a, b, opts) : rejectUniform(x, mean, std, a, b, opts));
  if (t.device === 'cpu') return no_grad(() => draw(t));
  // NOTE: both methods read values to decide when to stop drawing. On another device they run on
  // a CPU tensor of t's shape, dtype and layout with the same generator, which is then copied in:
  // the numbers are the CPU's, and nothing reads device memory.
  const host = empty_like(t, { device: 'cpu' });
  return no_grad(() => t.copy_(draw(host)));
}

function redrawOutside(t: Tensor, mean: number, std: number, a: number, b: number, opts: Draw): Tensor {
  // NOTE: the bounds are compared after rounding to the tensor's dtype, as PyTorch's are.
  const lo = makeTensor(a, { dtype: t.dtype }).item() as number;
  const hi = makeTensor(b, { dtype: t.dtype }).item() as number;
  let result = t.normal_(mean, std, opts);
  for (;;) {
    const outside = result.lt(lo).logical_or(result.gt(hi));
    if (!outside.any().item()) break;
    // empty_like keeps t's layout, so a non-contiguous t draws by PyTorch's path for it.
    result = where(outside, empty_like(t).normal_(mean, std, opts), result);
  }
  return result === t ? t : t.copy_(result);
}

function rejectUniform(t: Tensor, mean: number, std: number, a: number, b: number, opts: Draw): Tensor {
  const mode = Math.max(a, Math.min(mean, b));
  const logPeak = -0.5 * ((mode - mean) / std) ** 2;
  const candidates = empty_like(t);
  const acceptDraws = empty_like(t);
  // log density of each candidate relative to the peak: -((x - mean) / std)^2 / 2 - logPeak, in place.
  const logDensity = () => candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(logPeak);
  const rejected = () => acceptDraws.uniform_(0, 1, opts).log_().gt(candidates);
  t.uniform_(a, b, opts);
  candidates.copy_(t);
  logDensity();
  let pending = rejected();
  if (!pending.any().item()) return t;
  let result = t;
  do {
    candidates.uniform_(a, b, opts);
    result = where(pending, candidates, result);
    logDensity();
    pending = where(pending, rejected(), pending);
  } while (pending.any().item());
  return t.copy_(result);
}

type XavierFn = InitFn<[gain?: number, generator?: Generator | null], { gain?: number } & GeneratorOption>;

export const xavier_uniform_ = defineFunction<XavierFn>(
  'xavier_uniform_', 'xavier_uniform_(Tensor tensor, float gain=1.0, Generator? generator=None)', ({ tensor: t, gain: g, generator }) => {
    const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(t);
    const std = g * Math.sqrt(2 / (fanIn + fanOut));
    const a = Math.sqrt(3) * std;
    return no_grad(() => (t as Tensor).uniform_(-a, a, drawWith(generator)));
  }, INIT);

export const xavier_normal_ = defineFunction<XavierFn>(
  'xavier_normal_', 'xavier_normal_(Tensor tensor, float gain=1.0, Generator? generator=None)', ({ tensor: t, gain: g, generator }) => {
    const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(t);
    return no_grad(() => (t as Tensor).normal_(0, g * Math.sqrt(2 / (fanIn + fanOut)), drawWith(generator)));
  }, INIT);

type KaimingFn = InitFn<[a?: number, mode?: FanMode, nonlinearity?: Nonlinearity, generator?: Generator | null],
  { a?: number; mode?: FanMode; nonlinearity?: Nonlinearity } & GeneratorOption>;
const KAIMING_PARAMS = "(Tensor tensor, float a=0, str mode='fan_in', str nonlinearity='leaky_relu', Generator? generator=None)";

export const kaiming_uniform_ = defineFunction<KaimingFn>('kaiming_uniform_', `kaiming_uniform_${KAIMING_PARAMS}`, ({ tensor: t, a, mode, nonlinearity, generator }) => {
  // PyTorch warns and leaves a zero-element tensor alone.
  if (t.numel() === 0) return t;
  const std = gain(nonlinearity, a) / Math.sqrt(correctFan(t, mode));
  const bound = Math.sqrt(3) * std;
  return no_grad(() => (t as Tensor).uniform_(-bound, bound, drawWith(generator)));
}, INIT);

export const kaiming_normal_ = defineFunction<KaimingFn>('kaiming_normal_', `kaiming_normal_${KAIMING_PARAMS}`, ({ tensor: t, a, mode, nonlinearity, generator }) => {
  if (t.numel() === 0) return t;
  const std = gain(nonlinearity, a) / Math.sqrt(correctFan(t, mode));
  return no_grad(() => (t as Tensor).normal_(0, std, drawWith(generator)));
}, INIT);

/**
 * The Dirac delta for a {3, 4, 5}-D convolution weight: each output channel of each group passes
 * the matching input channel through the kernel's centre.
 */
export const dirac_ = defineFunction<InitFn<[groups?: number], { groups?: number }>>(
  'dirac_', 'dirac_(Tensor tensor, int groups=1)', ({ tensor, groups }) => diracInit(tensor, groups), INIT);

function diracInit(t: Tensor, groups: number): Tensor {
  if (t.ndim < 3 || t.ndim > 5) throw new ValueError('Only tensors with 3, 4, or 5 dimensions are supported', 'ValueError');
  if (t.shape[0]! % groups !== 0) throw new ValueError('dim 0 must be divisible by groups', 'ValueError');
  const perGroup = t.shape[0]! / groups;
  const centre = t.shape.slice(2).map((s) => Math.floor(s / 2));
  return no_grad(() => {
    t.zero_();
    for (let g = 0; g < groups; g++) {
      for (let d = 0; d < Math.min(perGroup, t.shape[1]!); d++) {
        let tap = t.select(0, g * perGroup + d).select(0, d);
        for (const c of centre) tap = tap.select(0, c);
        tap.fill_(1);
      }
    }
    return t;
  });
}

/**
 * A sparse 2-D matrix: N(0, std) values with ceil(sparsity * rows) zeros per column, their rows
 * chosen by a permutation per column.
 */
export const sparse_ = defineFunction<
  InitFn<[sparsity: number, std?: number, generator?: Generator | null], { sparsity?: number; std?: number } & GeneratorOption>
>('sparse_', 'sparse_(Tensor tensor, float sparsity, float std=0.01, Generator? generator=None)',
  (x) => sparseInit(x.tensor, x.sparsity, x.std, drawWith(x.generator)), INIT);

function sparseInit(t: Tensor, sparsity: number, std: number, opts: Draw): Tensor {
  if (t.ndim !== 2) throw new ValueError('Only tensors with 2 dimensions are supported', 'ValueError');
  const [rows, cols] = t.shape as [number, number];
  const numZeros = Math.ceil(sparsity * rows);
  // Python's row_indices[:num_zeros]: a negative count leaves that many off the end.
  const count = numZeros >= 0 ? Math.min(numZeros, rows) : Math.max(rows + numZeros, 0);
  return no_grad(() => {
    t.normal_(0, std, opts);
    for (let col = 0; col < cols; col++) {
      // NOTE: PyTorch draws each permutation from the global generator, even when one is given.
      const zeroRows = randperm(rows, { device: t.device }).narrow(0, 0, count);
      t.select(1, col).scatter_(0, zeroRows, 0);
    }
    return t;
  });
}

// PyTorch keeps the old names without the trailing underscore (deprecated, with a FutureWarning),
// so ported code that still calls them runs unchanged. Each is the new function itself: PyTorch's
// pass (*args, **kwargs) on to it, so its messages name the new one too.
/** @deprecated use uniform_ */ export const uniform = uniform_;
/** @deprecated use normal_ */ export const normal = normal_;
/** @deprecated use constant_ */ export const constant = constant_;
/** @deprecated use eye_ */ export const eye = eye_;
/** @deprecated use dirac_ */ export const dirac = dirac_;
/** @deprecated use xavier_uniform_ */ export const xavier_uniform = xavier_uniform_;
/** @deprecated use xavier_normal_ */ export const xavier_normal = xavier_normal_;
/** @deprecated use kaiming_uniform_ */ export const kaiming_uniform = kaiming_uniform_;
/** @deprecated use kaiming_normal_ */ export const kaiming_normal = kaiming_normal_;
/** @deprecated use orthogonal_ */ export const orthogonal = orthogonal_;
/** @deprecated use sparse_ */ export const sparse = sparse_;
