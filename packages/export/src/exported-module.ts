// The module ExportedProgram.module() gives (PyTorch's unlifted GraphModule): submodules along
// the state_dict names holding the parameters and buffers, and a forward that runs the graph with
// them, applies buffer and user-input mutations, and builds the outputs as the out_spec says.
import { Module, Parameter } from '@wick/nn';
import { Tensor } from '@wick/tensor';
import type { AtenOp, AtenValue } from './aten/types.js';
import { ExportError } from './errors.js';
import { type UserTensor, bindSymbols, runGraph } from './interpreter.js';
import { union } from './json.js';
import type { InputSpec } from './signature.js';
import { decodeArgument, type Env } from './values.js';
import type { ExportedProgram } from './program.js';
import { type TreeSpec, flatten, leafCount, unflatten } from './treespec.js';

interface Runner {
  readonly program: ExportedProgram;
  readonly ops: ReadonlyMap<string, AtenOp>;
}

// NOTE: kept beside the module, not on it: a Module's attributes are its parameters, buffers
// and children (its Proxy registers whatever is assigned).
const runners = new WeakMap<Module, Runner>();

/** The module at `path` under `root` (`a.b` of `a.b.weight`), made empty where missing. */
function owner(root: Module, target: string): [Module, string] {
  const parts = target.split('.');
  const leaf = parts.pop()!;
  let m = root;
  for (const p of parts) {
    let child = m._modules.get(p);
    if (!child) {
      child = new Module();
      m.add_module(p, child);
    }
    m = child;
  }
  return [m, leaf];
}

export class ExportedModule extends Module {
  constructor(program: ExportedProgram, ops: ReadonlyMap<string, AtenOp>) {
    super();
    for (const s of program.graph_signature.input_specs) {
      if (s.kind === 'PARAMETER') {
        const [m, name] = owner(this, s.target!);
        m.register_parameter(name, program.state_dict.get(s.target!) as Parameter);
      } else if (s.kind === 'BUFFER') {
        const [m, name] = owner(this, s.target!);
        const t = s.persistent === true ? program.state_dict.get(s.target!)! : program.constants.get(s.target!)!;
        m.register_buffer(name, t, s.persistent === true);
      }
    }
    runners.set(this, { program, ops });
  }

  override _get_name(): string {
    return 'GraphModule';
  }

  /** Runs the program on the user inputs, positional in the exported forward's order. */
  override forward(...args: unknown[]): unknown {
    const { program, ops } = runners.get(this)!;
    return run(this, program, ops, args);
  }
}

/**
 * The graph's flat user inputs from forward's arguments. PyTorch's in_spec is the tuple (args,
 * kwargs): positional inputs in order, then keyword inputs in one trailing object (or Map).
 */
function takes(expected: number, given: number): ExportError {
  return new ExportError(`forward() takes ${expected} positional argument${expected === 1 ? '' : 's'} but ${given} ${given === 1 ? 'was' : 'were'} given`);
}

function userLeaves(spec: TreeSpec | null, args: unknown[], expected: number): unknown[] {
  if (spec === null || spec.kind !== 'tuple' || spec.children.length !== 2) {
    if (args.length !== expected) throw takes(expected, args.length);
    return args;
  }
  const [argsSpec, kwargsSpec] = [spec.children[0]!, spec.children[1]!];
  const positional = argsSpec.kind === 'tuple' ? argsSpec.children.length : 0;
  const takesKwargs = kwargsSpec.kind === 'dict' && kwargsSpec.keys.length > 0;
  const last = args[positional];
  const hasKwargs = takesKwargs && args.length === positional + 1 && (last instanceof Map || (typeof last === 'object' && last !== null && !(last instanceof Tensor)));
  const given = hasKwargs ? args.slice(0, positional) : args;
  if (given.length !== positional) throw takes(positional, given.length);
  return flatten(spec, [given, hasKwargs ? last : {}], 'args');
}

function found(value: unknown): string {
  return value === null ? 'None' : value === undefined ? 'nothing' : typeof value;
}

/**
 * Binds one user input: a tensor (returned, for the size checks), a SymInt/SymFloat/SymBool, or
 * a Python constant the program was exported with, which must be passed again unchanged.
 */
function userInput(env: Env, spec: InputSpec, value: unknown, label: string): Tensor | null {
  const [kind] = union(spec.arg, `input ${label}`);
  if (kind === 'as_tensor') {
    if (!(value instanceof Tensor)) throw new ExportError(`forward: the input ${label} must be a tensor, found ${found(value)}`);
    env.set(spec.name!, value);
    return value;
  }
  if (kind === 'as_sym_int' || kind === 'as_sym_float' || kind === 'as_sym_bool') {
    const ok = kind === 'as_sym_bool' ? typeof value === 'boolean' : typeof value === 'number';
    if (!ok) throw new ExportError(`forward: the input ${label} must be a ${kind === 'as_sym_bool' ? 'bool' : 'number'}, found ${found(value)}`);
    if (spec.name !== null) env.set(spec.name, value as number | boolean);
    return null;
  }
  const constant = decodeArgument(new Map(), spec.arg, `input ${label}`);
  if (value !== constant) throw new ExportError(`Guard failed: ${label} == ${constant === null ? 'None' : String(constant)}`);
  if (spec.name !== null) env.set(spec.name, constant);
  return null;
}

function run(module: ExportedModule, program: ExportedProgram, ops: ReadonlyMap<string, AtenOp>, args: unknown[]): unknown {
  const specs = program.graph_signature.input_specs;
  const users = specs.filter((s) => s.kind === 'USER_INPUT');
  const leaves = userLeaves(program.call_spec.in_spec, args, users.length);
  const labels = program.call_spec.forward_arg_names;
  const env: Env = new Map();
  const tensors: UserTensor[] = [];
  users.forEach((s, i) => {
    const label = labels !== null && labels.length === users.length ? labels[i]! : `args[${i}]`;
    const tensor = userInput(env, s, leaves[i], label);
    if (tensor !== null) tensors.push({ name: s.name!, label, tensor });
  });
  bindSymbols(program.graph, tensors, program.range_constraints);
  for (const s of specs) {
    if (s.kind === 'PARAMETER') env.set(s.name!, module.get_parameter(s.target!));
    else if (s.kind === 'BUFFER') env.set(s.name!, module.get_buffer(s.target!)!);
    else if (s.kind === 'CONSTANT_TENSOR') env.set(s.name!, program.constants.get(s.target!)!);
    else if (s.kind === 'TOKEN') env.set(s.name!, null);
  }
  const outputs = runGraph(program.graph, env, ops);
  // Mutations are applied once the whole graph has run, so a failing op changes nothing.
  const results: AtenValue[] = [];
  program.graph_signature.output_specs.forEach((s, i) => {
    const value = outputs[i]!;
    if (s.kind === 'USER_OUTPUT' || s.kind === 'LOSS_OUTPUT') results.push(value);
    else if (s.kind === 'BUFFER_MUTATION') (module.get_buffer(s.target!) as Tensor).copy_((value as Tensor).detach());
    else if (s.kind === 'PARAMETER_MUTATION') module.get_parameter(s.target!).detach().copy_((value as Tensor).detach());
    else if (s.kind === 'USER_INPUT_MUTATION') (env.get(s.target!) as Tensor).copy_((value as Tensor).detach());
  });
  const out = program.call_spec.out_spec;
  if (out === null) return results.length === 1 ? results[0] : Object.freeze(results);
  if (leafCount(out) !== results.length) throw new ExportError(`the program's out_spec has ${leafCount(out)} leaves for ${results.length} user outputs`);
  return unflatten(out, results);
}
