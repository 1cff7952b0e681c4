// The pointwise activations of nn.functional, each built from tensor ops in the order PyTorch's
// CPU kernels (aten/src/ATen/native/cpu/Activation.cpp) compute it, so that float32 results
// round as PyTorch's do; their gradients come from autograd through those ops.
import { type PyArgs, type Tensor, ShapeError, defineFunction, where } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';

const F = { ...PY_FUNCTION, namespace: 'nn.functional' } as const;
// softplus and prelu are C++ builtins in PyTorch: its parser's messages, not Python's.
const BUILTIN = { namespace: 'nn.functional' } as const;
// The recorded signatures of these come from torch/_C/_nn.pyi, the C++ kernels' stub, but
// torch.nn.functional.<name> is a Python function whose runtime signature (inspect.signature)
// is the one declared here.
const PY_WRAPPER = {
  ...F,
  differs: "PyTorch's _nn.pyi stub describes the C++ kernel under this name (no inplace; an out= or elu's scale, "
    + 'input_scale); torch.nn.functional defines it in Python with the signature declared here',
} as const;

type InplaceFn = (...args: PyArgs<[input: Tensor, inplace?: boolean], { input?: Tensor; inplace?: boolean }>) => Tensor;

/**
 * compute(input), written into input when inplace (PyTorch's trailing-underscore forms). Under
 * autograd the ops run on a copy: they save their operands for backward, and writing the result
 * into the very tensor they saved would invalidate it.
 */
function apply(input: Tensor, inplace: boolean, compute: (x: Tensor) => Tensor): Tensor {
  if (!inplace) return compute(input);
  return input.copy_(compute(input.requires_grad ? input.clone() : input));
}

/** x / (1 + exp(-x)). */
export function siluImpl(input: Tensor, inplace: boolean): Tensor {
  return apply(input, inplace, (x) => x.div(x.neg().exp().add(1)));
}

/** x * tanh(log1p(exp(x))): PyTorch's mish kernel applies no softplus threshold. */
export function mishImpl(input: Tensor, inplace: boolean): Tensor {
  return apply(input, inplace, (x) => x.mul(x.exp().log1p().tanh()));
}

/** x where x * beta > threshold, else log1p(exp(x * beta)) / beta. */
export function softplusImpl(input: Tensor, beta: number, threshold: number): Tensor {
  const scaled = input.mul(beta);
  // exp runs on the clamped value so that the branch not taken cannot overflow to inf, whose
  // gradient (0 * inf) would turn the taken branch's gradient into NaN.
  const soft = scaled.clamp_max(threshold).exp().log1p().div(beta);
  return input.where(scaled.gt(threshold), soft);
}

/** x where x > 0, else x * negative_slope. */
export function leakyReluImpl(input: Tensor, negativeSlope: number, inplace: boolean): Tensor {
  return apply(input, inplace, (x) => x.where(x.gt(0), x.mul(negativeSlope)));
}

/**
 * PyTorch's elu kernel: x <= 0 ? expm1(x) * (alpha * scale) : x * scale (ELU's scale is 1).
 * expm1 runs on min(x, 0) so that large x cannot overflow the branch not taken (see softplus).
 */
export function eluImpl(input: Tensor, alpha: number, scale: number, inplace: boolean): Tensor {
  return apply(input, inplace, (x) => {
    const negative = x.clamp_max(0).expm1().mul(alpha * scale);
    const positive = scale === 1 ? x : x.mul(scale);
    return negative.where(x.le(0), positive);
  });
}

// SELU's constants, PyTorch's 1.6732632423543772848170429916717 and 1.0507009873554804934193349852946
// as doubles.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export function seluImpl(input: Tensor, inplace: boolean): Tensor {
  return eluImpl(input, SELU_ALPHA, SELU_SCALE, inplace);
}

/**
 * clamp(x, min, max) with hardtanh's gradient: zero at the bounds themselves, where clamp's
 * gradient passes through.
 */
