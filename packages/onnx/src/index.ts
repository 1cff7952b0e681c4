// torch.onnx: export wick models to ONNX, and load ONNX models back (their initializers as a
// state_dict, and their graph as a runnable module).
export { OnnxError } from './errors.js';
export { onnxExport as export } from './export/index.js';
export type { ExportOptionsArg } from './export/index.js';
export { load } from './load/load.js';
export type { LoadOptions } from './load/load.js';
export { OnnxModel } from './load/model.js';
export type { GraphValue } from './load/graph-values.js';
