// Python's repr of the values that module reprs print, so extra_repr matches PyTorch's text.
import { pyFloatRepr } from '@wick/tensor';

/** repr(float): shortest round-trip digits; scientific below 1e-4 and from 1e16, as Python does. */
export const pyFloat = pyFloatRepr;

export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** repr(tuple): `(4,)` for one element. */
export function pyTuple(items: readonly (number | string)[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

export const pyOptional = (v: number | null | undefined): string => (v === null || v === undefined ? 'None' : String(v));

/** repr() of a Python number given as a JS number: an integer as Python's int, anything else as its float. */
export const pyNumber = (x: number): string => (Number.isInteger(x) ? String(x) : pyFloat(x));
