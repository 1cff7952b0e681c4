// A minimal runner of the export fixtures' graphs (fixtures/export/cases.msgpack, written by
// tools/fixtures/export_cases), for @wick/export's tests and pnpm conformance: placeholders from
// the saved state and the user inputs, each call through an ATen op table (@wick/export's
// ATEN_OPS), tuple access and shape arithmetic done here. It stands in for the graph interpreter
// until that is merged; the tests then run torch.export.load(...).module() instead.
import type { Tensor } from '@wick/tensor';
import { type EncodedTensor, decodeBase } from './decode.js';

/** A decoded argument or result (@wick/export's AtenValue). */
type AtenValue = unknown;

/** The ATen op table: an overload's result from its named arguments (typed by @wick/export). */
export type AtenTable = ReadonlyMap<string, (args: never) => unknown>;

export type GraphValue = number | bigint | boolean | string | null | { node: string } | { dtype: string } | GraphValue[];

export type GraphNode =
  | { op: 'placeholder'; name: string }
  | { op: 'output'; args: GraphValue[] }
  | { op: 'call_function'; name: string; target: string; named: { name: string; value: GraphValue }[] }
  | { op: 'call_function'; name: string; target: string; args: GraphValue[] };

export interface Spec { kind: string; name: string | null; target: string | null }

export interface ExportCase {
  name: string;
  form: 'default' | 'core';
  train: boolean;
  graph: { nodes: GraphNode[]; inputs: Spec[]; outputs: Spec[] };
  state: Record<string, EncodedTensor>;
  runs: { inputs: EncodedTensor[]; outputs: EncodedTensor[]; buffers: Record<string, EncodedTensor> }[];
  seed: number | null;
  tol: { ulp: number; atol: number } | null;
}

/** The op targets a graph calls. */
export function graphTargets(c: ExportCase): string[] {
  return c.graph.nodes.flatMap((n) => (n.op === 'call_function' ? [n.target] : []));
}

function decode(v: GraphValue, env: Map<string, AtenValue>): AtenValue {
  if (Array.isArray(v)) return v.map((x) => decode(x, env));
  // Layouts and memory formats as the interpreter decodes them: wick's names, without 'torch.'.
  if (typeof v === 'string' && v.startsWith('torch.')) return v.slice('torch.'.length);
  if (typeof v === 'bigint') return Number(v); // int64 in msgpack: slice ends of sys.maxsize
  if (v !== null && typeof v === 'object') {
    if ('dtype' in v) return v.dtype as AtenValue;
    const value = env.get(v.node);
    if (value === undefined) throw new Error(`node ${v.node} used before it is defined`);
    return value;
  }
  return v;
}

/** What _operator.* nodes compute: tuple access and SymInt arithmetic. */
function operator(target: string, [a, b]: AtenValue[]): AtenValue {
  if (target === '_operator.getitem') return (a as readonly AtenValue[])[b as number]!;
  if (target === '_operator.mul') return (a as number) * (b as number);
  throw new Error(`no operator ${target} in this runner`);
}

/**
 * Runs the graph on a run's inputs: the user outputs, and the buffers by name after the call
 * (mutated in place by the default form, written back from BUFFER_MUTATION outputs by the core form).
 */
export function runExportGraph(ops: AtenTable, c: ExportCase, inputs: Tensor[]): { outputs: AtenValue[]; buffers: Map<string, AtenValue> } {
  const env = new Map<string, AtenValue>();
  const buffers = new Map<string, AtenValue>();
  let next = 0;
  for (const spec of c.graph.inputs) {
    const value = spec.kind === 'USER_INPUT' ? inputs[next++]! : decodeBase(c.state[spec.name!]!);
    env.set(spec.name!, value);
    if (spec.kind === 'BUFFER') buffers.set(spec.target!, value);
  }
  const outputs: AtenValue[] = [];
  for (const node of c.graph.nodes) {
    if (node.op === 'call_function') {
      if ('args' in node) {
        env.set(node.name, operator(node.target, node.args.map((a) => decode(a, env))));
        continue;
      }
      const op = ops.get(node.target);
      if (op === undefined) throw new Error(`the ATen table lacks ${node.target}`);
      const args: Record<string, AtenValue> = {};
      for (const { name, value } of node.named) args[name] = decode(value, env);
      env.set(node.name, op(args as never)); // decoded as @wick/export's AtenArgs
    } else if (node.op === 'output') {
      node.args.forEach((arg, i) => {
        const spec = c.graph.outputs[i]!;
        const value = decode(arg, env);
        if (spec.kind === 'USER_OUTPUT') outputs.push(value);
        else if (spec.kind === 'BUFFER_MUTATION') buffers.set(spec.target!, value);
        else throw new Error(`no output kind ${spec.kind} in this runner`);
      });
    }
  }
  return { outputs, buffers };
}
