// torch.optim.Adagrad, following PyTorch 2.13's single-tensor path (_single_tensor_adagrad) for
// dense gradients. As in PyTorch, the state (`step`, `sum`) exists from construction.
import { type Tensor, ValueError, full_like, tensor } from '@wick/tensor';
import { type ParamGroup, type ParamGroupInput, type Params, Optimizer, num } from './optimizer.js';
import { addScaled, addcdiv_, addcmul_, scalarFor } from './pointwise.js';

export interface AdagradOptions {
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

export class Adagrad extends Optimizer {
  constructor(params: Params, opts: AdagradOptions = {}) {
    const { lr = 1e-2, lr_decay = 0, weight_decay = 0, initial_accumulator_value = 0, eps = 1e-10 } = opts;
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${lr}`, 'ValueError');
    if (!(lr_decay >= 0)) throw new ValueError(`Invalid lr_decay value: ${lr_decay}`, 'ValueError');
    if (!(weight_decay >= 0)) throw new ValueError(`Invalid weight_decay value: ${weight_decay}`, 'ValueError');
    if (!(initial_accumulator_value >= 0)) {
      throw new ValueError(`Invalid initial_accumulator_value value: ${initial_accumulator_value}`, 'ValueError');
    }
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${eps}`, 'ValueError');
    super(params, {
      lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach: opts.foreach ?? null,
      maximize: opts.maximize ?? false, differentiable: opts.differentiable ?? false, fused: opts.fused ?? null,
    });
  }

  // NOTE: PyTorch creates Adagrad's state in __init__ only, so a group added later gets none and
  // its first step fails there; wick creates it for added groups too (the state PyTorch would need).
  override add_param_group(param_group: ParamGroupInput): void {
    super.add_param_group(param_group);
    this.initState(this.param_groups[this.param_groups.length - 1]!);
  }

  private initState(group: ParamGroup): void {
    const init = num(group, 'initial_accumulator_value');
    for (const p of group.params) {
      const state = this.stateOf(p);
      state.set('step', tensor(0, { dtype: 'float32' }));
      state.set('sum', full_like(p, init));
    }
  }

  protected override completeGroup(group: ParamGroup): void {
    this.completeWith(group, { foreach: null, maximize: false, differentiable: false, fused: null });
  }

  protected updateGroup(group: ParamGroup): void {
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
