import { backendFor } from '../device.js';
import { type DType, isFloating, scalarName } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { castTo, empty } from './helpers.js';
import { type DTypeOptions, accumulateDType, bindArgs, kernelInput } from './reduce-common.js';
import { defineOp } from './table.js';

// Ops along one dim that keep the input's shape: softmax, log_softmax, cumsum, cumprod. Entry
// attrs: { dim (normalized), dtype (the requested dtype or null) }.

interface AlongAttrs {
  dim: number;
  dtype: DType | null;
}
export interface AlongOptions extends DTypeOptions {
  dim?: number;
}
/** f(x, dim), f(x, dim, dtype), f(x, dim, {dtype}) or f(x, {dim, dtype}). */
export type SoftmaxArgs = [dim: number, dtype?: DType | AlongOptions | null] | [opts: AlongOptions & { dim: number }];
export type ScanArgs = [dim: number, opts?: AlongOptions] | [opts: AlongOptions & { dim: number }];

function bindAlong(name: string, x: Tensor, args: readonly unknown[]): AlongAttrs {
  const { dim, dtype = null } = bindArgs<AlongOptions>(args, ['dim', 'dtype']);
  if (dim === undefined) throw new ValueError(`${name}() missing 1 required positional arguments: "dim"`, 'TypeError');
  return { dim: normalizeDim(dim, x.ndim), dtype };
}

function softmaxEntry(name: 'softmax' | 'log_softmax') {
  return defineOp<AlongAttrs>(name, ([x], { dim, dtype }) => {
    // With a dtype, the input is converted first (so integers may take part); PyTorch's kernels
    // exist for float dtypes only, named after the variant that would run.
    const xin = dtype ? castTo(x!, dtype) : x!;
    const out = empty(xin.shape, xin.dtype, xin.device);
    if (xin.numel() === 0) return out;
    if (!isFloating(xin.dtype)) {
      const variant = dim === Math.max(xin.ndim, 1) - 1 ? '_lastdim' : '';
      throw new DTypeError(`"${name}${variant}_kernel_impl" not implemented for '${scalarName(xin.dtype)}'`);
    }
    backendFor(xin.device).softmax(xin, dim, out, name === 'log_softmax');
    return out;
  });
}
const softmaxOps = { softmax: softmaxEntry('softmax'), log_softmax: softmaxEntry('log_softmax') };

/** torch.softmax(x, dim, dtype): exp(x - max) / sum(exp(x - max)) along dim; float input (or dtype). */
export function softmax(x: Tensor, ...args: SoftmaxArgs): Tensor {
  return softmaxOps.softmax.call([x], bindAlong('softmax', x, args));
}

/** torch.log_softmax(x, dim, dtype): (x - max) - log(sum(exp(x - max))) along dim. */
export function log_softmax(x: Tensor, ...args: SoftmaxArgs): Tensor {
  return softmaxOps.log_softmax.call([x], bindAlong('log_softmax', x, args));
}

function scanEntry(name: 'cumsum' | 'cumprod') {
  return defineOp<AlongAttrs>(name, ([x], { dim, dtype }) => {
    const outType = accumulateDType(x!.dtype, dtype);
    // PyTorch has no bool kernel, but never reaches it for an empty tensor.
    if (outType === 'bool' && x!.numel() > 0) throw new DTypeError(`"${name}_out_cpu" not implemented for 'Bool'`);
    const xin = kernelInput(x!, outType);
    const out = empty(x!.shape, outType, x!.device);
    backendFor(x!.device).scan(name, xin, dim, out);
    return out;
  });
}
const scanOps = { cumsum: scanEntry('cumsum'), cumprod: scanEntry('cumprod') };

/** torch.cumsum(x, dim, {dtype}): running sums; bool and integers accumulate in int64. */
export function cumsum(x: Tensor, ...args: ScanArgs): Tensor {
  return scanOps.cumsum.call([x], bindAlong('cumsum', x, args));
}

/** torch.cumprod(x, dim, {dtype}): running products; bool and integers accumulate in int64. */
export function cumprod(x: Tensor, ...args: ScanArgs): Tensor {
  return scanOps.cumprod.call([x], bindAlong('cumprod', x, args));
}
