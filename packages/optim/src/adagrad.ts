// torch.optim.Adagrad, following PyTorch 2.13's single-tensor path (_single_tensor_adagrad) for
// dense gradients. As in PyTorch, the state (`step`, `sum`) exists from construction.
import { type PyArgs, type Signatures, type Tensor, ValueError, declare, full_like, tensor } from '@wick/tensor';
import { checkImplementation } from './implementation.js';
import { type ParamGroup, type Params, Optimizer, num } from './optimizer.js';
import { addScaled, addcdiv_, addcmul_, scalarFor } from './pointwise.js';
import { PY_METHOD, pyNumber, refuseTensor, requireNonNegative } from './signatures.js';

const adagradInit = declare('optim.Adagrad.__init__',
  'Adagrad.__init__(Params params, Tensor|float lr=0.01, float lr_decay=0, float weight_decay=0, ' +
    'float initial_accumulator_value=0, float eps=1e-10, bool? foreach=None, *, bool maximize=False, ' +
    'bool differentiable=False, bool? fused=None)',
  PY_METHOD);
const adagradStep = declare('optim.Adagrad.step', 'Adagrad.step(Callable? closure=None)', PY_METHOD);

export interface AdagradOptions {
  params?: Params;
  lr?: number;
  lr_decay?: number;
  weight_decay?: number;
  initial_accumulator_value?: number;
  eps?: number;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
}
export type AdagradArgs = PyArgs<
  [params: Params, lr?: number, lr_decay?: number, weight_decay?: number, initial_accumulator_value?: number, eps?: number, foreach?: boolean | null],
  AdagradOptions
>;

/** Adagrad optimizers whose constructor has finished (and created the state of its groups). */
const constructed = new WeakSet<Adagrad>();

export class Adagrad extends Optimizer {
  constructor(...args: AdagradArgs) {
    const a = adagradInit.bind(args);
    refuseTensor('Adagrad', 'lr', a.lr);
    const { lr, lr_decay, weight_decay, initial_accumulator_value, eps } = a as Record<string, number>;
    requireNonNegative('learning rate', lr!);
    requireNonNegative('lr_decay value', lr_decay!);
    requireNonNegative('weight_decay value', weight_decay!);
    requireNonNegative('initial_accumulator_value value', initial_accumulator_value!);
    requireNonNegative('epsilon value', eps!);
    super(a.params, {
      lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach: a.foreach,
      maximize: a.maximize, differentiable: a.differentiable, fused: a.fused,
    });
    for (const group of this.param_groups) this.initState(group, initial_accumulator_value!);
    constructed.add(this);
  }

  protected override get initSignature(): Signatures {
    return adagradInit;
  }

  protected override get stepSignature(): Signatures {
    return adagradStep;
  }

  protected override checkGroup(group: ParamGroup): void {
    checkImplementation('Adagrad', group);
    // NOTE: PyTorch fills the state of the constructor's groups from the constructor's
    // initial_accumulator_value and never reads a group's own, so a different value in such a
    // group would be ignored: refused instead.
    const own = Number(group.initial_accumulator_value);
    const given = Number(this.defaults.initial_accumulator_value);
    if (!constructed.has(this) && own !== given) {
      throw new ValueError(
        `Adagrad: a parameter group's initial_accumulator_value (${pyNumber(own)}) would not be used: PyTorch fills the ` +
          `state of the constructor's groups from the constructor's initial_accumulator_value (${pyNumber(given)})`,
        'ValueError',
      );
    }
  }

  // NOTE: PyTorch creates Adagrad's state in __init__ only, so a group added later gets none and
  // its first step fails there; wick creates it for added groups too, from the group's own
  // initial_accumulator_value (the state PyTorch would need).
  override add_param_group(...args: Parameters<Optimizer['add_param_group']>): void {
    super.add_param_group(...args);
    if (!constructed.has(this)) return;
    const group = this.param_groups[this.param_groups.length - 1]!;
    this.initState(group, num(group, 'initial_accumulator_value'));
  }

  private initState(group: ParamGroup, init: number): void {
    for (const p of group.params) {
      const state = this.stateOf(p);
      // NOTE: `step` is a CPU tensor whatever the parameter's device, as PyTorch keeps it when not
      // capturable or fused: the bias corrections read it on the host, never reading device memory.
      state.set('step', tensor(0, { dtype: 'float32' }));
      state.set('sum', full_like(p, init));
    }
  }

  protected override completeGroup(group: ParamGroup): void {
    this.completeWith(group, { foreach: null, maximize: false, differentiable: false, fused: null });
  }

  protected override updateGroup(group: ParamGroup): void {
    const lr = num(group, 'lr');
    const lrDecay = num(group, 'lr_decay');
    const eps = num(group, 'eps');
    const weightDecay = num(group, 'weight_decay');
    for (const param of group.params) {
      if (param.grad === null) continue;
      const state = this.stateOf(param);
      const stepT = state.get('step') as Tensor;
      const stateSum = state.get('sum') as Tensor;
      stepT.add_(1);
      const step = Number(stepT.item());
      let grad = group.maximize ? param.grad.neg() : param.grad;
      if (weightDecay !== 0) grad = addScaled(grad, param, weightDecay);
      const clr = lr / (1 + (step - 1) * lrDecay);
      addcmul_(stateSum, grad, grad, 1);
      const std = stateSum.sqrt().add_(scalarFor(eps, param.dtype));
      addcdiv_(param, grad, std, -clr);
    }
  }
}
