// Bytes to an ONNX ModelProto, with the checks that protobufjs does not make: a truncated file
// fails inside protobufjs, but bytes that are not an ONNX model at all often decode into an empty
// or nonsensical message, so the fields every model has are checked here.
import { OnnxError } from '../errors.js';
import { type OnnxTypes, int64, onnx } from '../proto.js';

export type ModelProto = OnnxTypes.ModelProto;

export function parseModel(bytes: Uint8Array): ModelProto {
  if (bytes.length === 0) throw new OnnxError('not an ONNX model: the data is empty');
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new OnnxError(`not an ONNX model, or a truncated one: its protobuf does not decode (${why}) after reading ${bytes.length} bytes`);
  }
  const ir = int64(model.irVersion);
  if (ir <= 0) throw new OnnxError(`not an ONNX model: ir_version is ${ir}, expected a positive version (the bytes decode, but not as a ModelProto)`);
  if (!model.graph) throw new OnnxError('not an ONNX model: it has no graph');
  if (model.opsetImport.length === 0 && ir >= 3) throw new OnnxError('not an ONNX model: it imports no operator set (opset_import is empty)');
  return model;
}
