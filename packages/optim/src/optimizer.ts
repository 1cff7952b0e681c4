// The Optimizer base, as torch.optim.Optimizer: parameter groups with per-group hyperparameters
// over the defaults, per-parameter state, zero_grad, step(closure), and state_dict /
// load_state_dict in PyTorch's layout (parameters numbered across groups in order), so an
// optimizer checkpoint moves between PyTorch and wick.
import { Tensor, ValueError, tensor } from '@wick/tensor';
import { enable_grad, no_grad } from '@wick/autograd';

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

export abstract class Optimizer {
  readonly defaults: Record<string, unknown>;
  /** Keyed by parameter; state loaded for ids no group holds stays keyed by the id (as PyTorch). */
  state = new Map<Tensor | number, ParamState>();
  param_groups: ParamGroup[] = [];

  constructor(params: Params, defaults: Record<string, unknown>) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError('params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor');
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list', 'ValueError');
    const groups = isGroup(list[0]) ? (list as ParamGroupInput[]) : [{ params: list as Tensor[] }];
    for (const group of groups) this.add_param_group(group);
  }

  /** Adds a group; hyperparameters it leaves out take the optimizer's defaults. */
  add_param_group(param_group: ParamGroupInput): void {
    if (!isGroup(param_group)) throw new TypeError(`param_group must be a dict, but got ${typeof param_group}`);
    const raw = param_group.params;
    if (raw instanceof Set) {
      throw new TypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
    }
    const entries = raw instanceof Tensor ? [raw] : [...raw];
    const params: Tensor[] = [];
    const names: string[] = [];
    for (const entry of entries) {
      if (Array.isArray(entry)) {
        names.push(entry[0] as string);
        params.push(entry[1] as Tensor);
      } else {
        params.push(entry as Tensor);
      }
    }
    if (names.length !== 0 && names.length !== params.length) {
      throw new ValueError('all optimizer params should be with/without names. Some param names are missing', 'ValueError');
    }
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typeof p}`);
      if (!this.defaults.differentiable && !(p.is_leaf || p.retains_grad)) {
        throw new ValueError("can't optimize a non-leaf Tensor", 'ValueError');
      }
    }
    // Key order as PyTorch's dict: params, the user's keys, then the defaults not given.
    const group: Record<string, unknown> = { params };
    for (const [k, v] of Object.entries(param_group)) if (k !== 'params') group[k] = v;
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
    if (params.some((p) => seen.has(p))) throw new ValueError('some parameters appear in more than one parameter group', 'ValueError');
    this.param_groups.push(group as ParamGroup);
  }

  /** Resets gradients: to null (the default, as PyTorch 2.x) or to zeros. */
  zero_grad(opts: { set_to_none?: boolean } = {}): void {
    const setToNone = opts.set_to_none ?? true;
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (setToNone) {
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
   * loss) runs with grad mode on; the update itself runs under no_grad. Returns the closure's loss.
   */
  step(closure?: Closure): unknown {
    const loss = closure ? enable_grad(closure) : undefined;
    no_grad(() => {
      for (const group of this.param_groups) this.updateGroup(group);
    });
    return loss;
  }

  /** The update of one group (parameters without a gradient are skipped). */
  protected abstract updateGroup(group: ParamGroup): void;

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
  state_dict(): OptimizerStateDict {
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
  load_state_dict(state_dict: OptimizerStateDict | Record<string, unknown>): void {
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

function isGroup(value: unknown): value is ParamGroupInput {
  return typeof value === 'object' && value !== null && !(value instanceof Tensor) && !Array.isArray(value) && 'params' in value;
}

function field(dict: Map<string, unknown> | Record<string, unknown>, key: string): unknown {
  const value = dict instanceof Map ? dict.get(key) : dict[key];
  if (value === undefined) throw new ValueError(`'${key}'`, 'RuntimeError');
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
  if (isStep) return capturableOrFused ? value.to('float32') : value;
  return param.is_floating_point() ? value.to(param.dtype) : value;
}

/** group[key] as a number (hyperparameters are Python floats). */
export function num(group: ParamGroup, key: string): number {
  return Number(group[key]);
}
