import type { Tensor } from '@wick/tensor';
import { layer_norm } from '../functional/normalization.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool, pyFloat, pyTuple } from '../py-repr.js';
import { type FactoryOptions, emptyParameter } from './factory.js';

export interface LayerNormOptions extends FactoryOptions {
  eps?: number;
  elementwise_affine?: boolean;
  bias?: boolean;
}

/** Normalises over the trailing normalized_shape dims, then scales by weight and adds bias. */
export class LayerNorm extends Module {
  readonly normalized_shape: readonly number[];
  readonly eps: number;
  readonly elementwise_affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  constructor(normalized_shape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalized_shape = typeof normalized_shape === 'number' ? [normalized_shape] : [...normalized_shape];
    this.eps = opts.eps ?? 1e-5;
    this.elementwise_affine = opts.elementwise_affine ?? true;
    if (this.elementwise_affine) {
      this.weight = emptyParameter(this.normalized_shape, opts);
      if (opts.bias ?? true) this.bias = emptyParameter(this.normalized_shape, opts);
      else this.register_parameter('bias', null);
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
    if (this.bias !== null) init.zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    return layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps);
  }

  override extra_repr(): string {
    return `${pyTuple(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}, bias=${pyBool(this.bias !== null)}`;
  }
}
