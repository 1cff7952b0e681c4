import { no_grad } from '@wick/autograd';
import { type DType, type Device, type TorchDevice, Tensor, deviceOf, empty, get_default_dtype } from '@wick/tensor';
import * as init from '../init.js';
import type { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** PyTorch's factory_kwargs: where and in which dtype a module creates its parameters. */
export interface FactoryOptions {
  device?: Device | TorchDevice | null;
  dtype?: DType | null;
}

/** An uninitialised parameter of the given shape (null device and dtype: the defaults); reset_parameters fills it. */
export function emptyParameter(shape: readonly number[], opts: FactoryOptions): Parameter {
  return new Parameter(empty([...shape], { dtype: opts.dtype ?? get_default_dtype(), device: deviceOf(opts.device) ?? 'cpu' }));
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/**
 * A normalisation layer's scale and shift (PyTorch's `affine` or `elementwise_affine`, with its
 * `bias` flag): `weight` and `bias` of the given shape, or registered as None. Filled by resetAffine.
 */
export function registerAffine(
  m: Module, shape: readonly number[], affine: boolean, bias: boolean, opts: FactoryOptions,
): void {
  m.register_parameter('weight', affine ? emptyParameter(shape, opts) : null);
  m.register_parameter('bias', affine && bias ? emptyParameter(shape, opts) : null);
}

/** PyTorch's reset of a normalisation layer's scale and shift: ones and zeros. */
export function resetAffine(weight: Parameter | null, bias: Parameter | null): void {
  if (weight !== null) init.ones_(weight);
  if (bias !== null) init.zeros_(bias);
}

/**
 * PyTorch's reset of Linear and the convolutions: kaiming_uniform_(a=sqrt(5)) for the weight,
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias.
 */
export function resetKaimingUniform(weight: Parameter, bias: Parameter | null): void {
  init.kaiming_uniform_(weight, Math.sqrt(5));
  if (bias !== null) {
    const [fanIn] = init._calculate_fan_in_and_fan_out(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    init.uniform_(bias, -bound, bound);
  }
}

/** PyTorch's reset of Embedding and EmbeddingBag: N(0, 1), then the padding row zeroed. */
export function resetEmbedding(weight: Parameter, paddingIdx: number | null): void {
  init.normal_(weight);
  if (paddingIdx !== null) no_grad(() => weight.select(0, paddingIdx).fill_(0));
}
