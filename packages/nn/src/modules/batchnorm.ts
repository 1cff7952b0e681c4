import { no_grad } from '@wick/autograd';
import {
  type DType, type Device, type PyArgs, type Signatures, type Tensor, type TorchDevice, ValueError, declare, deviceOf, get_default_dtype,
  ones, tensor, zeros,
} from '@wick/tensor';
import { type Momentum, batchNormImpl } from '../functional/batch-norm.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyBool, pyFloat } from '../py-repr.js';
import { PY_METHOD } from '../signatures.js';
import { type FactoryOptions, registerAffine, resetAffine } from './factory.js';

export interface NormBaseOptions extends FactoryOptions {
  num_features?: number;
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
  bias?: boolean;
}

export type NormBaseArgs = PyArgs<[num_features: number, eps?: number, momentum?: number | null, affine?: boolean,
  track_running_stats?: boolean, device?: Device | TorchDevice | null, dtype?: DType | null], NormBaseOptions>;

const PRIVATE = "PyTorch's own base class (private there, so not in the record); BatchNorm and InstanceNorm use it, as PyTorch's do";
const sig = {
  batchNorm1d: declare('nn.BatchNorm1d.__init__', `_BatchNorm.__init__(${initArgs(true, 'float?')})`, PY_METHOD),
  batchNorm2d: declare('nn.BatchNorm2d.__init__', `_BatchNorm.__init__(${initArgs(true, 'float?')})`, PY_METHOD),
  resetRunningStats: declare('nn._NormBase.reset_running_stats', '_NormBase.reset_running_stats()', { ...PY_METHOD, differs: PRIVATE }),
  resetParameters: declare('nn._NormBase.reset_parameters', '_NormBase.reset_parameters()', { ...PY_METHOD, differs: PRIVATE }),
  extraRepr: declare('nn._NormBase.extra_repr', '_NormBase.extra_repr()', { ...PY_METHOD, differs: PRIVATE }),
  forward: declare('nn._BatchNorm.forward', '_BatchNorm.forward(Tensor input)', { ...PY_METHOD, differs: PRIVATE }),
};

/**
 * _NormBase.__init__'s parameters as a subclass declares them: BatchNorm's affine and
 * track_running_stats default to True and its momentum may be None; InstanceNorm's are False and a float.
 */
export function initArgs(defaults: boolean, momentum: 'float?' | 'float'): string {
  const py = pyBool(defaults);
  return `int num_features, float eps=1e-05, ${momentum} momentum=0.1, bool affine=${py}, bool track_running_stats=${py}, `
    + 'Device? device=None, ScalarType? dtype=None, *, bool bias=True';
}

/**
 * What BatchNorm and InstanceNorm share (PyTorch's _NormBase): the optional affine weight and
 * bias, and the running statistics buffers running_mean, running_var and num_batches_tracked
 * (an int64 count) when track_running_stats.
 */
export abstract class NormBase extends Module {
  readonly num_features: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly track_running_stats: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  /** Binds args against the subclass's constructor signature (its own affine and track_running_stats defaults). */
  protected constructor(signature: Signatures, args: NormBaseArgs) {
    super();
    const { num_features, eps, momentum, affine, track_running_stats, device, dtype, bias } = signature.bind(args);
    this.num_features = num_features;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track_running_stats;
    const factory = { device, dtype };
    registerAffine(this, [num_features], affine, bias, factory);
    if (track_running_stats) {
      const opts = { dtype: dtype ?? get_default_dtype(), device: deviceOf(device) ?? 'cpu' };
      this.register_buffer('running_mean', zeros([num_features], opts));
      this.register_buffer('running_var', ones([num_features], opts));
      this.register_buffer('num_batches_tracked', tensor(0, { dtype: 'int64', device: opts.device }));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
    this.resetParameters();
  }

  reset_running_stats(...args: []): void {
    sig.resetRunningStats.bind(args);
    this.resetRunningStats();
  }

  reset_parameters(...args: []): void {
    sig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetRunningStats(): void {
    if (!this.track_running_stats) return;
    no_grad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  private resetParameters(): void {
    this.resetRunningStats();
    resetAffine(this.weight, this.bias);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyBool(this.affine)}, `
      + `bias=${pyBool(this.bias !== null)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

/**
 * PyTorch's _BatchNorm: in training mode the batch's statistics normalise and, when tracked, the
 * running ones move towards them (num_batches_tracked counts the batches; momentum=None makes the
 * running statistics their cumulative average); in eval mode the running statistics normalise.
 */
abstract class BatchNorm extends NormBase {
  protected abstract checkInputDim(input: Tensor): void;

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = sig.forward.bind(args);
    this.checkInputDim(input);
    let factor: Momentum = this.momentum ?? 0;
    if (this.training && this.track_running_stats && this.num_batches_tracked !== null) {
      const count = this.num_batches_tracked;
      no_grad(() => count.add_(1));
      // 1 / num_batches_tracked as a tensor op, so that the count is never read back.
      if (this.momentum === null) factor = count.to(input.dtype).reciprocal();
    }
    const useBatchStats = this.training || (this.running_mean === null && this.running_var === null);
    const keepRunning = !this.training || this.track_running_stats;
    return batchNormImpl(input, keepRunning ? this.running_mean : null, keepRunning ? this.running_var : null, this.weight, this.bias,
      useBatchStats, factor, this.eps);
  }
}

/** Batch normalisation over (N, C) or (N, C, L) input, statistics per channel C. */
export class BatchNorm1d extends BatchNorm {
  constructor(...args: NormBaseArgs) {
    super(sig.batchNorm1d, args);
  }

  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.ndim}D input)`, 'ValueError');
  }
}

/** Batch normalisation over (N, C, H, W) input, statistics per channel C. */
export class BatchNorm2d extends BatchNorm {
  constructor(...args: NormBaseArgs) {
    super(sig.batchNorm2d, args);
  }

  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 4) throw new ValueError(`expected 4D input (got ${input.ndim}D input)`, 'ValueError');
  }
}
