import { no_grad } from '@wick/autograd';
import {
  type DType, type Device, type PyArgs, type TorchDevice, NO_MATCH, Signatures, Tensor, ValueError, WickError, declare,
  defineArgType, isFloating, isPlainObject, pyTypeName,
} from '@wick/tensor';
import { KeyError, ModuleTypeError } from './errors.js';
import { Parameter } from './parameter.js';
import { type StateDict, type LoadResult, loadStateDict } from './state-dict.js';
import { method } from './signatures.js';
import { typeName } from './type-name.js';

export interface StateDictOptions {
  destination?: Map<string, Tensor> | null;
  prefix?: string;
  /** Return the parameters themselves instead of detached views of them. */
  keep_vars?: boolean;
}

/** A forward pre-hook: may return replacement arguments (an array is the argument list). */
export type ForwardPreHook = (module: Module, args: unknown[], kwargs?: Record<string, unknown>) => unknown;
/**
 * A forward hook: may return a replacement output. Called as (module, args, output), or with
 * with_kwargs as (module, args, kwargs, output); the output is null when an always_call hook runs
 * after an error.
 */
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

  remove(...args: []): void {
    handleRemove.bind(args);
    this.registry.delete(this.id);
  }
}

const handleRemove = declare('nn.utils.hooks.RemovableHandle.remove', 'RemovableHandle.remove()', {
  style: 'python',
  pythonMethod: true,
  differs: 'PyTorch keeps RemovableHandle in torch.utils.hooks, outside the recorded nn namespace',
});

const moduleInit = declare('nn.Module.__init__', 'Module.__init__()', {
  style: 'python',
  pythonMethod: true,
  differs: "PyTorch's takes (*args, **kwargs) only to refuse any it is given; wick's takes none, and says so in Python's words",
});

/**
 * `<Class>.__init__()` for a module class that takes no arguments (Tanh, a user's Net): PyTorch's
 * Module.__init__ refuses arguments naming the class it was called for. Made on the error path only.
 */
const noArgInit = new Map<string, Signatures>();
function refuseArguments(cls: string, args: readonly unknown[]): void {
  let sig = noArgInit.get(cls);
  if (sig === undefined) {
    sig = new Signatures([`${cls}.__init__()`], { style: 'python', pythonMethod: true });
    noArgInit.set(cls, sig);
  }
  sig.bind(args);
}

// --- the signatures of Module's methods (PyTorch's Python ones) ------------------------------------

const sig = {
  forward: declare('nn.Module.forward', '_forward_unimplemented(Value *input)', { style: 'python', pythonMethod: true }),
  preHook: method('Module.register_forward_pre_hook(Callable hook, *, bool prepend=False, bool with_kwargs=False)'),
  hook: method('Module.register_forward_hook(Callable hook, *, bool prepend=False, bool with_kwargs=False, bool always_call=False)'),
  registerParameter: method('Module.register_parameter(Value name, Value param)'),
  registerBuffer: method('Module.register_buffer(Value name, Value tensor, bool persistent=True)'),
  addModule: method('Module.add_module(Value name, Value module)'),
  registerModule: method('Module.register_module(Value name, Value module)'),
  getSubmodule: method('Module.get_submodule(str target)'),
  getParameter: method('Module.get_parameter(str target)'),
  getBuffer: method('Module.get_buffer(str target)'),
  namedModules: method('Module.named_modules(Value? memo=None, str prefix=\'\', bool remove_duplicate=True)'),
  modules: method('Module.modules(bool remove_duplicate=True)'),
  namedChildren: method('Module.named_children()'),
  children: method('Module.children()'),
  namedParameters: method("Module.named_parameters(str prefix='', bool recurse=True, bool remove_duplicate=True)"),
  parameters: method('Module.parameters(bool recurse=True)'),
  namedBuffers: method("Module.named_buffers(str prefix='', bool recurse=True, bool remove_duplicate=True)"),
  buffers: method('Module.buffers(bool recurse=True)'),
  stateDict: method("Module.state_dict(*, Value? destination=None, str prefix='', bool keep_vars=False)", {
    differs: "PyTorch's typing splits destination into an overload of its own, and its implementation still takes the three "
      + 'positionally (deprecated, with a warning); wick has the keyword-only parameters of the implementation in one signature',
  }),
  loadStateDict: method('Module.load_state_dict(dict[str,Tensor] state_dict, bool strict=True, bool assign=False)'),
  train: method('Module.train(Value mode=True)'),
  eval: method('Module.eval()'),
  requiresGrad: method('Module.requires_grad_(bool requires_grad=True)'),
  zeroGrad: method('Module.zero_grad(bool set_to_none=True)'),
  apply: method('Module.apply(Callable fn)'),
  // NOTE: Module.to binds with PyTorch's C++ parser (torch._C._nn._parse_to), so its messages are
  // the parser's ("to() received an invalid combination of arguments"). non_blocking only matters
  // for CUDA copies; on wick's devices every copy is complete when it returns, as on PyTorch's CPU.
  to: declare('nn.Module.to', [
    'to(Device? device=None, ScalarType? dtype=None, bool non_blocking=False)',
    'to(ScalarType dtype, bool non_blocking=False)',
    'to(Tensor tensor, bool non_blocking=False)',
  ]),
  type: method('Module.type(ScalarType dst_type)'),
  double: method('Module.double()'),
  float: method('Module.float()'),
  half: method('Module.half()'),
  bfloat16: method('Module.bfloat16()'),
  cpu: method('Module.cpu()'),
  extraRepr: method('Module.extra_repr()'),
};

