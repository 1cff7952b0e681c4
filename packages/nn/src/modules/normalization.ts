import type { DType, Device, PyArgs, Tensor, TorchDevice } from '@wick/tensor';
import { layerNormImpl } from '../functional/normalization.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool, pyFloat, pyTuple } from '../py-repr.js';
import { method } from '../signatures.js';
import { type FactoryOptions, emptyParameter } from './factory.js';

export interface LayerNormOptions extends FactoryOptions {
  normalized_shape?: number | readonly number[];
  eps?: number;
  elementwise_affine?: boolean;
  bias?: boolean;
}

const sig = {
  init: method('LayerNorm.__init__(int|int[] normalized_shape, float eps=1e-05, bool elementwise_affine=True, bool bias=True, '
    + 'Device? device=None, ScalarType? dtype=None)'),
  resetParameters: method('LayerNorm.reset_parameters()'),
  forward: method('LayerNorm.forward(Tensor input)'),
  extraRepr: method('LayerNorm.extra_repr()'),
};

/** Normalises over the trailing normalized_shape dims, then scales by weight and adds bias. */
export class LayerNorm extends Module {
  readonly normalized_shape: readonly number[];
  readonly eps: number;
  readonly elementwise_affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  constructor(
    ...args: PyArgs<[normalized_shape: number | readonly number[], eps?: number, elementwise_affine?: boolean, bias?: boolean,
      device?: Device | TorchDevice | null, dtype?: DType | null], LayerNormOptions>
  ) {
    super();
    const { normalized_shape, eps, elementwise_affine, bias, device, dtype } = sig.init.bind(args);
    this.normalized_shape = typeof normalized_shape === 'number' ? [normalized_shape] : [...(normalized_shape as number[])];
    this.eps = eps;
    this.elementwise_affine = elementwise_affine;
    if (elementwise_affine) {
      this.weight = emptyParameter(this.normalized_shape, { device, dtype });
      if (bias) this.bias = emptyParameter(this.normalized_shape, { device, dtype });
      else this.register_parameter('bias', null);
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    this.resetParameters();
  }

  reset_parameters(...args: []): void {
    sig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
    if (this.bias !== null) init.zeros_(this.bias);
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    return layerNormImpl(sig.forward.bind(args).input, this.normalized_shape, this.weight, this.bias, this.eps);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    return `${pyTuple(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}, bias=${pyBool(this.bias !== null)}`;
  }
}
