import type { Generator } from '../random.js';
import { exponentialValues } from '../rng/distributions.js';
import type { Tensor } from '../tensor.js';
import { backendFor } from '../device.js';
import { castTo, empty, emptyLike } from './helpers.js';
import { cat } from './join.js';
import { storeInMemoryOrder } from './random.js';
import { detach } from './views.js';

// torch.multinomial for probabilities on a device, without reading them: the CPU generator's
// draws (the same ones, in the same order, as the CPU path in rng/multinomial.ts) go to the
// device, and the selection that depends on the probabilities runs there with the CPU path's
// roundings. NOTE: PyTorch checks the probabilities first (on a device by reading a flag back);
// that read is what wick cannot do synchronously, so invalid probabilities (negative, inf, NaN,
// an all-zero row) are not reported here, as a CUDA kernel's assertions would be.

/** num_samples indices per row of x (1-D or 2-D) into `result` (int64, on x's device). */
export function multinomialOnDevice(
  input: Tensor, samples: number, replacement: boolean, generator: Generator, result: Tensor,
): Tensor {
  // Nothing here is part of a graph: multinomial's result has no gradient.
  const x = detach(input);
  const rows2d = x.ndim === 2 ? x : x.unsqueeze(0);
  const indices = !replacement || samples === 1 ? byExponentials(x, samples, generator) : withReplacement(rows2d, samples, generator);
  backendFor(result.device).copy(indices.reshape(result.shape as number[]), result);
  return result;
}

/** The largest p / q per row, with q exponential(1) draws in x's memory order (the Gumbel-max path). */
function byExponentials(x: Tensor, samples: number, generator: Generator): Tensor {
  const q = emptyLike(x);
  const draws = exponentialValues(q.numel(), x.dtype, 1, generator);
  storeInMemoryOrder(q, draws instanceof Float64Array ? 'float64' : 'float32', draws);
  const ratios = x.div(q);
  return samples === 1 ? ratios.argmax(-1, true) : ratios.topk(samples, -1).indices;
}

/**
 * One 53-bit uniform per sample (row by row) and the number of normalised cumulative sums below
 * it, which is where the CPU path's binary search stops. The cumulative sum is accumulated one
 * category at a time in the probabilities' precision (float32 for float32 and narrower), as the
 * CPU kernel's buffer does.
 */
function withReplacement(x: Tensor, samples: number, generator: Generator): Tensor {
  const [rows, categories] = x.shape as [number, number];
  const p = castTo(x, x.dtype === 'float64' ? 'float64' : 'float32');
  const sums: Tensor[] = [p.narrow(1, 0, 1)];
  for (let j = 1; j < categories; j++) sums.push(sums[j - 1]!.add(p.narrow(1, j, 1)));
  const total = sums[categories - 1]!;
  const draws = new Float64Array(rows * samples);
  for (let i = 0; i < draws.length; i++) draws[i] = generator.uniformFloat64();
  if (categories === 1) return empty([rows, samples], 'int64', x.device);
  const u = empty([rows, samples, 1], 'float64', x.device);
  backendFor(x.device).write(u, draws);
  // NOTE: the last bucket is 1 in the CPU path and a uniform is below 1, so it never counts.
  const below = cat(sums.slice(0, categories - 1).map((s) => s.div(total)), 1);
  return below.double().unsqueeze(1).lt(u).sum(-1);
}
