// nn.functional.unfold / fold: PyTorch's Python wrappers around aten::im2col / col2im, with those
// kernels' argument checks and messages. The ops themselves are table entries in @wick/tensor.
import { type Bound, type PyArgs, ShapeError, type Tensor, blockCount, col2imOp, defineFunction, im2colOp } from '@wick/tensor';
import { PY_FUNCTION } from '../signatures.js';

const F = { ...PY_FUNCTION, namespace: 'nn.functional' } as const;

type IntPair = number | number[];
const sizes = (xs: readonly number[]): string => `[${xs.join(', ')}]`;
const pair = (xs: readonly number[]): string => `(${xs.join(', ')})`;

/** An int or a list of two: [height, width], as PyTorch's _pair and im2col's IntArrayRef[2] take it. */
function pairOf(v: IntPair, name: string): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (v.length !== 2) throw new ShapeError(`It is expected ${name} equals to 2, but got size ${v.length}`);
  return [v[0]!, v[1]!];
}

interface Geometry {
  kernel: [number, number];
  dilation: [number, number];
  padding: [number, number];
  stride: [number, number];
}

/** The checks im2col and col2im share, in the order each makes them. */
function checkGeometry(g: Geometry, order: readonly (keyof Geometry)[]): void {
  const checks: Record<keyof Geometry, () => void> = {
    kernel: () => {
      if (g.kernel.some((k) => k <= 0)) throw new ShapeError(`kernel size should be greater than zero, but got kernel_height: ${g.kernel[0]} kernel_width: ${g.kernel[1]}`);
    },
    dilation: () => {
      if (g.dilation.some((d) => d <= 0)) {
        throw new ShapeError(`dilation should be greater than zero, but got dilation_height: ${g.dilation[0]} dilation_width: ${g.dilation[1]}`);
      }
    },
    padding: () => {
      if (g.padding.some((p) => p < 0)) throw new ShapeError(`padding should be non-negative, but got pad_height: ${g.padding[0]} pad_width: ${g.padding[1]}`);
    },
    stride: () => {
      if (g.stride.some((s) => s <= 0)) throw new ShapeError(`stride should be greater than zero, but got stride_height: ${g.stride[0]} stride_width: ${g.stride[1]}`);
    },
  };
  for (const name of order) checks[name]();
}

const blocksOf = (spatial: readonly number[], g: Geometry): number[] =>
  spatial.map((s, i) => blockCount(s + 2 * g.padding[i]!, g.kernel[i]!, g.dilation[i]!, g.stride[i]!));

/** input [N, C, H, W] or [C, H, W] -> [N, C * kh * kw, L] (or [C * kh * kw, L]). */
function unfoldImpl(input: Tensor, g: Geometry): Tensor {
  checkGeometry(g, ['kernel', 'dilation', 'padding', 'stride']);
  const nonEmpty = input.shape.slice(input.ndim - 3).every((s) => s > 0);
  if ((input.ndim !== 3 && input.ndim !== 4) || !nonEmpty) {
    throw new ShapeError(`Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${sizes(input.shape)}`);
  }
  const spatial = input.shape.slice(-2);
  const blocks = blocksOf(spatial, g);
  if (blocks.some((b) => b < 1)) {
    throw new ShapeError(
      `Given input with spatial size ${pair(spatial)}, kernel_size=${pair(g.kernel)}, dilation=${pair(g.dilation)}, padding=${pair(g.padding)}, `
      + `calculated shape of the array of sliding blocks as ${pair(blocks)}, but its components must be at least one.`,
    );
  }
  const batched = input.ndim === 4;
  const out = im2colOp.call([batched ? input : input.unsqueeze(0)], { kernel_size: g.kernel, dilation: g.dilation, padding: g.padding, stride: g.stride });
  return batched ? out : out.squeeze(0);
}

/** input [N, C * kh * kw, L] or [C * kh * kw, L] -> [N, C, *output_size] (or [C, *output_size]), overlaps summed. */
function foldImpl(input: Tensor, outputSize: [number, number], g: Geometry): Tensor {
  checkGeometry(g, ['kernel', 'stride', 'dilation', 'padding']);
  const nonEmpty = input.shape.slice(input.ndim - 2).every((s) => s > 0);
  if ((input.ndim !== 2 && input.ndim !== 3) || !nonEmpty) {
    throw new ShapeError(`Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: ${sizes(input.shape)}`);
  }
  const planes = input.shape[input.ndim - 2]!;
  const length = input.shape[input.ndim - 1]!;
  if (planes % (g.kernel[0] * g.kernel[1]) !== 0) {
    throw new ShapeError(
      `Expected size of input's dimension ${input.ndim - 2} to be divisible by the product of kernel_size, but got input.size(${input.ndim - 2})=${planes} and kernel_size=${pair(g.kernel)}.`,
    );
  }
  const blocks = blocksOf(outputSize, g).map((b) => Math.max(b, 0));
  if (blocks[0]! * blocks[1]! !== length) {
    throw new ShapeError(
      `Given output_size=${pair(outputSize)}, kernel_size=${pair(g.kernel)}, dilation=${pair(g.dilation)}, padding=${pair(g.padding)}, stride=${pair(g.stride)}, `
      + `expected size of input's dimension ${input.ndim - 1} to match the calculated number of sliding blocks ${blocks[0]} * ${blocks[1]} = ${blocks[0]! * blocks[1]!}, `
      + `but got input.size(${input.ndim - 1})=${length}.`,
    );
  }
  const batched = input.ndim === 3;
  const out = col2imOp.call([batched ? input : input.unsqueeze(0)], {
    output_size: outputSize, blocks, kernel_size: g.kernel, dilation: g.dilation, padding: g.padding, stride: g.stride,
  });
  return batched ? out : out.squeeze(0);
}

const geometry = (a: Bound): Geometry => ({
  kernel: pairOf(a.kernel_size, 'kernel_size'),
  dilation: pairOf(a.dilation, 'dilation'),
  padding: pairOf(a.padding, 'padding'),
  stride: pairOf(a.stride, 'stride'),
});

export interface UnfoldOptions {
  input?: Tensor;
  kernel_size?: IntPair;
  dilation?: IntPair;
  padding?: IntPair;
  stride?: IntPair;
}
/** nn.functional.unfold(input, kernel_size, dilation=1, padding=0, stride=1): the sliding blocks as columns (im2col). */
export const unfold = defineFunction<
  (...args: PyArgs<[input: Tensor, kernel_size: IntPair, dilation?: IntPair, padding?: IntPair, stride?: IntPair], UnfoldOptions>) => Tensor
>(
  'unfold', 'unfold(Tensor input, int|int[] kernel_size, int|int[] dilation=1, int|int[] padding=0, int|int[] stride=1)',
  (a) => unfoldImpl(a.input, geometry(a)), F,
);

export interface FoldOptions extends UnfoldOptions {
  output_size?: IntPair;
}
/** nn.functional.fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1): columns summed back into an image (col2im). */
export const fold = defineFunction<
  (...args: PyArgs<[input: Tensor, output_size: IntPair, kernel_size: IntPair, dilation?: IntPair, padding?: IntPair, stride?: IntPair], FoldOptions>) => Tensor
>(
  'fold', 'fold(Tensor input, int|int[] output_size, int|int[] kernel_size, int|int[] dilation=1, int|int[] padding=0, int|int[] stride=1)',
  (a) => foldImpl(a.input, pairOf(a.output_size, 'output_size'), geometry(a)), F,
);
