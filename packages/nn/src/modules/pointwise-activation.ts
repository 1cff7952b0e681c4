import type { DType, Device, PyArgs, Tensor, TorchDevice } from '@wick/tensor';
import {
  eluImpl, gluImpl, hardsigmoidImpl, hardswishImpl, hardtanhImpl, leakyReluImpl, mishImpl, preluImpl, seluImpl, siluImpl,
  softplusImpl, softsignImpl, thresholdImpl,
} from '../functional/pointwise-activation.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyFloat } from '../py-repr.js';
import { method } from '../signatures.js';
import { type FactoryOptions, emptyParameter } from './factory.js';

/** `forward(input)` of an elementwise module, typed for the call forms. */
type InputArgs = PyArgs<[input: Tensor], { input?: Tensor }>;
type InplaceArgs = PyArgs<[inplace?: boolean], { inplace?: boolean }>;

/** PyTorch's `, inplace=True` suffix of extra_repr. */
const inplaceSuffix = (inplace: boolean): string => (inplace ? ', inplace=True' : '');

/** The three signatures of a module whose only argument is `inplace`. */
function inplaceSigs(name: string) {
  return {
    init: method(`${name}.__init__(bool inplace=False)`),
    forward: method(`${name}.forward(Tensor input)`),
    extraRepr: method(`${name}.extra_repr()`),
  };
}

const siluSig = inplaceSigs('SiLU');

/** x * sigmoid(x). */
export class SiLU extends Module {
  readonly inplace: boolean;

  constructor(...args: InplaceArgs) {
    super();
    this.inplace = siluSig.init.bind(args).inplace;
  }

  override forward(...args: InputArgs): Tensor {
    return siluImpl(siluSig.forward.bind(args).input, this.inplace);
  }

  override extra_repr(...args: []): string {
    siluSig.extraRepr.bind(args);
    return this.inplace ? 'inplace=True' : '';
  }
}

const mishSig = inplaceSigs('Mish');

/** x * tanh(softplus(x)); PyTorch's Mish prints no inplace. */
export class Mish extends Module {
  readonly inplace: boolean;

  constructor(...args: InplaceArgs) {
    super();
    this.inplace = mishSig.init.bind(args).inplace;
  }

  override forward(...args: InputArgs): Tensor {
    return mishImpl(mishSig.forward.bind(args).input, this.inplace);
  }

  override extra_repr(...args: []): string {
    mishSig.extraRepr.bind(args);
    return this.inplace ? 'inplace=True' : '';
  }
}

const seluSig = inplaceSigs('SELU');

/** scale * elu(x, alpha) with SELU's fixed constants. */
export class SELU extends Module {
  readonly inplace: boolean;

  constructor(...args: InplaceArgs) {
    super();
    this.inplace = seluSig.init.bind(args).inplace;
  }

  override forward(...args: InputArgs): Tensor {
    return seluImpl(seluSig.forward.bind(args).input, this.inplace);
  }

  override extra_repr(...args: []): string {
    seluSig.extraRepr.bind(args);
    return this.inplace ? 'inplace=True' : '';
  }
}

const hardswishSig = { init: method('Hardswish.__init__(bool inplace=False)'), forward: method('Hardswish.forward(Tensor input)') };

/** x * hardsigmoid(x); PyTorch's Hardswish has no extra_repr. */
export class Hardswish extends Module {
  readonly inplace: boolean;

  constructor(...args: InplaceArgs) {
    super();
    this.inplace = hardswishSig.init.bind(args).inplace;
  }

  override forward(...args: InputArgs): Tensor {
    return hardswishImpl(hardswishSig.forward.bind(args).input, this.inplace);
  }
}

const hardsigmoidSig = { init: method('Hardsigmoid.__init__(bool inplace=False)'), forward: method('Hardsigmoid.forward(Tensor input)') };

/** clamp(x + 3, 0, 6) / 6; PyTorch's Hardsigmoid has no extra_repr. */
export class Hardsigmoid extends Module {
  readonly inplace: boolean;

  constructor(...args: InplaceArgs) {
    super();
    this.inplace = hardsigmoidSig.init.bind(args).inplace;
  }

