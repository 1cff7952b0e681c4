// F.interpolate in its 'nearest', 'linear', 'bilinear' and 'area' modes. Source indices and
// weights are computed from shapes alone, in the precision PyTorch's CPU kernels use
// (aten/src/ATen/native/UpSample.h, cpu/UpSampleKernel.cpp), then applied with index_select,
// mul and add, one spatial axis at a time (the last axis first, as PyTorch's separable kernel
// nests them), so that it runs on every device and autograd follows.
import { type PyArgs, ShapeError, type Tensor, ValueError, WickError, defineFunction, tensor } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';
import { adaptiveAvgPool1dImpl, adaptiveAvgPool2dImpl } from './avg-pool.js';
import { checkFloating } from './pool-args.js';

const F = { ...PY_FUNCTION, namespace: 'nn.functional' } as const;

/** Rounding to the kernel's arithmetic type: float for float32 (and, in nearest_idx, always). */
type Round = (x: number) => number;
const f32: Round = Math.fround;
const f64: Round = (x) => x;

/** compute_scales_value: 1 / scale_factor when one was given, else in / out, in `r`'s precision. */
function scaleOf(r: Round, scale: number | null, inSize: number, outSize: number): number {
  return scale !== null && scale > 0 ? r(1 / scale) : r(r(inSize) / outSize);
}

/**
 * Nearest source indices. 2-d inputs go through PyTorch's nearest_idx (float arithmetic, with
 * exact shortcuts for the same size and for doubling); 1-d inputs through its precomputed index
 * tables, whose arithmetic is the input's and whose floor goes through float (floorf).
 */
function nearestIndices(inSize: number, outSize: number, scale: number | null, dtype: Tensor['dtype'], spatial: number): number[] {
  const out: number[] = [];
  if (spatial === 2) {
    const s = scaleOf(f32, scale, inSize, outSize);
    for (let i = 0; i < outSize; i++) {
      if (outSize === inSize) out.push(i);
      else if (outSize === 2 * inSize) out.push(i >> 1);
      else out.push(Math.min(Math.floor(f32(f32(i) * s)), inSize - 1));
    }
    return out;
  }
  const r = dtype === 'float64' ? f64 : f32;
  const s = scaleOf(r, scale, inSize, outSize);
  for (let i = 0; i < outSize; i++) out.push(Math.min(Math.floor(f32(r(i * s))), inSize - 1));
  return out;
}

/** compute_source_index_and_lambda per output index: [i0, i1, lambda0, lambda1], in the input's precision. */
function linearWeights(inSize: number, outSize: number, alignCorners: boolean, scale: number | null, dtype: Tensor['dtype']) {
  const r = dtype === 'float64' ? f64 : f32;
  const i0: number[] = [];
  const i1: number[] = [];
  const l0: number[] = [];
  const l1: number[] = [];
  let s: number;
  if (alignCorners) s = outSize > 1 ? r(r(inSize - 1) / (outSize - 1)) : 0;
  else s = scaleOf(r, scale, inSize, outSize);
  for (let o = 0; o < outSize; o++) {
    if (outSize === inSize) {
      i0.push(o);
      i1.push(o);
      l0.push(1);
      l1.push(0);
      continue;
    }
    let real = alignCorners ? r(s * o) : r(r(s * (o + 0.5)) - 0.5);
    // NOTE: area_pixel_compute_source_index clamps at 0 without align_corners (not for cubic).
    if (!alignCorners && real < 0) real = 0;
    const idx = Math.min(Math.floor(f32(real)), inSize - 1);
    const lambda = Math.min(Math.max(r(real - idx), 0), 1);
    i0.push(idx);
    i1.push(idx + (idx < inSize - 1 ? 1 : 0));
    l1.push(lambda);
    l0.push(r(1 - lambda));
  }
  return { i0, i1, l0, l1 };
}

const index = (v: number[], x: Tensor): Tensor => tensor(v, { dtype: 'int64', device: x.device });

/** Weights along dim `d` of x: shaped to broadcast over the dims after it. */
function along(v: number[], x: Tensor, d: number): Tensor {
  return tensor(v, { dtype: x.dtype, device: x.device }).reshape([v.length, ...Array<number>(x.ndim - 1 - d).fill(1)]);
}

function resize(x: Tensor, sizes: number[], scales: (number | null)[], mode: string, alignCorners: boolean): Tensor {
  const spatial = sizes.length;
  let y = x;
  // The last axis first: PyTorch's kernel interpolates the innermost axis, then the ones outside it.
  for (let a = spatial - 1; a >= 0; a--) {
    const d = x.ndim - spatial + a;
    const inSize = x.shape[d]!;
    if (mode === 'nearest') {
      y = y.index_select(d, index(nearestIndices(inSize, sizes[a]!, scales[a]!, x.dtype, spatial), x));
    } else {
      const w = linearWeights(inSize, sizes[a]!, alignCorners, scales[a]!, x.dtype);
      y = y.index_select(d, index(w.i0, x)).mul(along(w.l0, x, d)).add(y.index_select(d, index(w.i1, x)).mul(along(w.l1, x, d)));
    }
  }
  return y;
}

const MODES = 'nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact';
const SPATIAL: Record<string, number> = { linear: 1, bilinear: 2, trilinear: 3 };

