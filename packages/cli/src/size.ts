// How large an output may be. A file of a few hundred bytes can describe gigabytes (one element
// expanded by stride 0, keys stored once and repeated), so every output is measured before
// anything is allocated, against the rule: at most FACTOR times the input file's size, or
// FLOOR, whichever is larger.
import { constants } from 'node:buffer';
import { CheckpointError } from '@wick/serialize';
import { type Tensor, itemsize } from '@wick/tensor';

export const FACTOR = 16;
export const FLOOR = 64 * 2 ** 20;
/** Room for a file's header and zip records beside its tensor data. */
const HEADROOM = 64 * 2 ** 20;

export function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** The most an output made from `inputBytes` of file may take, in bytes (or characters). */
export function allowance(inputBytes: number): number {
  return Math.max(FLOOR, FACTOR * inputBytes);
}

function bytesOf(t: Tensor): number {
  return t.shape.reduce((a, b) => a * b, 1) * itemsize(t.dtype);
}

/**
 * The bytes of tensor data a converted file holds (each tensor contiguous), refused by name when
 * that is far larger than the input (unless `allowExpand`) or more than one buffer can hold, since
 * the writers build the whole file in memory.
 */
export function checkOutputSize(tensors: ReadonlyMap<string, Tensor>, inputBytes: number, allowExpand: boolean): number {
  let total = 0;
  let largest: [string, Tensor] | null = null;
  for (const [name, t] of tensors) {
    total += bytesOf(t);
    if (largest === null || bytesOf(t) > bytesOf(largest[1])) largest = [name, t];
  }
  const output = `the output would hold ${total} bytes (${human(total)}) of tensor data`;
  if (!allowExpand && total > allowance(inputBytes)) {
    const [name, t] = largest!;
    throw new CheckpointError(
      `${output}, more than ${FACTOR} times the input's ${inputBytes} bytes: views are written as contiguous copies ` +
        `('${name}', shape [${t.shape.join(', ')}], strides [${t.strides.join(', ')}], takes ${bytesOf(t)} bytes); ` +
        'pass --allow-expand to write it anyway',
    );
  }
  if (total + HEADROOM > constants.MAX_LENGTH) {
    throw new CheckpointError(`${output}, more than the ${human(constants.MAX_LENGTH - HEADROOM)} that wick can write as one file in this Node.js`);
  }
  return total;
}
