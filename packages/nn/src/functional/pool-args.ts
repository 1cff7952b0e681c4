// The argument checks PyTorch's pooling kernels make, in their order and words
// (aten/src/ATen/native/Pool.h pooling_output_shape and pool2d_shape_check, MaxPooling.cpp,
// AveragePool2d.cpp, AdaptiveAveragePooling.cpp). 1-d pooling is 2-d pooling over a height of one,
// as PyTorch runs it, after the 1-d entry points' own checks.
import { DTypeError, NO_MATCH, ShapeError, type Tensor, defineArgType } from '@wick/tensor';
import { atenName } from './binary-loss.js';
import { pooledSize } from './pool-windows.js';

/** An int or a tuple of ints, as the signatures take them. */
export type IntOrTuple = number | readonly number[];

/**
 * An adaptive pooling's output_size: an int, or a list of ints and Nones. Its own type rather than
 * `int|int?[]`, which the binder would let collect trailing ints (`AdaptiveAvgPool2d(2, 3)`) as
 * it does for `view(2, 3)`; PyTorch takes one value here.
 */
export const OUTPUT_SIZE = defineArgType('OutputSize', {
  label: 'int or tuple of ints',
  coerce(v) {
    if (typeof v === 'number') return Number.isInteger(v) ? v : NO_MATCH;
    if (!Array.isArray(v)) return NO_MATCH;
    return v.every((e) => e === null || (typeof e === 'number' && Number.isInteger(e))) ? [...v] : NO_MATCH;
  },
});

export const asList = (v: IntOrTuple): number[] => (typeof v === 'number' ? [v] : [...v]);

const sizes = (x: Tensor): string => `[${x.shape.join(', ')}]`;

/** A 2-d pooling's per-axis arguments, [height, width] each. */
export interface Pool2dArgs {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceil: boolean;
}

/** One int stands for both axes; anything but one or two is refused in `what`'s words. */
export function pair(v: IntOrTuple, what: string, allowEmpty = false): [number, number] | null {
  const l = asList(v);
  if (l.length === 1) return [l[0]!, l[0]!];
  if (l.length === 2) return [l[0]!, l[1]!];
  if (allowEmpty && l.length === 0) return null;
  throw new ShapeError(what, 'RuntimeError');
}

/** pooling_output_shape's checks and result for one axis. */
function outputSize(size: number, k: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  if (stride === 0) throw new ShapeError('stride should not be zero', 'RuntimeError');
  if (pad < 0) throw new ShapeError(`pad must be non-negative, but got pad: ${pad}`, 'RuntimeError');
  if (pad > Math.trunc(((k - 1) * dilation + 1) / 2)) {
    throw new ShapeError(
      `pad should be at most half of effective kernel size, but got pad=${pad}, kernel_size=${k} and dilation=${dilation}`, 'RuntimeError',
    );
  }
  return pooledSize(size, k, pad, stride, dilation, ceil);
}

/** The output height and width of a 2-d pooling of x (3-d or 4-d), after PyTorch's pool2d_shape_check. */
export function pool2dOutput(x: Tensor, a: Pool2dArgs): [number, number] {
  const [kH, kW] = a.kernel;
  const [dH, dW] = a.stride;
  const [padH, padW] = a.padding;
  const [dilH, dilW] = a.dilation;
  const H = x.shape[x.ndim - 2]!;
  const W = x.shape[x.ndim - 1]!;
  const oH = outputSize(H, kH, padH, dH, dilH, a.ceil);
  const oW = outputSize(W, kW, padW, dW, dilW, a.ceil);
  if (kW <= 0 || kH <= 0) throw new ShapeError(`kernel size should be greater than zero, but got kH: ${kH} kW: ${kW}`, 'RuntimeError');
  if (dW <= 0 || dH <= 0) throw new ShapeError(`stride should be greater than zero, but got dH: ${dH} dW: ${dW}`, 'RuntimeError');
  if (dilH <= 0 || dilW <= 0) {
    throw new ShapeError(`dilation should be greater than zero, but got dilationH: ${dilH} dilationW: ${dilW}`, 'RuntimeError');
  }
  const s = x.shape;
  const validDims = s[1] !== 0 && s[2] !== 0;
  if (!((x.ndim === 3 && s[0] !== 0 && validDims) || (x.ndim === 4 && validDims && s[3] !== 0))) {
    throw new ShapeError(`Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${sizes(x)}`, 'RuntimeError');
  }
  if (Math.trunc(kW / 2) < padW || Math.trunc(kH / 2) < padH) {
    throw new ShapeError(
      `pad should be smaller than or equal to half of kernel size, but got padW = ${padW}, padH = ${padH}, kW = ${kW}, kH = ${kH}`,
      'RuntimeError',
    );
  }
  if (oW < 1 || oH < 1) {
    const C = s[x.ndim - 3]!;
    throw new ShapeError(
      `Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${oH}x${oW}). Output size is too small`, 'RuntimeError',
    );
  }
  return [oH, oW];
}

/** The 1-d entry points' dims check: (C, L) or (N, C, L) with C and L non-empty. */
export function check1dInput(name: string, x: Tensor): void {
  const s = x.shape;
  const ok = (x.ndim === 2 && s[0] !== 0 && s[1] !== 0) || (x.ndim === 3 && s[1] !== 0 && s[2] !== 0);
  if (!ok) {
    throw new ShapeError(`${name}: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${sizes(x)}`, 'RuntimeError');
  }
}

/** checkDimRange's message, as avg_pool1d and adaptive_avg_pool1d check their input. */
export function checkDims2to3(name: string, x: Tensor): void {
  if (x.ndim < 2 || x.ndim > 3) {
    throw new ShapeError(
      `Expected 2 to 3 dimensions, but got ${x.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for ${name})`, 'RuntimeError',
    );
  }
}

/** check1d's message: a 1-d pooling argument given as a tuple of other than one int. */
export function single(name: string, arg: string, v: IntOrTuple): number {
  const l = asList(v);
  if (l.length !== 1) throw new ShapeError(`${name}() argument '${arg}' should contain one int (got ${l.length})`, 'RuntimeError');
  return l[0]!;
}

/** A kernel PyTorch dispatches on floating dtypes only: its message for any other. */
export function checkFloating(kernel: string, x: Tensor): void {
  if (!x.is_floating_point()) throw new DTypeError(`"${kernel}" not implemented for '${atenName(x.dtype)}'`, 'NotImplementedError');
}
