// Turning the bytes of a saved storage into a wick Storage: a typed-array view of the file's bytes
// when the dtype is native, the offset aligned and the byte order the host's; otherwise one copy
// (byteswapped or converted).

import { Storage, arrayOver, itemsize } from '@wick/tensor';
import { hostLittleEndian } from './bytes.js';
import { type Plan, elementSize, float8Table } from './dtypes.js';
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
 * A Storage of `numel` elements of the planned dtype from `bytes` (exactly numel elements of the
 * saved dtype `from`, in `littleEndian` order).
 */
export function storageFromBytes(bytes: Uint8Array, from: string, plan: Plan, numel: number, littleEndian: boolean): Storage {
  const width = elementSize(from) ?? 1;
  // NOTE: every array below is made over `bytes.buffer`, which may hold the rest of the file or
  // Node's shared pool: this check is what keeps a storage inside the bytes it owns.
  if (!Number.isSafeInteger(numel) || bytes.length !== numel * width) {
    throw new CheckpointError(`a storage of ${numel} elements of torch.${from} needs ${numel * width} bytes, but its data has ${bytes.length}`);
  }
  const native = littleEndian === hostLittleEndian;
  if (plan.kind === 'native' || plan.kind === 'raw') {
    const size = itemsize(plan.dtype);
    if (native && bytes.byteOffset % size === 0) return Storage.cpu(plan.dtype, arrayOver(plan.dtype, bytes.buffer, bytes.byteOffset, numel));
    // NOTE: a typed array cannot start at an unaligned offset (RangeError): copy once instead.
    const copy = bytes.slice();
    if (!native) byteswap(copy, width);
    return Storage.cpu(plan.dtype, arrayOver(plan.dtype, copy.buffer, 0, numel));
  }
  if (plan.kind === 'float8') {
    const table = float8Table(plan.from);
    const out = new Float32Array(numel);
    for (let i = 0; i < numel; i++) out[i] = table[bytes[i]!]!;
    return Storage.cpu('float32', out);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (plan.from === 'uint16') {
    const out = new Int32Array(numel);
    for (let i = 0; i < numel; i++) out[i] = view.getUint16(2 * i, littleEndian);
    return Storage.cpu('int32', out);
  }
  const out = new BigInt64Array(numel);
  if (plan.from === 'uint32') {
    for (let i = 0; i < numel; i++) out[i] = BigInt(view.getUint32(4 * i, littleEndian));
  } else {
    for (let i = 0; i < numel; i++) {
      const v = view.getBigUint64(8 * i, littleEndian);
      if (v >= 1n << 63n) throw new CheckpointError(`uint64 value ${v} does not fit int64, the widest integer dtype of wick`);
      out[i] = v;
    }
  }
  return Storage.cpu('int64', out);
}
