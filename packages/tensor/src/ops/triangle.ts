import { readDevice } from '../device.js';
import { type DType, scalarName } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { type Bound, type PyArgs, defineFunction } from '../signature/index.js';
import type { Tensor } from '../tensor.js';
import type { TensorOptions } from './creation.js';
import { arange, tensor } from './creation.js';
import { finish } from './factory.js';
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

// --- tril_indices / triu_indices ----------------------------------------------------------------

/** The [2, n] coordinates (rows, then columns) of the kept triangle of a row x col matrix, row by row. */
function triangleIndices(side: Side, a: Bound): Tensor {
  const name = `${side}_indices`;
  const [rows, cols, offset] = [Number(a.row), Number(a.col), Number(a.offset)];
  if (rows < 0) throw new ValueError(`row must be non-negative, got${rows}`);
  if (cols < 0) throw new ValueError(`col must be non-negative, got${cols}`);
  const dtype: DType = a.dtype ?? 'int64';
  if (dtype !== 'int64' && dtype !== 'int32') throw new DTypeError(`"${name}" not implemented for '${scalarName(dtype)}'`);
  const [r, c]: [number[], number[]] = [[], []];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const kept = side === 'tril' ? j - i <= offset : j - i >= offset;
      if (kept) {
        r.push(i);
        c.push(j);
      }
    }
  }
  const out = r.length === 0 ? tensor([], { dtype }).reshape(2, 0) : tensor([r, c], { dtype });
  return finish(out.to(readDevice(a.device) ?? 'cpu'), a);
}

export interface TriangleIndicesOptions extends TensorOptions {
  row?: number;
  col?: number;
  offset?: number;
}
export type TriangleIndicesFn = (...args: PyArgs<[row: number, col: number, offset?: number], TriangleIndicesOptions>) => Tensor;
const indicesText = (name: string) => `${name}(int row, int col, int offset=0, *, ScalarType? dtype=None, DeviceLike? device=None, bool requires_grad=False)`;

/** torch.tril_indices(row, col, offset=0): the coordinates of tril's kept elements, as a [2, n] tensor. */
export const tril_indices = defineFunction<TriangleIndicesFn>('tril_indices', indicesText('tril_indices'), (a) => triangleIndices('tril', a));
/** torch.triu_indices(row, col, offset=0): the coordinates of triu's kept elements, as a [2, n] tensor. */
export const triu_indices = defineFunction<TriangleIndicesFn>('triu_indices', indicesText('triu_indices'), (a) => triangleIndices('triu', a));
