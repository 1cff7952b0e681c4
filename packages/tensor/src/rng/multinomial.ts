import { bfloat16BitsToNumber, halfBitsToNumber, numberToBfloat16Bits, numberToHalfBits } from '../half.js';
import type { Generator } from '../random.js';
import { SelectQueue } from './select.js';

// torch.multinomial's two CPU samplers, on plain arrays (rows of categories, logical order).
// Values arrive already rounded to the input's dtype, which decides how computed values round.

export type ProbDType = 'float64' | 'float32' | 'float16' | 'bfloat16';

/**
 * With replacement, two or more samples (PyTorch's multinomial_with_replacement kernel): per row,
 * the running sum of the probabilities in the accumulation dtype (float32 for float32, float16 and
 * bfloat16; double for float64), each divided by the total, the last set to 1; then per sample one
 * 53-bit uniform and a binary search for the first cumulative value not below it.
 */
export function sampleWithReplacement(
  probs: ArrayLike<number>, rows: number, categories: number, samples: number, dtype: ProbDType, gen: Generator,
): Float64Array {
  const out = new Float64Array(rows * samples);
  const double = dtype === 'float64';
  // A Float32Array rounds what is stored in it to float32, as the kernel's float buffer does.
  const cumulative = double ? new Float64Array(categories) : new Float32Array(categories);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < categories; j++) {
      sum += probs[r * categories + j]!;
      if (!double) sum = Math.fround(sum);
      cumulative[j] = sum;
    }
    for (let j = 0; j < categories; j++) cumulative[j] = cumulative[j]! / sum;
    for (let s = 0; s < samples; s++) {
      const u = gen.uniformFloat64();
      // NOTE: PyTorch sets the last bucket to 1 before every sample, not once per row.
      cumulative[categories - 1] = 1;
      let left = 0;
      let right = categories;
      while (right - left > 0) {
        const mid = left + Math.floor((right - left) / 2);
        if (cumulative[mid]! < u) left = mid + 1;
        else right = mid;
      }
      out[r * samples + s] = left;
    }
  }
  return out;
}

/**
 * Without replacement, or a single sample (PyTorch's Gumbel-max path): with q the exponential(1)
 * draws (already in logical order, rounded to the dtype), the indices of the `samples` largest p / q
 * per row, the quotient rounded to the input dtype: argmax for one sample (the first maximum, a NaN
 * first), PyTorch's CPU topk order for more.
 */
export function sampleByExponentials(
  probs: ArrayLike<number>, q: ArrayLike<number>, rows: number, categories: number, samples: number, dtype: ProbDType,
): Float64Array {
  const out = new Float64Array(rows * samples);
  // float16 and bfloat16 divide in float32, then round to their own precision.
  const ratios = dtype === 'float64' ? new Float64Array(categories) : new Float32Array(categories);
  const queue = samples > 1 ? new SelectQueue(categories) : null;
  for (let r = 0; r < rows; r++) {
    const base = r * categories;
    for (let j = 0; j < categories; j++) ratios[j] = probs[base + j]! / q[base + j]!;
    if (dtype === 'float16') {
      for (let j = 0; j < categories; j++) ratios[j] = halfBitsToNumber(numberToHalfBits(ratios[j]!));
    } else if (dtype === 'bfloat16') {
      for (let j = 0; j < categories; j++) ratios[j] = bfloat16BitsToNumber(numberToBfloat16Bits(ratios[j]!));
    }
    if (queue === null) out[r] = argmax(ratios, categories);
    else queue.topk(ratios, categories, samples, out, r * samples);
  }
  return out;
}

/** The index of the first maximum, or of the first NaN (PyTorch's argmax). */
function argmax(values: ArrayLike<number>, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    const v = values[j]!;
    if (v !== v) return j;
    if (v > values[best]!) best = j;
  }
  return best;
}
