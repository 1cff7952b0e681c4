import { no_grad } from '@wick/autograd';
import { type DType, type Device, Tensor, ValueError, WickError, declare, isDType, isFloating, isPlainObject } from '@wick/tensor';
import { KeyError, ModuleTypeError } from './errors.js';
import { Parameter, setParameterData } from './parameter.js';
import { type StateDict, type LoadResult, loadStateDict } from './state-dict.js';
import { typeName } from './type-name.js';

export interface StateDictOptions {
  destination?: Map<string, Tensor>;
  prefix?: string;
  /** Return the parameters themselves instead of detached views of them. */
  keep_vars?: boolean;
}

/** A forward pre-hook: may return replacement arguments (an array is the argument list). */
export type ForwardPreHook = (module: Module, args: unknown[], kwargs?: Record<string, unknown>) => unknown;
/** A forward hook: may return a replacement output. */
export type ForwardHook = (module: Module, args: unknown[], kwargsOrOutput: unknown, output?: unknown) => unknown;

interface HookEntry<H> {
  readonly hook: H;
  readonly withKwargs: boolean;
  readonly alwaysCall: boolean;
}

let nextHookId = 0;

/** What register_*_hook returns: `handle.remove()` takes the hook off again. */
export class RemovableHandle {
  constructor(
    private readonly registry: Map<number, unknown>,
    readonly id: number,
  ) {}

  remove(): void {
    this.registry.delete(this.id);
  }
}

const moduleInit = declare('nn.Module.__init__', 'Module.__init__()', {
  style: 'python',
  pythonMethod: true,
  differs: "PyTorch's takes (*args, **kwargs) only to refuse any it is given; wick's takes none, and says so in Python's words",
});

