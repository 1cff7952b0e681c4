// nn.utils gradient helpers: clip_grad_norm_, clip_grad_value_, parameters_to_vector,
// vector_to_parameters. Gradient clipping is not part of any graph (PyTorch runs it under no_grad).
import { no_grad } from '@wick/autograd';
import { Tensor, WickError, cat, div, stack, tensor } from '@wick/tensor';
import { ModuleTypeError } from './errors.js';
import { type Parameter, setParameterData } from './parameter.js';
import { pyFloat } from './py-repr.js';
import { vectorNorm } from './vector-norm.js';

export type TensorOrTensors = Tensor | Iterable<Tensor>;

export interface ClipGradNormOptions {
  norm_type?: number;
  error_if_nonfinite?: boolean;
  /** Accepted for PyTorch compatibility; wick has one code path, so it changes nothing. */
  foreach?: boolean | null;
}

const listOf = (parameters: TensorOrTensors): Tensor[] => (parameters instanceof Tensor ? [parameters] : [...parameters]);

/**
 * The norm of all gradients together, as PyTorch's _get_total_norm computes it: the norm of each
 * gradient, then the norm of those norms (so order 0 counts the gradients that are not all zero).
 */
function totalNorm(grads: Tensor[], normType: number, errorIfNonfinite: boolean): Tensor {
  if (grads.length === 0) return tensor(0.0);
  const total = vectorNorm(stack(grads.map((g) => vectorNorm(g, normType))), normType);
  // NOTE: this reads a value (PyTorch does too); only done when the caller asks for the check.
  if (errorIfNonfinite && !total.isfinite().item()) {
    throw new WickError(
      `The total norm of order ${pyFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. `
        + 'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
    );
  }
  return total;
}

/**
 * Scales all gradients in place so that their joint norm is at most max_norm: each is multiplied
 * by min(max_norm / (total_norm + 1e-6), 1). Returns the total norm before clipping.
 */
export function clip_grad_norm_(
  parameters: TensorOrTensors, max_norm: number, norm_type: number | ClipGradNormOptions = 2, error_if_nonfinite = false,
  foreach: boolean | null = null,
): Tensor {
  const opts = typeof norm_type === 'number' ? { norm_type, error_if_nonfinite, foreach } : norm_type;
  void opts.foreach;
  return no_grad(() => {
    const grads = listOf(parameters).flatMap((p) => (p.grad ? [p.grad] : []));
    const total = totalNorm(grads, opts.norm_type ?? 2, opts.error_if_nonfinite ?? false);
    if (grads.length === 0) return total;
    const coef = div(max_norm, total.add(1e-6)).clamp_max(1.0);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/** Clamps every gradient in place to [-clip_value, clip_value]. */
export function clip_grad_value_(parameters: TensorOrTensors, clip_value: number, foreach: boolean | null = null): void {
  void foreach;
  no_grad(() => {
    for (const p of listOf(parameters)) p.grad?.clamp_(-clip_value, clip_value);
  });
}

/** All parameters flattened and concatenated into one vector (a copy). */
export function parameters_to_vector(parameters: Iterable<Tensor>): Tensor {
  return cat([...parameters].map((p) => p.view(-1)));
}

/**
 * Points each parameter at its slice of vec (sharing vec's storage, as PyTorch's `param.data = ...`
 * does), in order.
 */
export function vector_to_parameters(vec: Tensor, parameters: Iterable<Parameter>): void {
  if (!(vec instanceof Tensor)) throw new ModuleTypeError(`expected torch.Tensor, but got: ${typeName(vec)}`);
  let pointer = 0;
  for (const param of parameters) {
    const n = param.numel();
    setParameterData(param, vec.slice(0, pointer, pointer + n).view(param.shape));
    pointer += n;
  }
}

/** torch.typename for the non-tensor values a JS caller might pass. */
function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return typeof v;
}
