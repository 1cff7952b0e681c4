import type { PyArgs, Tensor } from '@wick/tensor';
import { interpolateImpl } from '../functional/interpolate.js';
import { Module } from '../module.js';
import { pyFloat, pyTuple } from '../py-repr.js';
import { method } from '../signatures.js';

const sig = {
  init: method(
    "Upsample.__init__(int|int[]? size=None, float|float[]? scale_factor=None, str mode='nearest', bool? align_corners=None, "
      + 'bool? recompute_scale_factor=None)',
  ),
  forward: method('Upsample.forward(Tensor input)'),
  extraRepr: method('Upsample.extra_repr()'),
};

export interface UpsampleOptions {
  size?: number | number[] | null;
  scale_factor?: number | number[] | null;
  mode?: string;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
}

/** F.interpolate as a module: to `size`, or by `scale_factor`, in `mode`. */
export class Upsample extends Module {
  readonly size: number | number[] | null;
  /** As PyTorch keeps it: floats, and None for a scale of 0 (its `float(s) if s else None`). */
  readonly scale_factor: number | number[] | null;
  readonly mode: string;
  readonly align_corners: boolean | null;
  readonly recompute_scale_factor: boolean | null;

  constructor(
    ...args: PyArgs<
      [size?: number | number[] | null, scale_factor?: number | number[] | null, mode?: string, align_corners?: boolean | null,
        recompute_scale_factor?: boolean | null],
      UpsampleOptions
    >
  ) {
    super();
    const a = sig.init.bind(args);
    this.size = a.size;
    this.scale_factor = Array.isArray(a.scale_factor) || a.scale_factor ? a.scale_factor : null;
    this.mode = a.mode;
    this.align_corners = a.align_corners;
    this.recompute_scale_factor = a.recompute_scale_factor;
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const x = sig.forward.bind(args).input;
    return interpolateImpl(x, this.size, this.scale_factor, this.mode, this.align_corners, this.recompute_scale_factor, false);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    const s = this.scale_factor;
    const info = s !== null
      ? `scale_factor=${Array.isArray(s) ? pyTuple(s.map(pyFloat)) : pyFloat(s)}`
      : `size=${this.size === null ? 'None' : Array.isArray(this.size) ? pyTuple(this.size) : String(this.size)}`;
    return `${info}, mode='${this.mode}'`;
  }
}
