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

/** Sizes as numbers or one array, then an optional options object (undefined: none). */
export type SizesAndOptions<O> = (number | readonly number[] | O | undefined)[];

/** Splits f(2, 3, {dtype}) / f([2, 3], {dtype}) into sizes and options. */
export function sizesAndOptions<O extends object>(given: SizesAndOptions<O>): [number[], O] {
  // A trailing undefined is an absent options object: f(shape, opts) with opts left undefined.
  const args = given.length > 0 && given[given.length - 1] === undefined ? given.slice(0, -1) : given;
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const sizes = sizesArg((hasOptions ? args.slice(0, -1) : args) as (number | number[])[]);
  for (const s of sizes) {
    if (!Number.isInteger(s)) {
      const found = Array.isArray(s) ? `[${s.join(', ')}] among other sizes` : String(s);
      throw new ValueError(`expected integer sizes, but got ${found}`, 'TypeError');
    }
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
