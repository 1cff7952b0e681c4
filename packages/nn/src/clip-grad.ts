// nn.utils gradient helpers: clip_grad_norm_ (and its parts get_total_norm, clip_grads_with_norm_),
// clip_grad_value_, parameters_to_vector, vector_to_parameters. Gradient clipping is not part of
// any graph (PyTorch runs it under no_grad).
import { no_grad } from '@wick/autograd';
import { DeviceError, type PyArgs, Tensor, WickError, cat, defineFunction, div, stack, tensor } from '@wick/tensor';
import { ModuleTypeError } from './errors.js';
import type { Parameter } from './parameter.js';
import { pyFloat } from './py-repr.js';
import { PY_FUNCTION } from './signatures.js';
import { typeName } from './type-name.js';
import { vectorNorm } from './vector-norm.js';

export type TensorOrTensors = Tensor | Iterable<Tensor>;

// NOTE: foreach picks PyTorch's implementation (one fused call per device and dtype, or a loop);
// both give the same numbers, and on the CPU PyTorch takes either. wick has one implementation.
export interface ClipGradNormOptions {
  parameters?: TensorOrTensors;
  max_norm?: number;
  norm_type?: number;
  error_if_nonfinite?: boolean;
  foreach?: boolean | null;
}

const UTILS = { ...PY_FUNCTION, namespace: 'nn.utils' } as const;

/** PyTorch's `[parameters] if isinstance(parameters, Tensor) else list(parameters)`. */
function listOf(parameters: unknown): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || parameters === undefined || typeof (parameters as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new ModuleTypeError(`'${typeName(parameters)}' object is not iterable`);
  }
  return [...(parameters as Iterable<Tensor>)];
}

const gradsOf = (parameters: unknown): Tensor[] => listOf(parameters).flatMap((p) => (p.grad ? [p.grad] : []));

/**
 * The norm of all tensors together, as PyTorch's get_total_norm computes it: the norm of each,
 * then the norm of those norms (so order 0 counts the tensors that are not all zero).
 */
function totalNorm(tensors: Tensor[], normType: number, errorIfNonfinite: boolean): Tensor {
  if (tensors.length === 0) return tensor(0.0);
  const total = vectorNorm(stack(tensors.map((g) => vectorNorm(g, normType))), normType);
  // NOTE: this reads a value (PyTorch does too, synchronising with the device); only done when
  // the caller asks for the check. A device's values can only be read with await, so there the
  // check is refused before anything is clipped.
  if (errorIfNonfinite && total.device !== 'cpu') {
    throw new DeviceError(
      `error_if_nonfinite=True reads the total norm to decide whether to raise, and this norm is on '${total.device}', whose values `
        + 'are read asynchronously: pass error_if_nonfinite=False and check the returned norm with await norm.read()',
    );
  }
  if (errorIfNonfinite && !total.isfinite().item()) {
    throw new WickError(
      `The total norm of order ${pyFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. `
        + 'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
    );
  }
  return total;
}

/** Each gradient multiplied in place by min(max_norm / (total_norm + 1e-6), 1). */
function clipWithNorm(grads: Tensor[], maxNorm: number, total: Tensor): void {
  if (grads.length === 0) return;
  const coef = div(maxNorm, total.add(1e-6)).clamp_max(1.0);
  for (const g of grads) g.mul_(coef);
}

type ClipNormFn = (
  ...args: PyArgs<[parameters: TensorOrTensors, max_norm: number, norm_type?: number, error_if_nonfinite?: boolean, foreach?: boolean | null],
    ClipGradNormOptions>
) => Tensor;
const CLIP_NORM_PARAMS = '(Value parameters, float max_norm, float norm_type=2.0, bool error_if_nonfinite=False, bool? foreach=None)';

/**
 * Scales all gradients in place so that their joint norm is at most max_norm: each is multiplied
 * by min(max_norm / (total_norm + 1e-6), 1). Returns the total norm before clipping.
 */
export const clip_grad_norm_ = defineFunction<ClipNormFn>('clip_grad_norm_', `clip_grad_norm_${CLIP_NORM_PARAMS}`, (a) => clipGradNorm(a.parameters, a.max_norm, a.norm_type, a.error_if_nonfinite), UTILS);

