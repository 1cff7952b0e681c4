// The bytes of an ONNX model holding one GRU node, written field by field in protobuf's wire
// format, so the peers benchmark needs no Python onnx package. Only the few message fields the
// model uses are encoded; their numbers are those of onnx.proto (ModelProto.graph = 7, ...).
//
// The GRU runs with linear_before_reset = 1, PyTorch's formula for the candidate state, and one
// direction; its weights are uniform in [-1/sqrt(H), 1/sqrt(H)] like PyTorch's default init. ONNX
// orders the gates z, r, h where PyTorch orders r, z, n: the timing does not depend on it.

import { Buffer } from 'node:buffer';

const FLOAT = 1; // TensorProto.DataType.FLOAT
const INT = 2; // AttributeProto.AttributeType.INT

function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

/** One field: a varint (number) or a length-delimited value (string, bytes, nested message). */
function field(num, value) {
  if (typeof value === 'number') return [...varint(num << 3), ...varint(value)];
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return [...varint((num << 3) | 2), ...varint(bytes.length), ...bytes];
}

const message = (...fields) => Uint8Array.from(fields.flat());

function tensorType(dims) {
  const shape = message(...dims.map((d) => field(1, message(field(1, d))))); // TensorShapeProto.dim.dim_value
  return message(field(1, message(field(1, FLOAT), field(2, shape)))); // TypeProto.tensor_type
}

const valueInfo = (name, dims) => message(field(1, name), field(2, tensorType(dims)));

function initializer(name, dims, random) {
  const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = random();
  return message(...dims.map((d) => field(1, d)), field(2, FLOAT), field(8, name), field(9, new Uint8Array(values.buffer)));
}

/** A small deterministic generator (mulberry32): the weights only need to be reproducible. */
function uniform(seed, bound) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 * bound - bound;
  };
}

/** ModelProto bytes of Y, Y_h = GRU(X) for X of shape [seq, batch, input]. */
export function gruModel({ seq, batch, input, hidden }) {
  const random = uniform(0, 1 / Math.sqrt(hidden));
  const attr = (name, i) => message(field(1, name), field(3, i), field(20, INT));
  const node = message(
    ...['X', 'W', 'R', 'B'].map((n) => field(1, n)),
    field(2, 'Y'),
    field(2, 'Y_h'),
    field(3, 'gru'),
    field(4, 'GRU'),
    field(5, attr('hidden_size', hidden)),
    field(5, attr('linear_before_reset', 1)),
  );
  const graph = message(
    field(1, node),
    field(2, 'gru'),
    field(5, initializer('W', [1, 3 * hidden, input], random)),
    field(5, initializer('R', [1, 3 * hidden, hidden], random)),
    field(5, initializer('B', [1, 6 * hidden], random)),
    field(11, valueInfo('X', [seq, batch, input])),
    field(12, valueInfo('Y', [seq, 1, batch, hidden])),
    field(12, valueInfo('Y_h', [1, batch, hidden])),
  );
  // ir_version 8 with opset 14 (GRU-14), as onnxruntime of any recent version reads.
  return message(field(1, 8), field(2, 'wick-bench'), field(7, graph), field(8, message(field(1, ''), field(2, 14))));
}
