import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError } from '@wick/tensor';
import { groupNormImpl, layerNormImpl, rmsNormImpl } from '../functional/normalization.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool, pyFloat, pyTuple } from '../py-repr.js';
import { method } from '../signatures.js';
import { type FactoryOptions, emptyParameter, registerAffine, resetAffine } from './factory.js';

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
    registerAffine(this, this.normalized_shape, elementwise_affine, bias, { device, dtype });
    this.resetParameters();
  }

  reset_parameters(...args: []): void {
    sig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    resetAffine(this.weight, this.bias);
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    return layerNormImpl(sig.forward.bind(args).input, this.normalized_shape, this.weight, this.bias, this.eps);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    return `${pyTuple(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}, bias=${pyBool(this.bias !== null)}`;
  }
}

export interface GroupNormOptions extends FactoryOptions {
  num_groups?: number;
  num_channels?: number;
  eps?: number;
  affine?: boolean;
  bias?: boolean;
}

const groupSig = {
  init: method('GroupNorm.__init__(int num_groups, int num_channels, float eps=1e-05, bool affine=True, Device? device=None, '
    + 'ScalarType? dtype=None, *, bool bias=True)'),
  resetParameters: method('GroupNorm.reset_parameters()'),
  forward: method('GroupNorm.forward(Tensor input)'),
  extraRepr: method('GroupNorm.extra_repr()'),
};

/** Normalises each sample over groups of num_channels / num_groups channels, then the per-channel affine. */
export class GroupNorm extends Module {
  readonly num_groups: number;
  readonly num_channels: number;
  readonly eps: number;
  readonly affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  constructor(
    ...args: PyArgs<[num_groups: number, num_channels: number, eps?: number, affine?: boolean, device?: Device | TorchDevice | null,
      dtype?: DType | null], GroupNormOptions>
  ) {
    super();
    const { num_groups, num_channels, eps, affine, device, dtype, bias } = groupSig.init.bind(args);
    if (num_channels % num_groups !== 0) {
      throw new ValueError(`num_channels (${num_channels}) must be divisible by num_groups (${num_groups})`, 'ValueError');
    }
    this.num_groups = num_groups;
    this.num_channels = num_channels;
    this.eps = eps;
    this.affine = affine;
    registerAffine(this, [num_channels], affine, bias, { device, dtype });
    this.resetParameters();
  }

  reset_parameters(...args: []): void {
    groupSig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    resetAffine(this.weight, this.bias);
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    return groupNormImpl(groupSig.forward.bind(args).input, this.num_groups, this.weight, this.bias, this.eps);
  }

  override extra_repr(...args: []): string {
    groupSig.extraRepr.bind(args);
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}, bias=${pyBool(this.bias !== null)}`;
  }
}

export interface RMSNormOptions extends FactoryOptions {
  normalized_shape?: number | readonly number[];
  eps?: number | null;
  elementwise_affine?: boolean;
}

const rmsSig = {
  init: method('RMSNorm.__init__(int|int[] normalized_shape, float? eps=None, bool elementwise_affine=True, Device? device=None, '
    + 'ScalarType? dtype=None)'),
  resetParameters: method('RMSNorm.reset_parameters()'),
  forward: method('RMSNorm.forward(Tensor x)'),
  extraRepr: method('RMSNorm.extra_repr()'),
};

/** Root mean square normalisation over the trailing normalized_shape dims, then the optional weight. */
export class RMSNorm extends Module {
  readonly normalized_shape: readonly number[];
  readonly eps: number | null;
  readonly elementwise_affine: boolean;
  declare weight: Parameter | null;

  constructor(
    ...args: PyArgs<[normalized_shape: number | readonly number[], eps?: number | null, elementwise_affine?: boolean,
      device?: Device | TorchDevice | null, dtype?: DType | null], RMSNormOptions>
  ) {
    super();
    const { normalized_shape, eps, elementwise_affine, device, dtype } = rmsSig.init.bind(args);
    this.normalized_shape = typeof normalized_shape === 'number' ? [normalized_shape] : [...(normalized_shape as number[])];
    this.eps = eps;
    this.elementwise_affine = elementwise_affine;
    if (elementwise_affine) this.weight = emptyParameter(this.normalized_shape, { device, dtype });
    else this.register_parameter('weight', null);
    this.resetParameters();
  }

  reset_parameters(...args: []): void {
    rmsSig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
  }

  override forward(...args: PyArgs<[x: Tensor], { x?: Tensor }>): Tensor {
    return rmsNormImpl(rmsSig.forward.bind(args).x, this.normalized_shape, this.weight, this.eps);
  }

  override extra_repr(...args: []): string {
    rmsSig.extraRepr.bind(args);
    const eps = this.eps === null ? 'None' : pyFloat(this.eps);
    return `${pyTuple(this.normalized_shape)}, eps=${eps}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}
