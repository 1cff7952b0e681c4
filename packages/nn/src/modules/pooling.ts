import { type PyArgs, type Tensor, declare } from '@wick/tensor';
import {
  adaptiveAvgPool1dImpl, adaptiveAvgPool2dImpl, avgPool1dImpl, avgPool2dImpl,
} from '../functional/avg-pool.js';
import { adaptiveMaxPool2dImpl, maxPool1dImpl, maxPool2dImpl, pool2dArgs } from '../functional/max-pool.js';
import { type IntOrTuple, OUTPUT_SIZE, pair } from '../functional/pool-args.js';
import { Module } from '../module.js';
import { pyBool, pyTuple } from '../py-repr.js';
import { PY_METHOD, method } from '../signatures.js';

// PyTorch's pooling modules keep their arguments as given (an int or a tuple) and print them so;
// AvgPool1d alone turns them into 1-tuples.

type Size = number | number[];
type OptionalSize = number | (number | null)[];

/** An int, or a tuple of ints or Nones, as Python's repr prints it. */
const show = (v: number | readonly (number | null)[] | null): string =>
  v === null ? 'None' : typeof v === 'number' ? String(v) : pyTuple(v.map((e) => (e === null ? 'None' : e)));

const PRIVATE_BASE = 'PyTorch defines it on a private base class (_MaxPoolNd, _AvgPoolNd, _AdaptiveAvgPoolNd, _AdaptiveMaxPoolNd), '
  + 'so it is not in the record';
const baseMethod = (path: string, text: string) => declare(`nn.${path}`, text, { ...PY_METHOD, differs: PRIVATE_BASE });

const maxInit = '_MaxPoolNd.__init__(int|int[] kernel_size, int|int[]? stride=None, int|int[] padding=0, int|int[] dilation=1, '
  + 'bool return_indices=False, bool ceil_mode=False)';
interface MaxPoolModuleOptions {
  kernel_size?: Size; stride?: Size | null; padding?: Size; dilation?: Size; return_indices?: boolean; ceil_mode?: boolean;
}
type MaxPoolArgs = PyArgs<
  [kernel_size: Size, stride?: Size | null, padding?: Size, dilation?: Size, return_indices?: boolean, ceil_mode?: boolean], MaxPoolModuleOptions
>;
type InputArgs = PyArgs<[input: Tensor], { input?: Tensor }>;

/** What MaxPool1d and MaxPool2d share: the arguments and their repr. */
abstract class MaxPoolNd extends Module {
  readonly kernel_size: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly dilation: IntOrTuple;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;

  constructor(sig: { init: ReturnType<typeof declare> }, args: MaxPoolArgs) {
    super();
    const a = sig.init.bind(args);
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? a.kernel_size;
    this.padding = a.padding;
    this.dilation = a.dilation;
    this.return_indices = a.return_indices;
    this.ceil_mode = a.ceil_mode;
  }

