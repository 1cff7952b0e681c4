// avg_pool1d/2d and adaptive_avg_pool1d/2d: each window's elements gathered from index tensors
// computed from shapes (pool-windows.ts), summed, and divided as PyTorch's CPU kernels divide
// (AvgPoolKernel.cpp: sum / divisor; AdaptiveAvgPoolKernel.cpp: sum / kh / kw). Padding reads zeros.
import { type PyArgs, ShapeError, type Tensor, defineFunction, tensor } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import { type IntOrTuple, OUTPUT_SIZE, type Pool2dArgs, checkDims2to3, checkFloating, pair, pool2dOutput, single } from './pool-args.js';
import { adaptiveWindows, avgWindows, gatherWindows } from './pool-windows.js';
import { withDefaults } from './max-pool.js';

const F = { ...PY_FUNCTION, namespace: 'nn.functional' } as const;

/**
 * Each window's sum, added slot by slot in window order as PyTorch's kernels add (a reduction
 * would pair the terms differently). Padding slots add a zero, which changes no sum.
 */
function windowSum(windows: Tensor): Tensor {
  const K = windows.shape[windows.ndim - 1]!;
  let sum = windows.select(-1, 0);
  for (let k = 1; k < K; k++) sum = sum.add(windows.select(-1, k));
  return sum;
}

/** Average pooling over the last two dims of x: PyTorch's avg_pool2d. */
export function avgPool2dImpl(x: Tensor, a: Pool2dArgs, countIncludePad: boolean, divisorOverride: number | null): Tensor {
  if (divisorOverride === 0) throw new ShapeError('divisor must be not zero', 'RuntimeError');
  const [oH, oW] = pool2dOutput(x, a);
  const H = x.shape[x.ndim - 2]!;
  const W = x.shape[x.ndim - 1]!;
  const rows = avgWindows(H, oH, a.kernel[0], a.stride[0], a.padding[0]);
  const cols = avgWindows(W, oW, a.kernel[1], a.stride[1], a.padding[1]);
  const sums = windowSum(gatherWindows(x, [rows.axis, cols.axis], 0));
  // Integer inputs divide as C++ integers do, truncating.
  const rounding = x.is_floating_point() ? null : 'trunc';
  if (divisorOverride !== null) return sums.div(divisorOverride, { rounding_mode: rounding });
  const divisors: number[] = [];
  for (let i = 0; i < oH; i++) {
    for (let j = 0; j < oW; j++) {
      const count = countIncludePad ? rows.padded[i]! * cols.padded[j]! : rows.inside[i]! * cols.inside[j]!;
      // A window wholly in the padding gives 0 in PyTorch; its sum is 0 here, so any divisor does.
      divisors.push(count === 0 ? 1 : count);
    }
  }
  return sums.div(tensor(divisors, { dtype: x.dtype, device: x.device }).reshape([oH, oW]), { rounding_mode: rounding });
}

/** avg_pool2d's argument checks: kernel_size, stride, padding each one int or two. */
function avgArgs(kernel: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, ceil: boolean): Pool2dArgs {
  const k = pair(kernel, 'avg_pool2d: kernel_size must either be a single int, or a tuple of two ints')!;
  const s = stride === null ? null : pair(stride, 'avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints', true);
  const p = pair(padding, 'avg_pool2d: padding must either be a single int, or a tuple of two ints')!;
  return { kernel: k, stride: s ?? k, padding: p, dilation: [1, 1], ceil };
}

/** avg_pool1d: 2-d average pooling over a height of one, after avg_pool1d's own checks. */
export function avgPool1dImpl(x: Tensor, kernel: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, ceil: boolean, countIncludePad: boolean): Tensor {
  checkDims2to3('avg_pool1d', x);
  const k = single('avg_pool1d', 'kernel_size', kernel);
  const s = stride === null || (Array.isArray(stride) && stride.length === 0) ? k : single('avg_pool1d', 'stride', stride);
  const p = single('avg_pool1d', 'padding', padding);
  const a: Pool2dArgs = { kernel: [1, k], stride: [1, s], padding: [0, p], dilation: [1, 1], ceil };
  return avgPool2dImpl(x.unsqueeze(-2), a, countIncludePad, null).squeeze(-2);
}

