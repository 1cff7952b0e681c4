import {
  type DType,
  can_cast as canCast,
  get_default_dtype as defaultDType,
  isFloating,
  itemsize as itemsizeOf,
  promote_types as promote,
  set_default_dtype as setDefault,
} from '../dtype.js';
import { ValueError } from '../errors.js';
import { isContiguous, numel as numelOf, perDimension } from '../shape.js';
import { declare, defineFunction } from '../signature/declare.js';
import type { PyArgs } from '../signature/py-args.js';
import { Tensor } from '../tensor.js';
import type { NumberLike } from './binary.js';
import { defineFunctionAndMethod, defineTensorMethod } from './define.js';
import { resultType } from './helpers.js';
import type { MemoryFormat } from './convert.js';

// What a tensor or a dtype is: the Tensor methods that describe a tensor (dim, size, stride, ...)
// and the dtype helpers of the torch namespace, each declared with PyTorch's signature.

const PY = { style: 'python' } as const;

// --- Tensor methods ---------------------------------------------------------------------------------

const ONE_FORM = "PyTorch's stub lists size() and size(dim) apart; one overload with dim=None takes both";

/** The Tensor methods that describe self, as (self, the method's arguments). */
export const describe = {
  dim: defineTensorMethod('dim', 'dim(Tensor input)', (a) => (a.input as Tensor).ndim),
  size: defineTensorMethod(
    'size', 'size(Tensor input, int? dim=None)',
    (a): number | number[] => perDimension(a.input.shape, a.dim),
    { leftOut: ONE_FORM },
  ),
  stride: defineTensorMethod(
    'stride', 'stride(Tensor input, int? dim=None)',
    (a): number | number[] => perDimension(a.input.strides, a.dim),
    { leftOut: ONE_FORM.replaceAll('size', 'stride') },
  ),
  storage_offset: defineTensorMethod('storage_offset', 'storage_offset(Tensor input)', (a) => (a.input as Tensor).offset),
  element_size: defineTensorMethod('element_size', 'element_size(Tensor input)', (a) => itemsizeOf((a.input as Tensor).dtype)),
  is_contiguous: defineTensorMethod(
    'is_contiguous', 'is_contiguous(Tensor input, *, MemoryFormat memory_format=contiguous_format)',
    (a) => {
      const x = a.input as Tensor;
      // NOTE: PyTorch answers False for preserve_format, which names no layout to compare with.
      return (a.memory_format as MemoryFormat) === 'contiguous_format' && isContiguous(x.shape, x.strides);
    },
    { differs: "PyTorch's stub lists memory_format as positional, but its method takes it by keyword only (x.is_contiguous(fmt) raises)" },
  ),
  requires_grad_: defineTensorMethod(
    'requires_grad_', 'requires_grad_(Tensor input, bool requires_grad=True)', (a) => a.requires_grad as boolean,
    { differs: "PyTorch's stub names the parameter mode; its parser's name is requires_grad (x.requires_grad_(mode=True) raises)" },
  ),
};

// --- torch.* -----------------------------------------------------------------------------------------

type InputFn<R> = (...args: PyArgs<[input: Tensor], { input?: Tensor }>) => R;

/** torch.is_floating_point(x) and x.is_floating_point(). */
export const is_floating_point = defineFunction<InputFn<boolean>>(
  'is_floating_point', 'is_floating_point(Tensor input)', (a) => isFloating((a.input as Tensor).dtype), { method: true },
);

/** torch.numel(x) and x.numel(): the number of elements. */
export const numel = defineFunctionAndMethod<InputFn<number>>('numel', 'numel(Tensor input)', (a) => numelOf((a.input as Tensor).shape), {
  fn: { differs: "PyTorch's stub names the parameter self; its parser's name is input (torch.numel(input=x) works, self=x raises)" },
});

const isTensorSig = declare('torch.is_tensor', 'is_tensor(Any obj)', PY);

/** torch.is_tensor(obj): whether obj is a Tensor. */
export function is_tensor(...args: [obj: unknown]): boolean {
  const { obj } = isTensorSig.bind(args);
  return obj instanceof Tensor;
}

/** torch.promote_types(type1, type2): the smallest dtype both convert to without losing their category. */
export const promote_types = defineFunction<(...args: PyArgs<[type1: DType, type2: DType], { type1?: DType; type2?: DType }>) => DType>(
  'promote_types', 'promote_types(ScalarType type1, ScalarType type2)', (a) => promote(a.type1, a.type2),
);

