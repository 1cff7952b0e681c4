import { type PyArgs, type Tensor, declare } from '@wick/tensor';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from '../functional/binary-loss.js';
import { crossEntropy, nllLoss } from '../functional/classification-loss.js';
import { type Reduction, lossReduction } from '../functional/reduction.js';
import { l1Loss, mseLoss, smoothL1Loss } from '../functional/regression-loss.js';
import { Module } from '../module.js';
import { PY_METHOD, method } from '../signatures.js';

export interface LossModuleOptions {
  /** Deprecated (PyTorch's legacy form of reduction): given, it and reduce decide the reduction. */
  size_average?: boolean | null;
  /** Deprecated (PyTorch's legacy form of reduction). */
  reduce?: boolean | null;
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

type LegacyArgs = [size_average?: boolean | null, reduce?: boolean | null, reduction?: Reduction];
type PairArgs = PyArgs<[input: Tensor, target: Tensor], { input?: Tensor; target?: Tensor }>;

const PRIVATE = "PyTorch's own base class (private there, so not in the record); the losses without a constructor of their own use it, as PyTorch's do";

const sig = {
  loss: declare('nn._Loss.__init__', "_Loss.__init__(bool? size_average=None, bool? reduce=None, str reduction='mean')", { ...PY_METHOD, differs: PRIVATE }),
  weighted: declare('nn._WeightedLoss.__init__',
    "_WeightedLoss.__init__(Tensor? weight=None, bool? size_average=None, bool? reduce=None, str reduction='mean')",
    { ...PY_METHOD, differs: PRIVATE }),
  smoothL1: method("SmoothL1Loss.__init__(bool? size_average=None, bool? reduce=None, str reduction='mean', float beta=1.0)"),
  nll: method("NLLLoss.__init__(Tensor? weight=None, bool? size_average=None, int ignore_index=-100, bool? reduce=None, str reduction='mean')"),
  crossEntropy: method('CrossEntropyLoss.__init__(Tensor? weight=None, bool? size_average=None, int ignore_index=-100, bool? reduce=None, '
    + "str reduction='mean', float label_smoothing=0.0)"),
  bceWithLogits: method('BCEWithLogitsLoss.__init__(Tensor? weight=None, bool? size_average=None, bool? reduce=None, '
    + "str reduction='mean', Tensor? pos_weight=None)"),
  mseForward: method('MSELoss.forward(Tensor input, Tensor target)'),
  l1Forward: method('L1Loss.forward(Tensor input, Tensor target)'),
  smoothL1Forward: method('SmoothL1Loss.forward(Tensor input, Tensor target)'),
  nllForward: method('NLLLoss.forward(Tensor input, Tensor target)'),
  crossEntropyForward: method('CrossEntropyLoss.forward(Tensor input, Tensor target)'),
  bceForward: method('BCELoss.forward(Tensor input, Tensor target)'),
  bceWithLogitsForward: method('BCEWithLogitsLoss.forward(Tensor input, Tensor target)'),
};

/**
 * PyTorch's _Loss: holds `reduction` (from the deprecated size_average and reduce when either is
 * given); its repr has no arguments (`MSELoss()`).
 */
export class _Loss extends Module {
  readonly reduction: string;

  constructor(...args: PyArgs<LegacyArgs, LossModuleOptions>) {
    super();
    const { size_average, reduce, reduction } = sig.loss.bind(args);
    this.reduction = lossReduction(size_average, reduce, reduction);
  }
}

/** PyTorch's _WeightedLoss: `weight` is a buffer (in the state_dict when given, moved by to()). */
export class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;

  constructor(...args: PyArgs<[weight?: Tensor | null, ...LegacyArgs], WeightedLossModuleOptions>) {
    const { weight, size_average, reduce, reduction } = sig.weighted.bind(args);
    super(size_average, reduce, reduction);
    this.register_buffer('weight', weight);
  }
}

export class MSELoss extends _Loss {
  override forward(...args: PairArgs): Tensor {
    const { input, target } = sig.mseForward.bind(args);
    return mseLoss(input, target, this.reduction, null);
  }
}

export class L1Loss extends _Loss {
  override forward(...args: PairArgs): Tensor {
    const { input, target } = sig.l1Forward.bind(args);
    return l1Loss(input, target, this.reduction, null);
  }
}

export class SmoothL1Loss extends _Loss {
  readonly beta: number;

  constructor(...args: PyArgs<[...LegacyArgs, beta?: number], SmoothL1LossOptions>) {
    const { size_average, reduce, reduction, beta } = sig.smoothL1.bind(args);
    super(size_average, reduce, reduction);
    this.beta = beta;
  }

  override forward(...args: PairArgs): Tensor {
    const { input, target } = sig.smoothL1Forward.bind(args);
    return smoothL1Loss(input, target, this.reduction, this.beta);
  }
}

type ClassArgs = [weight?: Tensor | null, size_average?: boolean | null, ignore_index?: number, reduce?: boolean | null, reduction?: Reduction];

export class NLLLoss extends _WeightedLoss {
  readonly ignore_index: number;

  constructor(...args: PyArgs<ClassArgs, NLLLossModuleOptions>) {
    const { weight, size_average, ignore_index, reduce, reduction } = sig.nll.bind(args);
    super(weight, size_average, reduce, reduction);
    this.ignore_index = ignore_index;
  }

  override forward(...args: PairArgs): Tensor {
    const { input, target } = sig.nllForward.bind(args);
    return nllLoss(input, target, this.weight, this.ignore_index, this.reduction);
  }
}

export class CrossEntropyLoss extends _WeightedLoss {
  readonly ignore_index: number;
  readonly label_smoothing: number;

  constructor(...args: PyArgs<[...ClassArgs, label_smoothing?: number], CrossEntropyLossOptions>) {
    const { weight, size_average, ignore_index, reduce, reduction, label_smoothing } = sig.crossEntropy.bind(args);
    super(weight, size_average, reduce, reduction);
    this.ignore_index = ignore_index;
    this.label_smoothing = label_smoothing;
  }

  override forward(...args: PairArgs): Tensor {
    const { input, target } = sig.crossEntropyForward.bind(args);
    return crossEntropy(input, target, this.weight, this.ignore_index, this.reduction, this.label_smoothing);
  }
}

export class BCELoss extends _WeightedLoss {
  override forward(...args: PairArgs): Tensor {
    const { input, target } = sig.bceForward.bind(args);
    return binaryCrossEntropy(input, target, this.weight, this.reduction);
  }
}

/** Sigmoid and BCE in one stable step; `weight` and `pos_weight` are buffers, as in PyTorch. */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;

  constructor(
    ...args: PyArgs<[weight?: Tensor | null, ...LegacyArgs, pos_weight?: Tensor | null], BCEWithLogitsLossOptions>
  ) {
    const { weight, size_average, reduce, reduction, pos_weight } = sig.bceWithLogits.bind(args);
    super(size_average, reduce, reduction);
    this.register_buffer('weight', weight);
    this.register_buffer('pos_weight', pos_weight);
  }

  override forward(...args: PairArgs): Tensor {
    const { input, target } = sig.bceWithLogitsForward.bind(args);
    return binaryCrossEntropyWithLogits(input, target, this.weight, this.pos_weight, this.reduction);
  }
}