type PrefixArgs = PyArgs<
  [prefix?: string, recurse?: boolean, remove_duplicate?: boolean],
  { prefix?: string; recurse?: boolean; remove_duplicate?: boolean }
>;
type RecurseArgs = PyArgs<[recurse?: boolean], { recurse?: boolean }>;
type ToArgs =
  | PyArgs<[device?: Device | TorchDevice | null, dtype?: DType | null, non_blocking?: boolean],
    { device?: Device | TorchDevice | null; dtype?: DType | null; non_blocking?: boolean }>
  | PyArgs<[dtype: DType, non_blocking?: boolean], { dtype?: DType; non_blocking?: boolean }>
  | PyArgs<[tensor: Tensor, non_blocking?: boolean], { tensor?: Tensor; non_blocking?: boolean }>;

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
 *
 * Every public method binds its arguments as Python binds PyTorch's signature of it: positional,
 * or by name in one trailing options object (`m.named_parameters({ prefix: 'net' })`).
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
    if (args.length > 0) {
      // A class of PyTorch's or a user's that takes nothing: PyTorch names that class.
      if (new.target === Module) moduleInit.bind(args);
      else refuseArguments(new.target.name, args);
    }
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
    sig.forward.bind(args);
    throw new WickError(`Module [${this._get_name()}] is missing the required "forward" function`, 'NotImplementedError');
  }

  /**
   * PyTorch's `module(...)`, for callers that prefer a method: the same as calling the module
   * (its forward binds the arguments).
   */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    return callModule(this, args) as ReturnType<this['forward']>;
  }

  /** Runs `hook(module, args)` before each forward; a returned value replaces the arguments. */
  register_forward_pre_hook(
    ...args: PyArgs<[hook: ForwardPreHook], { hook?: ForwardPreHook; prepend?: boolean; with_kwargs?: boolean }>
  ): RemovableHandle {
    const { hook, prepend, with_kwargs } = sig.preHook.bind(args);
    return addHook(this._forward_pre_hooks, { hook, withKwargs: with_kwargs, alwaysCall: false }, prepend);
  }

  /** Runs `hook(module, args, output)` after each forward; a returned value replaces the output. */
  register_forward_hook(
    ...args: PyArgs<[hook: ForwardHook], { hook?: ForwardHook; prepend?: boolean; with_kwargs?: boolean; always_call?: boolean }>
  ): RemovableHandle {
    const { hook, prepend, with_kwargs, always_call } = sig.hook.bind(args);
    return addHook(this._forward_hooks, { hook, withKwargs: with_kwargs, alwaysCall: always_call }, prepend);
  }

  // --- registration ------------------------------------------------------------------------------

  register_parameter(...args: PyArgs<[name: string, param: Parameter | null], { name?: string; param?: Parameter | null }>): void {
    const { name, param } = sig.registerParameter.bind(args);
    registerParameter(this, name, param);
  }

  register_buffer(
    ...args: PyArgs<[name: string, tensor: Tensor | null, persistent?: boolean], { name?: string; tensor?: Tensor | null; persistent?: boolean }>
  ): void {
    const { name, tensor, persistent } = sig.registerBuffer.bind(args);
    checkName('buffer', name, this, this._buffers);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new ModuleTypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    this._buffers.set(name, tensor);
    if (persistent) this._non_persistent_buffers.delete(name);
    else this._non_persistent_buffers.add(name);
    Reflect.defineProperty(rawTarget(this), name, plainProperty(tensor));
  }

  add_module(...args: PyArgs<[name: string, module: Module | null], { name?: string; module?: Module | null }>): void {
    const { name, module } = sig.addModule.bind(args);
    addModule(this, name, module);
  }

  register_module(...args: PyArgs<[name: string, module: Module | null], { name?: string; module?: Module | null }>): void {
    const { name, module } = sig.registerModule.bind(args);
    addModule(this, name, module);
  }

  /** The submodule at a dotted path ('' is this module). */
  get_submodule(...args: PyArgs<[target: string], { target?: string }>): Module {
    const { target } = sig.getSubmodule.bind(args);
    return submodule(this, target);
  }

  /** The parameter at a dotted path ('layer.weight'). */
  get_parameter(...args: PyArgs<[target: string], { target?: string }>): Parameter {
    const { target } = sig.getParameter.bind(args);
    const [mod, name] = owner(this, target);
    if (!hasAttribute(mod, name)) throw new ValueError(`${mod._get_name()} has no attribute \`${name}\``, 'AssertionError');
    const p = mod._parameters.get(name);
    if (!(p instanceof Parameter)) throw new ValueError(`\`${name}\` is not an nn.Parameter`, 'AssertionError');
    return p;
  }

  /** The buffer at a dotted path ('bn.running_mean'). */
  get_buffer(...args: PyArgs<[target: string], { target?: string }>): Tensor | null {
    const { target } = sig.getBuffer.bind(args);
    const [mod, name] = owner(this, target);
    if (!hasAttribute(mod, name)) throw new ValueError(`${mod._get_name()} has no attribute \`${name}\``, 'AssertionError');
    if (!mod._buffers.has(name)) throw new ValueError(`\`${name}\` is not a buffer`, 'AssertionError');
    return mod._buffers.get(name) ?? null;
  }

  // --- traversal ------------------------------------------------------------------------------

  named_modules(
    ...args: PyArgs<[memo?: Set<Module> | null, prefix?: string, remove_duplicate?: boolean],
      { memo?: Set<Module> | null; prefix?: string; remove_duplicate?: boolean }>
  ): [string, Module][] {
    const { memo, prefix, remove_duplicate } = sig.namedModules.bind(args);
    if (memo !== null && !(memo instanceof Set)) throw new ModuleTypeError(`memo must be a set of modules, not ${typeName(memo)}`);
    return namedModules(this, memo ?? new Set(), prefix, remove_duplicate);
  }

  modules(...args: PyArgs<[remove_duplicate?: boolean], { remove_duplicate?: boolean }>): Module[] {
    const { remove_duplicate } = sig.modules.bind(args);
    return namedModules(this, new Set(), '', remove_duplicate).map(([, m]) => m);
  }

  named_children(...args: []): [string, Module][] {
    sig.namedChildren.bind(args);
    return namedChildren(this);
  }

  children(...args: []): Module[] {
    sig.children.bind(args);
    return namedChildren(this).map(([, m]) => m);
  }

  named_parameters(...args: PrefixArgs): [string, Parameter][] {
    const { prefix, recurse, remove_duplicate } = sig.namedParameters.bind(args);
    return namedMembers(this, (m) => m._parameters, prefix, recurse, remove_duplicate);
  }

  parameters(...args: RecurseArgs): Parameter[] {
    const { recurse } = sig.parameters.bind(args);
    return namedMembers(this, (m) => m._parameters, '', recurse, true).map(([, p]) => p);
  }

  named_buffers(...args: PrefixArgs): [string, Tensor][] {
    const { prefix, recurse, remove_duplicate } = sig.namedBuffers.bind(args);
    return namedMembers(this, (m) => m._buffers, prefix, recurse, remove_duplicate);
  }

  buffers(...args: RecurseArgs): Tensor[] {
    const { recurse } = sig.buffers.bind(args);
    return namedMembers(this, (m) => m._buffers, '', recurse, true).map(([, b]) => b);
  }

  // --- state ----------------------------------------------------------------------------------

  /** Parameters and persistent buffers, PyTorch's keys in PyTorch's order. */
  state_dict(...args: [options?: StateDictOptions]): Map<string, Tensor> {
    const { destination, prefix, keep_vars } = sig.stateDict.bind(args);
    if (destination !== null && !(destination instanceof Map)) {
      throw new ModuleTypeError(`destination must be a Map (PyTorch's OrderedDict), not ${typeName(destination)}`);
    }
    const out: Map<string, Tensor> = destination ?? new Map<string, Tensor>();
    const visit = (mod: Module, pre: string): void => {
      for (const [name, p] of mod._parameters) {
        if (p !== null) out.set(pre + name, keep_vars ? p : p.detach());
      }
      for (const [name, b] of mod._buffers) {
        if (b !== null && !mod._non_persistent_buffers.has(name)) out.set(pre + name, keep_vars ? b : b.detach());
      }
      for (const [name, child] of mod._modules) {
        if (child !== null) visit(child, `${pre}${name}.`);
      }
    };
    visit(this, prefix);
    return out;
  }

  /**
   * Copies `state_dict`'s tensors into this module's parameters and buffers (with assign, makes
   * them the parameters and buffers). Checks everything first: on any error nothing changes
   * (PyTorch copies what it can before raising).
   */
  load_state_dict(
    ...args: PyArgs<[state_dict: StateDict, strict?: boolean, assign?: boolean], { state_dict?: StateDict; strict?: boolean; assign?: boolean }>
  ): LoadResult {
    const { state_dict, strict, assign } = sig.loadStateDict.bind(args);
    if (!(state_dict instanceof Map) && !isPlainObject(state_dict)) {
      throw new ModuleTypeError(`Expected state_dict to be dict-like, got <class '${pyTypeName(state_dict)}'>.`);
    }
    return loadStateDict(this, state_dict as StateDict, strict, assign);
  }

  // --- modes and conversions ------------------------------------------------------------------

  train(...args: PyArgs<[mode?: boolean], { mode?: boolean }>): this {
    const { mode } = sig.train.bind(args);
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean', 'ValueError');
    setTraining(this, mode);
    return this;
  }

  eval(...args: []): this {
    sig.eval.bind(args);
    setTraining(this, false);
    return this;
  }

  requires_grad_(...args: PyArgs<[requires_grad?: boolean], { requires_grad?: boolean }>): this {
    const { requires_grad } = sig.requiresGrad.bind(args);
    for (const [, p] of namedMembers(this, (m) => m._parameters, '', true, true)) p.requires_grad_(requires_grad);
    return this;
  }

  zero_grad(...args: PyArgs<[set_to_none?: boolean], { set_to_none?: boolean }>): void {
    const { set_to_none } = sig.zeroGrad.bind(args);
    for (const [, p] of namedMembers(this, (m) => m._parameters, '', true, true)) {
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
  apply(...args: PyArgs<[fn: (m: Module) => unknown], { fn?: (m: Module) => unknown }>): this {
    const { fn } = sig.apply.bind(args);
    if (typeof fn !== 'function') throw new ModuleTypeError(`'${typeName(fn)}' object is not callable`);
    applyFn(this, fn as (m: Module) => unknown);
    return this;
  }

  /**
   * Converts every parameter and buffer with fn. Parameters keep their identity (PyTorch's
   * `param.data = fn(param)`), and so do their gradients' owners.
   */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const [, child] of namedChildren(this)) child._apply(fn);
    for (const [, p] of this._parameters) {
      if (p === null) continue;
      // The conversion is not part of any graph (PyTorch converts under no_grad).
      const converted = no_grad(() => fn(p));
      // PyTorch's `param.data = fn(param)`: the Parameter object (held by optimizers too) stays.
      if (converted !== p) p.data = converted;
      if (p.grad !== null) p.grad = fn(p.grad);
    }
    for (const [name, b] of this._buffers) {
      if (b !== null) this.setBuffer(name, fn(b));
    }
    return this;
  }

  /**
   * module.to(device, dtype) / to(dtype) / to(tensor): moves every parameter and buffer; only
   * floating point ones change dtype, and the dtype asked for must be a floating point one.
   */
  to(...args: ToArgs): this {
    const bound = sig.to.bind(args);
    const tensor: Tensor | undefined = bound.tensor;
    const device: Device | null = tensor !== undefined ? tensor.device : (bound.device ?? null);
    const dtype: DType | null = tensor !== undefined ? tensor.dtype : (bound.dtype ?? null);
    if (dtype !== null && !isFloating(dtype)) {
      throw new ModuleTypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.${dtype}`);
    }
    return this._apply((t) => {
      let out = device !== null ? t.to(device) : t;
      if (dtype !== null && isFloating(t.dtype)) out = out.to(dtype);
      return out;
    });
  }

  /** Casts every parameter and buffer to dst_type (any dtype, as PyTorch's Module.type does). */
  type(...args: PyArgs<[dst_type: DType], { dst_type?: DType }>): this {
    const { dst_type } = sig.type.bind(args);
    return this._apply((t) => t.to(dst_type as DType));
  }

  double(...args: []): this {
    sig.double.bind(args);
    return this._apply((t) => (isFloating(t.dtype) ? t.double() : t));
  }

  float(...args: []): this {
    sig.float.bind(args);
    return this._apply((t) => (isFloating(t.dtype) ? t.float() : t));
  }

  half(...args: []): this {
    sig.half.bind(args);
    return this._apply((t) => (isFloating(t.dtype) ? t.half() : t));
  }

  bfloat16(...args: []): this {
    sig.bfloat16.bind(args);
    return this._apply((t) => (isFloating(t.dtype) ? t.bfloat16() : t));
  }

  cpu(...args: []): this {
    sig.cpu.bind(args);
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

  extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
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

defineArgType('Module', { label: 'Module', coerce: (v) => (v instanceof Module ? v : NO_MATCH) });

// NOTE: `m.load_state_dict({ 'fc.weight': w })` passes a plain object as the state_dict: a
// trailing plain object that names no parameter is tried as this dict, and counts as one only
// when its values are all tensors (so that a misspelled option is still reported as such). Any
// other value goes on to load_state_dict's own check, with PyTorch's message.
defineArgType('dict[str,Tensor]', {
  label: 'dict',
  coerce: (v) => {
    if (isPlainObject(v)) return Object.values(v).every((t) => t instanceof Tensor) ? v : NO_MATCH;
    return v === undefined ? NO_MATCH : v;
  },
});

// --- what the methods share, without binding again ------------------------------------------------

function registerParameter(m: Module, name: unknown, param: unknown): void {
  checkName('parameter', name, m, m._parameters);
  if (param !== null && !(param instanceof Parameter)) {
    throw new ModuleTypeError(`cannot assign '${typeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
  }
  m._parameters.set(name, param);
  Reflect.defineProperty(rawTarget(m), name, plainProperty(param));
}

