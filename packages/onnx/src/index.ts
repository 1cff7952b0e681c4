// torch.onnx: export wick models to ONNX, and load ONNX models back (their initializers as a
// state_dict, and their graph as a runnable module).
export { OnnxError } from './errors.js';
export { onnxExport as export } from './export/index.js';
export type { ExportOptionsArg } from './export/index.js';
