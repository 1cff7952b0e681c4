// torch.onnx.load: an ONNX model from its bytes or (Node) its path, with every initializer read
// (external data files included) before the model is returned, so a bad file fails here whole.
import { NO_MATCH, type PyArgs, type Tensor, ValueError, declare, defineArgType } from '@wick/tensor';
import { fileSystem } from '#fs';
import { OnnxError } from '../errors.js';
import { folderReader, noExternalData } from './external-data.js';
import { OnnxModel } from './model.js';
import { parseModel } from './parse.js';
import { tensorFromProto } from './tensor-proto.js';

const BYTES = defineArgType('onnx_bytes', {
  label: 'bytes',
  coerce: (v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? v : NO_MATCH),
});

const loadSig = declare('torch.onnx.load',
  `load(${BYTES}|str f, str? format=None, bool load_external_data=True, *, str? external_data_dir=None)`, {
    style: 'python',
    differs:
      "PyTorch has no torch.onnx.load; this is onnx.load's signature (f, format=None, load_external_data=True), returning a runnable model. " +
      "format must be None or 'protobuf'; load_external_data=False reads each external tensor when it is first used instead of now; " +
      "external_data_dir (wick's) is the folder of the external data files when f is bytes, or overrides the model's folder",
  });

export interface LoadOptions {
  f?: Uint8Array | ArrayBuffer | ArrayBufferView | string;
  format?: string | null;
  load_external_data?: boolean;
  external_data_dir?: string | null;
}

const folderOf = (path: string): string => {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? '.' : path.slice(0, cut) || '/';
};

function bytesOf(f: ArrayBuffer | ArrayBufferView): Uint8Array {
  return f instanceof ArrayBuffer ? new Uint8Array(f) : new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

/**
 * torch.onnx.load(f, format=None, load_external_data=True): the ONNX model in `f` (its bytes, or
 * a file path under Node) as an OnnxModel: `state_dict()` gives its initializers by name,
 * `forward(...inputs)` runs its graph with wick's ops. External data files are read from the
 * model's folder (or `external_data_dir`), one tensor at a time.
 */
export function load(...args: PyArgs<[f: Uint8Array | ArrayBuffer | ArrayBufferView | string, format?: string | null, load_external_data?: boolean], LoadOptions>): OnnxModel {
  const a = loadSig.bind(args);
  if (a.format !== null && a.format !== 'protobuf') {
    throw new ValueError(`torch.onnx.load reads the binary protobuf format only (format=None or 'protobuf'), got format='${a.format}'`);
  }
  const path = typeof a.f === 'string' ? a.f : null;
  const bytes = path === null ? bytesOf(a.f) : fileSystem().readFileSync(path);
  const dir: string | null = a.external_data_dir ?? (path === null ? null : folderOf(path));
  const read = dir === null ? noExternalData : folderReader(dir);
  const model = parseModel(bytes);
  const initializers = new Map<string, Tensor>();
  for (const proto of model.graph!.initializer ?? []) {
    const name = proto.name ?? '';
    if (initializers.has(name)) throw new OnnxError(`initializer '${name}' is defined twice`);
    initializers.set(name, tensorFromProto(proto, read, `initializer '${name}'`, !a.load_external_data));
  }
  if ((model.graph!.sparseInitializer ?? []).length > 0) throw new OnnxError('sparse initializers are not supported by wick');
  return new OnnxModel(model, initializers);
}
