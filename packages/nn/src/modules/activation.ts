import type { Tensor } from '@wick/tensor';
import * as F from '../functional/activation.js';
import { Module } from '../module.js';
import { pyOptional } from '../py-repr.js';

export class ReLU extends Module {
  constructor(readonly inplace = false) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }

  override extra_repr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }

  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class Softmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }

  override extra_repr(): string {
    return `dim=${pyOptional(this.dim)}`;
  }
}

export class LogSoftmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.log_softmax(input, this.dim);
  }

  override extra_repr(): string {
    return `dim=${pyOptional(this.dim)}`;
  }
}
