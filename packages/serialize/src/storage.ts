// Turning the bytes of a saved storage into a wick Storage: a typed-array view of the file's bytes
// when the offset is aligned and the byte order the host's; otherwise one (byteswapped) copy.

import { type DType, Storage, arrayOver, isComplex, itemsize } from '@wick/tensor';
import { hostLittleEndian } from './bytes.js';
import { CheckpointError } from './errors.js';

/** Reverses the bytes of each `width`-byte element in place. */
function byteswap(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * A Storage of `numel` elements of `dtype` from `bytes` (exactly numel elements, in `littleEndian`
 * order; a complex element's two components are swapped each on its own).
 */
export function storageFromBytes(bytes: Uint8Array, dtype: DType, numel: number, littleEndian: boolean): Storage {
  // NOTE: every array below is made over `bytes.buffer`, which may hold the rest of the file or
  // Node's shared pool: this check is what keeps a storage inside the bytes it owns.
  if (!Number.isSafeInteger(numel) || bytes.length !== numel * itemsize(dtype)) {
    throw new CheckpointError(`a storage of ${numel} elements of torch.${dtype} needs ${numel * itemsize(dtype)} bytes, but its data has ${bytes.length}`);
  }
  const native = littleEndian === hostLittleEndian;
  const width = itemsize(dtype) / (isComplex(dtype) ? 2 : 1);
  if (native && bytes.byteOffset % width === 0) return Storage.cpu(dtype, arrayOver(dtype, bytes.buffer, bytes.byteOffset, numel));
  // NOTE: a typed array cannot start at an unaligned offset (RangeError): copy once instead.
  const copy = bytes.slice();
  if (!native) byteswap(copy, width);
  return Storage.cpu(dtype, arrayOver(dtype, copy.buffer, 0, numel));
}
