import type { PyArgs, Tensor } from '@wick/tensor';
import { pixelShuffleImpl, pixelUnshuffleImpl } from '../functional/pixel-shuffle.js';
import { Module } from '../module.js';
import { method } from '../signatures.js';

const shuffleSig = {
  init: method('PixelShuffle.__init__(int upscale_factor)'),
  forward: method('PixelShuffle.forward(Tensor input)'),
  extraRepr: method('PixelShuffle.extra_repr()'),
};

/** (*, C * r * r, H, W) → (*, C, H * r, W * r). */
export class PixelShuffle extends Module {
  readonly upscale_factor: number;

  constructor(...args: PyArgs<[upscale_factor: number], { upscale_factor?: number }>) {
    super();
    this.upscale_factor = shuffleSig.init.bind(args).upscale_factor;
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    return pixelShuffleImpl(shuffleSig.forward.bind(args).input, this.upscale_factor);
  }

  override extra_repr(...args: []): string {
    shuffleSig.extraRepr.bind(args);
    return `upscale_factor=${this.upscale_factor}`;
  }
}

const unshuffleSig = {
  init: method('PixelUnshuffle.__init__(int downscale_factor)'),
  forward: method('PixelUnshuffle.forward(Tensor input)'),
  extraRepr: method('PixelUnshuffle.extra_repr()'),
};

/** (*, C, H * r, W * r) → (*, C * r * r, H, W). */
export class PixelUnshuffle extends Module {
  readonly downscale_factor: number;

  constructor(...args: PyArgs<[downscale_factor: number], { downscale_factor?: number }>) {
    super();
    this.downscale_factor = unshuffleSig.init.bind(args).downscale_factor;
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    return pixelUnshuffleImpl(unshuffleSig.forward.bind(args).input, this.downscale_factor);
  }

  override extra_repr(...args: []): string {
    unshuffleSig.extraRepr.bind(args);
    return `downscale_factor=${this.downscale_factor}`;
  }
}
