import { scalarName } from '../dtype.js';
import { DTypeError, DeviceError, ShapeError, ValueError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import { type Bound, type PyArgs, defineFunction } from '../signature/index.js';
import type { Tensor } from '../tensor.js';
import { arange, tensor } from './creation.js';
import { defineTensorMethod } from './define.js';
import { cumsum } from './scan.js';

// torch.repeat_interleave: each slice of the input repeated in place. An int count is an expand and
// a reshape; a tensor of counts becomes an index (repeat_interleave(repeats)) for index_select, so
// autograd follows those ops. Sizing that index means reading the counts, as PyTorch does; an
// output_size given up front lets a device tensor of counts stay where it is.

const isCountDType = (t: Tensor) => t.dtype === 'int64' || t.dtype === 'int32';

function checkCounts(repeats: Tensor): void {
  if (!isCountDType(repeats)) {
    throw new DTypeError(`"repeat_interleave_cpu" not implemented for '${scalarName(repeats.dtype)}'`);
  }
}

/** repeat_interleave(repeats): i repeated repeats[i] times, for each i, in repeats' dtype. */
function indexOfCounts(repeats: Tensor, outputSize: number | null): Tensor {
  if (repeats.ndim !== 1) throw new ShapeError('repeat_interleave only accept 1D vector as repeat');
  checkCounts(repeats);
  if (repeats.device !== 'cpu') {
    if (outputSize === null) {
      throw new DeviceError(
        `repeat_interleave: the repeats tensor is on '${repeats.device}', and sizing the result means reading it synchronously; pass output_size (the sum of repeats), or move repeats to the CPU first`,
      );
    }
    // Output position j belongs to the number of running totals at or before j.
    const ends = cumsum(repeats, 0);
    const positions = arange(outputSize, { device: repeats.device }).unsqueeze(1);
    return ends.unsqueeze(0).le(positions).sum(1).to(repeats.dtype);
  }
  const counts = (repeats.tolist() as (number | bigint)[]).map(Number);
  if (counts.some((n) => n < 0)) throw new ValueError('repeats can not be negative', 'RuntimeError');
  const total = counts.reduce((s, n) => s + n, 0);
  if (outputSize !== null && outputSize !== total) throw new ShapeError('allocated size does not match required size');
  const index: number[] = [];
  counts.forEach((n, i) => {
    for (let k = 0; k < n; k++) index.push(i);
  });
  return tensor(index, { dtype: repeats.dtype });
}

/** The input with each slice along dim repeated `repeats` times. */
function byCount(input: Tensor, repeats: number, dim: number, outputSize: number | null): Tensor {
  if (repeats < 0) throw new ValueError('Repeats must be non-negative', 'RuntimeError');
  const d = normalizeDim(dim, input.ndim);
  const size = input.ndim === 0 ? 1 : input.shape[d]!;
  if (outputSize !== null && outputSize !== size * repeats) {
    throw new ShapeError(`repeat_interleave: Invalid output_size, expected ${size * repeats} but got ${outputSize}`);
  }
  const spread = input.unsqueeze(d + 1);
  const shape = spread.shape.slice();
  shape[d + 1] = repeats;
  const out = input.shape.slice();
  out[d] = size * repeats;
  return spread.expand(shape).reshape(out);
}

/** The input with slice i along dim repeated repeats[i] times (a single count serves every slice). */
function byTensor(input: Tensor, repeats: Tensor, dim: number, outputSize: number | null): Tensor {
  if (repeats.ndim > 1) throw new ShapeError('repeats must be 0-dim or 1-dim tensor');
  const d = normalizeDim(dim, input.ndim);
  const size = input.ndim === 0 ? 1 : input.shape[d]!;
  const counts = repeats.ndim === 0 || repeats.shape[0] === 1 ? repeats.reshape(1).expand(size) : repeats;
  if (counts.shape[0] !== size) {
    throw new ShapeError(
      `repeats must have the same size as input along dim, but got repeats.size(0) = ${counts.shape[0]} and input.size(${d}) = ${size}`,
    );
  }
  return input.index_select(d, indexOfCounts(counts, outputSize));
}

function repeatInterleave(a: Bound): Tensor {
  const outputSize = a.output_size === null || a.output_size === undefined ? null : Number(a.output_size);
  if (!('input' in a)) return indexOfCounts(a.repeats as Tensor, outputSize);
  const input = a.dim === null ? (a.input as Tensor).flatten() : (a.input as Tensor);
  const dim = (a.dim as number | null) ?? 0;
  return typeof a.repeats === 'object'
    ? byTensor(input, a.repeats as Tensor, dim, outputSize)
    : byCount(input, Number(a.repeats), dim, outputSize);
}

export interface RepeatInterleaveOptions {
  input?: Tensor;
  repeats?: Tensor | number;
  dim?: number | null;
  output_size?: number | null;
}
export interface RepeatInterleaveMethodOptions {
  repeats?: Tensor | number;
  dim?: number | null;
  output_size?: number | null;
}
export interface RepeatInterleaveFn {
  (...args: PyArgs<[repeats: Tensor], RepeatInterleaveOptions>): Tensor;
  (...args: PyArgs<[input: Tensor, repeats: Tensor | number, dim?: number | null], RepeatInterleaveOptions>): Tensor;
}

/**
 * torch.repeat_interleave(input, repeats, dim=None, *, output_size=None): each slice along dim
 * repeated (the flattened input when dim is None); torch.repeat_interleave(repeats): the index
 * 0, 0, 1, ... that repeats each position repeats[i] times.
 */
export const repeat_interleave: RepeatInterleaveFn = defineFunction<RepeatInterleaveFn>(
  'repeat_interleave',
  [
    'repeat_interleave(Tensor input, Tensor repeats, int? dim=None, *, SymInt? output_size=None)',
    'repeat_interleave(Tensor repeats, *, SymInt? output_size=None)',
    'repeat_interleave(Tensor input, SymInt repeats, int? dim=None, *, SymInt? output_size=None)',
  ],
  repeatInterleave,
);

/** x.repeat_interleave(repeats, dim=None, *, output_size=None); PyTorch has no method of counts alone. */
export const repeatInterleaveMethod = defineTensorMethod(
  'repeat_interleave',
  [
    'repeat_interleave(Tensor input, Tensor repeats, int? dim=None, *, SymInt? output_size=None)',
    'repeat_interleave(Tensor input, SymInt repeats, int? dim=None, *, SymInt? output_size=None)',
  ],
  repeatInterleave,
);
