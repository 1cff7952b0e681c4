// convolution (what nn.Conv1d/2d/3d and ConvTranspose call) as ONNX's Conv or ConvTranspose,
// recorded whole: its im2col composite would otherwise be traced op by op.
import type { ConvolutionAttrs } from '@wick/tensor';
import type { MapContext } from '../context.js';

export function convolution(c: MapContext): string[] {
  const a = c.attrs as ConvolutionAttrs;
  const dtype = c.out(0).dtype;
  const inputs = c.call.inputs.map((_, i) => c.x(i, dtype));
  const common = {
    strides: a.stride,
    pads: [...a.padding, ...a.padding],
    dilations: a.dilation,
    group: a.groups,
    kernel_shape: c.t(1).shape.slice(2),
  };
  if (!a.transposed) return [c.g.op('Conv', inputs, common)];
  return [c.g.op('ConvTranspose', inputs, { ...common, output_padding: a.output_padding })];
}