/** PyTorch's interpolate: the checks of torch/nn/functional.py in its order, then the resize. */
export function interpolateImpl(
  input: Tensor, size: number | number[] | null, scaleFactor: number | number[] | null, mode: string,
  alignCornersArg: boolean | null, recompute: boolean | null, antialias: boolean,
): Tensor {
  const interpolating = !['nearest', 'area', 'nearest-exact'].includes(mode);
  if (!interpolating && alignCornersArg !== null) {
    throw new ValueError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear', 'ValueError');
  }
  const alignCorners = alignCornersArg ?? false;
  const dim = input.ndim - 2;
  const spatialShape = `[${input.shape.slice(2).join(', ')}]`;
  let sizes: number[] | null = null;
  let scales: number[] | null = null;
  if (size !== null && scaleFactor !== null) throw new ValueError('only one of size or scale_factor should be defined', 'ValueError');
  if (size !== null) {
    if (Array.isArray(size) && size.length !== dim) {
      throw new ValueError(
        `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${spatialShape} `
          + `and output size of (${size.join(', ')}${size.length === 1 ? ',' : ''}). Please provide input tensor in (N, C, d1, d2, ...,dK) format and `
          + 'output size in (o1, o2, ...,oK) format.',
        'ValueError',
      );
    }
    sizes = Array.isArray(size) ? [...size] : Array<number>(Math.max(dim, 0)).fill(size);
  } else if (scaleFactor !== null) {
    if (Array.isArray(scaleFactor) && scaleFactor.length !== dim) {
      throw new ValueError(
        `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${spatialShape} `
          + `and scale_factor of shape (${scaleFactor.map(pyFloatText).join(', ')}${scaleFactor.length === 1 ? ',' : ''}). `
          + 'Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.',
        'ValueError',
      );
    }
    scales = Array.isArray(scaleFactor) ? [...scaleFactor] : Array<number>(Math.max(dim, 0)).fill(scaleFactor);
  } else {
    throw new ValueError('either size or scale_factor should be defined', 'ValueError');
  }
  if (recompute === true && size !== null) throw new ValueError('recompute_scale_factor is not meaningful with an explicit size.', 'ValueError');
  if (scales !== null && (recompute === true || mode === 'area')) {
    // The output size from the scale, then the scale forgotten: the kernel recomputes it as in / out.
    sizes = scales.map((s, i) => Math.trunc(input.shape[i + 2]! * s));
    scales = null;
  }
  if (antialias && !(['bilinear', 'bicubic', 'lanczos'].includes(mode) && input.ndim === 4)) {
    throw new ValueError(
      'Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input', 'ValueError',
    );
  }
  const wanted = SPATIAL[mode];
  if (wanted !== undefined && wanted !== dim && input.ndim >= 3 && input.ndim <= 5) {
    throw new WickError(`Got ${input.ndim}D input, but ${mode} mode needs ${wanted + 2}D input`, 'NotImplementedError');
  }
  if (input.ndim < 3 || input.ndim > 5 || !MODES.split(' | ').includes(mode)) {
    throw new WickError(
      `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.ndim}D) for the modes: ${MODES} (got ${mode})`, 'NotImplementedError',
    );
  }
  if (antialias || !['nearest', 'linear', 'bilinear', 'area'].includes(mode) || dim > 2) {
    const what = antialias ? 'antialias=True' : `mode '${mode}' on ${input.ndim}D input`;
    throw new WickError(`interpolate: wick does not support ${what} (it has nearest, linear, bilinear and area on 3D and 4D input)`, 'NotImplementedError');
  }
  const outSizes = sizes ?? scales!.map((s, i) => Math.trunc(input.shape[i + 2]! * s));
  if (mode === 'area') return dim === 1 ? adaptiveAvgPool1dImpl(input, outSizes) : adaptiveAvgPool2dImpl(input, outSizes);
  checkSizes(input, outSizes);
  // PyTorch's 2-d nearest kernel also copies uint8 images; its other kernels take floating dtypes.
  if (!(mode === 'nearest' && dim === 2 && input.dtype === 'uint8')) {
    const kernel = dim === 1 ? `compute_indices_weights_${mode === 'nearest' ? 'nearest' : 'linear'}` : `upsample_${mode}2d_channels_last`;
    checkFloating(kernel, input);
  }
  return resize(input, outSizes, scales ?? outSizes.map(() => null), mode, alignCorners);
}

/** Python's repr of a float inside the messages: 2.0, not 2. */
function pyFloatText(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** upsample's check: every input and output size positive, named by axis. */
function checkSizes(input: Tensor, outSizes: number[]): void {
  const names = outSizes.length === 1 ? ['W'] : ['H', 'W'];
  const ins = input.shape.slice(2);
  if (ins.every((n) => n > 0) && outSizes.every((n) => n > 0)) return;
  const show = (v: readonly number[]) => v.map((n, i) => `${names[i]}: ${n}`).join(', ');
  const joiner = outSizes.length === 1 ? ' and ' : ' ';
  throw new ShapeError(`Input and output sizes should be greater than 0, but got input (${show(ins)})${joiner}output (${show(outSizes)})`, 'RuntimeError');
}

export interface InterpolateOptions {
  input?: Tensor;
  size?: number | number[] | null;
  scale_factor?: number | number[] | null;
  mode?: string;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
  antialias?: boolean;
}
type InterpolateParams = [
  input: Tensor, size?: number | number[] | null, scale_factor?: number | number[] | null, mode?: string, align_corners?: boolean | null,
  recompute_scale_factor?: boolean | null, antialias?: boolean,
];

/** F.interpolate: resize (N, C, L) or (N, C, H, W) to `size` or by `scale_factor`. */
export const interpolate = defineFunction<(...args: PyArgs<InterpolateParams, InterpolateOptions>) => Tensor>(
  'interpolate',
  "interpolate(Tensor input, int|int[]? size=None, float|float[]? scale_factor=None, str mode='nearest', bool? align_corners=None, "
    + 'bool? recompute_scale_factor=None, bool antialias=False)',
  (a) => interpolateImpl(a.input, a.size, a.scale_factor, a.mode, a.align_corners, a.recompute_scale_factor, a.antialias),
  F,
);
