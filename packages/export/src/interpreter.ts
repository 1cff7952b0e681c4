// Runs a serialized graph: binds the program's symbols from the user inputs' sizes (checking
// ranges and equalities first), then calls each node in order, ATen ops through the op table.
import { Tensor } from '@wick/tensor';
import type { AtenArgs, AtenOp, AtenValue } from './aten/types.js';
import { ExportError } from './errors.js';
import type { Graph, GraphNode } from './graph.js';
import { type Env, bindOutputs, decodeArgument } from './values.js';
import { type SymExpr, evalSymExpr, formatSymExpr } from './sym-expr.js';

/** A dim's range as range_constraints gives it (max null: unbounded). */
export interface ValueRange {
  readonly min_val: number | null;
  readonly max_val: number | null;
}

function dimOf(t: Tensor, dim: number, op: string): number {
  const d = dim < 0 ? dim + t.shape.length : dim;
  if (d < 0 || d >= t.shape.length) throw new ExportError(`${op}: dim ${dim} out of range for a tensor of ${t.shape.length} dims`);
  return d;
}

function tensorArg(args: AtenArgs, name: string, op: string): Tensor {
  const t = args[name];
  if (!(t instanceof Tensor)) throw new ExportError(`${op}: argument ${name} must be a tensor`);
  return t;
}

function inRange(value: AtenValue, min: AtenValue | undefined, max: AtenValue | undefined, op: string): null {
  const v = value as number;
  if (typeof min === 'number' && v < min) throw new ExportError(`${op}: ${v} is below the declared minimum ${min}`);
  if (typeof max === 'number' && v > max) throw new ExportError(`${op}: ${v} is above the declared maximum ${max}`);
  return null;
}

/**
 * The ATen ops about sizes and runtime asserts, which the interpreter answers itself: their
 * values are the shapes it already knows, never tensor data.
 */
const SHAPE_QUERIES: ReadonlyMap<string, AtenOp> = new Map<string, AtenOp>([
  ['aten.sym_size.int', (a) => { const t = tensorArg(a, 'self', 'aten.sym_size.int'); return t.shape[dimOf(t, a.dim as number, 'aten.sym_size.int')]!; }],
  ['aten.sym_stride.int', (a) => { const t = tensorArg(a, 'self', 'aten.sym_stride.int'); return t.strides[dimOf(t, a.dim as number, 'aten.sym_stride.int')]!; }],
  ['aten.sym_numel.default', (a) => tensorArg(a, 'self', 'aten.sym_numel.default').shape.reduce((x, y) => x * y, 1)],
  ['aten.sym_storage_offset.default', (a) => tensorArg(a, 'self', 'aten.sym_storage_offset.default').offset],
  ['aten._assert_scalar.default', (a) => {
    if (!a.self) throw new ExportError(`runtime assertion failed: ${String(a.assert_msg)}`);
    return null;
  }],
  ['aten.sym_constrain_range.default', (a) => inRange(a.size!, a.min, a.max, 'aten.sym_constrain_range.default')],
  ['aten.sym_constrain_range_for_size.default', (a) => inRange(a.size!, a.min, a.max, 'aten.sym_constrain_range_for_size.default')],
]);

/** The ATen ops of the graph that neither the op table nor the interpreter has, sorted, each once. */
export function missingOps(graph: Graph, ops: ReadonlyMap<string, AtenOp>): string[] {
  const missing = new Set<string>();
  for (const n of graph.nodes) {
    if (n.call.kind === 'aten' && !SHAPE_QUERIES.has(n.call.op) && !ops.has(n.call.op)) missing.add(n.call.op);
  }
  return [...missing].sort();
}

/** Refuses, before anything runs, a graph using ATen ops wick lacks, naming all of them. */
export function checkOps(graph: Graph, ops: ReadonlyMap<string, AtenOp>): void {
  const missing = missingOps(graph, ops);
  if (missing.length > 0) {
    throw new ExportError(`wick lacks ${missing.length} ATen op${missing.length === 1 ? '' : 's'} this program uses: ${missing.join(', ')}`);
  }
}