/** adaptive_avg_pool2d: the mean for a 1x1 output (as PyTorch computes it), else sum / kh / kw per window. */
export function adaptiveAvgPool2dImpl(x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const sizes = withDefaults(outputSize, x);
  const [oH, oW] = sizes;
  if (sizes.length !== 2) throw new ShapeError('adaptive_avg_pool2d: output_size must be 2', 'RuntimeError');
  if (oH! < 0 || oW! < 0) {
    throw new ShapeError(`adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${oH}, ${oW}}`, 'RuntimeError');
  }
  // NOTE: PyTorch takes the mean here before checking the input's rank.
  if (oH === 1 && oW === 1) return x.mean([-1, -2], true);
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [${x.shape.join(', ')}]`, 'RuntimeError');
  for (const d of [x.ndim - 2, x.ndim - 1]) {
    if (x.shape[d] === 0) {
      throw new ShapeError(
        `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${x.shape.join(', ')}] `
          + `with dimension ${d} being empty`,
        'RuntimeError',
      );
    }
  }
  checkFloating('adaptive_avg_pool2d', x);
  const rows = adaptiveWindows(x.shape[x.ndim - 2]!, oH!, 'none');
  const cols = adaptiveWindows(x.shape[x.ndim - 1]!, oW!, 'none');
  const sums = windowSum(gatherWindows(x, [rows.axis, cols.axis], 0));
  const kh = tensor(rows.counts, { dtype: x.dtype, device: x.device }).reshape([oH!, 1]);
  const kw = tensor(cols.counts, { dtype: x.dtype, device: x.device });
  return sums.div(kh).div(kw);
}

/** adaptive_avg_pool1d: adaptive_avg_pool2d over a height of one. */
export function adaptiveAvgPool1dImpl(x: Tensor, outputSize: IntOrTuple): Tensor {
  checkDims2to3('adaptive_avg_pool1d', x);
  const L = single('adaptive_avg_pool1d', 'output_size', outputSize);
  return adaptiveAvgPool2dImpl(x.unsqueeze(-2), [1, L]).squeeze(-2);
}

type SizeArg = number | number[];

export interface AvgPool1dOptions {
  input?: Tensor; kernel_size?: SizeArg; stride?: SizeArg | null; padding?: SizeArg; ceil_mode?: boolean; count_include_pad?: boolean;
}
export interface AvgPool2dOptions extends AvgPool1dOptions { divisor_override?: number | null }

/** F.avg_pool1d over (N, C, L) or (C, L). */
export const avg_pool1d = defineFunction<
  (...args: PyArgs<[input: Tensor, kernel_size: SizeArg, stride?: SizeArg | null, padding?: SizeArg, ceil_mode?: boolean,
    count_include_pad?: boolean], AvgPool1dOptions>) => Tensor
>(
  'avg_pool1d',
  'avg_pool1d(Tensor input, int|int[] kernel_size, int|int[]? stride=None, int|int[] padding=0, bool ceil_mode=False, bool count_include_pad=True)',
  (a) => avgPool1dImpl(a.input, a.kernel_size, a.stride, a.padding, a.ceil_mode, a.count_include_pad),
  { ...F, differs: "not in the record: F.avg_pool1d is the builtin torch.avg_pool1d, whose stride defaults to () for 'kernel_size' (None here)" },
);

/** F.avg_pool2d over (N, C, H, W) or (C, H, W). */
export const avg_pool2d = defineFunction<
  (...args: PyArgs<[input: Tensor, kernel_size: SizeArg, stride?: SizeArg | null, padding?: SizeArg, ceil_mode?: boolean,
    count_include_pad?: boolean, divisor_override?: number | null], AvgPool2dOptions>) => Tensor
>(
  'avg_pool2d',
  'avg_pool2d(Tensor input, int|int[] kernel_size, int|int[]? stride=None, int|int[] padding=0, bool ceil_mode=False, '
    + 'bool count_include_pad=True, int? divisor_override=None)',
  (a) => avgPool2dImpl(a.input, avgArgs(a.kernel_size, a.stride, a.padding, a.ceil_mode), a.count_include_pad, a.divisor_override),
  F,
);

export interface AdaptiveAvgPoolOptions { input?: Tensor; output_size?: number | (number | null)[] }

/** F.adaptive_avg_pool1d: output length L_out from any input length. */
export const adaptive_avg_pool1d = defineFunction<(...args: PyArgs<[input: Tensor, output_size: SizeArg], AdaptiveAvgPoolOptions>) => Tensor>(
  'adaptive_avg_pool1d', `adaptive_avg_pool1d(Tensor input, ${OUTPUT_SIZE} output_size)`,
  (a) => adaptiveAvgPool1dImpl(a.input, a.output_size),
  { ...F, differs: 'not in the record: F.adaptive_avg_pool1d is the builtin torch.adaptive_avg_pool1d, the same signature' },
);

/** F.adaptive_avg_pool2d: output_size an int, or two, each None for the input's own size. */
export const adaptive_avg_pool2d = defineFunction<
  (...args: PyArgs<[input: Tensor, output_size: number | (number | null)[]], AdaptiveAvgPoolOptions>) => Tensor
>(
  'adaptive_avg_pool2d', `adaptive_avg_pool2d(Tensor input, ${OUTPUT_SIZE} output_size)`, (a) => adaptiveAvgPool2dImpl(a.input, a.output_size), F,
);
