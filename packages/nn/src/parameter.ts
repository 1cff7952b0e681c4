import { type PyArgs, NO_MATCH, Tensor, ValueError, declare, defineArgType, empty, format, isFloating } from '@wick/tensor';

const parameterNew = declare('nn.Parameter.__init__', 'Parameter.__new__(Tensor? data=None, bool requires_grad=True)', {
  style: 'python',
  pythonMethod: true,
  differs: "PyTorch declares these in Parameter.__new__ (its messages name __new__); the __init__ recorded is the (*args, **kwargs) it inherits",
});

/**
 * A tensor that a Module registers as a parameter when it is assigned to one of its attributes
 * (PyTorch's nn.Parameter). It shares `data`'s storage, as PyTorch's does, and requires grad
 * unless told otherwise.
 */
export class Parameter extends Tensor {
  constructor(...args: PyArgs<[data?: Tensor | null, requires_grad?: boolean], { data?: Tensor | null; requires_grad?: boolean }>) {
    const { data, requires_grad } = parameterNew.bind(args);
    const t: Tensor = data ?? empty([0]);
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

defineArgType('Parameter', { label: 'Parameter', coerce: (v) => (v instanceof Parameter ? v : NO_MATCH) });
