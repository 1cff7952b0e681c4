// ExportedProgram: what torch.export.load gives. Its graph, signature, weights and range
// constraints as PyTorch names them, and module(): an nn.Module whose forward runs the graph.
import { Parameter } from '@wick/nn';
import type { Tensor } from '@wick/tensor';
import type { Pt2Archive } from './archive.js';
import type { AtenOp } from './aten/types.js';
import { ExportError } from './errors.js';
import { ExportedModule } from './exported-module.js';
import { type Graph, readGraph } from './graph.js';
import { type ValueRange, checkOps, missingOps } from './interpreter.js';
import { type Json, int, list, obj, str } from './json.js';
import { ExportGraphSignature } from './signature.js';
import { type TreeSpec, parseTreeSpec } from './treespec.js';

/** The root entry of module_call_graph: how module() takes its arguments and gives its outputs. */
export interface CallSpec {
  readonly in_spec: TreeSpec | null;
  readonly out_spec: TreeSpec | null;
  readonly forward_arg_names: readonly string[] | null;
}

function callSpec(moduleCallGraph: Json | undefined): CallSpec {
  const entries = list(moduleCallGraph, 'graph_module.module_call_graph');
  const root = entries.map((e, i) => obj(e, `module_call_graph[${i}]`)).find((e) => e.fqn === '');
  if (root === undefined || root.signature === null || root.signature === undefined) return { in_spec: null, out_spec: null, forward_arg_names: null };
  const s = obj(root.signature, 'module_call_graph[""].signature');
  const names = s.forward_arg_names;
  return {
    in_spec: parseTreeSpec(str(s.in_spec, 'module_call_graph in_spec'), 'module_call_graph in_spec'),
    out_spec: parseTreeSpec(str(s.out_spec, 'module_call_graph out_spec'), 'module_call_graph out_spec'),
    forward_arg_names: names === null || names === undefined ? null : list(names, 'forward_arg_names').map((n) => str(n, 'forward_arg_names')),
  };
}

/** A program saved with torch.export.save, read by torch.export.load. */
export class ExportedProgram {
  /** Parameters and persistent buffers, by PyTorch's names. */
  readonly state_dict: Map<string, Tensor>;
  /** Tensor constants and non-persistent buffers, by their names. */
  readonly constants: Map<string, Tensor>;
  readonly graph_signature: ExportGraphSignature;
  /** Each symbolic dim's range (`s77` → { min_val: 2, max_val: 16 }). */
  readonly range_constraints: Map<string, ValueRange>;
  /** The nodes, inputs, outputs and tensor metadata of the graph. */
  readonly graph: Graph;
  readonly call_spec: CallSpec;
  readonly opset_version: Map<string, number>;
  readonly schema_version: { readonly major: number; readonly minor: number };
  /** The PyTorch version that saved it. */
  readonly torch_version: string;
  readonly verifiers: readonly string[];

  constructor(archive: Pt2Archive, private readonly ops: ReadonlyMap<string, AtenOp>) {
    const p = archive.program;
    const gm = obj(p.graph_module, 'graph_module');
    this.graph = readGraph(gm.graph);
    this.graph_signature = new ExportGraphSignature(gm.signature);
    this.call_spec = callSpec(gm.module_call_graph);
    this.state_dict = new Map([...archive.weights].map(([k, v]) => [k, v.tensor]));
    this.constants = new Map([...archive.constants].map(([k, v]) => [k, v.tensor]));
    this.range_constraints = new Map(
      Object.entries(obj(p.range_constraints, 'range_constraints')).map(([k, v]) => {
        const r = obj(v, `range_constraints.${k}`);
        const bound = (b: Json | undefined, at: string): number | null => (b === null || b === undefined ? null : int(b, at));
        return [k, { min_val: bound(r.min_val, `range_constraints.${k}.min_val`), max_val: bound(r.max_val, `range_constraints.${k}.max_val`) }];
      }),
    );
    this.opset_version = new Map(Object.entries(obj(p.opset_version, 'opset_version')).map(([k, v]) => [k, int(v, `opset_version.${k}`)]));
    const sv = obj(p.schema_version, 'schema_version');
    this.schema_version = Object.freeze({ major: int(sv.major, 'schema_version.major'), minor: int(sv.minor, 'schema_version.minor') });
    this.torch_version = p.torch_version === undefined ? '<=2.4' : str(p.torch_version, 'torch_version');
    this.verifiers = Object.freeze(p.verifiers === undefined ? [] : list(p.verifiers, 'verifiers').map((v) => str(v, 'verifiers')));
    this.checkTensors();
  }

  /** Every parameter, buffer and constant the signature names is in the archive (a missing one is named now). */
  private checkTensors(): void {
    for (const s of this.graph_signature.input_specs) {
      if (s.kind === 'PARAMETER' || (s.kind === 'BUFFER' && s.persistent === true)) {
        if (!this.state_dict.has(s.target!)) throw new ExportError(`the program's ${s.kind.toLowerCase()} ${s.target} is not in the archive's weights`);
        if (s.kind === 'PARAMETER' && !(this.state_dict.get(s.target!) instanceof Parameter)) {
          throw new ExportError(`the program's parameter ${s.target} is saved as a plain tensor (is_param false)`);
        }
      } else if (s.kind === 'CONSTANT_TENSOR' || s.kind === 'BUFFER') {
        if (!this.constants.has(s.target!)) throw new ExportError(`the program's ${s.kind === 'BUFFER' ? 'non-persistent buffer' : 'constant'} ${s.target} is not in the archive's constants`);
      }
    }
  }

  /** The ATen ops of the graph that wick lacks (sorted): what module() would refuse, by name. */
  missing_ops(): string[] {
    return missingOps(this.graph, this.ops);
  }

  /**
   * An nn.Module that runs the graph: forward(...inputs) takes the user inputs as the exported
   * model took them and returns its outputs (one tensor, or a tuple as PyTorch's out_spec
   * builds it); buffer mutations update its buffers. Refused, naming every one, when the graph
   * uses ATen ops wick lacks.
   */
  module(...args: []): ExportedModule {
    if (args.length > 0) throw new ExportError(`ExportedProgram.module() takes no arguments (${args.length} given)`);
    checkOps(this.graph, this.ops);
    return new ExportedModule(this, this.ops);
  }
}
