// The ModelProto around a graph: inputs and outputs typed (symbolic dims by name), the IR version
// that the opset needs, and the bytes; and the graph as text, for verbose=True.
import type { DType } from '@wick/tensor';
import { ONNX_DATA_TYPE } from '../dtypes.js';
import { OnnxError } from '../errors.js';
import type { Graph } from './graph.js';
import { type OnnxTypes, onnx } from '../proto.js';

/** The lowest IR version each opset needs (onnx.helper.find_min_ir_version_for). */
export function irVersion(opset: number): number {
  return opset >= 21 ? 10 : opset >= 19 ? 9 : opset >= 15 ? 8 : 7;
}

export interface Port {
  name: string;
  dtype: DType;
  /** Each axis: its size, or its symbolic dim's name. */
  dims: readonly (number | string)[];
}

function valueInfo(p: Port): OnnxTypes.IValueInfoProto {
  const dim = p.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name: p.name, type: { tensorType: { elemType: ONNX_DATA_TYPE[p.dtype]!, shape: { dim } } } };
}

/** Protobuf's limit on one message: past it PyTorch writes the weights as external data. */
const PROTOBUF_LIMIT = 2 ** 31 - 1;

export function modelBytes(g: Graph, inputs: readonly Port[], outputs: readonly Port[]): Uint8Array {
  const weights = g.initializers.reduce((n, t) => n + (t.rawData?.length ?? 0), 0);
  if (weights > PROTOBUF_LIMIT) {
    throw new OnnxError(`torch.onnx.export: the initializers take ${weights} bytes, past protobuf's 2 GiB; wick does not write external_data files yet`);
  }
  const model: OnnxTypes.IModelProto = {
    irVersion: irVersion(g.opset),
    producerName: 'wick',
    opsetImport: [{ domain: '', version: g.opset }],
    graph: {
      name: 'main_graph',
      node: g.nodes,
      initializer: g.initializers,
      input: inputs.map(valueInfo),
      output: outputs.map(valueInfo),
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** verbose=True: the graph in text, one node a line. */
export function describeGraph(g: Graph, inputs: readonly Port[], outputs: readonly Port[]): string {
  const port = (p: Port) => `${p.name}: ${p.dtype}[${p.dims.join(', ')}]`;
  return [
    `graph(opset ${g.opset}) inputs: ${inputs.map(port).join(', ')}`,
    ...g.nodes.map((n) => `  ${n.output.join(', ')} = ${n.opType}(${n.input.join(', ')})`),
    `  return ${outputs.map(port).join(', ')}`,
  ].join('\n');
}
