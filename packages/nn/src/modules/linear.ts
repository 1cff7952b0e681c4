import { type DType, type Device, type PyArgs, type Tensor, declare } from '@wick/tensor';
import { bilinear, linear } from '../functional/linear.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool } from '../py-repr.js';
import { PY_METHOD } from '../signatures.js';
import { type FactoryOptions, emptyParameter } from './factory.js';

/** Returns its input; takes and ignores any constructor arguments, as PyTorch's does. */
export class Identity extends Module {
  constructor(...args: unknown[]) {
    super();
    void args;
  }

  override forward(input: Tensor): Tensor {
    return input;
  }
}

export interface LinearOptions extends FactoryOptions {
  in_features?: number;
  out_features?: number;
  bias?: boolean;
}
type LinearArgs = PyArgs<
  [in_features: number, out_features: number, bias?: boolean, device?: Device | null, dtype?: DType | null],
  LinearOptions
>;

const linearInit = declare('nn.Linear.__init__',
  'Linear.__init__(int in_features, int out_features, bool bias=True, Device? device=None, ScalarType? dtype=None)', PY_METHOD);
const linearForward = declare('nn.Linear.forward', 'Linear.forward(Tensor input)', PY_METHOD);

/** y = x W^T + b, W of shape [out_features, in_features]. */
export class Linear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly in_features: number;
  readonly out_features: number;

  constructor(...args: LinearArgs) {
    super();
    const { in_features, out_features, bias, device, dtype } = linearInit.bind(args);
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = emptyParameter([out_features, in_features], { device, dtype });
    if (bias) this.bias = emptyParameter([out_features], { device, dtype });
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }

  /** kaiming_uniform_(a=sqrt(5)) for the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias. */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias !== null) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = linearForward.bind(args);
    return linear(input, this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** y = x1^T A x2 + b, A of shape [out_features, in1_features, in2_features]. */
export class Bilinear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(readonly in1_features: number, readonly in2_features: number, readonly out_features: number, opts: LinearOptions = {}) {
    super();
    this.weight = emptyParameter([out_features, in1_features, in2_features], opts);
    if (opts.bias ?? true) this.bias = emptyParameter([out_features], opts);
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }

  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}
