import { backendFor } from '../device.js';
import { isReducedFloat } from '../dtype.js';
import { DeviceError } from '../errors.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';

/**
 * The indices of t's nonzero elements, one int64 tensor per dim in row-major order (PyTorch's
 * nonzero(as_tuple=True), what torch.where(condition) returns); a 0-dim t counts as one element.
 * NaN is nonzero and -0.0 is zero, as in PyTorch.
 */
export function nonzeroTuple(t: Tensor): Tensor[] {
  if (t.device !== 'cpu') throw new DeviceError(`torch.where(condition) reads CPU tensors only; this one is on '${t.device}'`);
  const values = backendFor('cpu').readSync!(t);
  const halfBits = isReducedFloat(t.dtype);
  const hits: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const nonzero = typeof v === 'bigint' ? v !== 0n : halfBits ? (v & 0x7fff) !== 0 : v !== 0;
    if (nonzero) hits.push(i);
  }
  const shape = t.ndim === 0 ? [1] : t.shape;
  return shape.map((_, d) => {
    const inner = shape.slice(d + 1).reduce((p, s) => p * s, 1);
    const data = new BigInt64Array(hits.length);
    for (let k = 0; k < hits.length; k++) data[k] = BigInt(Math.floor(hits[k]! / inner) % shape[d]!);
    return new Tensor(Storage.cpu('int64', data), [hits.length], [1], 0);
  });
}
