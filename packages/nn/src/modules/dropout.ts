import { type PyArgs, type Tensor, declare } from '@wick/tensor';
import { checkDropoutP, dropoutImpl } from '../functional/dropout.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from '../py-repr.js';
import { PY_METHOD, method } from '../signatures.js';

// Dropout's constructor and repr are PyTorch's _DropoutNd's: its messages name _DropoutNd.
const sig = {
  init: declare('nn.Dropout.__init__', '_DropoutNd.__init__(float p=0.5, bool inplace=False)', PY_METHOD),
  forward: method('Dropout.forward(Tensor input)'),
  extraRepr: declare('nn.Dropout.extra_repr', '_DropoutNd.extra_repr()', {
    ...PY_METHOD,
    differs: "PyTorch defines it on _DropoutNd, private and so not in the record; Dropout's is that one",
  }),
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
