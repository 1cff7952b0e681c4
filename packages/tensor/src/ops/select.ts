import { DTypeError } from '../errors.js';
import { type PyArgs } from '../signature/py-args.js';
import type { Bound } from '../signature/bind.js';
import { declare, defineFunction } from '../signature/declare.js';
import type { Tensor } from '../tensor.js';
import type { NumberLike, Operand } from './binary.js';
import type { NumberArg } from './scalars.js';
import { defineTensorMethod } from './define.js';
import { clampScalar, clampTensor, maskedFill, whereSelect } from './elementwise.js';
import { nonzeroTuple } from './nonzero.js';
import type { InplaceMethod } from './unary.js';

// Choosing elements: torch.where, masked_fill and the clamp family, with PyTorch's overloads.

// --- where -----------------------------------------------------------------------------------------

export interface WhereOptions {
  condition?: Tensor;
  input?: Tensor;
  self?: NumberLike;
  other?: Operand;
}
const WHERE = [
  'where(Tensor condition)',
  'where(Tensor condition, Tensor input, Tensor other)',
  'where(Tensor condition, Number self, Tensor other)',
  'where(Tensor condition, Tensor input, Number other)',
  'where(Tensor condition, Number self, Number other)',
];

/**
 * torch.where(condition, input, other): input where condition is true, else other (tensors or
 * numbers, promoted together); torch.where(condition): the indices of its nonzero elements, one
 * int64 tensor per dim (torch.nonzero(condition, as_tuple=True)).
 */
export function where(...args: PyArgs<[condition: Tensor], WhereOptions>): Tensor[];
export function where(...args: PyArgs<[condition: Tensor, input: Operand, other: Operand], WhereOptions>): Tensor;
export function where(...args: unknown[]): Tensor | Tensor[] {
  const a = whereSig.bind(args);
  if (!('other' in a)) return nonzeroTuple(a.condition);
  return whereSelect(a.condition, 'self' in a ? a.self : a.input, a.other);
}
const whereSig = declare('torch.where', WHERE);

/** x.where(condition, other): x where condition is true, else other. */
export const whereMethod = defineTensorMethod(
  'where', ['where(Tensor input, Tensor condition, Tensor other)', 'where(Tensor input, Tensor condition, Number other)'],
  (a) => whereSelect(a.condition, a.input, a.other),
);

// --- masked_fill -------------------------------------------------------------------------------------

export interface MaskedFillOptions {
  input?: Tensor;
  mask?: Tensor;
  value?: NumberLike;
}
export interface MaskedFillMethodOptions {
  mask?: Tensor;
  value?: NumberLike;
}
export type MaskedFillFn = (...args: PyArgs<[input: Tensor, mask: Tensor, value: NumberLike], MaskedFillOptions>) => Tensor;
const maskedTexts = (name: string) => [`${name}(Tensor input, Tensor mask, Tensor value)`, `${name}(Tensor input, Tensor mask, Number value)`];

/** torch.masked_fill(input, mask, value): value where mask is true, in input's dtype (checked to fit). */
export const masked_fill = defineFunction<MaskedFillFn>(
  'masked_fill', maskedTexts('masked_fill'), (a) => maskedFill(a.input, a.mask, a.value, false), { method: true },
);
export const masked_fill_: InplaceMethod = defineTensorMethod('masked_fill_', maskedTexts('masked_fill_'), (a) => maskedFill(a.input, a.mask, a.value, true));

// --- clamp -------------------------------------------------------------------------------------------

export type ClampBound = NumberLike | null;
export interface ClampOptions {
  input?: Tensor;
  min?: ClampBound;
  max?: ClampBound;
}
export interface ClampMethodOptions {
  min?: ClampBound;
  max?: ClampBound;
}
export type ClampFn = (...args: PyArgs<[input: Tensor, min?: ClampBound, max?: ClampBound], ClampOptions>) => Tensor;
export type ClampMinFn = (...args: PyArgs<[input: Tensor, min: NumberLike], ClampOptions>) => Tensor;
export type ClampMaxFn = (...args: PyArgs<[input: Tensor, max: NumberLike], ClampOptions>) => Tensor;

const clampTexts = (name: string) => [
  `${name}(Tensor input, Tensor? min=None, Tensor? max=None)`,
  `${name}(Tensor input, Number? min=None, Number? max=None)`,
];
const boundTexts = (name: string, bound: 'min' | 'max') => [`${name}(Tensor input, Tensor ${bound})`, `${name}(Tensor input, Number ${bound})`];

/**
 * Tensor bounds take the first overload (PyTorch's clamp.Tensor), numbers the second (clamp.Scalar);
 * a tensor with numbers is read as a number where PyTorch reads it so (clamp(x, 0, torch.tensor(2))).
 */
function clampOf(inplace: boolean, only?: 'min' | 'max') {
  return (a: Bound): Tensor => {
    const min = only === 'max' ? null : (a.min as Tensor | NumberArg | null);
    const max = only === 'min' ? null : (a.max as Tensor | NumberArg | null);
    if (min === null && max === null) throw new DTypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
    const tensors = isTensorOverload(a, only);
    return tensors ? clampTensor(a.input, min as Tensor | null, max as Tensor | null, inplace) : clampScalar(a.input, min, max, inplace);
  };
}

/** Whether the bound overload is clamp.Tensor: its bounds are tensors that are not wrapped numbers. */
function isTensorOverload(a: Bound, only?: 'min' | 'max'): boolean {
  const bounds = only === 'min' ? [a.min] : only === 'max' ? [a.max] : [a.min, a.max];
  return bounds.some((b) => b !== null && typeof b === 'object' && !b.wrappedNumber);
}

/** torch.clamp(input, min, max): each element limited to [min, max]; NaN stays NaN. */
export const clamp = defineFunction<ClampFn>('clamp', clampTexts('clamp'), clampOf(false), { method: true });
export const clip = defineFunction<ClampFn>('clip', clampTexts('clip'), clampOf(false), { method: true });
export const clamp_min = defineFunction<ClampMinFn>('clamp_min', boundTexts('clamp_min', 'min'), clampOf(false, 'min'), { method: true });
export const clamp_max = defineFunction<ClampMaxFn>('clamp_max', boundTexts('clamp_max', 'max'), clampOf(false, 'max'), { method: true });
// PyTorch has these in place both as torch.clamp_(x, ...) and as x.clamp_(...).
export const clamp_ = defineFunction<ClampFn>('clamp_', clampTexts('clamp_'), clampOf(true), { method: true });
export const clip_ = defineFunction<ClampFn>('clip_', clampTexts('clip_'), clampOf(true), { method: true });
export const clamp_min_ = defineFunction<ClampMinFn>('clamp_min_', boundTexts('clamp_min_', 'min'), clampOf(true, 'min'), { method: true });
export const clamp_max_ = defineFunction<ClampMaxFn>('clamp_max_', boundTexts('clamp_max_', 'max'), clampOf(true, 'max'), { method: true });