  protected windowRepr(): string {
    return `kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}, padding=${show(this.padding)}, `
      + `dilation=${show(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

const max1dSig = {
  init: declare('nn.MaxPool1d.__init__', maxInit, PY_METHOD),
  forward: method('MaxPool1d.forward(Tensor input)'),
  extraRepr: baseMethod('MaxPool1d.extra_repr', '_MaxPoolNd.extra_repr()'),
};

/** Max over windows of the last dim of (N, C, L) or (C, L); with return_indices, [output, indices]. */
export class MaxPool1d extends MaxPoolNd {
  constructor(...args: MaxPoolArgs) {
    super(max1dSig, args);
  }

  override forward(...args: InputArgs): Tensor | [Tensor, Tensor] {
    const x = max1dSig.forward.bind(args).input;
    return maxPool1dImpl(x, this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode, this.return_indices);
  }

  override extra_repr(...args: []): string {
    max1dSig.extraRepr.bind(args);
    return this.windowRepr();
  }
}

const max2dSig = {
  init: declare('nn.MaxPool2d.__init__', maxInit, PY_METHOD),
  forward: method('MaxPool2d.forward(Tensor input)'),
  extraRepr: baseMethod('MaxPool2d.extra_repr', '_MaxPoolNd.extra_repr()'),
};

/** Max over windows of the last two dims of (N, C, H, W) or (C, H, W); with return_indices, [output, indices]. */
export class MaxPool2d extends MaxPoolNd {
  constructor(...args: MaxPoolArgs) {
    super(max2dSig, args);
  }

  override forward(...args: InputArgs): Tensor | [Tensor, Tensor] {
    const x = max2dSig.forward.bind(args).input;
    const a = pool2dArgs('max_pool2d', this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode);
    return maxPool2dImpl(x, a, this.return_indices);
  }

  override extra_repr(...args: []): string {
    max2dSig.extraRepr.bind(args);
    return this.windowRepr();
  }
}

const avg1dSig = {
  init: method('AvgPool1d.__init__(int|int[] kernel_size, int|int[]? stride=None, int|int[] padding=0, bool ceil_mode=False, bool count_include_pad=True)'),
  forward: method('AvgPool1d.forward(Tensor input)'),
  extraRepr: baseMethod('AvgPool1d.extra_repr', '_AvgPoolNd.extra_repr()'),
};
interface AvgPool1dModuleOptions { kernel_size?: Size; stride?: Size | null; padding?: Size; ceil_mode?: boolean; count_include_pad?: boolean }
type AvgPool1dArgs = PyArgs<[kernel_size: Size, stride?: Size | null, padding?: Size, ceil_mode?: boolean, count_include_pad?: boolean], AvgPool1dModuleOptions>;

/** PyTorch's _single: an int becomes a 1-tuple, a tuple stays. */
const asTuple = (v: IntOrTuple): number[] => (typeof v === 'number' ? [v] : [...v]);

/** The mean over windows of the last dim of (N, C, L) or (C, L). */
export class AvgPool1d extends Module {
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;

  constructor(...args: AvgPool1dArgs) {
    super();
    const a = avg1dSig.init.bind(args);
    this.kernel_size = asTuple(a.kernel_size);
    this.stride = asTuple(a.stride ?? a.kernel_size);
    this.padding = asTuple(a.padding);
    this.ceil_mode = a.ceil_mode;
    this.count_include_pad = a.count_include_pad;
  }

  override forward(...args: InputArgs): Tensor {
    const x = avg1dSig.forward.bind(args).input;
    return avgPool1dImpl(x, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }

  override extra_repr(...args: []): string {
    avg1dSig.extraRepr.bind(args);
    return `kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}

const avg2dSig = {
  init: method(
    'AvgPool2d.__init__(int|int[] kernel_size, int|int[]? stride=None, int|int[] padding=0, bool ceil_mode=False, bool count_include_pad=True, '
      + 'int? divisor_override=None)',
  ),
  forward: method('AvgPool2d.forward(Tensor input)'),
  extraRepr: baseMethod('AvgPool2d.extra_repr', '_AvgPoolNd.extra_repr()'),
};
interface AvgPool2dModuleOptions extends AvgPool1dModuleOptions { divisor_override?: number | null }
type AvgPool2dArgs = PyArgs<
  [kernel_size: Size, stride?: Size | null, padding?: Size, ceil_mode?: boolean, count_include_pad?: boolean, divisor_override?: number | null],
  AvgPool2dModuleOptions
>;

/** The mean over windows of the last two dims of (N, C, H, W) or (C, H, W). */
export class AvgPool2d extends Module {
  readonly kernel_size: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;

  constructor(...args: AvgPool2dArgs) {
    super();
    const a = avg2dSig.init.bind(args);
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? a.kernel_size;
    this.padding = a.padding;
    this.ceil_mode = a.ceil_mode;
    this.count_include_pad = a.count_include_pad;
    this.divisor_override = a.divisor_override;
  }

  override forward(...args: InputArgs): Tensor {
    const x = avg2dSig.forward.bind(args).input;
    const k = pair(this.kernel_size, 'avg_pool2d: kernel_size must either be a single int, or a tuple of two ints')!;
    const s = pair(this.stride, 'avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints', true) ?? k;
    const p = pair(this.padding, 'avg_pool2d: padding must either be a single int, or a tuple of two ints')!;
    return avgPool2dImpl(x, { kernel: k, stride: s, padding: p, dilation: [1, 1], ceil: this.ceil_mode }, this.count_include_pad, this.divisor_override);
  }

