import { type DType, type Device, type TorchDevice, Tensor, deviceOf, empty, get_default_dtype } from '@wick/tensor';
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
