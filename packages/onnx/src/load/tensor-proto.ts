// An ONNX TensorProto as a wick Tensor: raw_data (little-endian bytes), the typed *_data fields,
// or external data. Every dtype wick has is read; the rest are named errors.
import { type DType, Storage, Tensor, type TypedArray, arrayOver, contiguousStrides, isComplex, itemsize } from '@wick/tensor';
import { dtypeOfOnnx, onnxTypeName } from '../dtypes.js';
import { OnnxError } from '../errors.js';
import { type OnnxTypes, int64 } from '../proto.js';
import type { ExternalReader } from './external-data.js';

type Long = number | { low: number; high: number; unsigned?: boolean };
const EXTERNAL = 1;
const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A 64-bit protobuf integer as a bigint, all 64 bits kept. */
function bigOf(v: Long, unsigned: boolean): bigint {
  const n = typeof v === 'number' ? BigInt(v) : (BigInt(v.high) << 32n) | BigInt(v.low >>> 0);
  return unsigned ? BigInt.asUintN(64, n) : BigInt.asIntN(64, n);
}

/** The dims of a tensor or shape, checked: each a non-negative safe integer. */
export function dimsOf(proto: OnnxTypes.ITensorProto, what: string): number[] {
  return (proto.dims ?? []).map((d) => {
    const n = int64(d as Long);
    if (n < 0) throw new OnnxError(`${what}: dimension ${n} is negative`);
    return n;
  });
}

/** A copy of the bytes. NOTE: not bytes.slice(), which on a Node Buffer is a view, not a copy. */
const copyOf = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

function byteswapped(bytes: Uint8Array, width: number): Uint8Array {
  const copy = copyOf(bytes);
  for (let i = 0; i < copy.length; i += width) copy.subarray(i, i + width).reverse();
  return copy;
}

/** The elements in little-endian bytes: a view when aligned on a little-endian host, else a copy. */
function arrayOf(dtype: DType, bytes: Uint8Array, numel: number, what: string): TypedArray {
  if (bytes.length !== numel * itemsize(dtype)) {
    throw new OnnxError(`${what}: ${numel} elements of ${dtype} need ${numel * itemsize(dtype)} bytes, but its data has ${bytes.length}`);
  }
  const width = itemsize(dtype) / (isComplex(dtype) ? 2 : 1);
  if (hostLittleEndian && bytes.byteOffset % width === 0) return arrayOver(dtype, bytes.buffer, bytes.byteOffset, numel);
  const own = hostLittleEndian ? copyOf(bytes) : byteswapped(bytes, width);
  return arrayOver(dtype, own.buffer, 0, numel);
}

/** The typed field that holds a dtype's values when raw_data is absent (onnx.proto's table). */
function typedValues(proto: OnnxTypes.ITensorProto, dtype: DType): ArrayLike<number | Long> {
  switch (dtype) {
    case 'float32': case 'complex64': return proto.floatData ?? [];
    case 'float64': case 'complex128': return proto.doubleData ?? [];
    case 'int64': return (proto.int64Data ?? []) as Long[];
    case 'uint32': case 'uint64': return (proto.uint64Data ?? []) as Long[];
    default: return proto.int32Data ?? [];
  }
}

function fromTyped(proto: OnnxTypes.ITensorProto, dtype: DType, numel: number, name: string): Storage {
  const values = typedValues(proto, dtype);
  const slots = numel * (isComplex(dtype) ? 2 : 1);
  if (values.length !== slots) {
    throw new OnnxError(`initializer '${name}': expected ${slots} values for its ${numel} elements of ${dtype}, found ${values.length}`);
  }
  const out = arrayOver(dtype, new ArrayBuffer(numel * itemsize(dtype)), 0, numel);
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
    for (let i = 0; i < slots; i++) out[i] = bigOf(values[i] as Long, dtype === 'uint64');
  } else {
    // int32_data holds float16/bfloat16/float8 as their bits, which is how wick stores them too.
    for (let i = 0; i < slots; i++) out[i] = typeof values[i] === 'number' ? (values[i] as number) : int64(values[i] as Long);
  }
  return Storage.cpu(dtype, out);
}

/** The external data entries of a tensor: location, offset and length. */
function externalBytes(proto: OnnxTypes.ITensorProto, name: string, read: ExternalReader): Uint8Array {
  const keys = new Map((proto.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = keys.get('location');
  if (!location) throw new OnnxError(`initializer '${name}' is marked EXTERNAL but names no location`);
  const number = (key: string): number | null => {
    const v = keys.get(key);
    if (v === undefined) return null;
    if (!/^\d+$/.test(v)) throw new OnnxError(`initializer '${name}': external data ${key} '${v}' is not a non-negative integer`);
    return Number(v);
  };
  return read(location, number('offset') ?? 0, number('length'), name);
}

/**
 * A TensorProto (an initializer, a Constant's value) as a contiguous CPU tensor. With `lazy`, the
 * bytes of an external tensor are read when it is first used; its header is checked now.
 */
export function tensorFromProto(proto: OnnxTypes.ITensorProto, read: ExternalReader, what = `initializer '${proto.name ?? ''}'`, lazy = false): Tensor {
  const name = proto.name ?? '';
  const dataType = proto.dataType ?? 0;
  const dtype = dtypeOfOnnx(dataType);
  if (dtype === undefined) throw new OnnxError(`${what} has element type ${onnxTypeName(dataType)}, which wick has no dtype for`);
  const shape = dimsOf(proto, what);
  const numel = shape.reduce((a, b) => a * b, 1);
  if (proto.segment) throw new OnnxError(`${what} is a segment of a larger tensor, which wick does not read`);
  let storage: Storage;
  if (proto.dataLocation === EXTERNAL) {
    const load = () => arrayOf(dtype, externalBytes(proto, name, read), numel, what);
    storage = lazy ? Storage.lazy(dtype, numel, load) : Storage.cpu(dtype, load());
  } else if ((proto.rawData && proto.rawData.length > 0) || numel === 0) {
    storage = Storage.cpu(dtype, arrayOf(dtype, proto.rawData ?? new Uint8Array(0), numel, what));
  } else {
    storage = fromTyped(proto, dtype, numel, name);
  }
  return new Tensor(storage, shape, contiguousStrides(shape), 0);
}
