// nn.init: in-place initialisers with PyTorch's formulas, drawing from the tensor package's
// generator in PyTorch's order, so that after manual_seed they give PyTorch's values. Every write
// runs under no_grad, as PyTorch's do: initialising a parameter is not part of any graph.
import { no_grad } from '@wick/autograd';
import { type Generator, Tensor, ValueError, empty_like, eye as identity, randperm, tensor as makeTensor, where } from '@wick/tensor';
import { orthogonal_ } from './orthogonal.js';

export { orthogonal_ };

export interface GeneratorOption {
  generator?: Generator;
}

export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

export type FanMode = 'fan_in' | 'fan_out';

const linearLike = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']);

/** The recommended gain for a nonlinearity (PyTorch's table). */
export function calculate_gain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (linearLike.has(nonlinearity)) return 1;
  if (nonlinearity === 'tanh') return 5 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2);
  if (nonlinearity === 'leaky_relu') {
    const slope = param ?? 0.01;
    if (typeof slope !== 'number' || Number.isNaN(slope)) throw new ValueError(`negative_slope ${slope} not a valid number`, 'ValueError');
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

export function uniform_(t: Tensor, a = 0, b = 1, opts: GeneratorOption = {}): Tensor {
  return no_grad(() => t.uniform_(a, b, opts));
}

export function normal_(t: Tensor, mean = 0, std = 1, opts: GeneratorOption = {}): Tensor {
  return no_grad(() => t.normal_(mean, std, opts));
}

export const constant_ = (t: Tensor, val: number): Tensor => no_grad(() => t.fill_(val));
export const zeros_ = (t: Tensor): Tensor => no_grad(() => t.zero_());
export const ones_ = (t: Tensor): Tensor => no_grad(() => t.fill_(1));

/** The identity matrix, written into a 2-D tensor. */
export function eye_(t: Tensor): Tensor {
  if (t.ndim !== 2) throw new ValueError('Only tensors with 2 dimensions are supported', 'ValueError');
  return no_grad(() => t.copy_(identity(t.shape[0]!, t.shape[1]!, { dtype: t.dtype })));
}

/**
 * Normal values truncated to [a, b], drawn as PyTorch 2.13 draws them. When the interval holds more
 * than 30% of the mass: normal_ on the tensor, then every value outside [a, b] is redrawn (a whole
 * fresh normal tensor per round, kept only where needed) until none is left. Otherwise: rejection
 * sampling of uniform candidates on [a, b], accepted when log(u) < the log density relative to its
 * peak; each round draws a whole tensor of candidates and one of u, as PyTorch does.
 * (PyTorch also warns when mean is more than 2 std outside [a, b]; wick does not print warnings.)
 */
export function trunc_normal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2, opts: GeneratorOption = {}): Tensor {
  // PyTorch computes these in Python floats, where a zero std raises.
  if (std === 0) throw new ValueError('float division by zero', 'ValueError');
  // The mass of [a, b] only picks the method (above or below 30%), so erf to ~1 ULP is plenty.
  const [erfB, erfA] = makeTensor([(b - mean) / std / Math.sqrt(2), (a - mean) / std / Math.sqrt(2)], { dtype: 'float64' }).erf().tolist() as number[];
  const mass = (1 + erfB!) / 2 - (1 + erfA!) / 2;
  return no_grad(() => (mass > 0.3 ? redrawOutside(t, mean, std, a, b, opts) : rejectUniform(t, mean, std, a, b, opts)));
}

function redrawOutside(t: Tensor, mean: number, std: number, a: number, b: number, opts: GeneratorOption): Tensor {
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

function rejectUniform(t: Tensor, mean: number, std: number, a: number, b: number, opts: GeneratorOption): Tensor {
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

export function xavier_uniform_(t: Tensor, gain = 1, opts: GeneratorOption = {}): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(t);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  const a = Math.sqrt(3) * std;
  return no_grad(() => t.uniform_(-a, a, opts));
}

export function xavier_normal_(t: Tensor, gain = 1, opts: GeneratorOption = {}): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(t);
  return no_grad(() => t.normal_(0, gain * Math.sqrt(2 / (fanIn + fanOut)), opts));
}

export function kaiming_uniform_(t: Tensor, a = 0, mode: FanMode = 'fan_in', nonlinearity: Nonlinearity = 'leaky_relu', opts: GeneratorOption = {}): Tensor {
  // PyTorch warns and leaves a zero-element tensor alone.
  if (t.numel() === 0) return t;
  const std = calculate_gain(nonlinearity, a) / Math.sqrt(correctFan(t, mode));
  const bound = Math.sqrt(3) * std;
  return no_grad(() => t.uniform_(-bound, bound, opts));
}

export function kaiming_normal_(t: Tensor, a = 0, mode: FanMode = 'fan_in', nonlinearity: Nonlinearity = 'leaky_relu', opts: GeneratorOption = {}): Tensor {
  if (t.numel() === 0) return t;
  const std = calculate_gain(nonlinearity, a) / Math.sqrt(correctFan(t, mode));
  return no_grad(() => t.normal_(0, std, opts));
}

/**
 * The Dirac delta for a {3, 4, 5}-D convolution weight: each output channel of each group passes
 * the matching input channel through the kernel's centre.
 */
export function dirac_(t: Tensor, groups = 1): Tensor {
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
export function sparse_(t: Tensor, sparsity: number, std = 0.01, opts: GeneratorOption = {}): Tensor {
  if (t.ndim !== 2) throw new ValueError('Only tensors with 2 dimensions are supported', 'ValueError');
  const [rows, cols] = t.shape as [number, number];
  const numZeros = Math.ceil(sparsity * rows);
  // Python's row_indices[:num_zeros]: a negative count leaves that many off the end.
  const count = numZeros >= 0 ? Math.min(numZeros, rows) : Math.max(rows + numZeros, 0);
  return no_grad(() => {
    t.normal_(0, std, opts);
    for (let col = 0; col < cols; col++) {
      // NOTE: PyTorch draws each permutation from the global generator, even when one is given.
      const zeroRows = randperm(rows).narrow(0, 0, count);
      t.select(1, col).scatter_(0, zeroRows, 0);
    }
    return t;
  });
}

// PyTorch keeps the old names without the trailing underscore (deprecated, with a FutureWarning),
// so ported code that still calls them runs unchanged.
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
