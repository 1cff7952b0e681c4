import { Tensor, scalarName } from '@wick/tensor';

/** The name Python's `type(value)` / `torch.typename(value)` prints in PyTorch's messages. */
export function typeName(value: unknown): string {
  if (value instanceof Tensor) return `torch.${scalarName(value.dtype)}Tensor`;
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  // A Module is a callable object: Python names its class.
  if (typeof value === 'function' && Object.getPrototypeOf(value) === Function.prototype) return 'function';
  const ctor: unknown = Reflect.get(Object(value), 'constructor');
  return typeof ctor === 'function' && ctor.name !== 'Object' ? ctor.name : 'dict';
}

/** PyTorch's `torch.Size([2, 3])`. */
export function sizeRepr(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}
