// max_pool1d, max_pool2d and adaptive_max_pool2d: each window's elements gathered from index
// tensors computed from shapes (pool-windows.ts), then reduced over the window. The index picked
// is the one PyTorch's CPU kernel picks: the first maximum in window order, or the last NaN (its
// kernel replaces the running maximum whenever `val > max || isnan(val)`). The gradient goes to
// that element alone, as PyTorch's max_pool2d_with_indices_backward sends it.
import { type PyArgs, ShapeError, type Tensor, defineFunction, where } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import {
  type IntOrTuple, OUTPUT_SIZE, type Pool2dArgs, asList, check1dInput, checkFloating, pair, pool2dOutput,
} from './pool-args.js';
import { type AxisWindows, adaptiveWindows, gatherWindows, maxWindows, pooledSize, slotIndices } from './pool-windows.js';

const F = { ...PY_FUNCTION, namespace: 'nn.functional' } as const;
const DISPATCH = {
  ...F,
  differs: "PyTorch's is a boolean_dispatch wrapper taking (*args, **kwargs) and binding them as its _with_indices form, "
    + 'whose signature is declared here',
} as const;

/**
 * The maximum of each window of x (over its last axes.length dims), and with `withIndices` the
 * flat index into each input plane of the element PyTorch picks.
 */
export function windowMax(x: Tensor, axes: readonly AxisWindows[], withIndices: boolean): [Tensor, Tensor | null] {
  const windows = gatherWindows(x, axes, -Infinity);
  // Without indices or a gradient to route, the maximum alone decides (NaN included).
  if (!withIndices && !x.requires_grad) return [windows.amax(-1), null];
  const K = windows.shape[windows.ndim - 1]!;
  const [values, firstMax] = windows.max(-1);
  // NOTE: max(dim) reports the first NaN; PyTorch's pooling kernel keeps the last one.
  const lastNaN = windows.flip(-1).argmax(-1).neg().add(K - 1);
  const slot = where(values.isnan(), lastNaN, firstMax).unsqueeze(-1);
  const out = windows.gather(-1, slot).squeeze(-1);
  if (!withIndices) return [out, null];
  const table = slotIndices(axes, x.device).expand(windows.shape as number[]);
  return [out, table.gather(-1, slot).squeeze(-1)];
}

/** Max pooling over the last two dims of a 3-d or 4-d x, with PyTorch's checks. */
export function maxPool2dImpl(x: Tensor, a: Pool2dArgs, returnIndices: boolean): Tensor | [Tensor, Tensor] {
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError('non-empty 3D or 4D (batch mode) tensor expected for input', 'RuntimeError');
  const [oH, oW] = pool2dOutput(x, a);
  const H = x.shape[x.ndim - 2]!;
  const W = x.shape[x.ndim - 1]!;
  const axes = [
    maxWindows(H, oH, a.kernel[0], a.stride[0], a.padding[0], a.dilation[0]),
    maxWindows(W, oW, a.kernel[1], a.stride[1], a.padding[1], a.dilation[1]),
  ];
  const [out, indices] = windowMax(x, axes, returnIndices);
  return returnIndices ? [out, indices!] : out;
}

/** max_pool2d's own argument checks: each of kernel_size, stride, padding, dilation one int or two. */
export function pool2dArgs(name: string, kernel: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceil: boolean): Pool2dArgs {
  const k = pair(kernel, `${name}: kernel_size must either be a single int, or a tuple of two ints`)!;
  const s = stride === null ? null : pair(stride, `${name}: stride must either be omitted, a single int, or a tuple of two ints`, true);
  const p = pair(padding, `${name}: padding must either be a single int, or a tuple of two ints`)!;
  const d = pair(dilation, `${name}: dilation must be either a single int, or a tuple of two ints`)!;
  return { kernel: k, stride: s ?? k, padding: p, dilation: d, ceil };
}

/** 1-d max pooling: checks in max_pool1d's words, then 2-d pooling over a height of one (max_pool1d_with_indices). */
export function maxPool1dImpl(
  x: Tensor, kernel: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceil: boolean, returnIndices: boolean,
): Tensor | [Tensor, Tensor] {
  check1dInput('max_pool1d', x);
  const one = (v: IntOrTuple, what: string): number => {
    const l = asList(v);
    if (l.length !== 1) throw new ShapeError(`max_pool1d() ${what} but got size ${l.length}`, 'RuntimeError');
    return l[0]!;
  };
  const k = one(kernel, 'kernel_size must be an int, list of ints or tuple of ints of size 1');
  const sList = stride === null ? [] : asList(stride);
  if (sList.length > 1) one(sList, 'stride must be None, an int, list of ints, or tuple of ints of size 1');
  const s = sList.length === 0 ? k : sList[0]!;
  const p = one(padding, 'padding must be an int, list of ints, or tuple of ints of size 1');
  const d = one(dilation, 'dilation must be an int, list of ints or tuple of ints of size 1');
  // NOTE: PyTorch checks with max_pool1d's own messages only on its path without indices or
  // gradient; otherwise its 2-d kernel's checks speak.
  if (!returnIndices && !x.requires_grad) check1dValues(x, k, s, p, d, ceil);
  const args: Pool2dArgs = { kernel: [1, k], stride: [1, s], padding: [0, p], dilation: [1, d], ceil };
  const r = maxPool2dImpl(x.unsqueeze(-2), args, returnIndices);
  return Array.isArray(r) ? [r[0].squeeze(-2), r[1].squeeze(-2)] : r.squeeze(-2);
}