  override forward(...args: InputArgs): Tensor {
    return hardsigmoidImpl(hardsigmoidSig.forward.bind(args).input, this.inplace);
  }
}

const softsignForward = method('Softsign.forward(Tensor input)');

/** x / (1 + |x|). */
export class Softsign extends Module {
  override forward(...args: InputArgs): Tensor {
    return softsignImpl(softsignForward.bind(args).input);
  }
}

const softplusSig = {
  init: method('Softplus.__init__(float beta=1.0, float threshold=20.0)'),
  forward: method('Softplus.forward(Tensor input)'),
  extraRepr: method('Softplus.extra_repr()'),
};

/** log(1 + exp(beta * x)) / beta, linear where beta * x > threshold. */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;

  constructor(...args: PyArgs<[beta?: number, threshold?: number], { beta?: number; threshold?: number }>) {
    super();
    ({ beta: this.beta, threshold: this.threshold } = softplusSig.init.bind(args));
  }

  override forward(...args: InputArgs): Tensor {
    return softplusImpl(softplusSig.forward.bind(args).input, this.beta, this.threshold);
  }

  override extra_repr(...args: []): string {
    softplusSig.extraRepr.bind(args);
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

const leakySig = {
  init: method('LeakyReLU.__init__(float negative_slope=0.01, bool inplace=False)'),
  forward: method('LeakyReLU.forward(Tensor input)'),
  extraRepr: method('LeakyReLU.extra_repr()'),
};

/** x where x > 0, else negative_slope * x. */
export class LeakyReLU extends Module {
  readonly negative_slope: number;
  readonly inplace: boolean;

  constructor(...args: PyArgs<[negative_slope?: number, inplace?: boolean], { negative_slope?: number; inplace?: boolean }>) {
    super();
    ({ negative_slope: this.negative_slope, inplace: this.inplace } = leakySig.init.bind(args));
  }

  override forward(...args: InputArgs): Tensor {
    return leakyReluImpl(leakySig.forward.bind(args).input, this.negative_slope, this.inplace);
  }

  override extra_repr(...args: []): string {
    leakySig.extraRepr.bind(args);
    return `negative_slope=${pyFloat(this.negative_slope)}${inplaceSuffix(this.inplace)}`;
  }
}

const eluSig = {
  init: method('ELU.__init__(float alpha=1.0, bool inplace=False)'),
  forward: method('ELU.forward(Tensor input)'),
  extraRepr: method('ELU.extra_repr()'),
};

/** x where x > 0, else alpha * (exp(x) - 1). */
export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;

  constructor(...args: PyArgs<[alpha?: number, inplace?: boolean], { alpha?: number; inplace?: boolean }>) {
    super();
    ({ alpha: this.alpha, inplace: this.inplace } = eluSig.init.bind(args));
  }

  override forward(...args: InputArgs): Tensor {
    return eluImpl(eluSig.forward.bind(args).input, this.alpha, 1, this.inplace);
  }

  override extra_repr(...args: []): string {
    eluSig.extraRepr.bind(args);
    return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace)}`;
  }
}

const hardtanhSig = {
  init: method('Hardtanh.__init__(float min_val=-1.0, float max_val=1.0, bool inplace=False, float? min_value=None, '
    + 'float? max_value=None)'),
  forward: method('Hardtanh.forward(Tensor input)'),
  extraRepr: method('Hardtanh.extra_repr()'),
};

export interface HardtanhOptions {
  min_val?: number;
  max_val?: number;
  inplace?: boolean;
  /** Deprecated in PyTorch: overrides min_val. */
  min_value?: number | null;
  /** Deprecated in PyTorch: overrides max_val. */
  max_value?: number | null;
}
type HardtanhArgs = PyArgs<
  [min_val?: number, max_val?: number, inplace?: boolean, min_value?: number | null, max_value?: number | null], HardtanhOptions
>;

/** clamp(x, min_val, max_val), with a zero gradient at the bounds. */
export class Hardtanh extends Module {
  readonly min_val: number;
  readonly max_val: number;
  readonly inplace: boolean;

  constructor(...args: HardtanhArgs) {
    super();
    const a = hardtanhSig.init.bind(args);
    this.min_val = a.min_value ?? a.min_val;
    this.max_val = a.max_value ?? a.max_val;
    this.inplace = a.inplace;
  }

  override forward(...args: InputArgs): Tensor {
    return hardtanhImpl(hardtanhSig.forward.bind(args).input, this.min_val, this.max_val, this.inplace);
  }

  override extra_repr(...args: []): string {
    hardtanhSig.extraRepr.bind(args);
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${inplaceSuffix(this.inplace)}`;
  }
}

