import { Tensor, ValueError, empty, format, isFloating } from '@wick/tensor';

/**
 * A tensor that a Module registers as a parameter when it is assigned to one of its attributes
 * (PyTorch's nn.Parameter). It shares `data`'s storage, as PyTorch's does, and requires grad
 * unless told otherwise.
 */
export class Parameter extends Tensor {
  constructor(data?: Tensor | null, requires_grad = true) {
    const t = data ?? empty([0]);
    if (requires_grad && !isFloating(t.dtype)) {
      throw new ValueError('Only Tensors of floating point and complex dtype can require gradients');
    }
    super(t.storage, t.shape, t.strides, t.offset);
    this.requires_grad = requires_grad;
  }

  override toString(): string {
    return `Parameter containing:\n${format(this)}`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * Points `param` at `data`'s storage and layout, keeping the Parameter object itself: PyTorch's
 * `param.data = data`, which Module.to() and friends use so that references held elsewhere (an
 * optimizer's param list) keep seeing the converted values.
 */
export function setParameterData(param: Parameter, data: Tensor): void {
  // NOTE: Tensor's layout fields are readonly to its users; this is the one place that rebinds
  // them, on purpose, exactly as PyTorch's `.data` setter swaps a parameter's TensorImpl.
  Object.assign(param, { storage: data.storage, shape: data.shape, strides: data.strides, offset: data.offset, _base: null });
}
