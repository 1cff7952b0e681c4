import type { Generator } from '../random.js';

// torch.poisson's CPU sampler (ATen's sample_poisson, after NumPy's legacy one): for a rate of 10
// or more, Hörmann's transformed rejection (PTRS, 1993) with two 53-bit uniforms per try; for a
// smaller positive rate, the product of 53-bit uniforms until it drops to exp(-rate) or below;
// a rate of 0 gives 0 without a draw. All arithmetic is double, in the source's order.

const INT64_MIN = -(2 ** 63);

/** C++'s (int64_t) of a double on x86-64: truncation, and INT64_MIN for NaN and out-of-range values. */
function toInt64(x: number): number {
  return x >= INT64_MIN && x < 2 ** 63 ? Math.trunc(x) : INT64_MIN;
}

/** One Poisson sample for a rate already checked to be >= 0 (an integer-valued double). */
export function samplePoisson(lambda: number, gen: Generator): number {
  if (lambda >= 10) return transformedRejection(lambda, gen);
  if (lambda === 0) return 0;
  const enlam = Math.exp(-lambda);
  let x = 0;
  let prod = 1;
  for (;;) {
    prod *= gen.uniformFloat64();
    if (prod > enlam) x += 1;
    else return x;
  }
}

function transformedRejection(lambda: number, gen: Generator): number {
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = gen.uniformFloat64() - 0.5;
    const v = gen.uniformFloat64();
    const us = 0.5 - Math.abs(u);
    const k = toInt64(Math.floor(((2 * a) / us + b) * u + lambda + 0.43));
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
    if (lhs <= -lambda + k * loglam - logFactorial(k)) return k;
  }
}

// --- log(k!) = lgamma(k + 1) ------------------------------------------------------------------------

/** log(k!) for k <= 170 (k! is finite in double), filled on first use. */
let smallLogFactorials: Float64Array | null = null;

function logFactorialTable(): Float64Array {
  if (smallLogFactorials === null) {
    smallLogFactorials = new Float64Array(171);
    let factorial = 1;
    for (let k = 1; k <= 170; k++) {
      factorial *= k;
      smallLogFactorials[k] = Math.log(factorial);
    }
  }
  return smallLogFactorials;
}

/**
 * lgamma(k + 1) for an integer k >= 0, within a few ulps of the C library's: the log of the
 * factorial (at most 170 roundings off) up to 170, Stirling's series beyond (its first omitted
 * term is below 1e-27 there). Only the rejection test reads it, and a few ulps can change that
 * test's outcome only when its two sides agree to about 15 digits.
 */
function logFactorial(k: number): number {
  if (k <= 170) return logFactorialTable()[k]!;
  const x = k + 1;
  const r = 1 / x;
  const r2 = r * r;
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}