const relu6Sig = { init: method('ReLU6.__init__(bool inplace=False)'), extraRepr: method('ReLU6.extra_repr()') };

/** Hardtanh(0, 6), as PyTorch subclasses it. */
export class ReLU6 extends Hardtanh {
  constructor(...args: InplaceArgs) {
    const { inplace } = relu6Sig.init.bind(args);
    super(0, 6, inplace);
  }

  override extra_repr(...args: []): string {
    relu6Sig.extraRepr.bind(args);
    return this.inplace ? 'inplace=True' : '';
  }
}

const gluSig = {
  init: method('GLU.__init__(int dim=-1)'),
  forward: method('GLU.forward(Tensor input)'),
  extraRepr: method('GLU.extra_repr()'),
};

/** a * sigmoid(b), a and b the halves of the input along dim. */
export class GLU extends Module {
  readonly dim: number;

  constructor(...args: PyArgs<[dim?: number], { dim?: number }>) {
    super();
    this.dim = gluSig.init.bind(args).dim;
  }

  override forward(...args: InputArgs): Tensor {
    return gluImpl(gluSig.forward.bind(args).input, this.dim);
  }

  override extra_repr(...args: []): string {
    gluSig.extraRepr.bind(args);
    return `dim=${this.dim}`;
  }
}

const thresholdSig = {
  init: method('Threshold.__init__(float threshold, float value, bool inplace=False)'),
  forward: method('Threshold.forward(Tensor input)'),
  extraRepr: method('Threshold.extra_repr()'),
};

/** x where x > threshold, else value. */
export class Threshold extends Module {
  readonly threshold: number;
  readonly value: number;
  readonly inplace: boolean;

  constructor(
    ...args: PyArgs<[threshold: number, value: number, inplace?: boolean], { threshold?: number; value?: number; inplace?: boolean }>
  ) {
    super();
    ({ threshold: this.threshold, value: this.value, inplace: this.inplace } = thresholdSig.init.bind(args));
  }

  override forward(...args: InputArgs): Tensor {
    return thresholdImpl(thresholdSig.forward.bind(args).input, this.threshold, this.value, this.inplace);
  }

  override extra_repr(...args: []): string {
    thresholdSig.extraRepr.bind(args);
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${inplaceSuffix(this.inplace)}`;
  }
}

export interface PReLUOptions extends FactoryOptions {
  num_parameters?: number;
  init?: number;
}

const preluSig = {
  init: method('PReLU.__init__(int num_parameters=1, float init=0.25, Device? device=None, ScalarType? dtype=None)'),
  resetParameters: method('PReLU.reset_parameters()'),
  forward: method('PReLU.forward(Tensor input)'),
  extraRepr: method('PReLU.extra_repr()'),
};

/** x where x > 0, else weight * x; weight is learned, one per channel or one shared. */
export class PReLU extends Module {
  readonly num_parameters: number;
  readonly init: number;
  declare weight: Parameter;

  constructor(
    ...args: PyArgs<[num_parameters?: number, init?: number, device?: Device | TorchDevice | null, dtype?: DType | null], PReLUOptions>
  ) {
    super();
    const a = preluSig.init.bind(args);
    this.num_parameters = a.num_parameters;
    this.init = a.init;
    this.weight = emptyParameter([a.num_parameters], { device: a.device, dtype: a.dtype });
    this.resetParameters();
  }

  reset_parameters(...args: []): void {
    preluSig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    init.constant_(this.weight, this.init);
  }

  override forward(...args: InputArgs): Tensor {
    return preluImpl(preluSig.forward.bind(args).input, this.weight);
  }

  override extra_repr(...args: []): string {
    preluSig.extraRepr.bind(args);
    return `num_parameters=${this.num_parameters}`;
  }
}
