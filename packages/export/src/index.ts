// torch.export: load programs saved with torch.export.save (.pt2) and run their ATen graphs.
export { ExportError } from './errors.js';
export { load } from './load.js';
export type { LoadOptions } from './load.js';
export { ExportedProgram } from './program.js';
export type { CallSpec } from './program.js';
export { ExportedModule } from './exported-module.js';
export { ExportGraphSignature } from './signature.js';
export type { InputKind, InputSpec, OutputKind, OutputSpec } from './signature.js';
export type { Graph, GraphNode, NamedArgument, SymSize, TensorInfo } from './graph.js';
export type { ValueRange } from './interpreter.js';
export type { SymExpr } from './sym-expr.js';
export { formatSymExpr } from './sym-expr.js';
export type { AtenArgs, AtenOp, AtenValue } from './aten/types.js';
