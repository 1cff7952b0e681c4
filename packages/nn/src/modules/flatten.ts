import type { Tensor } from '@wick/tensor';
import { Module } from '../module.js';

/** Flattens dims start_dim..end_dim (by default all but the batch dim). */
export class Flatten extends Module {
  constructor(readonly start_dim = 1, readonly end_dim = -1) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }

  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}
