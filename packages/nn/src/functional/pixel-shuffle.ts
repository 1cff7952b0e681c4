// pixel_shuffle and pixel_unshuffle: a reshape, a permute and a reshape, as PyTorch's
// math_pixel_shuffle writes them (aten/src/ATen/native/PixelShuffle.cpp), with its checks.
import { type PyArgs, ShapeError, type Tensor, defineFunction } from '@wick/tensor';

const BUILTIN = {
  namespace: 'nn.functional',
  differs: 'not in the record: F.pixel_shuffle and F.pixel_unshuffle are the builtins torch.pixel_shuffle and torch.pixel_unshuffle, '
    + 'recorded under those names with the same signatures',
} as const;

/** (*, C * r * r, H, W) → (*, C, H * r, W * r). */
export function pixelShuffleImpl(x: Tensor, r: number): Tensor {
  if (x.ndim < 3) {
    throw new ShapeError(`pixel_shuffle expects input to have at least 3 dimensions, but got input with ${x.ndim} dimension(s)`, 'RuntimeError');
  }
  if (r <= 0) throw new ShapeError(`pixel_shuffle expects a positive upscale_factor, but got ${r}`, 'RuntimeError');
  const [c, h, w] = x.shape.slice(-3) as [number, number, number];
  if (c % (r * r) !== 0) {
    throw new ShapeError(
      `pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} `
        + `is not divisible by ${r * r}`,
      'RuntimeError',
    );
  }
  const lead = x.shape.slice(0, -3);
  const n = lead.length;
  const oc = c / (r * r);
  return x.reshape([...lead, oc, r, r, h, w])
    .permute([...lead.keys(), n, n + 3, n + 1, n + 4, n + 2])
    .reshape([...lead, oc, h * r, w * r]);
}

/** (*, C, H * r, W * r) → (*, C * r * r, H, W). */
export function pixelUnshuffleImpl(x: Tensor, r: number): Tensor {
  if (x.ndim < 3) {
    throw new ShapeError(`pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${x.ndim} dimension(s)`, 'RuntimeError');
  }
  if (r <= 0) throw new ShapeError(`pixel_unshuffle expects a positive downscale_factor, but got ${r}`, 'RuntimeError');
  const [c, h, w] = x.shape.slice(-3) as [number, number, number];
  if (h % r !== 0) {
    throw new ShapeError(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`, 'RuntimeError');
  }
  if (w % r !== 0) {
    throw new ShapeError(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`, 'RuntimeError');
  }
  const lead = x.shape.slice(0, -3);
  const n = lead.length;
  const oh = h / r;
  const ow = w / r;
  return x.reshape([...lead, c, oh, r, ow, r])
    .permute([...lead.keys(), n, n + 2, n + 4, n + 1, n + 3])
    .reshape([...lead, c * r * r, oh, ow]);
}

export const pixel_shuffle = defineFunction<(...args: PyArgs<[input: Tensor, upscale_factor: number], { input?: Tensor; upscale_factor?: number }>) => Tensor>(
  'pixel_shuffle', 'pixel_shuffle(Tensor input, int upscale_factor)', (a) => pixelShuffleImpl(a.input, a.upscale_factor), BUILTIN,
);

export const pixel_unshuffle = defineFunction<
  (...args: PyArgs<[input: Tensor, downscale_factor: number], { input?: Tensor; downscale_factor?: number }>) => Tensor
>(
  'pixel_unshuffle', 'pixel_unshuffle(Tensor input, int downscale_factor)', (a) => pixelUnshuffleImpl(a.input, a.downscale_factor), BUILTIN,
);