  override extra_repr(...args: []): string {
    avg2dSig.extraRepr.bind(args);
    return `kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}

const adaptiveAvgInit = `_AdaptiveAvgPoolNd.__init__(${OUTPUT_SIZE} output_size)`;
const adaptiveAvg1dSig = {
  init: declare('nn.AdaptiveAvgPool1d.__init__', adaptiveAvgInit, PY_METHOD),
  forward: method('AdaptiveAvgPool1d.forward(Tensor input)'),
  extraRepr: baseMethod('AdaptiveAvgPool1d.extra_repr', '_AdaptiveAvgPoolNd.extra_repr()'),
};
type OutputSizeArgs = PyArgs<[output_size: OptionalSize], { output_size?: OptionalSize }>;

/** The mean over L_out adaptive windows of the last dim. */
export class AdaptiveAvgPool1d extends Module {
  readonly output_size: OptionalSize;

  constructor(...args: OutputSizeArgs) {
    super();
    this.output_size = adaptiveAvg1dSig.init.bind(args).output_size;
  }

  override forward(...args: InputArgs): Tensor {
    const x = adaptiveAvg1dSig.forward.bind(args).input;
    return adaptiveAvgPool1dImpl(x, this.output_size as IntOrTuple);
  }

  override extra_repr(...args: []): string {
    adaptiveAvg1dSig.extraRepr.bind(args);
    return `output_size=${show(this.output_size)}`;
  }
}

const adaptiveAvg2dSig = {
  init: declare('nn.AdaptiveAvgPool2d.__init__', adaptiveAvgInit, PY_METHOD),
  forward: method('AdaptiveAvgPool2d.forward(Tensor input)'),
  extraRepr: baseMethod('AdaptiveAvgPool2d.extra_repr', '_AdaptiveAvgPoolNd.extra_repr()'),
};

/** The mean over adaptive windows of the last two dims: any input size to output_size. */
export class AdaptiveAvgPool2d extends Module {
  readonly output_size: OptionalSize;

  constructor(...args: OutputSizeArgs) {
    super();
    this.output_size = adaptiveAvg2dSig.init.bind(args).output_size;
  }

  override forward(...args: InputArgs): Tensor {
    return adaptiveAvgPool2dImpl(adaptiveAvg2dSig.forward.bind(args).input, this.output_size);
  }

  override extra_repr(...args: []): string {
    adaptiveAvg2dSig.extraRepr.bind(args);
    return `output_size=${show(this.output_size)}`;
  }
}

const adaptiveMax2dSig = {
  init: declare('nn.AdaptiveMaxPool2d.__init__', `_AdaptiveMaxPoolNd.__init__(${OUTPUT_SIZE} output_size, bool return_indices=False)`, PY_METHOD),
  forward: method('AdaptiveMaxPool2d.forward(Tensor input)'),
  extraRepr: baseMethod('AdaptiveMaxPool2d.extra_repr', '_AdaptiveMaxPoolNd.extra_repr()'),
};

/** The max over adaptive windows of the last two dims; with return_indices, [output, indices]. */
export class AdaptiveMaxPool2d extends Module {
  readonly output_size: OptionalSize;
  readonly return_indices: boolean;

  constructor(...args: PyArgs<[output_size: OptionalSize, return_indices?: boolean], { output_size?: OptionalSize; return_indices?: boolean }>) {
    super();
    const a = adaptiveMax2dSig.init.bind(args);
    this.output_size = a.output_size;
    this.return_indices = a.return_indices;
  }

  override forward(...args: InputArgs): Tensor | [Tensor, Tensor] {
    return adaptiveMaxPool2dImpl(adaptiveMax2dSig.forward.bind(args).input, this.output_size, this.return_indices);
  }

  override extra_repr(...args: []): string {
    adaptiveMax2dSig.extraRepr.bind(args);
    return `output_size=${show(this.output_size)}`;
  }
}