/** A user input tensor with the graph's name for it and how the caller knows it (`x`, `args[0]`). */
export interface UserTensor {
  readonly name: string;
  readonly label: string;
  readonly tensor: Tensor;
}

/**
 * The program's symbols bound from the user inputs' sizes. Each size is checked against the
 * program: a number must match, a symbol must stay within its range and agree wherever it
 * appears, and a size given by an expression must equal its value.
 */
export function bindSymbols(graph: Graph, inputs: readonly UserTensor[], ranges: ReadonlyMap<string, ValueRange>): Map<string, number> {
  const symbols = new Map<string, number>();
  const boundAt = new Map<string, string>();
  const later: [SymExpr, number, string][] = [];
  for (const { name, label, tensor } of inputs) {
    const info = graph.tensorValues.get(name);
    if (info === undefined) continue;
    if (tensor.shape.length !== info.sizes.length) {
      throw new ExportError(`Unexpected number of dimensions in input at ${label}.shape: expected ${info.sizes.length}, but got ${tensor.shape.length}`);
    }
    info.sizes.forEach((size, i) => {
      const actual = tensor.shape[i]!;
      const at = `${label}.shape[${i}]`;
      if (typeof size === 'number') {
        if (actual !== size) throw new ExportError(`Expected input at ${at} to be equal to ${size}, but got ${actual}`);
      } else if (size.kind === 'symbol') {
        const known = symbols.get(size.name);
        if (known === undefined) {
          const range = ranges.get(size.name);
          if (range?.min_val != null && actual < range.min_val) throw new ExportError(`Expected input at ${at} to be >= ${range.min_val}, but got ${actual}`);
          if (range?.max_val != null && actual > range.max_val) throw new ExportError(`Expected input at ${at} to be <= ${range.max_val}, but got ${actual}`);
          symbols.set(size.name, actual);
          boundAt.set(size.name, at);
        } else if (known !== actual) {
          throw new ExportError(`Expected input at ${at} to be equal to ${known} (the dim ${size.name}, as ${boundAt.get(size.name)}), but got ${actual}`);
        }
      } else {
        later.push([size, actual, at]);
      }
    });
  }
  for (const [expr, actual, at] of later) {
    const expected = evalSymExpr(expr, symbols);
    if (expected !== actual) throw new ExportError(`Expected input at ${at} to be equal to ${formatSymExpr(expr)} = ${expected}, but got ${actual}`);
    // range_constraints also bound expressions (`2*s17`), by how PyTorch prints them.
    const range = ranges.get(formatSymExpr(expr));
    if (range?.min_val != null && actual < range.min_val) throw new ExportError(`Expected input at ${at} to be >= ${range.min_val}, but got ${actual}`);
    if (range?.max_val != null && actual > range.max_val) throw new ExportError(`Expected input at ${at} to be <= ${range.max_val}, but got ${actual}`);
  }
  return symbols;
}

function runNode(env: Env, node: GraphNode, ops: ReadonlyMap<string, AtenOp>): void {
  const where = `graph node ${node.name} (${node.target})`;
  let result: AtenValue;
  if (node.call.kind === 'shape') {
    result = node.call.fn(node.inputs.map((a) => decodeArgument(env, a.arg, `${where} argument ${a.name}`)));
  } else {
    const fn = SHAPE_QUERIES.get(node.call.op) ?? ops.get(node.call.op);
    if (fn === undefined) throw new ExportError(`wick lacks the ATen op ${node.call.op}`);
    const args: Record<string, AtenValue> = {};
    for (const a of node.inputs) args[a.name] = decodeArgument(env, a.arg, `${where} argument ${a.name}`);
    result = fn(args);
  }
  bindOutputs(env, node.outputs, result, where);
}

/** Runs the nodes in order over `env` (the graph inputs by name) and returns the graph's outputs. */
export function runGraph(graph: Graph, env: Env, ops: ReadonlyMap<string, AtenOp>): AtenValue[] {
  for (const node of graph.nodes) runNode(env, node, ops);
  return graph.outputs.map((o, i) => decodeArgument(env, o, `graph output ${i}`));
}
