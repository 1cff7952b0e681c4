import type { DType } from '../dtype.js';
import type { Generator } from '../random.js';
import { type FloatValues, normalScalar } from './distributions.js';
import { fma64 } from './fma.js';

// geometric_, cauchy_ and log_normal_ as PyTorch's CPU kernels compute them: every dtype draws
// double distributions (53-bit uniforms, the scalar Box-Muller path) and transforms in double;
// the result is then cast to the dtype (float16 and bfloat16 through float32, as C++'s
// static_cast from double does; integers as x86-64 casts). Values come in draw order; the caller
// writes them in memory order.

/**
 * Where double results go: float32 for float32, float16 and bfloat16 (rounded there once more when
 * stored), float64 for float64 and the integer dtypes (the store casts as C++ does on x86-64).
 */
function valuesFor(dtype: DType, n: number): FloatValues {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16' ? new Float32Array(n) : new Float64Array(n);
}

/** geometric_(p): ceil(log(u) / log1p(-p)) in double, then cast to the dtype (integers too). */
export function geometricValues(n: number, dtype: DType, p: number, gen: Generator): FloatValues {
  const logq = Math.log1p(-p);
  const out = valuesFor(dtype, n);
  for (let i = 0; i < n; i++) out[i] = Math.ceil(Math.log(gen.uniformFloat64()) / logq);
  return out;
}

/**
 * cauchy_(median, sigma): median + sigma * tan(pi * (u - 0.5)) in double. NOTE: one rounding for
 * the multiply-add, as PyTorch's compiled kernel fuses it.
 */
export function cauchyValues(n: number, dtype: DType, median: number, sigma: number, gen: Generator): FloatValues {
  const out = valuesFor(dtype, n);
  for (let i = 0; i < n; i++) out[i] = fma64(sigma, Math.tan(Math.PI * (gen.uniformFloat64() - 0.5)), median);
  return out;
}

/**
 * log_normal_(mean, std): exp of a double normal(mean, std) from the scalar Box-Muller path,
 * which takes and leaves the generator's cached second sample like normal_ on that path.
 */
export function logNormalValues(n: number, dtype: DType, mean: number, std: number, gen: Generator): FloatValues {
  const out = normalScalar(n, 'float64', mean, std, gen);
  for (let i = 0; i < n; i++) out[i] = Math.exp(out[i]!);
  return dtype === 'float64' ? out : Float32Array.from(out);
}
