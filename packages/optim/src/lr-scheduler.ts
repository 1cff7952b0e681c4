// torch.optim.lr_scheduler: LRScheduler and StepLR, ExponentialLR, CosineAnnealingLR, LambdaLR,
// with PyTorch 2.13's recursive (chainable) formulas, so learning rates round as PyTorch's do.
import { ValueError } from '@wick/tensor';
import { Optimizer } from './optimizer.js';

export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  base_lrs: number[];
  last_epoch: number;
  _step_count = 0;
  _is_initial = false;
  _get_lr_called_within_step = false;
  _last_lr: number[] = [];

  constructor(optimizer: Optimizer, last_epoch = -1) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeof optimizer} is not an Optimizer`);
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

  /** The learning rates for the new last_epoch. */
  abstract get_lr(): number[];

  get_last_lr(): number[] {
    return this._last_lr;
  }

  /** Advances one epoch (call after optimizer.step()). */
  step(): void {
    this._step_count += 1;
    this._get_lr_called_within_step = true;
    let values: number[];
    try {
      this.last_epoch += 1;
      values = this.get_lr();
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.optimizer.param_groups.forEach((group, i) => {
      group.lr = values[i]!;
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  /** Every attribute except the optimizer, in PyTorch's order (a Python dict: a Map here). */
  state_dict(): Map<string, unknown> {
    const keys = [...this.hyperparameterKeys(), 'base_lrs', 'last_epoch', '_step_count', '_is_initial', '_get_lr_called_within_step', '_last_lr'];
    return new Map(keys.map((k) => {
      const v: unknown = Reflect.get(this, k);
      return [k, Array.isArray(v) ? [...v] : v];
    }));
  }

  /** The subclass's own attributes, which Python's __dict__ lists first (set before super().__init__). */
  protected hyperparameterKeys(): string[] {
    return [];
  }

  load_state_dict(state_dict: Map<string, unknown> | Record<string, unknown>): void {
    const entries = state_dict instanceof Map ? [...state_dict] : Object.entries(state_dict);
    for (const [k, v] of entries) {
      if (k === 'optimizer') continue;
      Reflect.set(this, k, Array.isArray(v) ? v.map(Number) : typeof v === 'bigint' ? Number(v) : v);
    }
  }
}

const lrs = (opt: Optimizer) => opt.param_groups.map((g) => g.lr);

/** Decays each group's lr by gamma every step_size epochs. */
export class StepLR extends LRScheduler {
  step_size: number;
  gamma: number;
  constructor(optimizer: Optimizer, step_size: number, opts: { gamma?: number; last_epoch?: number } = {}) {
    super(optimizer, opts.last_epoch ?? -1);
    this.step_size = step_size;
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }
  protected override hyperparameterKeys(): string[] {
    return ['step_size', 'gamma'];
  }
  get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return lrs(this.optimizer);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
}

/** Multiplies each group's lr by gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  constructor(optimizer: Optimizer, gamma: number, opts: { last_epoch?: number } = {}) {
    super(optimizer, opts.last_epoch ?? -1);
    this.gamma = gamma;
    this.initialStep();
  }
  protected override hyperparameterKeys(): string[] {
    return ['gamma'];
  }
  get_lr(): number[] {
    if (this._is_initial) return lrs(this.optimizer);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
}

/** Cosine annealing from the initial lr to eta_min over T_max epochs (PyTorch's recursive form). */
export class CosineAnnealingLR extends LRScheduler {
  T_max: number;
  eta_min: number;
  constructor(optimizer: Optimizer, T_max: number, opts: { eta_min?: number; last_epoch?: number } = {}) {
    super(optimizer, opts.last_epoch ?? -1);
    this.T_max = T_max;
    this.eta_min = opts.eta_min ?? 0;
    this.initialStep();
  }
  protected override hyperparameterKeys(): string[] {
    return ['T_max', 'eta_min'];
  }
  get_lr(): number[] {
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
}

/** lr = initial lr * lr_lambda(epoch), one function for all groups or one per group. */
export class LambdaLR extends LRScheduler {
  lr_lambdas: ((epoch: number) => number)[];
  constructor(optimizer: Optimizer, lr_lambda: ((epoch: number) => number) | ((epoch: number) => number)[], opts: { last_epoch?: number } = {}) {
    const n = optimizer.param_groups.length;
    if (Array.isArray(lr_lambda) && lr_lambda.length !== n) {
      throw new ValueError(`Expected ${n} lr_lambdas, but got ${lr_lambda.length}`, 'ValueError');
    }
    super(optimizer, opts.last_epoch ?? -1);
    this.lr_lambdas = Array.isArray(lr_lambda) ? [...lr_lambda] : Array.from({ length: n }, () => lr_lambda);
    this.initialStep();
  }
  get_lr(): number[] {
    return this.base_lrs.map((base, i) => base * this.lr_lambdas[i]!(this.last_epoch));
  }
  /** As PyTorch: functions are not saved; lr_lambdas holds one null per group. */
  override state_dict(): Map<string, unknown> {
    const sd = super.state_dict();
    sd.delete('lr_lambdas');
    sd.set('lr_lambdas', this.lr_lambdas.map(() => null));
    return sd;
  }
  override load_state_dict(state_dict: Map<string, unknown> | Record<string, unknown>): void {
    const entries = state_dict instanceof Map ? [...state_dict] : Object.entries(state_dict);
    super.load_state_dict(new Map(entries.filter(([k]) => k !== 'lr_lambdas')));
  }
}

/** Python's % (the sign of the divisor). */
function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
