// Reading back what torch.onnx.export wrote, for the tests: the decoded model, nodes by op type,
// attributes and constants as plain values.
import { type Tensor, hostValues } from '@wick/tensor';
import { int64, onnx, type OnnxTypes } from '../src/proto.js';

export type Model = OnnxTypes.ModelProto;
export type NodeProto = OnnxTypes.INodeProto;

export const decode = (bytes: Uint8Array): Model => onnx.ModelProto.decode(bytes);

export const opTypes = (m: Model): string[] => m.graph!.node!.map((n) => n.opType!);

export const nodesOf = (m: Model, opType: string): NodeProto[] => m.graph!.node!.filter((n) => n.opType === opType);

/** A node's attribute as a plain value: a number, a string, or a list of either. */
export function attr(n: NodeProto, name: string): unknown {
  const a = n.attribute!.find((x) => x.name === name);
  if (a === undefined) return undefined;
  switch (a.type) {
    case 1: return a.f;
    case 2: return int64(a.i as number);
    case 3: return new TextDecoder().decode(a.s!);
    case 7: return a.ints!.map((v) => int64(v as number));
    case 8: return a.strings!.map((s) => new TextDecoder().decode(s));
    default: return a;
  }
}

export function initializer(m: Model, name: string): OnnxTypes.ITensorProto | undefined {
  return m.graph!.initializer!.find((t) => t.name === name);
}

/** An initializer's values: float32, float64 or int64 (as numbers). */
export function values(t: OnnxTypes.ITensorProto): number[] {
  const raw = t.rawData!;
  const buffer = new Uint8Array(raw).buffer; // a copy: protobufjs gives a Buffer view into the whole message
  if (t.dataType === 1) return [...new Float32Array(buffer)];
  if (t.dataType === 11) return [...new Float64Array(buffer)];
  if (t.dataType === 7) return [...new BigInt64Array(buffer)].map(Number);
  throw new Error(`data type ${t.dataType}`);
}

export const tensorValues = (t: Tensor): number[] => [...(hostValues(t) as Float32Array)];

/** A graph input's or output's element type and dims (numbers, or dim names). */
export function port(p: OnnxTypes.IValueInfoProto): { name: string; elemType: number; dims: (number | string)[] } {
  const tt = p.type!.tensorType!;
  return { name: p.name!, elemType: tt.elemType!, dims: tt.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : int64(d.dimValue as number))) };
}
