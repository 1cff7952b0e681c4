import type { PyArgs, Tensor } from '@wick/tensor';
import { Module } from '../module.js';
import { method } from '../signatures.js';

const sig = {
  init: method('Flatten.__init__(int start_dim=1, int end_dim=-1)'),
  forward: method('Flatten.forward(Tensor input)'),
  extraRepr: method('Flatten.extra_repr()'),
};

/** Flattens dims start_dim..end_dim (by default all but the batch dim). */
export class Flatten extends Module {
  readonly start_dim: number;
  readonly end_dim: number;

  constructor(...args: PyArgs<[start_dim?: number, end_dim?: number], { start_dim?: number; end_dim?: number }>) {
    super();
    const { start_dim, end_dim } = sig.init.bind(args);
    this.start_dim = start_dim;
    this.end_dim = end_dim;
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    return sig.forward.bind(args).input.flatten(this.start_dim, this.end_dim);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}