/** max_pool1d's own checks of its values, on its path without indices (MaxPooling.cpp check_max_pool1d). */
function check1dValues(x: Tensor, k: number, s: number, p: number, d: number, ceil: boolean): void {
  const fail = (m: string): never => {
    throw new ShapeError(`max_pool1d() ${m}`, 'RuntimeError');
  };
  if (k <= 0) fail(`kernel_size must be greater than zero, but got ${k}`);
  if (s <= 0) fail(`stride must be greater than zero, but got ${s}`);
  if (p < 0) fail(`padding must be non-negative, but got ${p}`);
  if (p > Math.trunc(k / 2)) fail(`padding should be at most half of kernel size, but got padding=${p} and kernel_size=${k}`);
  if (d <= 0) fail(`dilation must be greater than zero, but got ${d}`);
  const out = pooledSize(x.shape[x.ndim - 1]!, k, p, s, d, ceil);
  if (out <= 0) fail(`Invalid computed output size: ${out}`);
}

/** A 2-d output_size: one int for both, or a list whose Nones become the input's trailing sizes (F's _list_with_default). */
export function withDefaults(outputSize: number | readonly (number | null)[], x: Tensor): number[] {
  if (typeof outputSize === 'number') return [outputSize, outputSize];
  const tail = x.shape.slice(x.ndim - outputSize.length);
  return outputSize.map((v, i) => (v === null ? tail[i]! : v));
}

/** Adaptive max pooling over the last two dims: windows [floor(i * in / out), ceil((i + 1) * in / out)). */
export function adaptiveMaxPool2dImpl(x: Tensor, outputSize: number | readonly (number | null)[], returnIndices: boolean): Tensor | [Tensor, Tensor] {
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new ShapeError(`adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [${x.shape.join(', ')}]`, 'RuntimeError');
  }
  for (let i = 1; i < x.ndim; i++) {
    if (x.shape[i] === 0) {
      throw new ShapeError(
        `adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${x.shape.join(', ')}] `
          + `with dimension ${i} being empty`,
        'RuntimeError',
      );
    }
  }
  const sizes = withDefaults(outputSize, x);
  if (sizes.length !== 2) throw new ShapeError('adaptive_max_pool2d(): internal error: output_size.size() must be 2', 'RuntimeError');
  const [oH, oW] = sizes;
  const outShape = [...x.shape.slice(0, x.ndim - 2), oH!, oW!];
  const negative = outShape.find((n) => n < 0);
  if (negative !== undefined) {
    throw new ShapeError(`Trying to create tensor with negative dimension ${negative}: [${outShape.join(', ')}]`, 'RuntimeError');
  }
  checkFloating('adaptive_max_pool2d', x);
  const H = x.shape[x.ndim - 2]!;
  const W = x.shape[x.ndim - 1]!;
  const axes = [adaptiveWindows(H, oH!, 'repeat').axis, adaptiveWindows(W, oW!, 'repeat').axis];
  const [out, indices] = windowMax(x, axes, returnIndices);
  return returnIndices ? [out, indices!] : out;
}

type Pool = Tensor | [Tensor, Tensor];
type SizeArg = number | number[];

export interface MaxPoolOptions {
  input?: Tensor;
  kernel_size?: SizeArg;
  stride?: SizeArg | null;
  padding?: SizeArg;
  dilation?: SizeArg;
  ceil_mode?: boolean;
  return_indices?: boolean;
}
type MaxPoolParams = [
  input: Tensor, kernel_size: SizeArg, stride?: SizeArg | null, padding?: SizeArg, dilation?: SizeArg, ceil_mode?: boolean, return_indices?: boolean,
];

// Named as PyTorch's messages name them: boolean_dispatch's function without indices, _max_pool2d.
const maxPoolText = (name: string): string =>
  `_${name}(Tensor input, int|int[] kernel_size, int|int[]? stride=None, int|int[] padding=0, int|int[] dilation=1, `
  + 'bool ceil_mode=False, bool return_indices=False)';

/** F.max_pool1d: (N, C, L) or (C, L); with return_indices, [output, indices into each L]. */
export const max_pool1d = defineFunction<(...args: PyArgs<MaxPoolParams, MaxPoolOptions>) => Pool>(
  'max_pool1d', maxPoolText('max_pool1d'),
  (a) => maxPool1dImpl(a.input, a.kernel_size, a.stride, a.padding, a.dilation, a.ceil_mode, a.return_indices), DISPATCH,
);

/** F.max_pool2d: (N, C, H, W) or (C, H, W); with return_indices, [output, flat indices into each H * W plane]. */
export const max_pool2d = defineFunction<(...args: PyArgs<MaxPoolParams, MaxPoolOptions>) => Pool>(
  'max_pool2d', maxPoolText('max_pool2d'),
  (a) => maxPool2dImpl(a.input, pool2dArgs('max_pool2d', a.kernel_size, a.stride, a.padding, a.dilation, a.ceil_mode), a.return_indices),
  DISPATCH,
);

export interface AdaptiveMaxPoolOptions { input?: Tensor; output_size?: number | (number | null)[]; return_indices?: boolean }
/** F.adaptive_max_pool2d: output_size an int, or two, each None for the input's own size. */
export const adaptive_max_pool2d = defineFunction<
  (...args: PyArgs<[input: Tensor, output_size: number | (number | null)[], return_indices?: boolean], AdaptiveMaxPoolOptions>) => Pool
>(
  'adaptive_max_pool2d', `_adaptive_max_pool2d(Tensor input, ${OUTPUT_SIZE} output_size, bool return_indices=False)`,
  (a) => adaptiveMaxPool2dImpl(a.input, a.output_size, a.return_indices), DISPATCH,
);
