import { type Tensor, ValueError } from '@wick/tensor';
import { dropout } from '../functional/dropout.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from '../py-repr.js';

/** Zeroes elements with probability p in training mode; the identity in eval mode. */
export class Dropout extends Module {
  constructor(readonly p = 0.5, readonly inplace = false) {
    super();
    if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`, 'ValueError');
  }

  override forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training, this.inplace);
  }

  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
