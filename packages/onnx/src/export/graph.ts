// The ONNX graph an export builds: nodes with unique names, initializers, and the constants the
// op mappings need (axes, shapes, scalars), as plain objects that model.ts turns into protobuf.
import { type DType, type Tensor, hostValues } from '@wick/tensor';
import { ONNX_DATA_TYPE } from '../dtypes.js';
import { OnnxError } from '../errors.js';
import type { OnnxTypes } from '../proto.js';

export type AttrValue = number | string | readonly number[] | readonly string[] | { float: number };

export interface Node {
  opType: string;
  name: string;
  input: string[];
  output: string[];
  attribute: OnnxTypes.IAttributeProto[];
}

/** AttributeProto.AttributeType numbers (onnx.proto). */
const FLOAT = 1;
const INT = 2;
const STRING = 3;
const INTS = 7;
const STRINGS = 8;

function attribute(name: string, v: AttrValue): OnnxTypes.IAttributeProto {
  if (typeof v === 'string') return { name, type: STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return { name, type: INT, i: v };
  if (Array.isArray(v) && typeof v[0] === 'string') return { name, type: STRINGS, strings: (v as string[]).map((x) => new TextEncoder().encode(x)) };
  if (Array.isArray(v)) return { name, type: INTS, ints: [...(v as number[])] };
  return { name, type: FLOAT, f: (v as { float: number }).float };
}

/** A TensorProto of `dims` from a typed array of the dtype's elements (raw little-endian bytes). */
export function tensorProto(name: string, dtype: DType, dims: readonly number[], values: ArrayBufferView): OnnxTypes.ITensorProto {
  const dataType = ONNX_DATA_TYPE[dtype];
  if (dataType === undefined || !['float32', 'float64', 'int32', 'int64', 'bool', 'uint8', 'int8', 'int16'].includes(dtype)) {
    throw new OnnxError(`torch.onnx.export: a ${dtype} tensor cannot be written as an ONNX constant or initializer (float32, float64 and integer dtypes can)`);
  }
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  return { name, dims: [...dims], dataType, rawData: raw };
}

/** A CPU tensor's values as a TensorProto (bool as one byte per element, as ONNX keeps it). */
export function tensorOf(name: string, t: Tensor, dtype: DType = t.dtype): OnnxTypes.ITensorProto {
  const source = dtype === t.dtype ? t : t.to(dtype);
  let values: ArrayBufferView = hostValues(source, 'torch.onnx.export');
  if (dtype === 'bool') values = Uint8Array.from(values as Uint8Array, (b) => (b ? 1 : 0));
  return tensorProto(name, dtype, t.shape, values);
}

const ARRAYS: Partial<Record<DType, (n: readonly number[]) => ArrayBufferView>> = {
  float32: (n) => Float32Array.from(n),
  float64: (n) => Float64Array.from(n),
  int32: (n) => Int32Array.from(n),
  int64: (n) => BigInt64Array.from(n, (v) => BigInt(v)),
  bool: (n) => Uint8Array.from(n),
};

export class Graph {
  readonly nodes: Node[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly counts = new Map<string, number>();
  private readonly constants = new Map<string, string>();

  constructor(readonly opset: number) {}

  /** A name no other value or node has: `/<Base>_<n>` (PyTorch's exporter names values this way too). */
  fresh(base: string): string {
    const n = this.counts.get(base) ?? 0;
    this.counts.set(base, n + 1);
    return n === 0 ? `/${base}` : `/${base}_${n}`;
  }

  /** Adds a node; returns its outputs' names. */
  node(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue | undefined> = {}, outputs = 1): string[] {
    const name = this.fresh(opType);
    const output = Array.from({ length: outputs }, (_, k) => `${name}_output_${k}`);
    const attributes = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => attribute(k, v!));
    this.nodes.push({ opType, name, input: [...inputs], output, attribute: attributes });
    return output;
  }

  /** Adds a node with one output; returns its name. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue | undefined> = {}): string {
    return this.node(opType, inputs, attrs, 1)[0]!;
  }

  /** A constant initializer of these values (one per distinct constant). */
  constant(dtype: DType, dims: readonly number[], values: readonly number[]): string {
    const key = `${dtype}:${dims.join(',')}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known !== undefined) return known;
    const name = `onnx::Constant_${this.constants.size}`;
    this.initializers.push(tensorProto(name, dtype, dims, ARRAYS[dtype]!(values)));
    this.constants.set(key, name);
    return name;
  }

  /** A 1-D int64 constant (axes, shapes, starts). */
  ints(values: readonly number[]): string {
    return this.constant('int64', [values.length], values);
  }

  /** An initializer from a tensor's values, under `name`. */
  initializer(name: string, t: Tensor, dtype: DType = t.dtype): string {
    this.initializers.push(tensorOf(name, t, dtype));
    return name;
  }
}
