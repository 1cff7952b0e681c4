// nn.init.orthogonal_, apart from the other initialisers for its QR decomposition.
import { no_grad } from '@wick/autograd';
import {
  DTypeError, type Generator, type PyArgs, type Tensor, ValueError, defineFunction, empty, hostValues, scalarName, tensor as makeTensor,
} from '@wick/tensor';
import { orthogonalQ } from './householder-qr.js';
import { PY_FUNCTION } from './signatures.js';

/**
 * A (semi-)orthogonal matrix: the Q of the QR decomposition of a normal sample, each column's sign
 * set by R's diagonal, then scaled by gain (PyTorch's recipe, the same draws). Q is computed the
 * way PyTorch's CPU build computes it (see householder-qr.ts): bit-identical wherever PyTorch's
 * bits do not depend on its thread count, and to single-threaded PyTorch somewhat beyond; the
 * same matrix up to rounding further out.
 */
export const orthogonal_ = defineFunction<
  (...args: PyArgs<[tensor: Tensor, gain?: number, generator?: Generator | null],
    { tensor?: Tensor; gain?: number; generator?: Generator | null }>) => Tensor
>('orthogonal_', 'orthogonal_(Tensor tensor, float gain=1, Generator? generator=None)',
  (a) => orthogonal(a.tensor, a.gain, a.generator === null ? {} : { generator: a.generator }),
  { ...PY_FUNCTION, namespace: 'nn.init' });

function orthogonal(t: Tensor, gain: number, opts: { generator?: Generator }): Tensor {
  if (t.ndim < 2) throw new ValueError('Only tensors with 2 or more dimensions are supported', 'ValueError');
  if (t.numel() === 0) return t;
  const rows = t.shape[0]!;
  const sample = empty([rows, t.numel() / rows], { dtype: t.dtype }).normal_(0, 1, opts);
  const q = orthogonalFromSample(sample);
  return no_grad(() => {
    t.view(q.shape).copy_(q);
    return t.mul_(gain);
  });
}

/** The sign-fixed Q of a (rows, cols) sample (its transpose's, transposed back, when rows < cols). */
export function orthogonalFromSample(sample: Tensor): Tensor {
  const [rows, cols] = sample.shape as [number, number];
  // NOTE: checked after the draws, as PyTorch's LAPACK refuses the dtype only once the sample exists.
  if (sample.dtype !== 'float32' && sample.dtype !== 'float64') {
    throw new DTypeError(`"geqrf_cpu" not implemented for '${scalarName(sample.dtype)}'`, 'NotImplementedError');
  }
  // The sample read column-major is its transpose: that is the matrix factorised when rows < cols
  // (m >= n), and Q's column-major values are then the result's row-major ones.
  const [m, n] = rows < cols ? [cols, rows] : [rows, cols];
  const values = Float64Array.from(hostValues((rows < cols ? sample : sample.t()).double()) as Float64Array);
  const q = makeTensor(orthogonalQ(values, m, n, sample.dtype), { dtype: sample.dtype }).reshape([n, m]);
  return rows < cols ? q : q.t();
}