function clampOpen(input: Tensor, min: number, max: number): Tensor {
  const inside = input.gt(min).logical_and(input.lt(max));
  return input.where(inside, input.clamp(min, max).detach());
}

export function hardtanhImpl(input: Tensor, minVal: number, maxVal: number, inplace: boolean): Tensor {
  return apply(input, inplace, (x) => clampOpen(x, minVal, maxVal));
}

// PyTorch's hardsigmoid_backward scales by 1/6 rounded to float32, in float64 too.
const ONE_SIXTH_F32 = Math.fround(1 / 6);

/** min(max(x + 3, 0), 6) / 6, its gradient PyTorch's: zero at x = ±3, else grad * float32(1/6). */
export function hardsigmoidImpl(input: Tensor, inplace: boolean): Tensor {
  return apply(input, inplace, (x) => {
    const shifted = clampOpen(x.add(3), 0, 6);
    // scaled - scaled.detach() is zero going forward and carries the float32 1/6 backward.
    const scaled = shifted.mul(ONE_SIXTH_F32);
    return shifted.detach().div(6).add(scaled.sub(scaled.detach()));
  });
}

/** x * min(max(x + 3, 0), 6) / 6, its gradient zero at x = -3 and 1 at x = 3 as PyTorch's hardswish_backward. */
export function hardswishImpl(input: Tensor, inplace: boolean): Tensor {
  return apply(input, inplace, (x) => x.mul(clampOpen(x.add(3), 0, 6)).div(6));
}

/** x / (|x| + 1), as torch.nn.functional.softsign. */
export function softsignImpl(input: Tensor): Tensor {
  return input.div(input.abs().add(1));
}

/** first half * sigmoid(second half), halving `dim`. */
export function gluImpl(input: Tensor, dim: number): Tensor {
  if (input.ndim === 0) throw new ShapeError('glu does not support scalars because halving size must be even', 'RuntimeError');
  const size = input.size(dim);
  if (size % 2 !== 0) {
    const d = dim < 0 ? dim + input.ndim : dim;
    throw new ShapeError(`Halving dimension must be even, but dimension ${d} is size ${size}`, 'RuntimeError');
  }
  const [a, b] = input.chunk(2, dim);
  return a!.mul(b!.sigmoid());
}

/** value where x <= threshold, else x (NaN stays NaN, as in PyTorch's kernel). */
export function thresholdImpl(input: Tensor, threshold: number, value: number, inplace: boolean): Tensor {
  return apply(input, inplace, (x) => where(x.le(threshold), value, x));
}

/** x where x > 0, else weight * x, weight running along dim 1 (a 1-d input counts as one channel). */
export function preluImpl(input: Tensor, weight: Tensor): Tensor {
  if (weight.numel() !== 1) {
    if (input.ndim === 0) throw new ShapeError('Not allow zero-dim input tensor.', 'RuntimeError');
    const channels = input.ndim >= 2 ? input.size(1) : 1;
    if (weight.numel() !== channels) {
      throw new ShapeError(
        `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${weight.numel()} and channel size = ${channels}.`,
        'RuntimeError',
      );
    }
  }
  const w = weight.numel() === 1 ? weight.reshape([]) : weight.reshape([1, weight.numel(), ...Array<number>(input.ndim - 2).fill(1)]);
  return input.where(input.gt(0), w.mul(input));
}

export const silu = defineFunction<InplaceFn>('silu', 'silu(Tensor input, bool inplace=False)', (a) => siluImpl(a.input, a.inplace), PY_WRAPPER);
export const mish = defineFunction<InplaceFn>('mish', 'mish(Tensor input, bool inplace=False)', (a) => mishImpl(a.input, a.inplace), PY_WRAPPER);
export const selu = defineFunction<InplaceFn>('selu', 'selu(Tensor input, bool inplace=False)', (a) => seluImpl(a.input, a.inplace), F);
export const relu6 = defineFunction<InplaceFn>(
  'relu6', 'relu6(Tensor input, bool inplace=False)', (a) => hardtanhImpl(a.input, 0, 6, a.inplace), PY_WRAPPER,
);
export const hardswish = defineFunction<InplaceFn>(
  'hardswish', 'hardswish(Tensor input, bool inplace=False)', (a) => hardswishImpl(a.input, a.inplace), PY_WRAPPER,
);
export const hardsigmoid = defineFunction<InplaceFn>(
  'hardsigmoid', 'hardsigmoid(Tensor input, bool inplace=False)', (a) => hardsigmoidImpl(a.input, a.inplace), PY_WRAPPER,
);

