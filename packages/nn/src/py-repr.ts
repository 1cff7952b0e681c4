// Python's repr of the values that module reprs print, so extra_repr matches PyTorch's text.

/** repr(float): shortest round-trip digits; scientific below 1e-4 and from 1e16, as Python does. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // Within Python's plain range JS prints plainly too (it switches to exponents only below 1e-6).
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** repr(tuple): `(4,)` for one element. */
export function pyTuple(items: readonly (number | string)[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

export const pyOptional = (v: number | null | undefined): string => (v === null || v === undefined ? 'None' : String(v));

/** repr() of a Python number given as a JS number: an integer as Python's int, anything else as its float. */
export const pyNumber = (x: number): string => (Number.isInteger(x) ? String(x) : pyFloat(x));
