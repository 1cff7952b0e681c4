// torch.optim.lr_scheduler: LRScheduler and StepLR, ExponentialLR, CosineAnnealingLR, LambdaLR,
// with PyTorch 2.13's recursive (chainable) formulas, so learning rates round as PyTorch's do,
// and its closed forms for the deprecated step(epoch). Every constructor and method binds its
// arguments through the shared binder with PyTorch's signature.
import { type PyArgs, type Signatures, ValueError, declare } from '@wick/tensor';
import { Optimizer } from './optimizer.js';
import { PY_METHOD, keyError, refuseAsOptions } from './signatures.js';

/** One scheduler class's signatures, each declared at the path PyTorch records it under. */
interface SchedulerSignatures {
  readonly init: Signatures;
  readonly step: Signatures;
  readonly get_lr: Signatures;
  readonly get_last_lr: Signatures;
  readonly state_dict: Signatures;
  readonly load_state_dict: Signatures;
}

/**
 * Declares a scheduler's constructor and methods. The name in each text is the class that
 * defines the method in PyTorch (the one Python's messages name): step, get_last_lr and, unless
 * the class overrides them, state_dict/load_state_dict are LRScheduler's.
 */
function declareScheduler(cls: string, initParams: string, ownStateDict = false): SchedulerSignatures {
  const at = (method: string) => `optim.lr_scheduler.${cls}.${method}`;
  const stateOwner = ownStateDict ? cls : 'LRScheduler';
  return {
    init: declare(at('__init__'), `${cls}.__init__(${initParams})`, PY_METHOD),
    step: declare(at('step'), 'LRScheduler.step(int? epoch=None)', PY_METHOD),
    get_lr: declare(at('get_lr'), `${cls}.get_lr()`, PY_METHOD),
    get_last_lr: declare(at('get_last_lr'), 'LRScheduler.get_last_lr()', PY_METHOD),
    state_dict: declare(at('state_dict'), `${stateOwner}.state_dict()`, PY_METHOD),
    load_state_dict: declare(at('load_state_dict'), `${stateOwner}.load_state_dict(dict state_dict)`, PY_METHOD),
  };
}

const BASE = declareScheduler('LRScheduler', 'Value optimizer, int last_epoch=-1');
const STEP_LR = declareScheduler('StepLR', 'Value optimizer, int step_size, float gamma=0.1, int last_epoch=-1');
const EXPONENTIAL_LR = declareScheduler('ExponentialLR', 'Value optimizer, float gamma, int last_epoch=-1');
const COSINE_LR = declareScheduler('CosineAnnealingLR', 'Value optimizer, int T_max, float eta_min=0.0, int last_epoch=-1');
const LAMBDA_LR = declareScheduler('LambdaLR', 'Value optimizer, Callable|Callable[] lr_lambda, int last_epoch=-1', true);

type Dict = Map<string, unknown> | Record<string, unknown>;
type NoArgs = PyArgs<[], Record<string, never>>;
export type SchedulerStepArgs = PyArgs<[epoch?: number | null], { epoch?: number | null }>;

/** What a built-in scheduler passes to LRScheduler's constructor: it binds and starts itself. */
const DEFER: unique symbol = Symbol('wick.lr_scheduler.defer');

/** The keys every scheduler's state_dict has after its own, in PyTorch's __dict__ order. */
const BASE_KEYS = ['base_lrs', 'last_epoch', '_step_count', '_is_initial', '_get_lr_called_within_step', '_last_lr'];

type BaseArgs = PyArgs<[optimizer: Optimizer, last_epoch?: number], { optimizer?: Optimizer; last_epoch?: number }>;

export class LRScheduler {
  optimizer!: Optimizer;
  base_lrs: number[] = [];
  last_epoch = -1;
  _step_count = 0;
  _is_initial = false;
  _get_lr_called_within_step = false;
  _last_lr: number[] = [];
  /** Keys a loaded state_dict brought that this class does not have (PyTorch keeps them too). */
  private readonly extraState = new Map<string, unknown>();

