import { Tensor } from '@wick/tensor';
import { binary_cross_entropy, binary_cross_entropy_with_logits } from '../functional/binary-loss.js';
import { cross_entropy, nll_loss } from '../functional/classification-loss.js';
import type { Reduction } from '../functional/reduction.js';
import { l1_loss, mse_loss, smooth_l1_loss } from '../functional/regression-loss.js';
import { Module } from '../module.js';

export interface LossModuleOptions {
  reduction?: Reduction;
}

export interface WeightedLossModuleOptions extends LossModuleOptions {
  weight?: Tensor | null;
}

export interface NLLLossModuleOptions extends WeightedLossModuleOptions {
  ignore_index?: number;
}

export interface CrossEntropyLossOptions extends NLLLossModuleOptions {
  label_smoothing?: number;
}

export interface SmoothL1LossOptions extends LossModuleOptions {
  beta?: number;
}

export interface BCEWithLogitsLossOptions extends WeightedLossModuleOptions {
  pos_weight?: Tensor | null;
}

/** Options after an optional leading weight tensor. */
function optionsOf<O extends WeightedLossModuleOptions>(weightOrOpts: Tensor | null | O, opts: O): O {
  return weightOrOpts === null || weightOrOpts instanceof Tensor ? { ...opts, weight: weightOrOpts } : weightOrOpts;
}

/** PyTorch's _Loss: holds `reduction`; its repr has no arguments (`MSELoss()`). */
export class _Loss extends Module {
  readonly reduction: Reduction;

  constructor(opts: LossModuleOptions = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
  }
}

/**
 * PyTorch's _WeightedLoss: `weight` is a buffer (in the state_dict when given, moved by to()). The
 * weight may come first, as PyTorch's first positional parameter, or in the options object.
 */
export class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;

  constructor(weightOrOpts: Tensor | null | WeightedLossModuleOptions = {}, opts: WeightedLossModuleOptions = {}) {
    const all = optionsOf(weightOrOpts, opts);
    super(all);
    this.register_buffer('weight', all.weight ?? null);
  }
}

export class MSELoss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return mse_loss(input, target, { reduction: this.reduction });
  }
}

export class L1Loss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1_loss(input, target, { reduction: this.reduction });
  }
}

export class SmoothL1Loss extends _Loss {
  readonly beta: number;

  constructor(opts: SmoothL1LossOptions = {}) {
    super(opts);
    this.beta = opts.beta ?? 1.0;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export class NLLLoss extends _WeightedLoss {
  readonly ignore_index: number;

  constructor(weightOrOpts: Tensor | null | NLLLossModuleOptions = {}, opts: NLLLossModuleOptions = {}) {
    const all = optionsOf(weightOrOpts, opts);
    super(all);
    this.ignore_index = all.ignore_index ?? -100;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends _WeightedLoss {
  readonly ignore_index: number;
  readonly label_smoothing: number;

  constructor(weightOrOpts: Tensor | null | CrossEntropyLossOptions = {}, opts: CrossEntropyLossOptions = {}) {
    const all = optionsOf(weightOrOpts, opts);
    super(all);
    this.ignore_index = all.ignore_index ?? -100;
    this.label_smoothing = all.label_smoothing ?? 0.0;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return cross_entropy(input, target, {
      weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing,
    });
  }
}

export class BCELoss extends _WeightedLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Sigmoid and BCE in one stable step; `weight` and `pos_weight` are buffers, as in PyTorch. */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;

  constructor(weightOrOpts: Tensor | null | BCEWithLogitsLossOptions = {}, opts: BCEWithLogitsLossOptions = {}) {
    const all = optionsOf(weightOrOpts, opts);
    super(all);
    this.register_buffer('weight', all.weight ?? null);
    this.register_buffer('pos_weight', all.pos_weight ?? null);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}
