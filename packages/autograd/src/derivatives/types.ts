import type { Tensor } from '@wick/tensor';
import type { TensorInfo } from '../node.js';

/**
 * What a derivative formula sees, in PyTorch's vocabulary (derivatives.yaml): `grad` (of the
 * first output), `self`, `other`, `result` (saved tensors, checked for in-place changes when read),
 * the op's attrs, and the shape/dtype of every input.
 */
export interface Ctx<A> {
  readonly grad: Tensor;
  /** Gradients of every output (zeros where nothing flowed). */
  readonly grads: readonly Tensor[];
  readonly attrs: A;
  readonly self: Tensor;
  readonly other: Tensor;
  readonly result: Tensor;
  /** A saved tensor by its argument name ('mask', 'index', 'result1', ...). */
  saved(name: string): Tensor;
  /** The saved tensors of a list argument, in order (a row's `'...indices'`: `savedList('indices')`). */
  savedList(name: string): Tensor[];
  /** Shape and dtype of each input, by position. */
  readonly inputs: readonly TensorInfo[];
  /** Whether each input wants a gradient. */
  readonly needs: readonly boolean[];
}

export type Formula<A> = (c: Ctx<A>) => Tensor;

/**
 * One row of the derivative table, keyed by op name: PyTorch's node name, the names of the op's
 * tensor inputs by position, which tensors backward needs (input names and 'result', 'result1'
 * for outputs), and one formula per differentiable input. An input with no formula is not
 * differentiable (an index, a mask, a condition).
 */
export interface Derivative<A = object> {
  readonly node: string | ((attrs: A, inputs: readonly Tensor[]) => string);
  /**
   * The names of the op's tensor inputs by position. A last name written `'...name'` is a list
   * argument (ATen's `Tensor?[] indices`): it names every remaining input, and saving it saves each.
   */
  readonly args: readonly string[];
  /**
   * Tensors kept for backward: a list (always kept), or for each tensor the inputs whose gradient
   * needs it (kept only when one of them requires grad, as PyTorch's generated code does — which
   * decides whether a later in-place change is an error).
   */
  readonly saves?: readonly string[] | Readonly<Record<string, readonly string[]>>;
  readonly grads: Readonly<Record<string, Formula<A>>>;
  /** For ops over a list of tensors (cat): the gradient of input i. */
  readonly each?: (c: Ctx<A>, i: number) => Tensor;
}

/** Types one row against its op's attrs and files it under the table's common row type. */
export function derivative<A extends object>(d: Derivative<A>): Derivative {
  const retype = (f: Formula<A>): Formula<object> => (c) => f(c as Ctx<A>);
  const node = d.node;
  const each = d.each;
  return {
    node: typeof node === 'string' ? node : (attrs, inputs) => node(attrs as A, inputs),
    args: d.args,
    saves: d.saves,
    grads: Object.fromEntries(Object.entries(d.grads).map(([k, f]) => [k, retype(f)])),
    each: each ? (c, i) => each(c as Ctx<A>, i) : undefined,
  };
}
