import type { PyArgs, Tensor } from '@wick/tensor';
import { geluImpl, logSoftmaxImpl, reluImpl, softmaxImpl } from '../functional/activation.js';
import { sigmoid as sigmoidOp, tanh as tanhOp } from '@wick/tensor';
import { Module } from '../module.js';
import { pyOptional } from '../py-repr.js';
import { method } from '../signatures.js';

/** `forward(input)` of an elementwise module, typed for the call forms. */
type InputArgs = PyArgs<[input: Tensor], { input?: Tensor }>;

const reluSig = {
  init: method('ReLU.__init__(bool inplace=False)'),
  forward: method('ReLU.forward(Tensor input)'),
  extraRepr: method('ReLU.extra_repr()'),
};

/** max(x, 0); with inplace, written into the input (which it returns). */
export class ReLU extends Module {
  readonly inplace: boolean;

  constructor(...args: PyArgs<[inplace?: boolean], { inplace?: boolean }>) {
    super();
    this.inplace = reluSig.init.bind(args).inplace;
  }

  override forward(...args: InputArgs): Tensor {
    return reluImpl(reluSig.forward.bind(args).input, this.inplace);
  }

  override extra_repr(...args: []): string {
    reluSig.extraRepr.bind(args);
    return this.inplace ? 'inplace=True' : '';
  }
}

const tanhForward = method('Tanh.forward(Tensor input)');

export class Tanh extends Module {
  override forward(...args: InputArgs): Tensor {
    return tanhOp(tanhForward.bind(args).input);
  }
}

const sigmoidForward = method('Sigmoid.forward(Tensor input)');

export class Sigmoid extends Module {
  override forward(...args: InputArgs): Tensor {
    return sigmoidOp(sigmoidForward.bind(args).input);
  }
}

const geluSig = {
  init: method("GELU.__init__(str approximate='none')"),
  forward: method('GELU.forward(Tensor input)'),
  extraRepr: method('GELU.extra_repr()'),
};

/** x * Phi(x), or its tanh approximation; a bad `approximate` is refused at forward, as in PyTorch. */
export class GELU extends Module {
  readonly approximate: string;

  constructor(...args: PyArgs<[approximate?: 'none' | 'tanh'], { approximate?: 'none' | 'tanh' }>) {
    super();
    this.approximate = geluSig.init.bind(args).approximate;
  }

  override forward(...args: InputArgs): Tensor {
    return geluImpl(geluSig.forward.bind(args).input, this.approximate);
  }

  override extra_repr(...args: []): string {
    geluSig.extraRepr.bind(args);
    return `approximate='${this.approximate}'`;
  }
}

const softmaxSig = {
  init: method('Softmax.__init__(int? dim=None)'),
  forward: method('Softmax.forward(Tensor input)'),
  extraRepr: method('Softmax.extra_repr()'),
};

/** softmax along dim (PyTorch's implicit dim when None). */
export class Softmax extends Module {
  readonly dim: number | null;

  constructor(...args: PyArgs<[dim?: number | null], { dim?: number | null }>) {
    super();
    this.dim = softmaxSig.init.bind(args).dim;
  }

  override forward(...args: InputArgs): Tensor {
    return softmaxImpl(softmaxSig.forward.bind(args).input, this.dim, null);
  }

  override extra_repr(...args: []): string {
    softmaxSig.extraRepr.bind(args);
    return `dim=${pyOptional(this.dim)}`;
  }
}

const logSoftmaxSig = {
  init: method('LogSoftmax.__init__(int? dim=None)'),
  forward: method('LogSoftmax.forward(Tensor input)'),
  extraRepr: method('LogSoftmax.extra_repr()'),
};

/** log(softmax) along dim, computed stably (PyTorch's implicit dim when None). */
export class LogSoftmax extends Module {
  readonly dim: number | null;

  constructor(...args: PyArgs<[dim?: number | null], { dim?: number | null }>) {
    super();
    this.dim = logSoftmaxSig.init.bind(args).dim;
  }

  override forward(...args: InputArgs): Tensor {
    return logSoftmaxImpl(logSoftmaxSig.forward.bind(args).input, this.dim, null);
  }

  override extra_repr(...args: []): string {
    logSoftmaxSig.extraRepr.bind(args);
    return `dim=${pyOptional(this.dim)}`;
  }
}
