// The graph's outputs: each traced output under its output name (its value renamed, or an
// Identity where the name is taken), typed, with dims that follow dynamic axes named; then the
// nodes and initializers no output needs dropped.
import type { Tensor } from '@wick/tensor';
import type { Graph } from './graph.js';
import type { Lowering } from './lower.js';
import type { Port } from './model.js';
import type { ExportOptions } from './options.js';
import type { Trace } from './trace.js';

/** The outputs under their names (renaming the values, or an Identity where a name is taken), with symbolic dims. */
export function nameOutputs(
  g: Graph, lowering: Lowering, first: { trace: Trace; outputs: number[] }, second: { trace: Trace; outputs: number[] },
  outputNames: readonly string[], inputPorts: readonly Port[], inputs: readonly Tensor[], o: ExportOptions,
): Port[] {
  const produced = new Set(g.nodes.flatMap((n) => n.output));
  const used = new Set<string>();
  return first.outputs.map((id, k) => {
    const t = first.trace.values[id]!.tensor;
    const name = outputNames[k]!;
    const value = lowering.names.get(id) ?? g.initializer(`${name}_constant`, t);
    if (produced.has(value) && !used.has(value)) {
      for (const n of g.nodes) {
        n.input = n.input.map((x) => (x === value ? name : x));
        n.output = n.output.map((x) => (x === value ? name : x));
      }
    } else {
      // A graph input, an initializer, or a value already named as another output.
      g.node('Identity', [value]);
      g.nodes.at(-1)!.output = [name];
    }
    used.add(value);
    const t2 = second.trace.values[second.outputs[k]!]!.tensor;
    const given = o.dynamicAxes.get(name);
    const dims = t.shape.map((d, axis) => {
      const named = given?.get(axis);
      if (named !== undefined) return named;
      if (d === t2.shape[axis]) return d;
      // A dynamic size: the name of the input axis it came from, else one of its own.
      for (const [i, port] of inputPorts.entries()) {
        const j = port.dims.findIndex((p, a) => typeof p === 'string' && inputs[i]!.shape[a] === d && second.trace.values[i]!.tensor.shape[a] === t2.shape[axis]);
        if (j >= 0) return port.dims[j]!;
      }
      return `${name}_dim_${axis}`;
    });
    return { name, dtype: t.dtype, dims };
  });
}

/** Drops the nodes and initializers no output depends on (a mapping may make outputs nobody reads). */
export function prune(g: Graph, outputs: readonly Port[]): void {
  const needed = new Set(outputs.map((p) => p.name));
  const kept: typeof g.nodes = [];
  for (const n of [...g.nodes].reverse()) {
    if (!n.output.some((o) => needed.has(o))) continue;
    kept.push(n);
    for (const i of n.input) needed.add(i);
  }
  g.nodes.splice(0, g.nodes.length, ...kept.reverse());
  const initializers = g.initializers.filter((t) => needed.has(t.name!));
  g.initializers.splice(0, g.initializers.length, ...initializers);
}