/** PyTorch's add_module: its checks in its order, then the child registered under name. */
export function addModule(m: Module, name: unknown, module: unknown): void {
  if (module !== null && !(module instanceof Module)) throw new ModuleTypeError(`${typeName(module)} is not a Module subclass`);
  if (typeof name !== 'string') throw new ModuleTypeError(`module name should be a string. Got ${typeName(name)}`);
  if (hasAttribute(m, name) && !m._modules.has(name)) throw new KeyError(`attribute '${name}' already exists`);
  if (name.includes('.')) throw new KeyError(`module name can't contain ".", got: ${name}`);
  if (name === '') throw new KeyError('module name can\'t be empty string ""');
  m._modules.set(name, module);
  Reflect.defineProperty(rawTarget(m), name, plainProperty(module));
}

function submodule(m: Module, target: string): Module {
  if (target === '') return m;
  let mod = m;
  for (const item of target.split('.')) {
    if (!hasAttribute(mod, item)) throw new ValueError(`${mod._get_name()} has no attribute \`${item}\``, 'AssertionError');
    const next = mod._modules.get(item);
    if (!(next instanceof Module)) throw new ValueError(`\`${item}\` is not an nn.Module`, 'AssertionError');
    mod = next;
  }
  return mod;
}

/** The module owning a dotted name, and the last part of the name. */
function owner(m: Module, target: string): [Module, string] {
  const dot = target.lastIndexOf('.');
  return dot < 0 ? [m, target] : [submodule(m, target.slice(0, dot)), target.slice(dot + 1)];
}

