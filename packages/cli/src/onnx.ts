// `wick inspect model.onnx` and the ONNX side of `wick convert`: an ONNX model's graph (inputs,
// outputs, opsets, producer, operators) and its initializers, through @wick/onnx.
import { type GraphValue, type OnnxModel, load } from '@wick/onnx';
import type { Tensor } from '@wick/tensor';
import type { Output } from './cli.js';
import { human } from './size.js';

export const isOnnx = (path: string): boolean => path.toLowerCase().endsWith('.onnx');

const dimsText = (v: GraphValue): string => (v.dims === null ? '(any rank)' : `[${v.dims.map((d) => d ?? '?').join(', ')}]`);
const nbytes = (t: Tensor): number => t.numel() * t.element_size();

interface Initializer {
  name: string;
  dtype: string;
  shape: number[];
  numel: number;
  bytes: number;
}

/** The model, its external tensors left unread (inspect reads no tensor data). */
const opened = (file: string): OnnxModel => load(file, null, false);

export function inspectOnnx(file: string, json: boolean, io: Output): void {
  const model = opened(file);
  const initializers: Initializer[] = [...model.state_dict()].map(([name, t]) => ({
    name, dtype: t.dtype, shape: [...t.shape], numel: t.numel(), bytes: nbytes(t),
  }));
  const total = {
    initializers: initializers.length,
    elements: initializers.reduce((a, i) => a + i.numel, 0),
    bytes: initializers.reduce((a, i) => a + i.bytes, 0),
  };
  const opsets = [...model.opset_import].map(([domain, version]) => ({ domain: domain || 'ai.onnx', version }));
  if (json) {
    io.out(JSON.stringify({
      file, format: 'onnx', ir_version: model.ir_version, producer_name: model.producer_name, producer_version: model.producer_version,
      opset_import: opsets, inputs: model.inputs, outputs: model.outputs, operators: Object.fromEntries(model.operators), initializers, total,
    }, null, 2));
    return;
  }
  io.out(file);
  io.out(`  ONNX IR ${model.ir_version}, produced by ${model.producer_name || '(unnamed)'} ${model.producer_version}`.trimEnd());
  io.out(`  opsets: ${opsets.map((o) => `${o.domain} ${o.version}`).join(', ')}`);
  io.out('  inputs:');
  for (const v of model.inputs) io.out(`    ${v.name}  ${v.dtype ?? '(any dtype)'} ${dimsText(v)}`);
  io.out('  outputs:');
  for (const v of model.outputs) io.out(`    ${v.name}  ${v.dtype ?? '(any dtype)'} ${dimsText(v)}`);
  const nodes = [...model.operators.values()].reduce((a, b) => a + b, 0);
  io.out(`  operators (${nodes} nodes): ${[...model.operators].map(([op, n]) => `${op} x${n}`).join(', ')}`);
  io.out('  initializers:');
  for (const i of initializers) io.out(`    ${i.name}  ${i.dtype} [${i.shape.join(', ')}]  ${i.numel} elements, ${human(i.bytes)}`);
  io.out(`total: ${total.initializers} initializers, ${total.elements} elements, ${human(total.bytes)}`);
}

/** The initializers of an ONNX model by their names, and their bytes (the input's size for the output check). */
export function onnxInitializers(file: string): { tensors: Map<string, Tensor>; inputBytes: number } {
  const tensors = load(file).state_dict();
  return { tensors, inputBytes: [...tensors.values()].reduce((a, t) => a + nbytes(t), 0) };
}
