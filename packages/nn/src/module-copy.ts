// copy.deepcopy(module), as PyTorch's _get_clones uses it: a new module of the same class holding
// copies of every parameter and buffer (tied ones stay tied), child copies, and the other
// attributes. No constructor runs, so no random numbers are drawn.
import { Tensor } from '@wick/tensor';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

export function deepcopy<M extends Module>(module: M): M {
  return copyModule(module, new Map());
}

function copyModule<M extends Module>(m: M, memo: Map<unknown, unknown>): M {
  const seen = memo.get(m);
  if (seen !== undefined) return seen as M;
  // Module's own constructor with the subclass as new.target: the bare module object of that
  // class, without running the subclass's constructor.
  const copy = Reflect.construct(Module, [], m.constructor) as M;
  memo.set(m, copy);
  for (const [name, p] of m._parameters) copy.register_parameter(name, p === null ? null : (copyValue(p, memo) as Parameter));
  for (const [name, b] of m._buffers) {
    copy.register_buffer(name, b === null ? null : (copyValue(b, memo) as Tensor), { persistent: !m._non_persistent_buffers.has(name) });
  }
  for (const [name, child] of m._modules) copy.add_module(name, child === null ? null : copyModule(child, memo));
  for (const [id, hook] of m._forward_pre_hooks) copy._forward_pre_hooks.set(id, hook);
  for (const [id, hook] of m._forward_hooks) copy._forward_hooks.set(id, hook);
  for (const key of Object.keys(m)) {
    if (m._parameters.has(key) || m._buffers.has(key) || m._modules.has(key)) continue;
    Reflect.set(copy, key, copyValue(Reflect.get(m, key), memo));
  }
  return copy;
}

/** Tensors are copied (a Parameter stays one), arrays element by element; functions and plain values are shared. */
function copyValue(v: unknown, memo: Map<unknown, unknown>): unknown {
  if (memo.has(v)) return memo.get(v);
  let out: unknown = v;
  if (v instanceof Module) return copyModule(v, memo);
  if (v instanceof Parameter) out = new Parameter(v.detach().clone(), v.requires_grad);
  else if (v instanceof Tensor) out = v.detach().clone().requires_grad_(v.requires_grad);
  else if (Array.isArray(v)) out = v.map((x) => copyValue(x, memo));
  else return v;
  memo.set(v, out);
  return out;
}
