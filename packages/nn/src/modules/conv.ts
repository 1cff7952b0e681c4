import {
  type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError, conv1d, conv2d, conv_transpose1d, conv_transpose2d, functionalPad,
} from '@wick/tensor';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { pyTuple } from '../py-repr.js';
import { method } from '../signatures.js';
import { type FactoryOptions, emptyParameter, resetKaimingUniform } from './factory.js';

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
type IntOrList = number | number[];

/** What _ConvNd.__init__ receives once a subclass has turned its arguments into per-dim lists. */
interface ConvSpec {
  in_channels: number;
  out_channels: number;
  kernel_size: number[];
  stride: number[];
  padding: number[] | string;
  dilation: number[];
  transposed: boolean;
  output_padding: number[];
  groups: number;
  bias: boolean;
  padding_mode: string;
  device: Device | TorchDevice | null;
  dtype: DType | null;
}

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

/** PyTorch's _single / _pair: one int for every spatial dim, a list as given. */
export const ntuple = (v: IntOrList, dims: number): number[] => (typeof v === 'number' ? new Array<number>(dims).fill(v) : [...v]);

/**
 * PyTorch's _ConvNd: argument checks, the weight ([out, in / groups, *kernel], or [in, out / groups,
 * *kernel] when transposed) and bias, their default initialisation and extra_repr.
 */