export const softsign = defineFunction<(...args: PyArgs<[input: Tensor], { input?: Tensor }>) => Tensor>(
  'softsign', 'softsign(Tensor input)', (a) => softsignImpl(a.input), F,
);

export interface SoftplusOptions { input?: Tensor; beta?: number; threshold?: number }
export const softplus = defineFunction<(...args: PyArgs<[input: Tensor, beta?: number, threshold?: number], SoftplusOptions>) => Tensor>(
  'softplus', 'softplus(Tensor input, Scalar beta=1, Scalar threshold=20)', (a) => softplusImpl(a.input, a.beta, a.threshold), BUILTIN,
);

export interface LeakyReluOptions { input?: Tensor; negative_slope?: number; inplace?: boolean }
export const leaky_relu = defineFunction<
  (...args: PyArgs<[input: Tensor, negative_slope?: number, inplace?: boolean], LeakyReluOptions>) => Tensor
>(
  'leaky_relu', 'leaky_relu(Tensor input, float negative_slope=0.01, bool inplace=False)',
  (a) => leakyReluImpl(a.input, a.negative_slope, a.inplace), PY_WRAPPER,
);

export interface EluOptions { input?: Tensor; alpha?: number; inplace?: boolean }
export const elu = defineFunction<(...args: PyArgs<[input: Tensor, alpha?: number, inplace?: boolean], EluOptions>) => Tensor>(
  'elu', 'elu(Tensor input, float alpha=1.0, bool inplace=False)', (a) => eluImpl(a.input, a.alpha, 1, a.inplace), PY_WRAPPER,
);

export interface HardtanhOptions { input?: Tensor; min_val?: number; max_val?: number; inplace?: boolean }
export const hardtanh = defineFunction<
  (...args: PyArgs<[input: Tensor, min_val?: number, max_val?: number, inplace?: boolean], HardtanhOptions>) => Tensor
>(
  'hardtanh', 'hardtanh(Tensor input, float min_val=-1.0, float max_val=1.0, bool inplace=False)',
  (a) => hardtanhImpl(a.input, a.min_val, a.max_val, a.inplace), PY_WRAPPER,
);

export interface GluOptions { input?: Tensor; dim?: number }
export const glu = defineFunction<(...args: PyArgs<[input: Tensor, dim?: number], GluOptions>) => Tensor>(
  'glu', 'glu(Tensor input, int dim=-1)', (a) => gluImpl(a.input, a.dim), F,
);

export interface ThresholdOptions { input?: Tensor; threshold?: number; value?: number; inplace?: boolean }
export const threshold = defineFunction<
  (...args: PyArgs<[input: Tensor, threshold: number, value: number, inplace?: boolean], ThresholdOptions>) => Tensor
>(
  'threshold', 'threshold(Tensor input, float threshold, float value, bool inplace=False)',
  (a) => thresholdImpl(a.input, a.threshold, a.value, a.inplace), F,
);

export interface PreluOptions { input?: Tensor; weight?: Tensor }
export const prelu = defineFunction<(...args: PyArgs<[input: Tensor, weight: Tensor], PreluOptions>) => Tensor>(
  'prelu', 'prelu(Tensor input, Tensor weight)', (a) => preluImpl(a.input, a.weight),
  { ...BUILTIN, differs: 'torch.nn.functional.prelu is torch.prelu in PyTorch (recorded under that name), the same signature' },
);
