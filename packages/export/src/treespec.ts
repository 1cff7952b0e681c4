// PyTorch's pytree specs (torch.utils._pytree, serialized as JSON: `[1, {type, context,
// children_spec}]`): how module() takes its arguments (in_spec: (args, kwargs)) and gives its
// outputs (out_spec). Tuples and lists are arrays, dicts are Maps, `type: null` is a leaf.
import { ExportError } from './errors.js';
import { type Json, int, list, obj, parseJson, str } from './json.js';

export type TreeSpec =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'tuple' | 'list'; readonly children: readonly TreeSpec[] }
  | { readonly kind: 'dict'; readonly keys: readonly Json[]; readonly children: readonly TreeSpec[] }
  | { readonly kind: 'none' };

const CONTAINERS: Readonly<Record<string, 'tuple' | 'list' | 'dict' | 'none'>> = {
  'builtins.tuple': 'tuple', 'builtins.list': 'list', 'builtins.dict': 'dict', 'collections.OrderedDict': 'dict', 'builtins.NoneType': 'none',
};

function node(v: Json, where: string): TreeSpec {
  const o = obj(v, where);
  if (o.type === null) return { kind: 'leaf' };
  const type = str(o.type, `${where}.type`);
  const kind = Object.hasOwn(CONTAINERS, type) ? CONTAINERS[type]! : undefined;
  if (kind === undefined) throw new ExportError(`${where}: the pytree container ${type}, which wick does not build (it takes tuples, lists, dicts and None)`);
  if (kind === 'none') return { kind };
  const children = list(o.children_spec, `${where}.children_spec`).map((c, i) => node(c, `${where}.children_spec[${i}]`));
  if (kind !== 'dict') return { kind, children };
  const keys = list(parseJson(str(o.context, `${where}.context`), `${where}.context`), `${where}.context`);
  if (keys.length !== children.length) throw new ExportError(`${where}: ${keys.length} dict keys for ${children.length} children`);
  return { kind, keys, children };
}

/** A serialized spec string; an empty one (no module call signature) is null. */
export function parseTreeSpec(text: string, where: string): TreeSpec {
  const [version, root] = list(parseJson(text, where), where);
  if (int(version, `${where} version`) !== 1) throw new ExportError(`${where}: pytree spec version ${String(version)}, wick reads version 1`);
  return node(root!, where);
}

export function leafCount(spec: TreeSpec): number {
  if (spec.kind === 'leaf') return 1;
  if (spec.kind === 'none') return 0;
  return spec.children.reduce((n, c) => n + leafCount(c), 0);
}

/** The output value built from the flat leaves, in order (PyTorch's tree_unflatten). */
export function unflatten<T>(spec: TreeSpec, leaves: readonly T[]): unknown {
  let at = 0;
  const build = (s: TreeSpec): unknown => {
    switch (s.kind) {
      case 'leaf': return leaves[at++];
      case 'none': return null;
      case 'tuple': return Object.freeze(s.children.map(build));
      case 'list': return s.children.map(build);
      case 'dict': return new Map(s.children.map((c, i) => [s.keys[i], build(c)]));
    }
  };
  return build(spec);
}

/** The leaves of `value` laid out as `spec` (PyTorch's tree_flatten, checked against the spec). */
export function flatten(spec: TreeSpec, value: unknown, label: string): unknown[] {
  const out: unknown[] = [];
  const walk = (s: TreeSpec, v: unknown, at: string): void => {
    switch (s.kind) {
      case 'leaf':
        out.push(v);
        return;
      case 'none':
        if (v !== null && v !== undefined) throw new ExportError(`${at}: expected None`);
        return;
      case 'tuple':
      case 'list':
        if (!Array.isArray(v) || v.length !== s.children.length) {
          throw new ExportError(`${at}: expected a ${s.kind} of ${s.children.length} items, found ${Array.isArray(v) ? `${v.length} items` : typeof v}`);
        }
        s.children.forEach((c, i) => walk(c, (v as unknown[])[i], `${at}[${i}]`));
        return;
      case 'dict': {
        const get = (k: Json): unknown => (v instanceof Map ? v.get(k) : (v as Record<string, unknown>)[String(k)]);
        if (v === null || typeof v !== 'object') throw new ExportError(`${at}: expected a dict, found ${v === null ? 'None' : typeof v}`);
        s.children.forEach((c, i) => walk(c, get(s.keys[i]!), `${at}[${JSON.stringify(s.keys[i])}]`));
        return;
      }
    }
  };
  walk(spec, value, label);
  return out;
}
