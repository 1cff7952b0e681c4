// Runs an ONNX graph: its nodes in file order (ONNX requires a topological order), each through
// its operator in ops/. Every check that can be made without running anything is made first:
// unknown operators (all of them, in one error), unknown attributes, and names nothing defines.
import { type Tensor, WickError } from '@wick/tensor';
import { OnnxError } from '../errors.js';
import type { OnnxTypes } from '../proto.js';
import { Attributes } from './attributes.js';
import type { Operator } from './ops/operator.js';
import { operatorFor } from './ops/registry.js';

interface Step {
  node: OnnxTypes.INodeProto;
  op: Operator;
  attrs: Attributes;
  opset: number;
  label: string;
}

export const labelOf = (node: OnnxTypes.INodeProto, index: number): string =>
  `node '${node.name || `#${index}`}' (${node.domain ? `${node.domain}::` : ''}${node.opType ?? ''})`;

/** The opset version per domain, '' and 'ai.onnx' being the same domain. */
export function opsetsOf(model: OnnxTypes.IModelProto): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of model.opsetImport ?? []) out.set(o.domain === 'ai.onnx' ? '' : (o.domain ?? ''), Number(o.version ?? 0));
  return out;
}

/** Throws unless every name a node reads or the graph outputs is defined before it is read. */
export function checkReferences(graph: OnnxTypes.IGraphProto, initializers: ReadonlySet<string>): void {
  const defined = new Set([...initializers, ...(graph.input ?? []).map((v) => v.name ?? '')]);
  (graph.node ?? []).forEach((node, i) => {
    for (const name of node.input ?? []) {
      if (name !== '' && !defined.has(name)) {
        throw new OnnxError(`${labelOf(node, i)} reads '${name}', which no initializer, graph input or earlier node defines`);
      }
    }
    for (const name of node.output ?? []) if (name !== '') defined.add(name);
  });
  for (const out of graph.output ?? []) {
    if (!defined.has(out.name ?? '')) throw new OnnxError(`graph output '${out.name}' is not computed by any node, input or initializer`);
  }
}

/** The steps of a graph, or an error listing every operator wick lacks and every bad attribute. */
export function plan(graph: OnnxTypes.IGraphProto, opsets: ReadonlyMap<string, number>): Step[] {
  const missing = new Map<string, number>();
  const problems: string[] = [];
  const steps: Step[] = [];
  (graph.node ?? []).forEach((node, i) => {
    const domain = node.domain === 'ai.onnx' ? '' : (node.domain ?? '');
    const label = labelOf(node, i);
    const op = operatorFor(domain, node.opType ?? '');
    const opset = opsets.get(domain);
    if (op === undefined || opset === undefined) {
      const key = `${domain ? `${domain}::` : ''}${node.opType}${opset === undefined ? ` (domain '${domain}' is not imported)` : ''}`;
      missing.set(key, (missing.get(key) ?? 0) + 1);
      return;
    }
    const attrs = new Attributes(label, node.attribute ?? []);
    const unknown = attrs.names().filter((a) => !op.attributes.includes(a));
    if (unknown.length > 0) problems.push(`${label}: attribute(s) ${unknown.join(', ')} are not supported by wick`);
    steps.push({ node, op, attrs, opset, label });
  });
  if (missing.size > 0) {
    const list = [...missing].map(([k, n]) => `${k}${n > 1 ? ` x${n}` : ''}`).join(', ');
    problems.unshift(`operators with no implementation in wick: ${list}`);
  }
  if (problems.length > 0) throw new OnnxError(`this ONNX graph cannot run in wick:\n  ${problems.join('\n  ')}`);
  return steps;
}

/** Runs the steps over the given values (initializers and inputs by name); returns the named outputs. */
export function run(steps: readonly Step[], values: Map<string, Tensor>, outputs: readonly string[]): Tensor[] {
  for (const { node, op, attrs, opset, label } of steps) {
    const inputs = (node.input ?? []).map((name) => (name === '' ? undefined : values.get(name)!));
    const names = node.output ?? [];
    let result: Tensor | readonly (Tensor | undefined)[];
    try {
      result = op.run({ inputs, attrs, opset, outputs: names.length, label });
    } catch (e) {
      // A wick op's own error (a shape mismatch, say) is given the node it happened in.
      if (e instanceof OnnxError || !WickError.isInstance(e)) throw e;
      throw new OnnxError(`${label}: ${e.name}: ${e.message}`);
    }
    const results = Array.isArray(result) ? result : [result as Tensor];
    names.forEach((name, i) => {
      if (name === '') return;
      const t = results[i];
      if (t === undefined) throw new OnnxError(`${label}: output ${i} ('${name}') is not computed by wick`);
      values.set(name, t);
    });
  }
  return outputs.map((name) => values.get(name)!);
}
