import type { PyArgs, Tensor } from '@wick/tensor';
import { checkDropoutP, dropoutImpl } from '../functional/dropout.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from '../py-repr.js';
import { method } from '../signatures.js';

// Dropout's constructor and repr are PyTorch's _DropoutNd's: its messages name _DropoutNd.
const sig = {
  init: method('_DropoutNd.__init__(float p=0.5, bool inplace=False)'),
  forward: method('Dropout.forward(Tensor input)'),
  extraRepr: method('_DropoutNd.extra_repr()'),
};

/** Zeroes elements with probability p in training mode; the identity in eval mode. */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(...args: PyArgs<[p?: number, inplace?: boolean], { p?: number; inplace?: boolean }>) {
    super();
    const { p, inplace } = sig.init.bind(args);
    checkDropoutP(p);
    this.p = p;
    this.inplace = inplace;
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    return dropoutImpl(sig.forward.bind(args).input, this.p, this.training, this.inplace);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
