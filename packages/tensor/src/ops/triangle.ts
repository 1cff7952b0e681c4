import { ShapeError } from '../errors.js';
import { type PyArgs, defineFunction } from '../signature/index.js';
import type { Tensor } from '../tensor.js';
import { arange } from './creation.js';
import { maskedFill } from './elementwise.js';
import type { InplaceMethod } from './unary.js';
import { defineTensorMethod } from './define.js';

// tril / triu: the lower or upper triangle of the last two dims, the rest zeroed. Built from
// masked_fill with a mask made from aranges on x's device, so every backend and dtype masked_fill
// serves is served, and autograd follows masked_fill (grad.tril(diagonal) for tril).

type Side = 'tril' | 'triu';

/** True where an element of an [rows, cols] matrix lies outside the kept triangle. */
function outside(x: Tensor, side: Side, diagonal: number): Tensor {
  const [rows, cols] = x.shape.slice(-2) as [number, number];
  const row = arange(rows, { device: x.device }).unsqueeze(1);
  const col = arange(cols, { device: x.device }).unsqueeze(0);
  const offset = col.sub(row);
  return side === 'tril' ? offset.gt(diagonal) : offset.lt(diagonal);
}

function triangle(side: Side, x: Tensor, diagonal: number, inplace: boolean): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${side}: input tensor must have at least 2 dimensions`, 'RuntimeError');
  return maskedFill(x, outside(x, side, diagonal), 0, inplace);
}

export interface TriangleOptions {
  input?: Tensor;
  diagonal?: number;
}
export interface TriangleMethodOptions {
  diagonal?: number;
}
export type TriangleFn = (...args: PyArgs<[input: Tensor, diagonal?: number], TriangleOptions>) => Tensor;
const text = (name: string) => `${name}(Tensor input, int diagonal=0)`;

/** torch.tril(input, diagonal=0): the elements on and below the diagonal-th diagonal, others 0. */
export const tril = defineFunction<TriangleFn>('tril', text('tril'), (a) => triangle('tril', a.input, a.diagonal, false), { method: true });
/** torch.triu(input, diagonal=0): the elements on and above the diagonal-th diagonal, others 0. */
export const triu = defineFunction<TriangleFn>('triu', text('triu'), (a) => triangle('triu', a.input, a.diagonal, false), { method: true });
export const tril_: InplaceMethod = defineTensorMethod('tril_', text('tril_'), (a) => triangle('tril', a.input, a.diagonal, true));
export const triu_: InplaceMethod = defineTensorMethod('triu_', text('triu_'), (a) => triangle('triu', a.input, a.diagonal, true));
