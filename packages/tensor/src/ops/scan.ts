import { backendFor } from '../device.js';
import { type DType, isFloating, scalarName } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { castTo, empty } from './helpers.js';
import { type DTypeOptions, accumulateDType, cppName, kernelInput } from './reduce-common.js';
import { checkNoInternalOverlap } from './overlap.js';
import { type Bound, type PyArgs, defineFunction, defineMethod } from '../signature/index.js';
import { defineOp } from './table.js';

// Ops along one dim that keep the input's shape: softmax, log_softmax, cumsum, cumprod. Entry
// attrs: { dim (normalized), dtype (the requested dtype or null) }.

interface AlongAttrs {
  dim: number;
  dtype: DType | null;
}
export interface AlongOptions extends DTypeOptions {
  input?: Tensor;
  dim?: number;
}
/** The parameters after input: softmax's dtype is positional, cumsum's keyword-only. */
export type SoftmaxParams = [dim: number, dtype?: DType | null];
export type ScanParams = [dim: number];
type AlongFn = (...args: PyArgs<[input: Tensor, ...SoftmaxParams], AlongOptions>) => Tensor;
type ScanFn = (...args: PyArgs<[input: Tensor, ...ScanParams], AlongOptions>) => Tensor;

const along = ({ input, dim, dtype }: Bound): AlongAttrs => ({ dim: normalizeDim(dim, input.ndim), dtype });

function softmaxEntry(name: 'softmax' | 'log_softmax') {
  return defineOp<AlongAttrs>(name, ([x], { dim, dtype }) => {
    // With a dtype, the input is converted first (so integers may take part); PyTorch's kernels
    // exist for float dtypes only, named after the variant that would run.
    const xin = dtype ? castTo(x!, dtype) : x!;
    const out = empty(xin.shape, xin.dtype, xin.device);
    if (xin.numel() === 0) return out;
    if (!isFloating(xin.dtype)) {
      const variant = dim === Math.max(xin.ndim, 1) - 1 ? '_lastdim' : '';
      const kernel = `${name}${variant}_kernel_impl`;
      throw new DTypeError(`"${kernel}" not implemented for '${scalarName(xin.dtype)}'`, 'NotImplementedError');
    }
    backendFor(xin.device).softmax(xin, dim, out, name === 'log_softmax');
    return out;
  });
}
const softmaxOps = { softmax: softmaxEntry('softmax'), log_softmax: softmaxEntry('log_softmax') };

/** torch.softmax(x, dim, dtype): exp(x - max) / sum(exp(x - max)) along dim; float input (or dtype). */
export const softmax = defineFunction<AlongFn>(
  'softmax', 'softmax(Tensor input, int dim, ScalarType? dtype=None)',
  (a) => softmaxOps.softmax.call([a.input], along(a)), { method: true },
);

/** torch.log_softmax(x, dim, dtype): (x - max) - log(sum(exp(x - max))) along dim. */
export const log_softmax = defineFunction<AlongFn>(
  'log_softmax', 'log_softmax(Tensor input, int dim, ScalarType? dtype=None)',
  (a) => softmaxOps.log_softmax.call([a.input], along(a)), { method: true },
);

function scanEntry(name: 'cumsum' | 'cumprod') {
  return defineOp<AlongAttrs>(name, ([x], { dim, dtype }, out) => {
    // In place, the result keeps self's dtype unless dtype names another, which PyTorch refuses.
    const outType = out ? dtype ?? out.dtype : accumulateDType(x!.dtype, dtype);
    if (out && outType !== out.dtype) {
      throw new DTypeError(
        `Bad in-place call: input tensor dtype ${cppName[out.dtype]} and output tensor dtype ${cppName[outType]} should match`,
      );
    }
    if (out) checkNoInternalOverlap(out);
    // PyTorch has no bool kernel, but never reaches it for an empty tensor.
    if (outType === 'bool' && x!.numel() > 0) {
      throw new DTypeError(`"${name}_out_cpu" not implemented for 'Bool'`, 'NotImplementedError');
    }
    const xin = kernelInput(x!, outType);
    const result = empty(x!.shape, outType, x!.device);
    const backend = backendFor(x!.device);
    backend.scan(name, xin, dim, result);
    if (out) backend.copy(result, out);
    return out ?? result;
  });
}
const scanOps = { cumsum: scanEntry('cumsum'), cumprod: scanEntry('cumprod') };

/** torch.cumsum(x, dim, {dtype}): running sums; bool and integers accumulate in int64. */
export const cumsum = defineFunction<ScanFn>(
  'cumsum', 'cumsum(Tensor input, int dim, *, ScalarType? dtype=None)',
  (a) => scanOps.cumsum.call([a.input], along(a)), { method: true },
);

/** torch.cumprod(x, dim, {dtype}): running products; bool and integers accumulate in int64. */
export const cumprod = defineFunction<ScanFn>(
  'cumprod', 'cumprod(Tensor input, int dim, *, ScalarType? dtype=None)',
  (a) => scanOps.cumprod.call([a.input], along(a)), { method: true },
);

const inplaceSignatures = {
  cumsum: defineMethod('cumsum_', 'cumsum_(Tensor input, int dim, *, ScalarType? dtype=None)'),
  cumprod: defineMethod('cumprod_', 'cumprod_(Tensor input, int dim, *, ScalarType? dtype=None)'),
};

/** Tensor.cumsum_(dim, *, dtype): running sums written into self; a dtype other than self's is refused. */
export function cumsumInplace(self: Tensor, args: readonly unknown[]): Tensor {
  return scanOps.cumsum.callInplace([self], along(inplaceSignatures.cumsum.bind(args, self)));
}

/** Tensor.cumprod_(dim, *, dtype): running products written into self. */
export function cumprodInplace(self: Tensor, args: readonly unknown[]): Tensor {
  return scanOps.cumprod.callInplace([self], along(inplaceSignatures.cumprod.bind(args, self)));
}
