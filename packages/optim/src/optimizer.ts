// The Optimizer base, as torch.optim.Optimizer: parameter groups with per-group hyperparameters
// over the defaults, per-parameter state, zero_grad, step(closure), and state_dict /
// load_state_dict in PyTorch's layout (parameters numbered across groups in order), so an
// optimizer checkpoint moves between PyTorch and wick. Every method binds its arguments through
// the shared binder with PyTorch's signature.
import { type PyArgs, type Signatures, Tensor, ValueError, declare, isPlainObject, pyTypeName, tensor } from '@wick/tensor';
import { enable_grad, no_grad } from '@wick/autograd';
import { PY_METHOD, keyError, refuseAsOptions, typename } from './signatures.js';

/** A parameter group as the user writes it: params plus any hyperparameter overrides. */
export interface ParamGroupInput {
  params: Tensor | Iterable<Tensor | NamedParam>;
  [hyperparameter: string]: unknown;
}
/** [name, parameter], as named_parameters() yields (PyTorch then records `param_names`). */
export type NamedParam = readonly [string, Tensor];
export type Params = Iterable<Tensor | NamedParam> | Iterable<ParamGroupInput>;

/** A parameter group: `params` first, then hyperparameters in PyTorch's key order. */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [hyperparameter: string]: unknown;
}

/** Per-parameter state: PyTorch's keys (`step`, `exp_avg`, `momentum_buffer`, ...). */
export type ParamState = Map<string, unknown>;
/** A state_dict as torch.optim.Optimizer.state_dict() returns it (a dict: a Map here). */
export type OptimizerStateDict = Map<string, unknown>;
export type Closure = () => unknown;

const optimizerInit = declare('optim.Optimizer.__init__', 'Optimizer.__init__(Params params, dict defaults)', PY_METHOD);
// PyTorch's typing declares step twice: without a closure (returns None) and with one.
const optimizerStep = declare('optim.Optimizer.step', ['Optimizer.step(Callable? closure=None)', 'Optimizer.step(Callable closure)'], PY_METHOD);
const zeroGradSig = declare('optim.Optimizer.zero_grad', 'Optimizer.zero_grad(bool set_to_none=True)', PY_METHOD);
const stateDictSig = declare('optim.Optimizer.state_dict', 'Optimizer.state_dict()', PY_METHOD);
const loadStateDictSig = declare('optim.Optimizer.load_state_dict', 'Optimizer.load_state_dict(dict state_dict)', PY_METHOD);
const addParamGroupSig = declare('optim.Optimizer.add_param_group', 'Optimizer.add_param_group(Any param_group)', PY_METHOD);

type Dict = Map<string, unknown> | Record<string, unknown>;
export type OptimizerArgs = PyArgs<[params: Params, defaults: Dict], { params?: Params; defaults?: Dict }>;
export type StepArgs = PyArgs<[closure?: Closure | null], { closure?: Closure | null }>;

/** Keys a parameter group may hold besides the optimizer's options: PyTorch's own. */
const GROUP_KEYS = new Set(['params', 'param_names', 'initial_lr']);

export class Optimizer {
  readonly defaults: Record<string, unknown>;
  /** Keyed by parameter; state loaded for ids no group holds stays keyed by the id (as PyTorch). */
  state = new Map<Tensor | number, ParamState>();
  param_groups: ParamGroup[] = [];

