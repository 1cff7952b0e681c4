// Conv, ConvTranspose and the pools. ONNX gives each spatial dimension its own begin and end
// padding; PyTorch pads both ends alike, so uneven padding is applied first with F.pad.
import { type Tensor, convolution } from '@wick/tensor';
import { functional as F } from '@wick/nn';
import { OnnxError } from '../../errors.js';
import { type NodeRun, type Operator, need, op, outputsAtMost } from './operator.js';

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** Padding at the start of each spatial dim, and at its end. */
  begin: number[];
  end: number[];
}

/** The window attributes of a Conv or pool over x, auto_pad resolved to explicit pads. */
function windowOf(n: NodeRun, x: Tensor, kernelFallback?: readonly number[]): Window {
  const spatial = x.ndim - 2;
  const kernel = n.attrs.ints('kernel_shape') ?? kernelFallback?.slice();
  if (kernel === undefined || kernel.length !== spatial) {
    throw new OnnxError(`${n.label}: kernel_shape [${kernel?.join(', ') ?? ''}] does not match the input's ${spatial} spatial dims`);
  }
  const ones = kernel.map(() => 1);
  const strides = n.attrs.ints('strides') ?? ones;
  const dilations = n.attrs.ints('dilations') ?? ones;
  const autoPad = n.attrs.string('auto_pad', 'NOTSET');
  if (autoPad === 'NOTSET') {
    const pads = n.attrs.ints('pads') ?? [...kernel.map(() => 0), ...kernel.map(() => 0)];
    return { kernel, strides, dilations, begin: pads.slice(0, spatial), end: pads.slice(spatial) };
  }
  if (autoPad === 'VALID') return { kernel, strides, dilations, begin: kernel.map(() => 0), end: kernel.map(() => 0) };
  if (autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER') throw new OnnxError(`${n.label}: auto_pad '${autoPad}' is not one of ONNX's`);
  // SAME_*: the output size is ceil(input / stride); the extra padding goes at the end (UPPER) or start (LOWER).
  const total = kernel.map((k, i) => {
    const size = x.shape[i + 2]!;
    return Math.max((Math.ceil(size / strides[i]!) - 1) * strides[i]! + (k - 1) * dilations[i]! + 1 - size, 0);
  });
  const first = total.map((t) => (autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2)));
  return { kernel, strides, dilations, begin: first, end: total.map((t, i) => t - first[i]!) };
}

/** x with uneven padding applied (value `fill`), and the even padding left for the op. */
function evenPadding(x: Tensor, w: Window, fill: number): { x: Tensor; padding: number[] } {
  if (w.begin.every((b, i) => b === w.end[i])) return { x, padding: w.begin };
  const pad = w.begin.flatMap((_, i) => [w.begin[w.begin.length - 1 - i]!, w.end[w.end.length - 1 - i]!]);
  return { x: F.pad(x, pad, 'constant', fill), padding: w.begin.map(() => 0) };
}

function spatialRank(n: NodeRun, x: Tensor, ranks: readonly number[]): void {
  if (!ranks.includes(x.ndim - 2)) {
    throw new OnnxError(`${n.label}: wick runs it over ${ranks.join(' or ')} spatial dims; the input has shape [${x.shape.join(', ')}]`);
  }
}

function conv(n: NodeRun): Tensor {
  const x0 = need(n, 0, 'X');
  const weight = need(n, 1, 'W');
  spatialRank(n, x0, [1, 2, 3]);
  const w = windowOf(n, x0, weight.shape.slice(2));
  const { x, padding } = evenPadding(x0, w, 0);
  return convolution(x, weight, n.inputs[2] ?? null, w.strides, padding, w.dilations, false, w.kernel.map(() => 0), n.attrs.int('group', 1));
}

function convTranspose(n: NodeRun): Tensor {
  const x = need(n, 0, 'X');
  const weight = need(n, 1, 'W');
  spatialRank(n, x, [1, 2, 3]);
  if (n.attrs.has('output_shape')) throw new OnnxError(`${n.label}: attribute output_shape is not supported by wick (give pads and output_padding)`);
  n.attrs.expect('auto_pad', ['NOTSET'], 'NOTSET');
  const w = windowOf(n, x, weight.shape.slice(2));
  if (!w.begin.every((b, i) => b === w.end[i])) throw new OnnxError(`${n.label}: uneven pads [${[...w.begin, ...w.end].join(', ')}] are not supported by wick`);
  const outputPadding = n.attrs.ints('output_padding') ?? w.kernel.map(() => 0);
  return convolution(x, weight, n.inputs[2] ?? null, w.strides, w.begin, w.dilations, true, outputPadding, n.attrs.int('group', 1));
}

function maxPool(n: NodeRun): Tensor {
  const x0 = need(n, 0, 'X');
  spatialRank(n, x0, [1, 2]);
  n.attrs.expect('storage_order', [0], 0);
  outputsAtMost(n, 1, 'Indices');
  const w = windowOf(n, x0);
  const { x, padding } = evenPadding(x0, w, -Infinity);
  const options = { stride: w.strides, padding, dilation: w.dilations, ceil_mode: n.attrs.int('ceil_mode', 0) === 1 };
  return (x.ndim === 3 ? F.max_pool1d(x, w.kernel, options) : F.max_pool2d(x, w.kernel, options)) as Tensor;
}

function averagePool(n: NodeRun): Tensor {
  const x = need(n, 0, 'X');
  spatialRank(n, x, [1, 2]);
  const w = windowOf(n, x);
  if (w.dilations.some((d) => d !== 1)) throw new OnnxError(`${n.label}: dilations [${w.dilations.join(', ')}] are not supported by wick's average pooling`);
  if (!w.begin.every((b, i) => b === w.end[i])) throw new OnnxError(`${n.label}: uneven pads [${[...w.begin, ...w.end].join(', ')}] are not supported by wick`);
  const options = { stride: w.strides, padding: w.begin, ceil_mode: n.attrs.int('ceil_mode', 0) === 1, count_include_pad: n.attrs.int('count_include_pad', 0) === 1 };
  return x.ndim === 3 ? F.avg_pool1d(x, w.kernel, options) : F.avg_pool2d(x, w.kernel, options);
}

const spatialDims = (x: Tensor): number[] => x.shape.slice(2).map((_, i) => i + 2);
const WINDOW = ['kernel_shape', 'strides', 'pads', 'auto_pad', 'dilations', 'ceil_mode'];

export const CONV: Record<string, Operator> = {
  Conv: op(['kernel_shape', 'strides', 'pads', 'auto_pad', 'dilations', 'group'], conv),
  ConvTranspose: op(['kernel_shape', 'strides', 'pads', 'auto_pad', 'dilations', 'group', 'output_padding', 'output_shape'], convTranspose),
  MaxPool: op([...WINDOW, 'storage_order'], maxPool),
  AveragePool: op([...WINDOW, 'count_include_pad'], averagePool),
  GlobalAveragePool: op([], (n) => need(n, 0, 'X').mean(spatialDims(need(n, 0, 'X')), true)),
  GlobalMaxPool: op([], (n) => need(n, 0, 'X').amax(spatialDims(need(n, 0, 'X')), true)),
};
