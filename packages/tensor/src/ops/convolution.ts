// Convolution: PyTorch's aten::convolution as one composite table entry (a backend may register a
// kernel under its name), and the torch.conv1d / conv2d / conv_transpose1d / conv_transpose2d
// wrappers that batchify, resolve string padding and call it. The composite is im2col (or col2im
// for the transposed form) around one batched matmul per group, so it runs on every device and
// autograd follows the ops it records.
import { scalarName } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { type Bound, type PyArgs, argType, defineArgType, defineFunction } from '../signature/index.js';
import type { Tensor } from '../tensor.js';
import { blockCount, col2imOp, im2colOp } from './im2col.js';
import { constant_pad_nd } from './join.js';
import { defineComposite } from './table.js';

export interface ConvolutionAttrs {
  stride: number[];
  padding: number[];
  dilation: number[];
  transposed: boolean;
  output_padding: number[];
  groups: number;
}

const sizes = (xs: readonly number[]): string => `[${xs.join(', ')}]`;
const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** A parameter given as one int or a list: one value per spatial dim (PyTorch's expand_param_if_needed). */
function expandParam(value: readonly number[], name: string, dims: number): number[] {
  if (value.length === 1) return new Array<number>(dims).fill(value[0]!);
  if (value.length !== dims) {
    throw new ShapeError(
      `expected ${name} to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got ${name}=${sizes(value)}`,
    );
  }
  return [...value];
}

/** PyTorch's check_shape_forward and the backends' output_padding and output size checks, in its order. */
function checkConvolution(inputs: readonly Tensor[], a: ConvolutionAttrs): void {
  const [input, weight, bias] = inputs as [Tensor, Tensor, Tensor | undefined];
  const w = weight.shape;
  if (a.padding.some((p) => p < 0)) throw new ShapeError('negative padding is not supported');
  if (a.output_padding.some((p) => p < 0)) throw new ShapeError('negative output_padding is not supported');
  if (a.stride.some((s) => s <= 0)) throw new ShapeError('non-positive stride is not supported');
  if (a.dilation.some((d) => d < 0)) throw new ShapeError('dilation should be greater than zero');
  if (a.groups <= 0) throw new ShapeError('non-positive groups is not supported');
  if (w.length !== input.ndim) {
    throw new ShapeError(
      `Expected ${w.length}-dimensional input for ${w.length}-dimensional weight ${sizes(w)}, but got ${input.ndim}-dimensional input of size ${sizes(input.shape)} instead`,
    );
  }
  if (w[0]! < a.groups) {
    throw new ShapeError(`Given groups=${a.groups}, expected weight to be at least ${a.groups} at dimension 0, but got weight of size ${sizes(w)} instead`);
  }
  if (w[0]! % a.groups !== 0) {
    // NOTE: PyTorch prints this weight size in double brackets.
    throw new ShapeError(`Given groups=${a.groups}, expected weight to be divisible by ${a.groups} at dimension 0, but got weight of size [${sizes(w)}] instead`);
  }
  const spatial = input.shape.slice(2);
  if (!a.transposed) {
    const channels = w[1]! * a.groups;
    if (input.shape[1] !== channels) {
      throw new ShapeError(
        `Given groups=${a.groups}, weight of size ${sizes(w)}, expected input${sizes(input.shape)} to have ${channels} channels, but got ${input.shape[1]} channels instead`,
      );
    }
    checkBias(bias, `Given weight of size ${sizes(w)}`, w[0]!);
    const padded = spatial.map((s, i) => s + 2 * a.padding[i]!);
    const kernel = w.slice(2).map((k, i) => a.dilation[i]! * (k - 1) + 1);
    if (padded.some((p, i) => p < kernel[i]!)) {
      throw new ShapeError(
        `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${kernel.join(' x ')}). Kernel size can't be greater than actual input size`,
      );
    }
  } else {
    if (input.shape[1] !== w[0]) {
      throw new ShapeError(
        `Given transposed=1, weight of size ${sizes(w)}, expected input${sizes(input.shape)} to have ${w[0]} channels, but got ${input.shape[1]} channels instead`,
      );
    }
    checkBias(bias, `Given transposed=1, weight of size ${sizes(w)}`, w[1]! * a.groups);
    checkOutputPadding(a);
    const out = transposedSize(input, weight, a);
    if (out.some((s) => s < 1)) {
      throw new ShapeError(`Given input size per channel: (${spatial.join(' x ')}). Calculated output size per channel: (${out.join(' x ')}). Output size is too small`);
    }
  }
  checkZeroDilation(a);
  checkDTypes(input, weight, bias);
}

/** A zero dilation passes the shape checks and is refused by PyTorch's kernels, in their words (1-d run as 2-d). */
function checkZeroDilation(a: ConvolutionAttrs): void {
  if (a.dilation.every((d) => d > 0)) return;
  const [h, w] = a.dilation.length === 1 ? [1, a.dilation[0]!] : a.dilation;
  if (a.transposed) throw new ShapeError(`dilation should be greater than zero, but got dilation_height: ${h}, dilation_width: ${w}`);
  throw new ShapeError(`dilation should be greater than zero, but got ${sizes(a.dilation.length === 1 ? [h!, w!] : a.dilation)}`);
}

function checkBias(bias: Tensor | undefined, given: string, channels: number): void {
  if (bias !== undefined && (bias.ndim !== 1 || bias.shape[0] !== channels)) {
    throw new ShapeError(`${given}, expected bias to be 1-dimensional with ${channels} elements, but got bias of size ${sizes(bias.shape)} instead`);
  }
}

/** PyTorch's transposed kernels run 1-d as 2-d with a unit height, and name both dims. */
function checkOutputPadding(a: ConvolutionAttrs): void {
  const ok = a.output_padding.every((p, i) => p < a.stride[i]! || p < a.dilation[i]!);
  if (ok) return;
  const two = (xs: readonly number[], unit: number) => (xs.length === 1 ? [unit, xs[0]!] : xs);
  const [oh, ow] = two(a.output_padding, 0);
  const [sh, sw] = two(a.stride, 1);
  const [dh, dw] = two(a.dilation, 1);
  throw new ShapeError(
    `output padding must be smaller than either stride or dilation, but got output_padding_height: ${oh} output_padding_width: ${ow} `
    + `stride_height: ${sh} stride_width: ${sw} dilation_height: ${dh} dilation_width: ${dw}`,
  );
}

/** PyTorch checks the bias's dtype before the weight's. */
function checkDTypes(input: Tensor, weight: Tensor, bias: Tensor | undefined): void {
  if (bias !== undefined && bias.dtype !== input.dtype) {
    const name = (t: Tensor) => scalarName(t.dtype).toLowerCase();
    throw new DTypeError(`Input type (${name(input)}) and bias type (${name(bias)}) should be the same`);
  }
  if (weight.dtype !== input.dtype) {
    throw new DTypeError(`expected scalar type ${scalarName(input.dtype)} but found ${scalarName(weight.dtype)}`);
  }
}

/** (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1, per spatial dim. */
function transposedSize(input: Tensor, weight: Tensor, a: ConvolutionAttrs): number[] {
  return input.shape.slice(2).map((s, i) => (s - 1) * a.stride[i]! - 2 * a.padding[i]! + a.dilation[i]! * (weight.shape[2 + i]! - 1) + a.output_padding[i]! + 1);
}

/** bias as [1, C, 1, ...] added to a batched result. */
function addBias(out: Tensor, bias: Tensor | undefined): Tensor {
  if (bias === undefined) return out;
  return out.add(bias.reshape([1, bias.shape[0]!, ...new Array<number>(out.ndim - 2).fill(1)]));
}

/**
 * input [N, C, *spatial], weight [O, C / G, *kernel]: the blocks as columns [N, G, C / G * K, L],
 * multiplied by the weight as [G, O / G, C / G * K].
 */
function forwardComposite(input: Tensor, weight: Tensor, bias: Tensor | undefined, a: ConvolutionAttrs): Tensor {
  const [N, C] = input.shape as [number, number];
  const O = weight.shape[0]!;
  const G = a.groups;
  const kernel = weight.shape.slice(2);
  const cols = im2colOp.call([input], { kernel_size: kernel, dilation: a.dilation, padding: a.padding, stride: a.stride });
  const blocks = input.shape.slice(2).map((s, i) => blockCount(s + 2 * a.padding[i]!, kernel[i]!, a.dilation[i]!, a.stride[i]!));
  const out = weight.reshape([G, O / G, -1]).matmul(cols.reshape([N, G, (C / G) * product(kernel), product(blocks)]));
  return addBias(out.reshape([N, O, ...blocks]), bias);
}

/**
 * input [N, C, *spatial], weight [C, O / G, *kernel]: each input position's contribution to every
 * kernel offset, [N, G, O / G * K, L], summed into the output by col2im.
 */
function transposedComposite(input: Tensor, weight: Tensor, bias: Tensor | undefined, a: ConvolutionAttrs): Tensor {
  const [N, C] = input.shape as [number, number];
  const G = a.groups;
  const spatial = input.shape.slice(2);
  const kernel = weight.shape.slice(2);
  const w = weight.reshape([G, C / G, -1]).transpose(1, 2);
  const cols = w.matmul(input.reshape([N, G, C / G, product(spatial)]));
  const O = weight.shape[1]! * G;
  const out = col2imOp.call([cols.reshape([N, O * product(kernel), product(spatial)])], {
    output_size: transposedSize(input, weight, a), blocks: spatial, kernel_size: kernel, dilation: a.dilation, padding: a.padding, stride: a.stride,
  });
  return addBias(out, bias);
}

function convolutionComposite(inputs: readonly Tensor[], a: ConvolutionAttrs): Tensor {
  const [input, weight, bias] = inputs as [Tensor, Tensor, Tensor | undefined];
  return a.transposed ? transposedComposite(input, weight, bias, a) : forwardComposite(input, weight, bias, a);
}

/** aten::convolution on a batched input: inputs [input, weight] or [input, weight, bias]. */
const convolutionOp = defineComposite<ConvolutionAttrs>('convolution', {
  composite: (inputs, a) => convolutionComposite(inputs, a),
  derivative: 'composite',
  check: checkConvolution,
});

/** Runs the op with each list parameter expanded to the weight's spatial dims. */
function runConvolution(input: Tensor, weight: Tensor, bias: Tensor | null, a: ConvolutionAttrs): Tensor {
  if (weight.ndim < 3) throw new ShapeError('weight should have at least three dimensions');
  const dims = weight.ndim - 2;
  const attrs: ConvolutionAttrs = {
    stride: expandParam(a.stride, 'stride', dims),
    padding: expandParam(a.padding, 'padding', dims),
    dilation: expandParam(a.dilation, 'dilation', dims),
    transposed: a.transposed,
    output_padding: expandParam(a.output_padding, 'output_padding', dims),
    groups: a.groups,
  };
  return convolutionOp.call(bias === null ? [input, weight] : [input, weight, bias], attrs);
}

/** One int stands for every spatial dim (PyTorch's SymInt[N] arguments); a list passes as given. */
const asList = (v: number | number[], dims: number): number[] => (typeof v === 'number' ? new Array<number>(dims).fill(v) : v);

export interface ConvolutionOptions {
  input?: Tensor;
  weight?: Tensor;
  bias?: Tensor | null;
  stride?: number[];
  padding?: number[];
  dilation?: number[];
  transposed?: boolean;
  output_padding?: number[];
  groups?: number;
}
type ConvolutionFn = (
  ...args: PyArgs<[input: Tensor, weight: Tensor, bias: Tensor | null, stride: number[], padding: number[], dilation: number[],
    transposed: boolean, output_padding: number[], groups: number], ConvolutionOptions>
) => Tensor;
/** torch.convolution: the op itself, on a batched input. */
export const convolution = defineFunction<ConvolutionFn>(
  'convolution',
  'convolution(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, bool transposed, int[] output_padding, int groups)',
  (a) => runConvolution(a.input, a.weight, a.bias, {
    stride: a.stride, padding: a.padding, dilation: a.dilation, transposed: a.transposed, output_padding: a.output_padding, groups: a.groups,
  }),
);

/** An input of `dims` spatial dims, with or without its batch dim, as a batch (PyTorch's batchify). */
function batchify(input: Tensor, dims: number, name: string): [Tensor, boolean] {
  if (input.ndim !== dims + 1 && input.ndim !== dims + 2) {
    throw new ShapeError(`Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${name}, but got input of size: ${sizes(input.shape)}`);
  }
  const batched = input.ndim === dims + 2;
  return [batched ? input : input.unsqueeze(0), batched];
}

/** 'valid' is no padding; 'same' pads (dilation * (kernel - 1)) / 2 each side, the odd element after. */
function stringPadding(input: Tensor, weight: Tensor, padding: string, stride: number[], dilation: number[]): [Tensor, number[]] {
  const dims = weight.ndim - 2;
  if (padding === 'valid') return [input, new Array<number>(dims).fill(0)];
  if (padding !== 'same') throw new ShapeError(`Invalid padding string: '${padding}'`);
  if (weight.ndim !== input.ndim) {
    throw new ShapeError(
      `Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight${sizes(weight.shape)}, but got ${input.ndim}-dimensional input of size ${sizes(input.shape)} instead`,
    );
  }
  const d = expandParam(dilation, 'dilation', dims);
  if (expandParam(stride, 'stride', dims).some((s) => s !== 1)) throw new ShapeError("padding='same' is not supported for strided convolutions");
  const total = weight.shape.slice(2).map((k, i) => d[i]! * (k - 1));
  const left = total.map((t) => Math.floor(t / 2));
  if (total.every((t, i) => t === 2 * left[i]!)) return [input, left];
  // The odd extra element goes after: pad it explicitly, last dim first as constant_pad_nd reads.
  const extra = total.map((t, i) => t - 2 * left[i]!).reverse().flatMap((e) => [0, e]);
  return [constant_pad_nd(input, extra), left];
}

function convNd(a: Bound, dims: number, name: string): Tensor {
  const [input, batched] = batchify(a.input, dims, name);
  const stride = asList(a.stride, dims);
  const dilation = asList(a.dilation, dims);
  const [x, padding] = typeof a.padding === 'string' ? stringPadding(input, a.weight, a.padding, stride, dilation) : [input, asList(a.padding, dims)];
  const out = runConvolution(x, a.weight, a.bias, { stride, padding, dilation, transposed: false, output_padding: [0], groups: a.groups });
  return batched ? out : out.squeeze(0);
}

function convTransposeNd(a: Bound, dims: number, name: string): Tensor {
  const [input, batched] = batchify(a.input, dims, name);
  const out = runConvolution(input, a.weight, a.bias, {
    stride: asList(a.stride, dims), padding: asList(a.padding, dims), dilation: asList(a.dilation, dims), transposed: true, output_padding: asList(a.output_padding, dims), groups: a.groups,
  });
  return batched ? out : out.squeeze(0);
}

type IntOrList = number | number[];

/**
 * PyTorch's SymInt[N] as its parser takes it: a list of any length (checked against the weight's
 * spatial dims later, with PyTorch's message), or one int that stands for every spatial dim.
 */
const INTS = defineArgType('SymIntList', {
  label: 'tuple of ints',
  element: argType('int'),
  coerce: (v) => (Array.isArray(v) ? argType('int[]').coerce(v) : argType('int').coerce(v)),
});

export interface ConvOptions {
  input?: Tensor;
  weight?: Tensor;
  bias?: Tensor | null;
  stride?: IntOrList;
  padding?: IntOrList | 'same' | 'valid';
  dilation?: IntOrList;
  groups?: number;
}
type ConvFn = (
  ...args: PyArgs<[input: Tensor, weight: Tensor, bias?: Tensor | null, stride?: IntOrList, padding?: IntOrList | 'same' | 'valid',
    dilation?: IntOrList, groups?: number], ConvOptions>
) => Tensor;
const convTexts = (name: string) => [
  `${name}(Tensor input, Tensor weight, Tensor? bias=None, ${INTS} stride=1, ${INTS} padding=0, ${INTS} dilation=1, int groups=1)`,
  `${name}(Tensor input, Tensor weight, Tensor? bias=None, ${INTS} stride=1, str padding="valid", ${INTS} dilation=1, int groups=1)`,
];
/** torch.conv1d (nn.functional.conv1d): input [N, C, L] or [C, L], weight [O, C / groups, k]. */
export const conv1d = defineFunction<ConvFn>('conv1d', convTexts('conv1d'), (a) => convNd(a, 1, 'conv1d'));
/** torch.conv2d (nn.functional.conv2d): input [N, C, H, W] or [C, H, W], weight [O, C / groups, kh, kw]. */
export const conv2d = defineFunction<ConvFn>('conv2d', convTexts('conv2d'), (a) => convNd(a, 2, 'conv2d'));

export interface ConvTransposeOptions {
  input?: Tensor;
  weight?: Tensor;
  bias?: Tensor | null;
  stride?: IntOrList;
  padding?: IntOrList;
  output_padding?: IntOrList;
  groups?: number;
  dilation?: IntOrList;
}
type ConvTransposeFn = (
  ...args: PyArgs<[input: Tensor, weight: Tensor, bias?: Tensor | null, stride?: IntOrList, padding?: IntOrList, output_padding?: IntOrList,
    groups?: number, dilation?: IntOrList], ConvTransposeOptions>
) => Tensor;
const convTransposeText = (name: string) => `${name}(Tensor input, Tensor weight, Tensor? bias=None, ${INTS} stride=1, ${INTS} padding=0, `
  + `${INTS} output_padding=0, int groups=1, ${INTS} dilation=1)`;
/** torch.conv_transpose1d (nn.functional.conv_transpose1d): weight [C, O / groups, k]. */
export const conv_transpose1d = defineFunction<ConvTransposeFn>('conv_transpose1d', convTransposeText('conv_transpose1d'), (a) => convTransposeNd(a, 1, 'conv_transpose1d'));
/** torch.conv_transpose2d (nn.functional.conv_transpose2d): weight [C, O / groups, kh, kw]. */
export const conv_transpose2d = defineFunction<ConvTransposeFn>('conv_transpose2d', convTransposeText('conv_transpose2d'), (a) => convTransposeNd(a, 2, 'conv_transpose2d'));