/**
 * PyTorch's nn.Module. Parameters, buffers and submodules register themselves when assigned to an
 * attribute (`this.fc = new Linear(2, 3)`), in assignment order: the constructor returns a Proxy
 * whose set/defineProperty traps route such assignments into the ordered registries, so subclass
 * class fields and constructor assignments both register, as in Python. The registered value is
 * also kept as a plain property, so reading `this.fc` costs nothing.
 *
 * Modules are callable, as in PyTorch: `model(x)` runs the forward pre-hooks, `forward(x)`, then
 * the forward hooks (PyTorch's `__call__`). For that the object behind the Proxy is a function
 * whose prototype is the module's class, so `instanceof`, methods and printing are unchanged.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below adds the call signature
export class Module {
  declare training: boolean;
  declare readonly _parameters: Map<string, Parameter | null>;
  declare readonly _buffers: Map<string, Tensor | null>;
  declare readonly _non_persistent_buffers: Set<string>;
  declare readonly _modules: Map<string, Module | null>;
  declare readonly _forward_pre_hooks: Map<number, HookEntry<ForwardPreHook>>;
  declare readonly _forward_hooks: Map<number, HookEntry<ForwardHook>>;

  constructor(...args: unknown[]) {
    moduleInit.bind(args);
    // NOTE: an arrow function has no own `prototype`; its `name` and `length` would shadow
    // attributes a module may want, so they go.
    const target = Object.setPrototypeOf(() => undefined, new.target.prototype) as Module;
    Reflect.deleteProperty(target, 'name');
    Reflect.deleteProperty(target, 'length');
    Object.defineProperties(target, {
      training: { value: true, writable: true, enumerable: true, configurable: true },
      _parameters: { value: new Map() },
      _buffers: { value: new Map() },
      _non_persistent_buffers: { value: new Set() },
      _modules: { value: new Map() },
      _forward_pre_hooks: { value: new Map() },
      _forward_hooks: { value: new Map() },
    });
    return wrap(target);
  }

  // NOTE: `any`, not unknown: a subclass's forward(input: Tensor) must stay assignable to the
  // base, and calling a module is typed by its own forward (the Module interface below).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(...args: any[]): any {
    void args;
    throw new WickError(`Module [${this._get_name()}] is missing the required "forward" function`, 'NotImplementedError');
  }

  /** PyTorch's `module(...)`, for callers that prefer a method: the same as calling the module. */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    return callModule(this, args) as ReturnType<this['forward']>;
  }

  /** Runs `hook(module, args)` before each forward; a returned value replaces the arguments. */
  register_forward_pre_hook(...args: unknown[]): RemovableHandle {
    const { hook, prepend, with_kwargs } = preHookSig.bind(args);
    return addHook(this._forward_pre_hooks, { hook, withKwargs: with_kwargs, alwaysCall: false }, prepend);
  }

  /** Runs `hook(module, args, output)` after each forward; a returned value replaces the output. */
  register_forward_hook(...args: unknown[]): RemovableHandle {
    const { hook, prepend, with_kwargs, always_call } = hookSig.bind(args);
    return addHook(this._forward_hooks, { hook, withKwargs: with_kwargs, alwaysCall: always_call }, prepend);
  }

  // --- registration ------------------------------------------------------------------------------

  register_parameter(name: string, param: Parameter | null): void {
    checkName('parameter', name, this, this._parameters);
    if (param !== null && !(param instanceof Parameter)) {
      throw new ModuleTypeError(`cannot assign '${typeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    this._parameters.set(name, param);
    Reflect.defineProperty(rawTarget(this), name, plainProperty(param));
  }

  register_buffer(name: string, tensor: Tensor | null, persistent: boolean | { persistent?: boolean } = true): void {
    const keep = typeof persistent === 'boolean' ? persistent : persistent.persistent ?? true;
    checkName('buffer', name, this, this._buffers);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new ModuleTypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    this._buffers.set(name, tensor);
    if (keep) this._non_persistent_buffers.delete(name);
    else this._non_persistent_buffers.add(name);
    Reflect.defineProperty(rawTarget(this), name, plainProperty(tensor));
  }

  add_module(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new ModuleTypeError(`${typeName(module)} is not a Module subclass`);
    if (name.includes('.')) throw new KeyError(`module name can't contain ".", got: ${name}`);
    if (name === '') throw new KeyError('module name can\'t be empty string ""');
    if (hasAttribute(this, name) && !this._modules.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    this._modules.set(name, module);
    Reflect.defineProperty(rawTarget(this), name, plainProperty(module));
  }

  register_module(name: string, module: Module | null): void {
    this.add_module(name, module);
  }

  get_submodule(target: string): Module {
    if (target === '') return this;
    return target.split('.').reduce<Module>((mod, item) => {
      const next = mod._modules.get(item);
      if (!(next instanceof Module)) throw new ValueError(`${mod._get_name()} has no attribute \`${item}\``, 'AssertionError');
      return next;
    }, this);
  }

  // --- traversal ------------------------------------------------------------------------------

  named_modules(memo: Set<Module> = new Set(), prefix = '', remove_duplicate = true): [string, Module][] {
    const out: [string, Module][] = [];
    const visit = (mod: Module, pre: string): void => {
      if (remove_duplicate) {
        if (memo.has(mod)) return;
        memo.add(mod);
      }
      out.push([pre, mod]);
      for (const [name, child] of mod._modules) {
        if (child !== null) visit(child, pre === '' ? name : `${pre}.${name}`);
      }
    };
    visit(this, prefix);
    return out;
  }

  modules(): Module[] {
    return this.named_modules().map(([, m]) => m);
  }

  named_children(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, child] of this._modules) {
      if (child !== null && !seen.has(child)) {
        seen.add(child);
        out.push([name, child]);
      }
    }
    return out;
  }

  children(): Module[] {
    return this.named_children().map(([, m]) => m);
  }

  named_parameters(prefix = '', recurse = true, remove_duplicate = true): [string, Parameter][] {
    return this.namedMembers((m) => m._parameters, prefix, recurse, remove_duplicate);
  }

  parameters(recurse = true): Parameter[] {
    return this.named_parameters('', recurse).map(([, p]) => p);
  }

  named_buffers(prefix = '', recurse = true, remove_duplicate = true): [string, Tensor][] {
    return this.namedMembers((m) => m._buffers, prefix, recurse, remove_duplicate);
  }

  buffers(recurse = true): Tensor[] {
    return this.named_buffers('', recurse).map(([, b]) => b);
  }

  private namedMembers<T>(
    members: (m: Module) => Map<string, T | null>,
    prefix: string,
    recurse: boolean,
    removeDuplicate: boolean,
  ): [string, T][] {
    const mods: [string, Module][] = recurse ? this.named_modules(new Set(), prefix, removeDuplicate) : [[prefix, this]];
    const seen = new Set<T>();
    const out: [string, T][] = [];
    for (const [modPrefix, mod] of mods) {
      for (const [name, value] of members(mod)) {
        if (value === null || (removeDuplicate && seen.has(value))) continue;
        seen.add(value);
        out.push([modPrefix === '' ? name : `${modPrefix}.${name}`, value]);
      }
    }
    return out;
  }

  // --- state ----------------------------------------------------------------------------------

  /** Parameters and persistent buffers, PyTorch's keys in PyTorch's order. */
  state_dict(opts: StateDictOptions = {}): Map<string, Tensor> {
    const destination = opts.destination ?? new Map<string, Tensor>();
    const keepVars = opts.keep_vars ?? false;
    const visit = (mod: Module, prefix: string): void => {
      for (const [name, p] of mod._parameters) {
        if (p !== null) destination.set(prefix + name, keepVars ? p : p.detach());
      }
      for (const [name, b] of mod._buffers) {
        if (b !== null && !mod._non_persistent_buffers.has(name)) destination.set(prefix + name, keepVars ? b : b.detach());
      }
      for (const [name, child] of mod._modules) {
        if (child !== null) visit(child, `${prefix}${name}.`);
      }
    };
    visit(this, opts.prefix ?? '');
    return destination;
  }

  /**
   * Copies `state_dict`'s tensors into this module's parameters and buffers. Checks everything
   * first: on any error nothing is copied (PyTorch copies what it can before raising).
   */
  load_state_dict(state_dict: StateDict, opts: { strict?: boolean; assign?: boolean } = {}): LoadResult {
    return loadStateDict(this, state_dict, opts.strict ?? true);
  }

  // --- modes and conversions ------------------------------------------------------------------

  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean', 'ValueError');
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  zero_grad(set_to_none = true): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (set_to_none) {
        p.grad = null;
        continue;
      }
      // NOTE: a grad with history is cut from it first (PyTorch detaches it), so zeroing it
      // records nothing.
      if (p.grad.grad_fn !== null) p.grad = p.grad.detach();
      else p.grad.requires_grad = false;
      p.grad.zero_();
    }
  }

  /** Calls fn on every submodule (children first) and on this module. */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Converts every parameter and buffer with fn. Parameters keep their identity (PyTorch's
   * `param.data = fn(param)`), and so do their gradients' owners.
   */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const child of this.children()) child._apply(fn);
    for (const [, p] of this._parameters) {
      if (p === null) continue;
      // The conversion is not part of any graph (PyTorch converts under no_grad).
      const converted = no_grad(() => fn(p));
      if (converted !== p) setParameterData(p, converted);
      if (p.grad !== null) p.grad = fn(p.grad);
    }
    for (const [name, b] of this._buffers) {
      if (b !== null) this.setBuffer(name, fn(b));
    }
    return this;
  }

  /** module.to(dtype) / to(device) / to(device, dtype): only floating point tensors change dtype. */
  to(target: DType | Device, dtype?: DType): this {
    const toDType = isDType(target) ? target : dtype;
    const device = isDType(target) ? undefined : target;
    return this._apply((t) => {
      let out = device !== undefined ? t.to(device) : t;
      if (toDType !== undefined && isFloating(t.dtype)) out = out.to(toDType);
      return out;
    });
  }

  double(): this {
    return this._apply((t) => (isFloating(t.dtype) ? t.double() : t));
  }

  float(): this {
    return this._apply((t) => (isFloating(t.dtype) ? t.float() : t));
  }

  half(): this {
    return this._apply((t) => (isFloating(t.dtype) ? t.half() : t));
  }

  bfloat16(): this {
    return this._apply((t) => (isFloating(t.dtype) ? t.bfloat16() : t));
  }

  cpu(): this {
    return this._apply((t) => t.to('cpu'));
  }

  private setBuffer(name: string, value: Tensor): void {
    this._buffers.set(name, value);
    Reflect.defineProperty(rawTarget(this), name, plainProperty(value));
  }

  // --- printing -------------------------------------------------------------------------------

  _get_name(): string {
    return this.constructor.name;
  }

  extra_repr(): string {
    return '';
  }

  /** PyTorch's module tree: `Name(extra)` or one indented `(key): child` line per submodule. */
  toString(): string {
    const extra = this.extra_repr();
    const extraLines = extra === '' ? [] : extra.split('\n');
    const childLines = this.childReprLines();
    const lines = [...extraLines, ...childLines];
    let main = `${this._get_name()}(`;
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += `\n  ${lines.join('\n  ')}\n`;
    }
    return `${main})`;
  }

  /** `(key): child` lines; ModuleList overrides this to fold repeated children. */
  protected childReprLines(): string[] {
    return [...this._modules].map(([key, mod]) => `(${key}): ${indent(mod === null ? 'None' : mod.toString())}`);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Python's `Module.__call__` shape for TypeScript: calling a module is calling its forward. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- a class cannot declare a call signature itself
export interface Module {
  (...args: Parameters<this['forward']>): ReturnType<this['forward']>;
}

const preHookSig = declare('nn.Module.register_forward_pre_hook',
  'Module.register_forward_pre_hook(Callable hook, *, bool prepend=False, bool with_kwargs=False)',
  { style: 'python', pythonMethod: true });
const hookSig = declare('nn.Module.register_forward_hook',
  'Module.register_forward_hook(Callable hook, *, bool prepend=False, bool with_kwargs=False, bool always_call=False)',
  { style: 'python', pythonMethod: true });

function addHook<H>(registry: Map<number, HookEntry<H>>, entry: HookEntry<H>, prepend: boolean): RemovableHandle {
  const id = nextHookId++;
  if (prepend) {
    const rest = [...registry];
    registry.clear();
    registry.set(id, entry);
    for (const [k, v] of rest) registry.set(k, v);
  } else {
    registry.set(id, entry);
  }
  return new RemovableHandle(registry, id);
}

/** Splits JS call arguments into Python's args and kwargs (the trailing options object). */
function splitKwargs(args: readonly unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  return isPlainObject(last) ? [args.slice(0, -1), { ...last }] : [[...args], {}];
}

/** PyTorch's Module._call_impl: pre-hooks, forward, hooks (always_call hooks also after an error). */
function callModule(m: Module, given: readonly unknown[]): unknown {
  if (m._forward_pre_hooks.size === 0 && m._forward_hooks.size === 0) return m.forward(...given);
  let [args, kwargs] = splitKwargs(given);
  for (const { hook, withKwargs } of [...m._forward_pre_hooks.values()]) {
    if (withKwargs) {
      const r = hook(m, args, kwargs);
      if (r === undefined || r === null) continue;
      if (!Array.isArray(r) || r.length !== 2) {
        throw new ValueError(`forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got ${String(r)}.`, 'RuntimeError');
      }
      [args, kwargs] = [asArgs(r[0]), { ...(r[1] as Record<string, unknown>) }];
    } else {
      const r = hook(m, args);
      if (r !== undefined && r !== null) args = asArgs(r);
    }
  }
  const callArgs = Object.keys(kwargs).length === 0 ? args : [...args, kwargs];
  let output: unknown;
  try {
    output = m.forward(...callArgs);
  } catch (e) {
    for (const { hook, withKwargs, alwaysCall } of [...m._forward_hooks.values()]) {
      if (!alwaysCall) continue;
      if (withKwargs) hook(m, args, kwargs, undefined);
      else hook(m, args, undefined);
    }
    throw e;
  }
  for (const { hook, withKwargs } of [...m._forward_hooks.values()]) {
    const r = withKwargs ? hook(m, args, kwargs, output) : hook(m, args, output);
    if (r !== undefined && r !== null) output = r;
  }
  return output;
}

/** A hook's replacement arguments: an array is the argument list, anything else one argument. */
function asArgs(v: unknown): unknown[] {
  return Array.isArray(v) ? [...v] : [v];
}

/** Every line but the first indented by two spaces (PyTorch's _addindent). */
export function indent(s: string): string {
  return s.split('\n').join('\n  ');
}

// --- registration by assignment --------------------------------------------------------------

/** proxy -> the module object behind it, and back. */
const targetOf = new WeakMap<Module, Module>();
const proxyOf = new WeakMap<Module, Module>();

function wrap(m: Module): Module {
  const proxy = new Proxy(m, registrationTraps);
  targetOf.set(proxy, m);
  proxyOf.set(m, proxy);
  return proxy;
}

const registrationTraps: ProxyHandler<Module> = {
  apply(target, _thisArg, args) {
    return callModule(proxyOf.get(target)!, args);
  },
  set(target, key, value, receiver) {
    const self = proxyOf.get(target);
    if (typeof key !== 'string' || receiver !== self || self === undefined) return Reflect.set(target, key, value, receiver);
    assign(self, target, key, value);
    return true;
  },
  // Class fields are defined, not set: subclass fields such as `fc = new Linear(2, 3)` land here.
  defineProperty(target, key, descriptor) {
    const self = proxyOf.get(target);
    if (typeof key !== 'string' || !('value' in descriptor) || self === undefined) return Reflect.defineProperty(target, key, descriptor);
    assign(self, target, key, descriptor.value);
    return true;
  },
  deleteProperty(target, key) {
    if (typeof key === 'string') {
      target._parameters.delete(key);
      target._buffers.delete(key);
      target._non_persistent_buffers.delete(key);
      target._modules.delete(key);
    }
    return Reflect.deleteProperty(target, key);
  },
};

function rawTarget(m: Module): Module {
  return targetOf.get(m) ?? m;
}

function assign(self: Module, target: Module, name: string, value: unknown): void {
  if (value instanceof Parameter) {
    target._buffers.delete(name);
    target._modules.delete(name);
    self.register_parameter(name, value);
  } else if (value instanceof Module) {
    target._parameters.delete(name);
    target._buffers.delete(name);
    self.add_module(name, value);
  } else if (target._parameters.has(name)) {
    if (value !== null) {
      throw new ModuleTypeError(`cannot assign '${typeName(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    }
    self.register_parameter(name, null);
  } else if (target._modules.has(name)) {
    if (value !== null) {
      throw new ModuleTypeError(`cannot assign '${typeName(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    }
    self.add_module(name, null);
  } else if (target._buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor)) {
      throw new ModuleTypeError(`cannot assign '${typeName(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    }
    target._buffers.set(name, value);
    Reflect.defineProperty(target, name, plainProperty(value));
  } else {
    Reflect.defineProperty(target, name, plainProperty(value));
  }
}

function plainProperty(value: unknown): PropertyDescriptor {
  return { value, writable: true, enumerable: true, configurable: true };
}

/** Whether `name` is already an attribute (PyTorch's hasattr): a method, or a defined field. */
function hasAttribute(m: Module, name: string): boolean {
  const raw = rawTarget(m);
  if (!(name in raw)) return false;
  return Reflect.get(raw, name) !== undefined;
}

function checkName(kind: string, name: string, m: Module, registry: Map<string, unknown>): void {
  if (typeof name !== 'string') throw new ModuleTypeError(`${kind} name should be a string. Got ${typeName(name)}`);
  if (name.includes('.')) throw new KeyError(`${kind} name can't contain "."`);
  if (name === '') throw new KeyError(`${kind} name can't be empty string ""`);
  if (hasAttribute(m, name) && !registry.has(name)) throw new KeyError(`attribute '${name}' already exists`);
}
