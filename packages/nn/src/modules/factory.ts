import { type DType, type Device, Tensor, empty } from '@wick/tensor';
import { Parameter } from '../parameter.js';

/** PyTorch's factory_kwargs: where and in which dtype a module creates its parameters. */
export interface FactoryOptions {
  device?: Device;
  dtype?: DType;
}

/** An uninitialised parameter of the given shape; reset_parameters fills it. */
export function emptyParameter(shape: readonly number[], opts: FactoryOptions): Parameter {
  return new Parameter(empty([...shape], { dtype: opts.dtype, device: opts.device }));
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
