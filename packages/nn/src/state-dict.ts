import { no_grad } from '@wick/autograd';
import { Tensor, ValueError } from '@wick/tensor';
import type { Module } from './module.js';
import { Parameter } from './parameter.js';
import { sizeRepr, typeName } from './type-name.js';

/** What load_state_dict accepts: PyTorch's OrderedDict as a Map, or a plain object. */
export type StateDict = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/** PyTorch's _IncompatibleKeys. */
export interface LoadResult {
  missing_keys: string[];
  unexpected_keys: string[];
  toString(): string;
}

function incompatibleKeys(missing_keys: string[], unexpected_keys: string[]): LoadResult {
  return {
    missing_keys,
    unexpected_keys,
    toString() {
      if (missing_keys.length === 0 && unexpected_keys.length === 0) return '<All keys matched successfully>';
      const list = (keys: string[]) => `[${keys.map((k) => `'${k}'`).join(', ')}]`;
      return `_IncompatibleKeys(missing_keys=${list(missing_keys)}, unexpected_keys=${list(unexpected_keys)})`;
    },
  };
}

const quoted = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(', ');

/** A checked entry, applied once every entry passed: copied into target, or assigned in its place. */
interface Load {
  readonly module: Module;
  readonly name: string;
  readonly target: Tensor;
  readonly input: Tensor;
}

/**
 * Module.load_state_dict: walks the module tree as PyTorch does (each module's own parameters and
 * persistent buffers, then its children with `name.` prefixes), collecting missing keys,
 * unexpected keys and size mismatches with PyTorch's messages. Copies happen only after every
 * check passed, so a failed load changes nothing. With assign, the state_dict's tensors become the
 * module's (a parameter's requires_grad kept, PyTorch's rule) instead of being copied in.
 */
export function loadStateDict(root: Module, stateDict: StateDict, strict: boolean, assign: boolean): LoadResult {
  const entries: ReadonlyMap<string, unknown> = stateDict instanceof Map ? stateDict : new Map(Object.entries(stateDict));
  const missing: string[] = [];
  const unexpected: string[] = [];
  const errors: string[] = [];
  const loads: Load[] = [];

  const visit = (mod: Module, prefix: string): void => {
    const local = new Map<string, Tensor>();
    for (const [name, p] of mod._parameters) if (p !== null) local.set(name, p);
    for (const [name, b] of mod._buffers) if (b !== null && !mod._non_persistent_buffers.has(name)) local.set(name, b);
    for (const [name, target] of local) {
      const key = prefix + name;
      if (!entries.has(key)) {
        missing.push(key);
        continue;
      }
      const value = entries.get(key);
      if (!(value instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeName(value)}`);
        continue;
      }
      let input = value;
      // PyTorch's backward compatibility: a 1-element vector loads into a 0-dim parameter.
      if (target.ndim === 0 && input.ndim === 1) input = input.select(0, 0);
      if (input.shape.join(',') !== target.shape.join(',')) {
        errors.push(`size mismatch for ${key}: copying a param with shape ${sizeRepr(input.shape)} from checkpoint, the shape in current model is ${sizeRepr(target.shape)}.`);
        continue;
      }
      loads.push({ module: mod, name, target, input });
    }
    for (const key of entries.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const dot = rest.indexOf('.');
      // A dotted remainder must name a submodule; a plain one, a parameter or buffer of this module.
      const known = dot >= 0 ? mod._modules.has(rest.slice(0, dot)) : local.has(rest);
      if (!known) unexpected.push(key);
    }
    for (const [name, child] of mod._modules) if (child !== null) visit(child, `${prefix}${name}.`);
  };
  visit(root, '');

  if (strict) {
    if (unexpected.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${quoted(unexpected)}. `);
    if (missing.length > 0) errors.unshift(`Missing key(s) in state_dict: ${quoted(missing)}. `);
  }
  if (errors.length > 0) {
    throw new ValueError(`Error(s) in loading state_dict for ${root._get_name()}:\n\t${errors.join('\n\t')}`, 'RuntimeError');
  }
  // Copying into parameters is not part of any graph (PyTorch copies under no_grad too).
  no_grad(() => {
    for (const { module, name, target, input } of loads) {
      if (!assign) {
        target.copy_(input);
      } else if (target instanceof Parameter) {
        const param = input instanceof Parameter ? input.requires_grad_(target.requires_grad) : new Parameter(input, target.requires_grad);
        Reflect.set(module, name, param);
      } else {
        Reflect.set(module, name, input);
      }
    }
  });
  return incompatibleKeys(missing, unexpected);
}