function namedModules(m: Module, memo: Set<Module>, prefix: string, removeDuplicate: boolean): [string, Module][] {
  const out: [string, Module][] = [];
  const visit = (mod: Module, pre: string): void => {
    if (removeDuplicate) {
      if (memo.has(mod)) return;
      memo.add(mod);
    }
    out.push([pre, mod]);
    for (const [name, child] of mod._modules) {
      if (child !== null) visit(child, pre === '' ? name : `${pre}.${name}`);
    }
  };
  visit(m, prefix);
  return out;
}

function namedChildren(m: Module): [string, Module][] {
  const seen = new Set<Module>();
  const out: [string, Module][] = [];
  for (const [name, child] of m._modules) {
    if (child !== null && !seen.has(child)) {
      seen.add(child);
      out.push([name, child]);
    }
  }
  return out;
}

function namedMembers<T>(
  m: Module,
  members: (m: Module) => Map<string, T | null>,
  prefix: string,
  recurse: boolean,
  removeDuplicate: boolean,
): [string, T][] {
  const mods: [string, Module][] = recurse ? namedModules(m, new Set(), prefix, removeDuplicate) : [[prefix, m]];
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

function setTraining(m: Module, mode: boolean): void {
  for (const [, mod] of namedModules(m, new Set(), '', true)) mod.training = mode;
}

function applyFn(m: Module, fn: (m: Module) => unknown): void {
  for (const [, child] of namedChildren(m)) applyFn(child, fn);
  fn(m);
}

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

const isNone = (v: unknown): boolean => v === undefined || v === null;

/**
 * PyTorch's Module._call_impl: pre-hooks, forward, hooks. When any of them throws, the
 * always_call forward hooks not yet run are run (with the output so far, null before forward
 * returned; an error of theirs is dropped, as PyTorch drops it with a warning), then the error
 * goes on.
 */
function callModule(m: Module, given: readonly unknown[]): unknown {
  const preHooks = m._forward_pre_hooks;
  const hooks = m._forward_hooks;
  // NOTE: a module object made without its constructor (Object.create) has no registries: its
  // call is its forward, which binds the arguments.
  if ((preHooks === undefined || preHooks.size === 0) && (hooks === undefined || hooks.size === 0)) return m.forward(...given);
  let [args, kwargs] = splitKwargs(given);
  let output: unknown = null;
  const called = new Set<HookEntry<ForwardHook>>();
  try {
    for (const { hook, withKwargs } of [...preHooks.values()]) {
      if (withKwargs) {
        const r = hook(m, args, kwargs);
        if (isNone(r)) continue;
        if (!Array.isArray(r) || r.length !== 2) {
          throw new ValueError(`forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got ${String(r)}.`, 'RuntimeError');
        }
        [args, kwargs] = [asArgs(r[0]), { ...(r[1] as Record<string, unknown>) }];
      } else {
        const r = hook(m, args);
        if (!isNone(r)) args = asArgs(r);
      }
    }
    output = m.forward(...(Object.keys(kwargs).length === 0 ? args : [...args, kwargs]));
    for (const entry of [...hooks.values()]) {
      if (entry.alwaysCall) called.add(entry);
      const r = entry.withKwargs ? entry.hook(m, args, kwargs, output) : entry.hook(m, args, output);
      if (!isNone(r)) output = r;
    }
    return output;
  } catch (e) {
    for (const entry of [...hooks.values()]) {
      if (!entry.alwaysCall || called.has(entry)) continue;
      try {
        const r = entry.withKwargs ? entry.hook(m, args, kwargs, output) : entry.hook(m, args, output);
        if (!isNone(r)) output = r;
      } catch {
        // PyTorch silences it (with a warning) so that forward's error is the one raised.
      }
    }
    throw e;
  }
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
    registerParameter(self, name, value);
  } else if (value instanceof Module) {
    target._parameters.delete(name);
    target._buffers.delete(name);
    addModule(self, name, value);
  } else if (target._parameters.has(name)) {
    if (value !== null) {
      throw new ModuleTypeError(`cannot assign '${typeName(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    }
    registerParameter(self, name, null);
  } else if (target._modules.has(name)) {
    if (value !== null) {
      throw new ModuleTypeError(`cannot assign '${typeName(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    }
    addModule(self, name, null);
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

function checkName(kind: string, name: unknown, m: Module, registry: Map<string, unknown>): asserts name is string {
  if (typeof name !== 'string') throw new ModuleTypeError(`${kind} name should be a string. Got ${typeName(name)}`);
  if (name.includes('.')) throw new KeyError(`${kind} name can't contain "."`);
  if (name === '') throw new KeyError(`${kind} name can't be empty string ""`);
  if (hasAttribute(m, name) && !registry.has(name)) throw new KeyError(`attribute '${name}' already exists`);
}
