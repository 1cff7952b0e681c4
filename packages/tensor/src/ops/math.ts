// Scalar formulas that Math lacks, each written once for the elementwise table.

/**
 * erf to about 1 ULP in double: the Taylor series below 1 (its terms never exceed the result
 * there, so nothing cancels), and 1 - erfc above, with erfc from its continued fraction.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let r: number;
  if (a < 1) {
    // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
    let term = a;
    let sum = a;
    const x2 = a * a;
    for (let n = 1; n < 40; n++) {
      term *= -x2 / n;
      sum += term / (2 * n + 1);
    }
    r = sum * 1.1283791670955126;
  } else if (a < 6) {
    r = 1 - erfcContinuedFraction(a);
  } else {
    r = 1;
  }
  return x < 0 ? -r : r;
}

/**
 * erfc(x) for x >= 1: exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated
 * bottom-up. 200 terms converge to double precision at x = 1, fewer are needed further out.
 */
function erfcContinuedFraction(x: number): number {
  let f = x;
  for (let k = x < 2 ? 200 : 60; k >= 1; k--) f = x + k / 2 / f;
  return expNegSquare(x) / (f * 1.7724538509055159);
}

/** exp(-x^2) with x^2 split exactly into hi + lo (Dekker), so the square adds no rounding error. */
function expNegSquare(x: number): number {
  const c = 134217729 * x; // 2^27 + 1
  const xh = c - (c - x);
  const xl = x - xh;
  const hi = x * x;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return Math.exp(-hi) * (1 - lo);
}

/** Python's float remainder: the result takes the divisor's sign (torch.remainder). */
export function remainder(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && m < 0 !== b < 0 ? m + b : m;
}

export function remainderI64(a: bigint, b: bigint): bigint {
  const m = a % b;
  return m !== 0n && m < 0n !== b < 0n ? m + b : m;
}

export function floorDivI64(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && (a < 0n !== b < 0n) ? q - 1n : q;
}

/** PyTorch's floor division on floats: floor(a / b), computed from fmod so it is exact (div_floor). */
export function floorDiv(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return Math.sign(a / b) * 0;
  const floored = Math.floor(div);
  return div - floored > 0.5 ? floored + 1 : floored;
}

export function powI64(a: bigint, b: bigint): bigint {
  if (b < 0n) return a === 1n ? 1n : a === -1n ? (b % 2n === 0n ? 1n : -1n) : 0n;
  let result = 1n;
  let base = a;
  let e = b;
  while (e > 0n) {
    if (e & 1n) result = BigInt.asIntN(64, result * base);
    base = BigInt.asIntN(64, base * base);
    e >>= 1n;
  }
  return result;
}

export function powInt(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let result = 1;
  let base = a;
  let e = b;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e >>= 1;
  }
  return result;
}

/** C's pow: pow(1, y) and pow(-1, +-inf) are 1 even for NaN/inf y, where JS's Math.pow gives NaN. */
export function powFloat(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}
