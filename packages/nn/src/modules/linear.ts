import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, linear } from '@wick/tensor';
import { bilinearImpl } from '../functional/linear.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool } from '../py-repr.js';
import { method } from '../signatures.js';
import { type FactoryOptions, emptyParameter, resetKaimingUniform } from './factory.js';

const identitySig = {
  // NOTE: PyTorch's Identity also takes **kwargs and ignores them. In wick a trailing plain object
  // is an options object, and options that do nothing would be silently ignored: wick refuses them
  // (the positional arguments are taken and ignored, as PyTorch does).
  init: method('Identity.__init__(Value *args)'),
  forward: method('Identity.forward(Tensor input)'),
};

/** Returns its input; takes and ignores any positional constructor arguments, as PyTorch's does. */
export class Identity extends Module {
  constructor(...args: unknown[]) {
    super();
    identitySig.init.bind(args);
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    return identitySig.forward.bind(args).input;
  }
}

export interface LinearOptions extends FactoryOptions {
  in_features?: number;
  out_features?: number;
  bias?: boolean;
}
type LinearArgs = PyArgs<
  [in_features: number, out_features: number, bias?: boolean, device?: Device | TorchDevice | null, dtype?: DType | null],
  LinearOptions
>;

const linearSig = {
  init: method('Linear.__init__(int in_features, int out_features, bool bias=True, Device? device=None, ScalarType? dtype=None)'),
  resetParameters: method('Linear.reset_parameters()'),
  forward: method('Linear.forward(Tensor input)'),
  extraRepr: method('Linear.extra_repr()'),
};

/** y = x W^T + b, W of shape [out_features, in_features]. */
export class Linear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly in_features: number;
  readonly out_features: number;

  constructor(...args: LinearArgs) {
    super();
    const { in_features, out_features, bias, device, dtype } = linearSig.init.bind(args);
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = emptyParameter([out_features, in_features], { device, dtype });
    if (bias) this.bias = emptyParameter([out_features], { device, dtype });
    else this.register_parameter('bias', null);
    this.resetParameters();
  }

  /** kaiming_uniform_(a=sqrt(5)) for the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias. */
  reset_parameters(...args: []): void {
    linearSig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    resetKaimingUniform(this.weight, this.bias);
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = linearSig.forward.bind(args);
    return linear(input, this.weight, this.bias);
  }

  override extra_repr(...args: []): string {
    linearSig.extraRepr.bind(args);
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}

export interface BilinearModuleOptions extends FactoryOptions {
  in1_features?: number;
  in2_features?: number;
  out_features?: number;
  bias?: boolean;
}

const bilinearSig = {
  init: method('Bilinear.__init__(int in1_features, int in2_features, int out_features, bool bias=True, Device? device=None, '
    + 'ScalarType? dtype=None)'),
  resetParameters: method('Bilinear.reset_parameters()'),
  forward: method('Bilinear.forward(Tensor input1, Tensor input2)'),
  extraRepr: method('Bilinear.extra_repr()'),
};

/** y = x1^T A x2 + b, A of shape [out_features, in1_features, in2_features]. */
export class Bilinear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly in1_features: number;
  readonly in2_features: number;
  readonly out_features: number;

  constructor(
    ...args: PyArgs<[in1_features: number, in2_features: number, out_features: number, bias?: boolean,
      device?: Device | TorchDevice | null, dtype?: DType | null], BilinearModuleOptions>
  ) {
    super();
    const { in1_features, in2_features, out_features, bias, device, dtype } = bilinearSig.init.bind(args);
    this.in1_features = in1_features;
    this.in2_features = in2_features;
    this.out_features = out_features;
    this.weight = emptyParameter([out_features, in1_features, in2_features], { device, dtype });
    if (bias) this.bias = emptyParameter([out_features], { device, dtype });
    else this.register_parameter('bias', null);
    this.resetParameters();
  }

  /** U(-1/sqrt(in1_features), 1/sqrt(in1_features)) for weight and bias. */
  reset_parameters(...args: []): void {
    bilinearSig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }

  override forward(
    ...args: PyArgs<[input1: Tensor, input2: Tensor], { input1?: Tensor; input2?: Tensor }>
  ): Tensor {
    const { input1, input2 } = bilinearSig.forward.bind(args);
    return bilinearImpl(input1, input2, this.weight, this.bias);
  }

  override extra_repr(...args: []): string {
    bilinearSig.extraRepr.bind(args);
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}