  /**
   * PyTorch's LRScheduler.__init__: attaches the optimizer, records the initial learning rates and
   * takes the initial step, which calls get_lr (not implemented here: a subclass overrides it).
   */
  constructor(...args: BaseArgs | [typeof DEFER]) {
    // A built-in scheduler binds its own signature, sets its attributes, then calls initScheduler.
    if (args[0] === DEFER) return;
    const { optimizer, last_epoch } = BASE.init.bind(args);
    this.initScheduler(optimizer, last_epoch);
    this.initialStep();
  }

  /** The constructor's work (PyTorch's LRScheduler.__init__), run once the subclass has bound its arguments. */
  protected initScheduler(optimizer: unknown, last_epoch: number): void {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${pythonClass(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) if (!('initial_lr' in group)) group.initial_lr = group.lr;
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!('initial_lr' in group)) {
          throw new ValueError(
            `"param 'initial_lr' is not specified in param_groups[${i}] when resuming scheduler with last_epoch >= 0.\\n` +
              "This typically happens when:\\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\\n" +
              '2. You\'re using last_epoch >= 0 for a fresh training run (not recommended)"',
            'RuntimeError',
          );
        }
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => Number(g.initial_lr));
    this.last_epoch = last_epoch;
  }

  /** This class's signatures (each scheduler declares its own constructor and get_lr). */
  protected get signatures(): SchedulerSignatures {
    return BASE;
  }

  /** Runs the initial step; each subclass constructor calls it last (PyTorch's _initial_step). */
  protected initialStep(): void {
    this._step_count = 0;
    this._is_initial = true;
    try {
      this.step();
    } finally {
      this._is_initial = false;
    }
  }

  /** The learning rates for the new last_epoch (what step sets; a subclass of the user's may override it). */
  get_lr(...args: NoArgs): number[] {
    this.signatures.get_lr.bind(args);
    return this.computeLr();
  }

  /** get_lr's formula (LRScheduler's is not implemented, as in PyTorch). */
  protected computeLr(): number[] {
    throw new ValueError('', 'NotImplementedError');
  }

  /** The learning rates at last_epoch from base_lrs, for step(epoch); null where PyTorch has none. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  get_last_lr(...args: NoArgs): number[] {
    this.signatures.get_last_lr.bind(args);
    return this._last_lr;
  }

  /**
   * Advances one epoch (call after optimizer.step()). The deprecated `epoch` sets last_epoch and
   * uses the closed form where the scheduler has one, as PyTorch does (PyTorch also warns).
   */
  step(...args: SchedulerStepArgs): void {
    const { epoch } = this.signatures.step.bind(args);
    this._step_count += 1;
    this._get_lr_called_within_step = true;
    let values: number[];
    try {
      if (epoch === null) {
        this.last_epoch += 1;
        values = this.get_lr();
      } else {
        this.last_epoch = epoch;
        values = this.closedFormLr() ?? this.get_lr();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.optimizer.param_groups.forEach((group, i) => {
      group.lr = values[i]!;
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  /** Every attribute except the optimizer, in PyTorch's order (a Python dict: a Map here). */
  state_dict(...args: NoArgs): Map<string, unknown> {
    this.signatures.state_dict.bind(args);
    return this.stateEntries();
  }

  private stateEntries(): Map<string, unknown> {
    const keys = [...this.hyperparameterKeys(), ...BASE_KEYS];
    const out = new Map<string, unknown>(keys.map((k) => {
      const v: unknown = Reflect.get(this, k);
      return [k, Array.isArray(v) ? [...v] : v];
    }));
    for (const [k, v] of this.extraState) out.set(k, v);
    return out;
  }

  /** The subclass's own attributes, which Python's __dict__ lists first (set before super().__init__). */
  protected hyperparameterKeys(): string[] {
    return [];
  }

  /** Sets the attributes a state_dict holds (PyTorch's `__dict__.update(state_dict)`). */
  load_state_dict(...args: PyArgs<[state_dict: Dict], { state_dict?: Dict }>): void {
    const { state_dict } = this.signatures.load_state_dict.bind(args);
    this.loadEntries(state_dict as Dict, []);
  }

  /** Loads every entry but `skip`; entries this class does not have are kept for state_dict. */
  protected loadEntries(state_dict: Dict, skip: readonly string[]): void {
    const known = new Set([...this.hyperparameterKeys(), ...BASE_KEYS]);
    refuseAsOptions(this.signatures.load_state_dict, state_dict, [...known, ...skip]);
    const entries = state_dict instanceof Map ? [...state_dict] : Object.entries(state_dict);
    for (const [k, v] of entries) {
      if (k === 'optimizer' || skip.includes(k)) continue;
      const value = Array.isArray(v) ? v.map(fromPython) : fromPython(v);
      if (known.has(k)) Reflect.set(this, k, value);
      else this.extraState.set(k, value);
    }
  }
}

/** A loaded Python int (a bigint when pickled as a long) as a JS number. */
const fromPython = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

/** Python's name for a value's class, as `type(x).__name__` prints it. */
function pythonClass(v: unknown): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'function') return 'function';
  const ctor: unknown = Reflect.get(Object(v), 'constructor');
  return typeof ctor === 'function' ? ctor.name : 'object';
}

const lrs = (opt: Optimizer) => opt.param_groups.map((g) => g.lr);

export interface StepLROptions {
  optimizer?: Optimizer;
  step_size?: number;
  gamma?: number;
  last_epoch?: number;
}

/** Decays each group's lr by gamma every step_size epochs. */
export class StepLR extends LRScheduler {
  step_size: number;
  gamma: number;
  constructor(...args: PyArgs<[optimizer: Optimizer, step_size: number, gamma?: number, last_epoch?: number], StepLROptions>) {
    super(DEFER);
    const a = STEP_LR.init.bind(args);
    this.step_size = a.step_size;
    this.gamma = a.gamma;
    this.initScheduler(a.optimizer, a.last_epoch);
    this.initialStep();
  }
  protected override get signatures(): SchedulerSignatures {
    return STEP_LR;
  }
  protected override hyperparameterKeys(): string[] {
    return ['step_size', 'gamma'];
  }
  protected override computeLr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return lrs(this.optimizer);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  protected override closedFormLr(): number[] {
    return this.base_lrs.map((base) => base * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}

export interface ExponentialLROptions {
  optimizer?: Optimizer;
  gamma?: number;
  last_epoch?: number;
}

/** Multiplies each group's lr by gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  constructor(...args: PyArgs<[optimizer: Optimizer, gamma: number, last_epoch?: number], ExponentialLROptions>) {
    super(DEFER);
    const a = EXPONENTIAL_LR.init.bind(args);
    this.gamma = a.gamma;
    this.initScheduler(a.optimizer, a.last_epoch);
    this.initialStep();
  }
  protected override get signatures(): SchedulerSignatures {
    return EXPONENTIAL_LR;
  }
  protected override hyperparameterKeys(): string[] {
    return ['gamma'];
  }
  protected override computeLr(): number[] {
    if (this._is_initial) return lrs(this.optimizer);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  protected override closedFormLr(): number[] {
    return this.base_lrs.map((base) => base * this.gamma ** this.last_epoch);
  }
}

export interface CosineAnnealingLROptions {
  optimizer?: Optimizer;
  T_max?: number;
  eta_min?: number;
  last_epoch?: number;
}

/** Cosine annealing from the initial lr to eta_min over T_max epochs (PyTorch's recursive form). */
export class CosineAnnealingLR extends LRScheduler {
  T_max: number;
  eta_min: number;
  constructor(...args: PyArgs<[optimizer: Optimizer, T_max: number, eta_min?: number, last_epoch?: number], CosineAnnealingLROptions>) {
    super(DEFER);
    const a = COSINE_LR.init.bind(args);
    this.T_max = a.T_max;
    this.eta_min = a.eta_min;
    this.initScheduler(a.optimizer, a.last_epoch);
    this.initialStep();
  }
  protected override get signatures(): SchedulerSignatures {
    return COSINE_LR;
  }
  protected override hyperparameterKeys(): string[] {
    return ['T_max', 'eta_min'];
  }
  protected override computeLr(): number[] {
    const { eta_min: etaMin, T_max: tMax, last_epoch: epoch } = this;
    const groups = this.optimizer.param_groups;
    if (this._is_initial) return lrs(this.optimizer);
    if (this._step_count === 1 && epoch > 0) {
      return this.base_lrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((epoch * Math.PI) / tMax))) / 2);
    }
    if (pyMod(epoch - 1 - tMax, 2 * tMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.base_lrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) * (g.lr - etaMin) + etaMin,
    );
  }
  protected override closedFormLr(): number[] {
    const { eta_min: etaMin, T_max: tMax, last_epoch: epoch } = this;
    return this.base_lrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2);
  }
}

