import type { Generator } from '../random.js';
import { SelectQueue } from './select.js';

// torch.multinomial's two CPU samplers, on plain arrays (rows of categories, logical order).
// Values arrive already rounded to the input dtype; `round` rounds a computed value to that dtype
// the way PyTorch's kernel for it does.

export type Round = (x: number) => number;

/**
 * With replacement, two or more samples (PyTorch's multinomial_with_replacement kernel): per row,
 * the running sum of the probabilities in the accumulation dtype (float32 for float32, float16 and
 * bfloat16; double for float64), each divided by the total, the last set to 1; then per sample one
 * 53-bit uniform and a binary search for the first cumulative value not below it.
 */
export function sampleWithReplacement(
  probs: ArrayLike<number>, rows: number, categories: number, samples: number, accumulate: Round, gen: Generator,
): Float64Array {
  const out = new Float64Array(rows * samples);
  const cumulative = new Float64Array(categories);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < categories; j++) {
      sum = accumulate(sum + probs[r * categories + j]!);
      cumulative[j] = sum;
    }
    for (let j = 0; j < categories; j++) cumulative[j] = accumulate(cumulative[j]! / sum);
    for (let s = 0; s < samples; s++) {
      const u = gen.uniform53();
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
  probs: ArrayLike<number>, q: ArrayLike<number>, rows: number, categories: number, samples: number, round: Round,
): Float64Array {
  const out = new Float64Array(rows * samples);
  const ratios = new Float64Array(categories);
  const queue = samples > 1 ? new SelectQueue(categories) : null;
  for (let r = 0; r < rows; r++) {
    const base = r * categories;
    for (let j = 0; j < categories; j++) ratios[j] = round(probs[base + j]! / q[base + j]!);
    if (queue === null) out[r] = argmax(ratios, categories);
    else queue.topk(ratios, categories, samples, out, r * samples);
  }
  return out;
}

/** The index of the first maximum, or of the first NaN (PyTorch's argmax). */
function argmax(values: Float64Array, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    const v = values[j]!;
    if (v !== v) return j;
    if (v > values[best]!) best = j;
  }
  return best;
}