export class _ConvNd extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly transposed: boolean;
  readonly output_padding: number[];
  readonly groups: number;
  readonly padding_mode: PaddingMode;
  /** The padding as F.pad takes it (last dim first, before and after), for the non-zeros padding modes. */
  readonly _reversed_padding_repeated_twice: number[];

  protected constructor(s: ConvSpec) {
    super();
    if (s.groups <= 0) throw new ValueError('groups must be a positive integer', 'ValueError');
    if (s.in_channels % s.groups !== 0) throw new ValueError('in_channels must be divisible by groups', 'ValueError');
    if (s.out_channels % s.groups !== 0) throw new ValueError('out_channels must be divisible by groups', 'ValueError');
    if (typeof s.padding === 'string') {
      if (s.padding !== 'same' && s.padding !== 'valid') {
        throw new ValueError(`Invalid padding string '${s.padding}', should be one of {'valid', 'same'}`, 'ValueError');
      }
      if (s.padding === 'same' && s.stride.some((x) => x !== 1)) {
        throw new ValueError("padding='same' is not supported for strided convolutions", 'ValueError');
      }
    }
    if (!PADDING_MODES.includes(s.padding_mode)) {
      throw new ValueError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${s.padding_mode}'`, 'ValueError',
      );
    }
    this.in_channels = s.in_channels;
    this.out_channels = s.out_channels;
    this.kernel_size = s.kernel_size;
    this.stride = s.stride;
    this.padding = s.padding as number[] | 'same' | 'valid';
    this.dilation = s.dilation;
    this.transposed = s.transposed;
    this.output_padding = s.output_padding;
    this.groups = s.groups;
    this.padding_mode = s.padding_mode as PaddingMode;
    this._reversed_padding_repeated_twice = reversedPadding(s.padding, s.kernel_size, s.dilation);
    const [a, b] = s.transposed ? [s.in_channels, s.out_channels] : [s.out_channels, s.in_channels];
    this.weight = emptyParameter([a, b / s.groups, ...s.kernel_size], s);
    if (s.bias) this.bias = emptyParameter([s.out_channels], s);
    else this.register_parameter('bias', null);
    this.resetParameters();
  }

  /** kaiming_uniform_(a=sqrt(5)) for the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias. */
  reset_parameters(...args: []): void {
    resetSig.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    resetKaimingUniform(this.weight, this.bias);
  }

  override extra_repr(...args: []): string {
    extraReprSig.bind(args);
    const zeros = (xs: number[] | string, v: number) => typeof xs !== 'string' && xs.every((x) => x === v);
    const tuple = (xs: number[] | string) => (typeof xs === 'string' ? xs : pyTuple(xs));
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}`;
    if (!zeros(this.padding, 0)) s += `, padding=${tuple(this.padding)}`;
    if (!zeros(this.dilation, 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (!zeros(this.output_padding, 0)) s += `, output_padding=${pyTuple(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}
// torch.nn does not export _ConvNd (torch.nn.modules.conv does): these are reached as Conv2d.reset_parameters, ...
const BASE = { differs: 'torch.nn.modules.conv._ConvNd, which torch.nn does not export; reached through its subclasses' } as const;
const resetSig = method('_ConvNd.reset_parameters()', BASE);
const extraReprSig = method('_ConvNd.extra_repr()', BASE);

/** For 'same': dilation * (kernel - 1) split with the odd element after; 'valid': none; else each padding twice. */
function reversedPadding(padding: number[] | string, kernel: number[], dilation: number[]): number[] {
  const out: number[] = [];
  for (let i = kernel.length - 1; i >= 0; i--) {
    if (typeof padding !== 'string') out.push(padding[i]!, padding[i]!);
    else if (padding === 'valid') out.push(0, 0);
    else {
      const total = dilation[i]! * (kernel[i]! - 1);
      out.push(Math.floor(total / 2), total - Math.floor(total / 2));
    }
  }
  return out;
}

export interface ConvOptions extends FactoryOptions {
  in_channels?: number;
  out_channels?: number;
  kernel_size?: IntOrList;
  stride?: IntOrList;
  padding?: IntOrList | 'same' | 'valid';
  dilation?: IntOrList;
  groups?: number;
  bias?: boolean;
  padding_mode?: PaddingMode;
}
type ConvArgs = PyArgs<
  [in_channels: number, out_channels: number, kernel_size: IntOrList, stride?: IntOrList, padding?: IntOrList | 'same' | 'valid',
    dilation?: IntOrList, groups?: number, bias?: boolean, padding_mode?: PaddingMode, device?: Device | TorchDevice | null, dtype?: DType | null],
  ConvOptions
>;
const convInit = (name: string) => method(
  `${name}.__init__(int in_channels, int out_channels, int|int[] kernel_size, int|int[] stride=1, int|int[]|str padding=0, `
  + "int|int[] dilation=1, int groups=1, bool bias=True, str padding_mode='zeros', Device? device=None, ScalarType? dtype=None)",
);

function convSpec(a: Record<string, unknown>, dims: number): ConvSpec {
  const padding = a.padding as IntOrList | string;
  return {
    in_channels: a.in_channels as number,
    out_channels: a.out_channels as number,
    kernel_size: ntuple(a.kernel_size as IntOrList, dims),
    stride: ntuple(a.stride as IntOrList, dims),
    padding: typeof padding === 'string' ? padding : ntuple(padding, dims),
    dilation: ntuple(a.dilation as IntOrList, dims),
    transposed: false,
    output_padding: new Array<number>(dims).fill(0),
    groups: a.groups as number,
    bias: a.bias as boolean,
    padding_mode: a.padding_mode as string,
    device: a.device as Device | TorchDevice | null,
    dtype: a.dtype as DType | null,
  };
}

const conv1dSig = { init: convInit('Conv1d'), forward: method('Conv1d.forward(Tensor input)') };

/** A 1-d convolution over [N, C, L] or [C, L] inputs. */
export class Conv1d extends _ConvNd {
  constructor(...args: ConvArgs) {
    super(convSpec(conv1dSig.init.bind(args), 1));
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = conv1dSig.forward.bind(args);
    if (this.padding_mode !== 'zeros') {
      const padded = functionalPad(input, this._reversed_padding_repeated_twice, this.padding_mode);
      return conv1d(padded, this.weight, this.bias, this.stride, [0], this.dilation, this.groups);
    }
    return conv1d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }
}

const conv2dSig = { init: convInit('Conv2d'), forward: method('Conv2d.forward(Tensor input)') };

/** A 2-d convolution over [N, C, H, W] or [C, H, W] inputs. */
export class Conv2d extends _ConvNd {
  constructor(...args: ConvArgs) {
    super(convSpec(conv2dSig.init.bind(args), 2));
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = conv2dSig.forward.bind(args);
    if (this.padding_mode !== 'zeros') {
      const padded = functionalPad(input, this._reversed_padding_repeated_twice, this.padding_mode);
      return conv2d(padded, this.weight, this.bias, this.stride, [0, 0], this.dilation, this.groups);
    }
    return conv2d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }
}

export interface ConvTransposeOptions extends FactoryOptions {
  in_channels?: number;
  out_channels?: number;
  kernel_size?: IntOrList;
  stride?: IntOrList;
  padding?: IntOrList;
  output_padding?: IntOrList;
  groups?: number;
  bias?: boolean;
  dilation?: IntOrList;
  padding_mode?: PaddingMode;
}
type ConvTransposeArgs = PyArgs<
  [in_channels: number, out_channels: number, kernel_size: IntOrList, stride?: IntOrList, padding?: IntOrList, output_padding?: IntOrList,
    groups?: number, bias?: boolean, dilation?: IntOrList, padding_mode?: PaddingMode, device?: Device | TorchDevice | null, dtype?: DType | null],
  ConvTransposeOptions
>;
const convTransposeSig = (name: string) => ({
  init: method(
    `${name}.__init__(int in_channels, int out_channels, int|int[] kernel_size, int|int[] stride=1, int|int[] padding=0, `
    + "int|int[] output_padding=0, int groups=1, bool bias=True, int|int[] dilation=1, str padding_mode='zeros', Device? device=None, ScalarType? dtype=None)",
  ),
  forward: method(`${name}.forward(Tensor input, int[]? output_size=None)`),
});

function convTransposeSpec(name: string, a: Record<string, unknown>, dims: number): ConvSpec {
  if (a.padding_mode !== 'zeros') throw new ValueError(`Only "zeros" padding mode is supported for ${name}`, 'ValueError');
  return {
    ...convSpec({ ...a, padding: ntuple(a.padding as IntOrList, dims) }, dims),
    transposed: true,
    output_padding: ntuple(a.output_padding as IntOrList, dims),
  };
}

/** PyTorch's _ConvTransposeNd: the output_padding that makes a requested output_size. */
export class _ConvTransposeNd extends _ConvNd {
  declare readonly padding: number[];

  protected _output_padding(input: Tensor, outputSize: number[] | null, dims: number): number[] {
    if (outputSize === null) return this.output_padding;
    const nonSpatial = input.ndim === dims + 2 ? 2 : 1;
    const size = outputSize.length === nonSpatial + dims ? outputSize.slice(nonSpatial) : outputSize;
    if (size.length !== dims) {
      throw new ValueError(
        `ConvTranspose${dims}D: for ${input.ndim}D input, output_size must have ${dims} or ${nonSpatial + dims} elements (got ${size.length})`, 'ValueError',
      );
    }
    const min = size.map((_, d) => (input.shape[d + nonSpatial]! - 1) * this.stride[d]! - 2 * this.padding[d]! + this.dilation[d]! * (this.kernel_size[d]! - 1) + 1);
    const max = min.map((m, d) => m + this.stride[d]! - 1);
    if (size.some((s, i) => s < min[i]! || s > max[i]!)) {
      const list = (xs: number[]) => `[${xs.join(', ')}]`;
      throw new ValueError(
        `requested an output size of ${list(size)}, but valid sizes range from ${list(min)} to ${list(max)} (for an input of torch.Size(${list(input.shape.slice(2))}))`,
        'ValueError',
      );
    }
    return size.map((s, d) => s - min[d]!);
  }
}

type ConvTransposeForwardArgs = PyArgs<[input: Tensor, output_size?: number[] | null], { input?: Tensor; output_size?: number[] | null }>;
const convTranspose1dSig = convTransposeSig('ConvTranspose1d');

/** The transpose (gradient) of Conv1d with respect to its input: [N, C, L] or [C, L] inputs. */
export class ConvTranspose1d extends _ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(convTransposeSpec('ConvTranspose1d', convTranspose1dSig.init.bind(args), 1));
  }

  override forward(...args: ConvTransposeForwardArgs): Tensor {
    const { input, output_size } = convTranspose1dSig.forward.bind(args);
    const outputPadding = this._output_padding(input, output_size, 1);
    return conv_transpose1d(input, this.weight, this.bias, this.stride, this.padding, outputPadding, this.groups, this.dilation);
  }
}

const convTranspose2dSig = convTransposeSig('ConvTranspose2d');

/** The transpose (gradient) of Conv2d with respect to its input: [N, C, H, W] or [C, H, W] inputs. */
export class ConvTranspose2d extends _ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(convTransposeSpec('ConvTranspose2d', convTranspose2dSig.init.bind(args), 2));
  }

  override forward(...args: ConvTransposeForwardArgs): Tensor {
    const { input, output_size } = convTranspose2dSig.forward.bind(args);
    const outputPadding = this._output_padding(input, output_size, 2);
    return conv_transpose2d(input, this.weight, this.bias, this.stride, this.padding, outputPadding, this.groups, this.dilation);
  }
}