/** PyTorch's deprecated name for clip_grad_norm_. */
export const clip_grad_norm = defineFunction<ClipNormFn>('clip_grad_norm', `clip_grad_norm${CLIP_NORM_PARAMS}`, (a) => clipGradNorm(a.parameters, a.max_norm, a.norm_type, a.error_if_nonfinite), UTILS);

function clipGradNorm(parameters: unknown, maxNorm: number, normType: number, errorIfNonfinite: boolean): Tensor {
  return no_grad(() => {
    const grads = gradsOf(parameters);
    const total = totalNorm(grads, normType, errorIfNonfinite);
    clipWithNorm(grads, maxNorm, total);
    return total;
  });
}

/** The norm of the tensors together (the first half of clip_grad_norm_). */
export const get_total_norm = defineFunction<
  (...args: PyArgs<[tensors: TensorOrTensors, norm_type?: number, error_if_nonfinite?: boolean, foreach?: boolean | null],
    { tensors?: TensorOrTensors; norm_type?: number; error_if_nonfinite?: boolean; foreach?: boolean | null }>) => Tensor
>('get_total_norm', '_get_total_norm(Value tensors, float norm_type=2.0, bool error_if_nonfinite=False, bool? foreach=None)',
  (a) => no_grad(() => totalNorm(listOf(a.tensors), a.norm_type, a.error_if_nonfinite)), UTILS);

/** Scales the gradients by min(max_norm / (total_norm + 1e-6), 1) (the second half of clip_grad_norm_). */
export const clip_grads_with_norm_ = defineFunction<
  (...args: PyArgs<[parameters: TensorOrTensors, max_norm: number, total_norm: Tensor, foreach?: boolean | null],
    { parameters?: TensorOrTensors; max_norm?: number; total_norm?: Tensor; foreach?: boolean | null }>) => void
>('clip_grads_with_norm_', '_clip_grads_with_norm_(Value parameters, float max_norm, Tensor total_norm, bool? foreach=None)',
  (a) => no_grad(() => clipWithNorm(gradsOf(a.parameters), a.max_norm, a.total_norm)), UTILS);

/** Clamps every gradient in place to [-clip_value, clip_value]. */
export const clip_grad_value_ = defineFunction<
  (...args: PyArgs<[parameters: TensorOrTensors, clip_value: number, foreach?: boolean | null],
    { parameters?: TensorOrTensors; clip_value?: number; foreach?: boolean | null }>) => void
>('clip_grad_value_', 'clip_grad_value_(Value parameters, float clip_value, bool? foreach=None)', (a) => {
  no_grad(() => {
    for (const g of gradsOf(a.parameters)) g.clamp_(-a.clip_value, a.clip_value);
  });
}, UTILS);

/** All parameters flattened and concatenated into one vector (a copy). */
export const parameters_to_vector = defineFunction<
  (...args: PyArgs<[parameters: Iterable<Tensor>], { parameters?: Iterable<Tensor> }>) => Tensor
>('parameters_to_vector', 'parameters_to_vector(Value parameters)', (a) => cat(listOf(a.parameters).map((p) => p.view(-1))), UTILS);

/**
 * Points each parameter at its slice of vec (sharing vec's storage, as PyTorch's `param.data = ...`
 * does), in order.
 */
export const vector_to_parameters = defineFunction<
  (...args: PyArgs<[vec: Tensor, parameters: Iterable<Parameter>], { vec?: Tensor; parameters?: Iterable<Parameter> }>) => void
>('vector_to_parameters', 'vector_to_parameters(Value vec, Value parameters)', (a) => {
  const vec: unknown = a.vec;
  if (!(vec instanceof Tensor)) throw new ModuleTypeError(`expected torch.Tensor, but got: ${typeName(vec)}`);
  let pointer = 0;
  for (const param of listOf(a.parameters) as Parameter[]) {
    const n = param.numel();
    param.data = vec.slice(0, pointer, pointer + n).view(param.shape);
    pointer += n;
  }
}, UTILS);
