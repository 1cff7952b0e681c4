// graph_signature as PyTorch names it (torch.export.graph_signature): what each graph input is
// (a user input, a parameter, a buffer, a constant...) and what each output is (a user output, a
// buffer's new value...), with the state_dict name it stands for.
import { ExportError } from './errors.js';
import { type Json, bool, list, obj, str, union } from './json.js';

export type InputKind = 'USER_INPUT' | 'PARAMETER' | 'BUFFER' | 'CONSTANT_TENSOR' | 'CUSTOM_OBJ' | 'TOKEN';
export type OutputKind =
  | 'USER_OUTPUT' | 'LOSS_OUTPUT' | 'BUFFER_MUTATION' | 'PARAMETER_MUTATION' | 'GRADIENT_TO_PARAMETER' | 'GRADIENT_TO_USER_INPUT'
  | 'USER_INPUT_MUTATION' | 'TOKEN';

export interface InputSpec {
  readonly kind: InputKind;
  /** The graph input's serialized Argument (as_tensor for tensors; as_int, as_sym_int ... for user scalars). */
  readonly arg: Json;
  /** The graph's name for it (`p_fc_weight`), or null for a constant user input. */
  readonly name: string | null;
  /** The state_dict or constants name it stands for (`fc.weight`); null for user inputs and tokens. */
  readonly target: string | null;
  /** For buffers: whether it is in the state_dict; null for the other kinds. */
  readonly persistent: boolean | null;
}

export interface OutputSpec {
  readonly kind: OutputKind;
  readonly arg: Json;
  readonly name: string | null;
  /** The buffer, parameter or user input it updates; null for user outputs. */
  readonly target: string | null;
}

const INPUT_KINDS: Readonly<Record<string, InputKind>> = {
  user_input: 'USER_INPUT', parameter: 'PARAMETER', buffer: 'BUFFER', tensor_constant: 'CONSTANT_TENSOR', custom_obj: 'CUSTOM_OBJ',
  token: 'TOKEN', constant_input: 'USER_INPUT',
};

const OUTPUT_KINDS: Readonly<Record<string, OutputKind>> = {
  user_output: 'USER_OUTPUT', loss_output: 'LOSS_OUTPUT', buffer_mutation: 'BUFFER_MUTATION', parameter_mutation: 'PARAMETER_MUTATION',
  gradient_to_parameter: 'GRADIENT_TO_PARAMETER', gradient_to_user_input: 'GRADIENT_TO_USER_INPUT', user_input_mutation: 'USER_INPUT_MUTATION',
  token: 'TOKEN',
};

/** The name of a serialized argument: TensorArgument/TokenArgument {name}, or a union holding one. */
export function argName(arg: Json, where: string): string | null {
  const o = obj(arg, where);
  if (typeof o.name === 'string') return o.name;
  const [kind, value] = union(arg, where);
  if (kind === 'as_tensor' || kind === 'as_custom_obj') return str(obj(value, where).name, where);
  if (kind === 'as_sym_int' || kind === 'as_sym_bool' || kind === 'as_sym_float') {
    const [k, v] = union(value, where);
    return k === 'as_name' ? str(v, where) : null;
  }
  return null;
}

function inputSpec(v: Json, i: number): InputSpec {
  const where = `graph_signature.input_specs[${i}]`;
  const [key, value] = union(v, where);
  const kind = Object.hasOwn(INPUT_KINDS, key) ? INPUT_KINDS[key]! : undefined;
  if (kind === undefined) throw new ExportError(`${where}: unknown input kind ${key}`);
  const s = obj(value, where);
  if (key === 'constant_input') {
    // A Python constant passed as a user input: the graph input named `name` holding `value`.
    const name = str(s.name, `${where}.name`);
    return { kind, arg: s.value ?? null, name, target: null, persistent: null };
  }
  const arg = s.arg ?? null;
  const target =
    key === 'parameter' ? str(s.parameter_name, where)
    : key === 'buffer' ? str(s.buffer_name, where)
    : key === 'tensor_constant' ? str(s.tensor_constant_name, where)
    : key === 'custom_obj' ? str(s.custom_obj_name, where)
    : null;
  if (kind === 'CUSTOM_OBJ') throw new ExportError(`${where}: the program takes the script object ${target} (CUSTOM_OBJ), which wick does not load`);
  return { kind, arg, name: argName(arg, where), target, persistent: key === 'buffer' ? bool(s.persistent, `${where}.persistent`) : null };
}

function outputSpec(v: Json, i: number): OutputSpec {
  const where = `graph_signature.output_specs[${i}]`;
  const [key, value] = union(v, where);
  const kind = Object.hasOwn(OUTPUT_KINDS, key) ? OUTPUT_KINDS[key]! : undefined;
  if (kind === undefined) throw new ExportError(`${where}: unknown output kind ${key}`);
  if (kind === 'GRADIENT_TO_PARAMETER' || kind === 'GRADIENT_TO_USER_INPUT') {
    throw new ExportError(`${where}: a ${kind} output (a joint forward-backward graph), which wick does not run`);
  }
  const s = obj(value, where);
  const arg = s.arg ?? null;
  const target = key === 'buffer_mutation' ? str(s.buffer_name, where)
    : key === 'parameter_mutation' ? str(s.parameter_name, where)
    : key === 'user_input_mutation' ? str(s.user_input_name, where)
    : null;
  return { kind, arg, name: argName(arg, where), target };
}

/** PyTorch's ExportGraphSignature: the specs, and the views of them PyTorch offers. */
export class ExportGraphSignature {
  readonly input_specs: readonly InputSpec[];
  readonly output_specs: readonly OutputSpec[];

  constructor(json: Json | undefined) {
    const s = obj(json, 'graph_module.signature');
    this.input_specs = Object.freeze(list(s.input_specs, 'graph_signature.input_specs').map(inputSpec));
    this.output_specs = Object.freeze(list(s.output_specs, 'graph_signature.output_specs').map(outputSpec));
  }

  private targets(kind: InputKind, persistent?: boolean): string[] {
    return this.input_specs.filter((s) => s.kind === kind && (persistent === undefined || s.persistent === persistent)).map((s) => s.target!);
  }

  /** The state_dict names of the parameters, in graph order. */
  get parameters(): string[] { return this.targets('PARAMETER'); }
  /** The names of the buffers, persistent or not. */
  get buffers(): string[] { return this.targets('BUFFER'); }
  get non_persistent_buffers(): string[] { return this.targets('BUFFER', false); }
  get lifted_tensor_constants(): string[] { return this.targets('CONSTANT_TENSOR'); }
  /** The graph's names of the user inputs, in order. */
  get user_inputs(): (string | null)[] { return this.input_specs.filter((s) => s.kind === 'USER_INPUT').map((s) => s.name); }
  get user_outputs(): (string | null)[] { return this.output_specs.filter((s) => s.kind === 'USER_OUTPUT').map((s) => s.name); }
  /** Graph output name → the buffer it updates. */
  get buffers_to_mutate(): Map<string, string> {
    return new Map(this.output_specs.filter((s) => s.kind === 'BUFFER_MUTATION').map((s) => [s.name!, s.target!]));
  }
}