  constructor(...args: OptimizerArgs) {
    const { params, defaults } = optimizerInit.bind(args);
    this.defaults = defaults instanceof Map ? Object.fromEntries(defaults) : { ...defaults };
    if (params instanceof Tensor) {
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typename(params)}`);
    }
    const list = pyList(params as Iterable<unknown>);
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list', 'ValueError');
    const groups = isDict(list[0]) ? list : [{ params: list }];
    for (const group of groups) this.add_param_group(group as ParamGroupInput);
  }

  /**
   * The signature of this class's constructor, for checking the options of a parameter group by
   * name and type as the constructor checks them (null: a user's subclass, whose groups PyTorch's
   * rules leave unchecked).
   */
  protected get initSignature(): Signatures | null {
    return null;
  }

  /** The signature step binds by (each optimizer declares its own, as PyTorch does). */
  protected get stepSignature(): Signatures {
    return optimizerStep;
  }

  /** Adds a group; hyperparameters it leaves out take the optimizer's defaults. */
  add_param_group(...args: PyArgs<[param_group: ParamGroupInput], { param_group?: ParamGroupInput }>): void {
    const { param_group } = addParamGroupSig.bind(args);
    refuseAsOptions(addParamGroupSig, param_group, ['params']);
    if (!isDict(param_group)) throw new TypeError(`param_group must be a dict, but got <class '${pyTypeName(param_group)}'>`);
    const input: Record<string, unknown> = param_group instanceof Map ? Object.fromEntries(param_group) : param_group;
    if (!('params' in input)) throw keyError('params');
    const raw = input.params;
    if (raw instanceof Set) {
      throw new TypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
    }
    if (!(raw instanceof Tensor) && !isIterable(raw)) throw new TypeError(`'${pyTypeName(raw)}' object is not iterable`);
    const entries: unknown[] = raw instanceof Tensor ? [raw] : pyList(raw);
    const params: unknown[] = [];
    const names: unknown[] = [];
    for (const entry of entries) {
      // NOTE: a [name, tensor] pair is Python's (name, tensor) tuple from named_parameters().
      if (Array.isArray(entry) && entry.length === 2) {
        names.push(entry[0]);
        params.push(entry[1]);
      } else {
        params.push(entry);
      }
    }
    if (names.length !== 0 && names.length !== params.length) {
      throw new ValueError('all optimizer params should be with/without names. Some param names are missing', 'ValueError');
    }
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typename(p)}`);
      if (!this.defaults.differentiable && !(p.is_leaf || p.retains_grad)) {
        throw new ValueError("can't optimize a non-leaf Tensor", 'ValueError');
      }
    }
    const options = this.checkGroupOptions(input);
    // Key order as PyTorch's dict: params, the user's keys, then the defaults not given.
    const group: Record<string, unknown> = { params };
    for (const [k, v] of Object.entries(options)) group[k] = v;
    if (names.length !== 0) group.param_names = names;
    for (const [k, v] of Object.entries(this.defaults)) if (!(k in group)) group[k] = v;
    const hasNames = 'param_names' in group;
    const seen = new Set<Tensor>();
    for (const other of this.param_groups) {
      for (const p of other.params) seen.add(p);
      if (('param_names' in other) !== hasNames) {
        throw new ValueError(`all optimizer param groups should be with/without names. cannot add param group ${hasNames ? 'with names' : 'without names'} to the optimizer`, 'ValueError');
      }
    }
    if ((params as Tensor[]).some((p) => seen.has(p))) throw new ValueError('some parameters appear in more than one parameter group', 'ValueError');
    this.checkGroup(group as ParamGroup);
    this.param_groups.push(group as ParamGroup);
  }

  /**
   * A group's own options (every key but `params`), checked by name and type against the
   * constructor's signature: a misspelled option in a group is an error, as it is in the
   * constructor (PyTorch keeps unknown keys in a group and never reads them).
   */
  private checkGroupOptions(input: Record<string, unknown>): Record<string, unknown> {
    const { params: _, ...options } = input;
    const init = this.initSignature;
    if (init === null) return options;
    const checked: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options)) if (!GROUP_KEYS.has(k)) checked[k] = v;
    const bound = init.bind([[], checked]);
    for (const k of Object.keys(options)) if (!GROUP_KEYS.has(k)) options[k] = bound[k];
    return options;
  }

  /** Refuses group values this optimizer cannot honour (each optimizer adds its own). */
  protected checkGroup(_group: ParamGroup): void {}

  /** Resets gradients: to null (the default, as PyTorch 2.x) or to zeros. */
  zero_grad(...args: PyArgs<[set_to_none?: boolean], { set_to_none?: boolean }>): void {
    const { set_to_none } = zeroGradSig.bind(args);
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (set_to_none) {
          p.grad = null;
          continue;
        }
        if (p.grad.grad_fn !== null) p.grad.detach_();
        else p.grad.requires_grad_(false);
        p.grad.zero_();
      }
    }
  }

  /**
   * One optimization step over every parameter with a gradient. A closure (re-evaluating the
   * loss) runs with grad mode on; the update itself runs under no_grad. Returns the closure's
   * loss. Each group is checked before any is updated.
   */
  step(...args: StepArgs): unknown {
    const { closure } = this.stepSignature.bind(args);
    for (const group of this.param_groups) this.checkStep(group);
    const loss = closure ? enable_grad(closure as Closure) : undefined;
    no_grad(() => {
      for (const group of this.param_groups) this.updateGroup(group);
    });
    return loss;
  }

  /**
   * Refuses, before anything changes, a group whose values (set after construction, or loaded
   * from a state_dict) select an implementation wick does not have.
   */
  protected checkStep(group: ParamGroup): void {
    this.checkGroup(group);
  }

  /**
   * The update of one group (parameters without a gradient are skipped). Each optimizer defines
   * its own; the base class's is not implemented, as PyTorch's Optimizer.step is not.
   */
  protected updateGroup(_group: ParamGroup): void {
    throw new ValueError('', 'NotImplementedError');
  }

  /** The state of p, created empty on first use (PyTorch's defaultdict). */
  protected stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (!s) {
      s = new Map();
      this.state.set(p, s);
    }
    return s;
  }

  /** Fills hyperparameters an older checkpoint lacks (each optimizer's __setstate__). */
  protected completeGroup(_group: ParamGroup): void {}

  /**
   * What PyTorch's __setstate__ does for a loaded group: fill in the options older checkpoints
   * lack, and hold each parameter's `step` as a float32 tensor.
   */
  protected completeWith(group: ParamGroup, defaults: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(defaults)) if (!(k in group)) group[k] = v;
    for (const p of group.params) {
      const state = this.state.get(p);
      const step = state?.get('step');
      if (state && typeof step === 'number') state.set('step', tensor(step, { dtype: 'float32' }));
    }
  }

  /**
   * PyTorch's layout: Map { state: Map<index, Map<key, value>>, param_groups: [Map<key, value>] },
   * parameters numbered across groups in order, `params` last in each group. State tensors are
   * the optimizer's own (not copies), as PyTorch's are.
   */
  state_dict(...args: PyArgs<[], Record<string, never>>): OptimizerStateDict {
    stateDictSig.bind(args);
    const ids = new Map<Tensor, number>();
    let start = 0;
    const groups = this.param_groups.map((group) => {
      const packed = new Map<string, unknown>();
      for (const [k, v] of Object.entries(group)) if (k !== 'params') packed.set(k, Array.isArray(v) ? [...v] : v);
      group.params.forEach((p, i) => {
        if (!ids.has(p)) ids.set(p, start + i);
      });
      packed.set('params', group.params.map((p) => ids.get(p)!));
      start += group.params.length;
      return packed;
    });
    const state = new Map<number, ParamState>();
    for (const [k, v] of this.state) state.set(k instanceof Tensor ? ids.get(k)! : k, new Map(v));
    return new Map<string, unknown>([
      ['state', state],
      ['param_groups', groups],
    ]);
  }

  /**
   * Loads a state_dict from state_dict() or from PyTorch (through @wick/serialize's load: a Map
   * with integer keys). Floating state is cast to its parameter's dtype, except `step`. Checks
   * everything before changing anything.
   */
  load_state_dict(...args: PyArgs<[state_dict: Dict], { state_dict?: Dict }>): void {
    const { state_dict } = loadStateDictSig.bind(args);
    refuseAsOptions(loadStateDictSig, state_dict, ['state', 'param_groups']);
    const savedGroups = field(state_dict, 'param_groups') as unknown[];
    const savedState = field(state_dict, 'state');
    if (savedGroups.length !== this.param_groups.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups', 'ValueError');
    }
    const saved = savedGroups.map((g) => entriesOf(g));
    const savedIds = saved.map((g) => (g.get('params') as unknown[]).map((id) => Number(id)));
    if (savedIds.some((ids, i) => ids.length !== this.param_groups[i]!.params.length)) {
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group", 'ValueError');
    }
    const idMap = new Map<number, { param: Tensor; group: Map<string, unknown> }>();
    savedIds.forEach((ids, g) => ids.forEach((id, i) => idMap.set(id, { param: this.param_groups[g]!.params[i]!, group: saved[g]! })));
    const state = new Map<Tensor | number, ParamState>();
    for (const [key, value] of entriesOf(savedState)) {
      const target = idMap.get(Number(key));
      const perParam = entriesOf(value);
      if (!target) {
        state.set(Number(key), perParam);
        continue;
      }
      const special = Boolean(target.group.get('capturable')) || Boolean(target.group.get('fused'));
      const cast = new Map<string, unknown>();
      for (const [k, v] of perParam) cast.set(k, castState(target.param, v, k === 'step', special));
      state.set(target.param, cast);
    }
    const groups = this.param_groups.map((group, i) => {
      const next: Record<string, unknown> = {};
      for (const [k, v] of saved[i]!) next[k] = k === 'params' ? group.params : Array.isArray(v) ? [...v] : v;
      if (!('params' in next)) next.params = group.params;
      if ('param_names' in group && !('param_names' in next)) next.param_names = group.param_names;
      return next as ParamGroup;
    });
    this.state = state;
    this.param_groups = groups;
    for (const group of groups) this.completeGroup(group);
  }
}

