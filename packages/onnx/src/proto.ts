// ONNX's protobuf schema, as the onnx-proto package ships it compiled for protobufjs (ONNX's
// onnx.proto, IR version 8). Everything here reads and writes ModelProto through these classes.
import './protobuf-long.js';
import onnxProto from 'onnx-proto';
import protobuf from 'protobufjs/minimal.js';

export const onnx = onnxProto.onnx;
export type { onnx as OnnxTypes } from 'onnx-proto';

// Without the `long` package protobufjs reads int64 fields as {low, high} objects; with it, as
// Long. Either way `int64` below turns them into JS numbers (or throws past 2^53).
export function int64(v: number | { low: number; high: number; unsigned?: boolean } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  const n = v.high * 2 ** 32 + (v.low >>> 0);
  if (!Number.isSafeInteger(n)) throw new RangeError(`an int64 field (${v.high}:${v.low >>> 0}) is past 2^53`);
  return n;
}

export { protobuf };