export type LrLambda = (epoch: number) => number;
export interface LambdaLROptions {
  optimizer?: Optimizer;
  lr_lambda?: LrLambda | LrLambda[];
  last_epoch?: number;
}

/** lr = initial lr * lr_lambda(epoch), one function for all groups or one per group. */
export class LambdaLR extends LRScheduler {
  lr_lambdas: LrLambda[];
  constructor(...args: PyArgs<[optimizer: Optimizer, lr_lambda: LrLambda | LrLambda[], last_epoch?: number], LambdaLROptions>) {
    super(DEFER);
    const a = LAMBDA_LR.init.bind(args);
    const groups = a.optimizer instanceof Optimizer ? a.optimizer.param_groups.length : 0;
    if (Array.isArray(a.lr_lambda) && a.optimizer instanceof Optimizer && a.lr_lambda.length !== groups) {
      throw new ValueError(`Expected ${groups} lr_lambdas, but got ${a.lr_lambda.length}`, 'ValueError');
    }
    this.lr_lambdas = Array.isArray(a.lr_lambda) ? [...a.lr_lambda] : Array.from({ length: groups }, () => a.lr_lambda);
    this.initScheduler(a.optimizer, a.last_epoch);
    this.initialStep();
  }
  protected override get signatures(): SchedulerSignatures {
    return LAMBDA_LR;
  }
  protected override computeLr(): number[] {
    return this.base_lrs.map((base, i) => {
      const factor = this.lr_lambdas[i]!(this.last_epoch);
      if (typeof factor !== 'number') throw new TypeError(`lr_lambda must return a number, but returned ${pythonClass(factor)}`);
      return base * factor;
    });
  }
  /** As PyTorch: functions are not saved; lr_lambdas holds one null per group, last. */
  override state_dict(...args: NoArgs): Map<string, unknown> {
    const sd = super.state_dict(...args);
    sd.set('lr_lambdas', this.lr_lambdas.map(() => null));
    return sd;
  }
  override load_state_dict(...args: PyArgs<[state_dict: Dict], { state_dict?: Dict }>): void {
    const { state_dict } = LAMBDA_LR.load_state_dict.bind(args);
    refuseAsOptions(LAMBDA_LR.load_state_dict, state_dict, [...BASE_KEYS, 'lr_lambdas']);
    const lambdas = state_dict instanceof Map ? state_dict.get('lr_lambdas') : (state_dict as Record<string, unknown>).lr_lambdas;
    if (lambdas === undefined) throw keyError('lr_lambdas');
    // A saved lambda's state is its attributes (callable objects only); wick's are plain functions.
    const saved = (lambdas as unknown[]).findIndex((fn) => fn !== null);
    if (saved >= 0) {
      throw new ValueError(`LambdaLR: lr_lambdas[${saved}] holds a callable object's state, which wick's functions cannot take`, 'ValueError');
    }
    this.loadEntries(state_dict as Dict, ['lr_lambdas']);
  }
}

/** Python's % (the sign of the divisor). */
function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
