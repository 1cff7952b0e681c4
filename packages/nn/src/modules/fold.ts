import type { PyArgs, Tensor } from '@wick/tensor';
import { fold, unfold } from '../functional/fold.js';
import { Module } from '../module.js';
import { pyTuple } from '../py-repr.js';
import { method } from '../signatures.js';

type IntOrList = number | number[];
/** An argument as Python prints what it was given: an int, or a tuple. */
const shown = (v: IntOrList): string => (typeof v === 'number' ? String(v) : pyTuple(v));

export interface UnfoldModuleOptions {
  kernel_size?: IntOrList;
  dilation?: IntOrList;
  padding?: IntOrList;
  stride?: IntOrList;
}
const unfoldSig = {
  init: method('Unfold.__init__(int|int[] kernel_size, int|int[] dilation=1, int|int[] padding=0, int|int[] stride=1)'),
  forward: method('Unfold.forward(Tensor input)'),
  extraRepr: method('Unfold.extra_repr()'),
};

/** Extracts sliding local blocks as columns (F.unfold); the arguments are kept as given, as PyTorch keeps them. */
export class Unfold extends Module {
  readonly kernel_size: IntOrList;
  readonly dilation: IntOrList;
  readonly padding: IntOrList;
  readonly stride: IntOrList;

  constructor(...args: PyArgs<[kernel_size: IntOrList, dilation?: IntOrList, padding?: IntOrList, stride?: IntOrList], UnfoldModuleOptions>) {
    super();
    ({ kernel_size: this.kernel_size, dilation: this.dilation, padding: this.padding, stride: this.stride } = unfoldSig.init.bind(args));
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = unfoldSig.forward.bind(args);
    return unfold(input, this.kernel_size, this.dilation, this.padding, this.stride);
  }

  override extra_repr(...args: []): string {
    unfoldSig.extraRepr.bind(args);
    return `kernel_size=${shown(this.kernel_size)}, dilation=${shown(this.dilation)}, padding=${shown(this.padding)}, stride=${shown(this.stride)}`;
  }
}

export interface FoldModuleOptions extends UnfoldModuleOptions {
  output_size?: IntOrList;
}
const foldSig = {
  init: method('Fold.__init__(int|int[] output_size, int|int[] kernel_size, int|int[] dilation=1, int|int[] padding=0, int|int[] stride=1)'),
  forward: method('Fold.forward(Tensor input)'),
  extraRepr: method('Fold.extra_repr()'),
};

/** Sums columns of sliding local blocks back into an image (F.fold). */
export class Fold extends Module {
  readonly output_size: IntOrList;
  readonly kernel_size: IntOrList;
  readonly dilation: IntOrList;
  readonly padding: IntOrList;
  readonly stride: IntOrList;

  constructor(
    ...args: PyArgs<[output_size: IntOrList, kernel_size: IntOrList, dilation?: IntOrList, padding?: IntOrList, stride?: IntOrList], FoldModuleOptions>
  ) {
    super();
    const a = foldSig.init.bind(args);
    ({ output_size: this.output_size, kernel_size: this.kernel_size, dilation: this.dilation, padding: this.padding, stride: this.stride } = a);
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = foldSig.forward.bind(args);
    return fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride);
  }

  override extra_repr(...args: []): string {
    foldSig.extraRepr.bind(args);
    return `output_size=${shown(this.output_size)}, kernel_size=${shown(this.kernel_size)}, dilation=${shown(this.dilation)}, `
      + `padding=${shown(this.padding)}, stride=${shown(this.stride)}`;
  }
}