/** torch.can_cast(from_, to): whether an in-place op may write a from_ result into a to tensor. */
export const can_cast = defineFunction<(...args: PyArgs<[from_: DType, to: DType], { from_?: DType; to?: DType }>) => boolean>(
  'can_cast', 'can_cast(ScalarType from_, ScalarType to)', (a) => canCast(a.from_, a.to),
);

export interface ResultTypeOptions {
  tensor?: Tensor;
  other?: NumberLike;
  scalar?: NumberLike;
  scalar1?: NumberLike;
  scalar2?: NumberLike;
}

/** torch.result_type(a, b): the dtype an arithmetic op on a and b computes in. */
export const result_type = defineFunction<(...args: PyArgs<[a: NumberLike, b: NumberLike], ResultTypeOptions>) => DType>(
  'result_type',
  [
    'result_type(Tensor tensor, Tensor other)',
    'result_type(Number scalar, Tensor tensor)',
    'result_type(Tensor tensor, Number other)',
    'result_type(Number scalar1, Number scalar2)',
  ],
  (a) => ('scalar1' in a ? resultType(a.scalar1, a.scalar2) : 'scalar' in a ? resultType(a.scalar, a.tensor) : resultType(a.tensor, a.other)),
);

const setDefaultSig = declare('torch.set_default_dtype', 'set_default_dtype(ScalarType d)', PY);
const getDefaultSig = declare('torch.get_default_dtype', 'get_default_dtype()');

/** torch.set_default_dtype(d): the dtype of float tensors made from Python floats (a floating dtype). */
export function set_default_dtype(...args: [d: DType]): void {
  const { d } = setDefaultSig.bind(args);
  setDefault(d);
}

/** torch.get_default_dtype(): float32 unless set_default_dtype changed it. */
export function get_default_dtype(...args: []): DType {
  if (args.length > 0) getDefaultSig.bind(args);
  return defaultDType();
}

/** Bytes per element of a dtype (PyTorch: dtype.itemsize). */
export const itemsize = defineFunction<(...args: PyArgs<[dtype: DType], { dtype?: DType }>) => number>(
  'itemsize', 'itemsize(ScalarType dtype)', (a) => itemsizeOf(a.dtype),
  { differs: "wick's own: a dtype is a string in wick, so PyTorch's dtype.itemsize is this function" },
);

const broadcastShapesSig = declare('torch.broadcast_shapes', 'broadcast_shapes(Value *shapes)', PY);

/** A shape as Python prints it in broadcast_shapes' message: a list [3, 2], or a tuple (3,) for one int. */
const shapeText = (s: readonly number[], fromInt: boolean) => (fromInt ? `(${s[0]},)` : `[${s.join(', ')}]`);

/**
 * torch.broadcast_shapes(*shapes): the shape all of them broadcast to (each an int or a list of
 * ints), with PyTorch's messages.
 */
export function broadcast_shapes(...args: (number | readonly number[])[]): number[] {
  const { shapes } = broadcastShapesSig.bind(args) as { shapes: unknown[] };
  const given = shapes.filter((s) => s !== null);
  const list = given.map((s) => (typeof s === 'number' || typeof s === 'bigint' ? [Number(s)] : s));
  for (const s of list) {
    if (!Array.isArray(s)) throw new ValueError(`Input shapes should be of type ints, a tuple of ints, or a list of ints, got ${String(s)}`);
    for (const [i, d] of s.entries()) {
      if (!(typeof d === 'number' && Number.isInteger(d)) && typeof d !== 'bigint') {
        throw new ValueError(`torch.Size() takes an iterable of 'int' (item ${i} is '${typeof d === 'number' ? 'float' : typeof d}')`, 'TypeError');
      }
    }
  }
  const shapesList = list as number[][];
  if (shapesList.length === 0) return [];
  const common = new Array<number>(Math.max(...shapesList.map((s) => s.length))).fill(1);
  shapesList.forEach((shape, argIdx) => {
    for (let idx = -1; idx >= -shape.length; idx--) {
      const d = Number(shape[shape.length + idx]);
      const c = common.length + idx;
      if (d === common[c]) continue;
      if (common[c] === 1) {
        if (d < 0) throw new ValueError('Attempting to broadcast a dimension with negative length!', 'ValueError');
        common[c] = d;
      }
      if (d === 1) continue;
      if (common[c] !== d) {
        throw new ValueError(
          `Attempting to broadcast a dimension of length ${d} at ${idx}! Mismatching argument at index ${argIdx} had ` +
            `${shapeText(shape, typeof given[argIdx] === 'number')}; but expected shape should be broadcastable to [${common.join(', ')}]`,
        );
      }
    }
  });
  return common;
}
