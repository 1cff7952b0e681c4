// The serialized graph (graph_module.graph) as wick runs it: nodes whose targets are checked
// against the closed list (ATen ops, torch.export's shape operators) when the file is read, so a
// file naming any other callable is refused before anything runs; and the dtypes and (symbolic)
// sizes of its tensors.
import type { DType } from '@wick/tensor';
import type { AtenValue } from './aten/types.js';
import { ExportError } from './errors.js';
import { type Json, type JsonObject, bool, int, list, obj, str, union } from './json.js';
import { dtypeOf } from './schema.js';
import { shapeOp } from './shape-ops.js';
import { type SymExpr, parseSymExpr } from './sym-expr.js';

/** What a node calls: an ATen overload by its table name (`aten.linear.default`), or a shape operator. */
export type NodeCall =
  | { readonly kind: 'aten'; readonly op: string }
  | { readonly kind: 'shape'; readonly fn: (args: readonly AtenValue[]) => AtenValue };

export interface NamedArgument {
  readonly name: string;
  /** The serialized Argument (a union: as_tensor, as_int, as_sym_int, ...). */
  readonly arg: Json;
}

export interface GraphNode {
  readonly name: string;
  /** The target as serialized (`torch.ops.aten.linear.default`, `_operator.mul`). */
  readonly target: string;
  readonly call: NodeCall;
  readonly inputs: readonly NamedArgument[];
  readonly outputs: readonly Json[];
}

/** A size: a number, or a symbolic expression of the program's dims. */
export type SymSize = number | SymExpr;

export interface TensorInfo {
  readonly dtype: DType;
  readonly sizes: readonly SymSize[];
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly inputs: readonly Json[];
  readonly outputs: readonly Json[];
  readonly tensorValues: ReadonlyMap<string, TensorInfo>;
}

/** The Argument kinds an ATen node may take; the others (subgraphs, script objects, operators) come only with what wick refuses. */
export const ARGUMENT_KINDS: ReadonlySet<string> = new Set([
  'as_none', 'as_tensor', 'as_tensors', 'as_int', 'as_ints', 'as_float', 'as_floats', 'as_string', 'as_strings', 'as_sym_int',
  'as_sym_ints', 'as_scalar_type', 'as_memory_format', 'as_layout', 'as_device', 'as_bool', 'as_bools', 'as_sym_bool', 'as_sym_bools',
  'as_optional_tensors', 'as_optional_tensor', 'as_sym_float', 'as_sym_floats', 'as_int_lists', 'as_float_lists', 'as_nested_tensors',
]);

const ATEN = 'torch.ops.aten.';

/** What `target` calls, or the reason wick refuses it (named), checked when the file is read. */
function classify(target: string, where: string): NodeCall {
  if (target.startsWith(ATEN) && /^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/.test(target.slice(ATEN.length))) {
    return { kind: 'aten', op: target.slice('torch.ops.'.length) };
  }
  const fn = shapeOp(target);
  if (fn !== undefined) return { kind: 'shape', fn };
  if (target.startsWith('torch.ops.higher_order.')) {
    throw new ExportError(`${where} calls the higher-order op ${target} (control flow or subgraphs), which wick does not run`);
  }
  if (target.startsWith('torch.ops.')) {
    throw new ExportError(`${where} calls ${target}, a custom (non-ATen) op; wick runs ATen ops only`);
  }
  throw new ExportError(
    `${where} calls ${target}, which is neither an ATen op nor one of torch.export's shape operators; a .pt2 is data, and wick refuses to run this file`,
  );
}

function checkArgument(arg: Json, where: string): void {
  const [kind] = union(arg, where);
  if (!ARGUMENT_KINDS.has(kind)) throw new ExportError(`${where}: an argument of kind ${kind}, which wick does not take`);
}

function node(v: Json, i: number): GraphNode {
  const at = `graph node ${i}`;
  const n = obj(v, at);
  const target = str(n.target, `${at}.target`);
  const name = n.name === undefined || n.name === null ? `node${i}` : str(n.name, `${at}.name`);
  const where = `graph node ${name}`;
  const call = classify(target, where);
  const inputs = list(n.inputs, `${where}.inputs`).map((a, j) => {
    const na = obj(a, `${where}.inputs[${j}]`);
    const argName = str(na.name, `${where}.inputs[${j}].name`);
    checkArgument(na.arg!, `${where} argument ${argName}`);
    return { name: argName, arg: na.arg! };
  });
  const outputs = list(n.outputs, `${where}.outputs`);
  outputs.forEach((o, j) => checkArgument(o, `${where} output ${j}`));
  return { name, target, call, inputs, outputs };
}

/** A serialized SymInt of a tensor_meta: a number, or the expression of its symbols. */
export function symSize(v: Json | undefined, where: string): SymSize {
  const [kind, value] = union(v, where);
  if (kind === 'as_int') return int(value, where);
  if (kind === 'as_expr') return parseSymExpr(str(obj(value, where).expr_str, `${where}.expr_str`));
  throw new ExportError(`${where}: a size of kind ${kind}`);
}

export function readGraph(graphJson: Json | undefined): Graph {
  const g = obj(graphJson, 'graph_module.graph');
  const tensorValues = new Map<string, TensorInfo>();
  for (const [name, meta] of Object.entries(obj(g.tensor_values, 'graph.tensor_values'))) {
    const m: JsonObject = obj(meta, `tensor_values.${name}`);
    tensorValues.set(name, {
      dtype: dtypeOf(int(m.dtype, `tensor_values.${name}.dtype`), `tensor_values.${name}.dtype`),
      sizes: list(m.sizes, `tensor_values.${name}.sizes`).map((s, i) => symSize(s, `tensor_values.${name}.sizes[${i}]`)),
    });
  }
  if (g.is_single_tensor_return !== undefined) bool(g.is_single_tensor_return, 'graph.is_single_tensor_return');
  return {
    nodes: list(g.nodes, 'graph.nodes').map(node),
    inputs: list(g.inputs, 'graph.inputs'),
    outputs: list(g.outputs, 'graph.outputs'),
    tensorValues,
  };
}
