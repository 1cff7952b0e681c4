import type { DType } from '../dtype.js';
import { isFloating } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { sizesArg } from '../shape.js';
import type { Device } from '../storage.js';
import type { Tensor } from '../tensor.js';

// Argument handling shared by the factory functions (ops/creation.ts, ops/random.ts).

export interface TensorOptions {
  dtype?: DType;
  device?: Device;
  requires_grad?: boolean;
}

export type SizesAndOptions<O> = (number | readonly number[] | O)[];

/** Splits f(2, 3, {dtype}) / f([2, 3], {dtype}) into sizes and options. */
export function sizesAndOptions<O extends object>(args: SizesAndOptions<O>): [number[], O] {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const sizes = sizesArg((hasOptions ? args.slice(0, -1) : args) as (number | number[])[]);
  for (const s of sizes) {
    if (!Number.isInteger(s)) throw new ValueError(`expected integer sizes, but got ${s}`, 'TypeError');
    if (s < 0) throw new ValueError(`Trying to create tensor with negative dimension ${s}: [${sizes.join(', ')}]`);
  }
  return [sizes, (hasOptions ? last : {}) as O];
}

/** Applies requires_grad from the options to a freshly made tensor. */
export function finish(t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requires_grad) {
    if (!isFloating(t.dtype)) throw new DTypeError('Only Tensors of floating point and complex dtype can require gradients');
    t.requires_grad = true;
  }
  return t;
}