/** A Python dict as JS writes it: a plain object or a Map. */
function isDict(value: unknown): value is Dict {
  return value instanceof Map || isPlainObject(value);
}

/** Python's list(value): a dict (a Map) iterates over its keys. */
function pyList(value: Iterable<unknown>): unknown[] {
  return value instanceof Map ? [...value.keys()] : [...value];
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value && typeof value !== 'string';
}

function field(dict: Dict, key: string): unknown {
  const value = dict instanceof Map ? dict.get(key) : dict[key];
  if (value === undefined) throw keyError(key);
  return value;
}

/** A Python dict as loaded (Map) or written by hand (plain object), as a Map. */
function entriesOf(value: unknown): Map<string | number, unknown> & Map<string, unknown> {
  if (value instanceof Map) return new Map(value);
  return new Map(Object.entries(value as Record<string, unknown>));
}

/** PyTorch's _process_value_according_to_param_policy. */
function castState(param: Tensor, value: unknown, isStep: boolean, capturableOrFused: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => castState(param, v, false, capturableOrFused));
  if (!(value instanceof Tensor)) return value;
  // PyTorch's _process_value_according_to_param_policy: `step` stays where it is (a CPU tensor,
  // read on the host) unless capturable or fused; other state moves to its parameter's device
  // (loading a CPU checkpoint into an optimizer of device parameters copies it up).
  if (isStep) return capturableOrFused ? value.to({ dtype: 'float32', device: param.device }) : value;
  return param.is_floating_point() ? value.to({ dtype: param.dtype, device: param.device }) : value.to({ device: param.device });
}

/** group[key] as a number (hyperparameters are Python floats). */
export function num(group: ParamGroup, key: string): number {
  return Number(group[key]);
}
