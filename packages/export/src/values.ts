// A node's serialized arguments as the op table takes them (AtenValue), and its results bound to
// the names the graph gives them. Tensors and SymInts/SymBools/SymFloats come from the
// environment of values computed so far; everything else is a literal of the file.
import { Tensor } from '@wick/tensor';
import type { AtenValue } from './aten/types.js';
import { ExportError } from './errors.js';
import { type Json, bool, float, int, list, obj, str, union } from './json.js';
import { dtypeOf, layoutOf, memoryFormatOf } from './schema.js';

/** The values of the graph so far, by name. */
export type Env = Map<string, AtenValue>;

function lookup(env: Env, name: string, where: string): AtenValue {
  const v = env.get(name);
  if (v === undefined) throw new ExportError(`${where}: the value ${name} is used before any node computes it`);
  return v;
}

function tensorNamed(env: Env, v: Json, where: string): Tensor {
  const name = str(obj(v, where).name, where);
  const t = lookup(env, name, where);
  if (!(t instanceof Tensor)) throw new ExportError(`${where}: ${name} is not a tensor`);
  return t;
}

/** A SymIntArgument / SymBoolArgument / SymFloatArgument: a name in the environment or a literal. */
function symbolic(env: Env, v: Json, where: string): AtenValue {
  const [kind, value] = union(v, where);
  if (kind === 'as_name') return lookup(env, str(value, where), where);
  if (kind === 'as_int') return int(value, where);
  if (kind === 'as_float') return float(value, where);
  if (kind === 'as_bool') return bool(value, where);
  throw new ExportError(`${where}: a symbolic value of kind ${kind}`);
}

function optionalTensor(env: Env, v: Json, where: string): Tensor | null {
  const [kind, value] = union(v, where);
  return kind === 'as_none' ? null : tensorNamed(env, value, where);
}

function device(v: Json, where: string): string {
  const d = obj(v, where);
  const type = str(d.type, `${where}.type`);
  return d.index === null || d.index === undefined ? type : `${type}:${int(d.index, `${where}.index`)}`;
}

/** One serialized Argument as an AtenValue. */
export function decodeArgument(env: Env, arg: Json, where: string): AtenValue {
  const [kind, v] = union(arg, where);
  switch (kind) {
    case 'as_none': return null;
    case 'as_tensor': return tensorNamed(env, v, where);
    case 'as_tensors': return list(v, where).map((t) => tensorNamed(env, t, where));
    case 'as_optional_tensor': return optionalTensor(env, v, where);
    case 'as_optional_tensors': return list(v, where).map((t) => optionalTensor(env, t, where));
    case 'as_nested_tensors': return list(v, where).map((ts) => list(ts, where).map((t) => tensorNamed(env, t, where)));
    case 'as_int': return int(v, where);
    case 'as_ints': return list(v, where).map((x) => int(x, where));
    case 'as_int_lists': return list(v, where).map((xs) => list(xs, where).map((x) => int(x, where)));
    case 'as_float': return float(v, where);
    case 'as_floats': return list(v, where).map((x) => float(x, where));
    case 'as_float_lists': return list(v, where).map((xs) => list(xs, where).map((x) => float(x, where)));
    case 'as_bool': return bool(v, where);
    case 'as_bools': return list(v, where).map((x) => bool(x, where));
    case 'as_string': return str(v, where);
    case 'as_strings': return list(v, where).map((x) => str(x, where));
    case 'as_sym_int':
    case 'as_sym_bool':
    case 'as_sym_float': return symbolic(env, v, where);
    case 'as_sym_ints':
    case 'as_sym_bools':
    case 'as_sym_floats': return list(v, where).map((x) => symbolic(env, x, where));
    case 'as_scalar_type': return dtypeOf(int(v, where), where);
    case 'as_layout': return layoutOf(int(v, where), where);
    case 'as_memory_format': return memoryFormatOf(int(v, where), where);
    case 'as_device': return device(v, where);
    default: throw new ExportError(`${where}: an argument of kind ${kind}, which wick does not take`);
  }
}

function describe(v: AtenValue): string {
  if (v instanceof Tensor) return 'a tensor';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return v === null ? 'None' : `a ${typeof v}`;
}

/** Binds one serialized output Argument to the value the op returned for it. */
function bindOne(env: Env, out: Json, value: AtenValue, where: string): void {
  const [kind, v] = union(out, where);
  const expectTensor = (x: AtenValue, at: string): Tensor => {
    if (!(x instanceof Tensor)) throw new ExportError(`${at}: the graph expects a tensor, but the op returned ${describe(x)}`);
    return x;
  };
  switch (kind) {
    case 'as_none':
      return;
    case 'as_tensor':
      env.set(str(obj(v, where).name, where), expectTensor(value, where));
      return;
    case 'as_optional_tensor': {
      const [k, t] = union(v, where);
      if (k === 'as_tensor') env.set(str(obj(t, where).name, where), expectTensor(value, where));
      return;
    }
    case 'as_tensors':
    case 'as_optional_tensors': {
      const names = list(v, where);
      if (!Array.isArray(value) || value.length !== names.length) {
        throw new ExportError(`${where}: the graph expects a list of ${names.length} tensors, but the op returned ${describe(value)}`);
      }
      names.forEach((n, i) => {
        const item = (value as readonly AtenValue[])[i]!;
        if (kind === 'as_tensors') env.set(str(obj(n, where).name, where), expectTensor(item, where));
        else bindOne(env, { as_optional_tensor: n }, item, where);
      });
      return;
    }
    case 'as_sym_int':
    case 'as_sym_float':
    case 'as_sym_bool': {
      const [k, name] = union(v, where);
      if (k !== 'as_name') return;
      const ok = kind === 'as_sym_bool' ? typeof value === 'boolean' : typeof value === 'number';
      if (!ok) throw new ExportError(`${where}: the graph expects a ${kind.slice(3)}, but the op returned ${describe(value)}`);
      env.set(str(name, where), value);
      return;
    }
    default:
      throw new ExportError(`${where}: an output of kind ${kind}, which wick does not bind`);
  }
}

/** Binds a node's outputs: one output takes the whole result, several take a tuple's items. */
export function bindOutputs(env: Env, outputs: readonly Json[], value: AtenValue, where: string): void {
  if (outputs.length === 1) return bindOne(env, outputs[0]!, value, where);
  if (!Array.isArray(value) || value.length !== outputs.length) {
    throw new ExportError(`${where}: the graph expects ${outputs.length} results, but the op returned ${describe(value)}`);
  }
  outputs.forEach((o, i) => bindOne(env, o, (value as readonly AtenValue[])[i]!, `${where} result ${i}`));
}
