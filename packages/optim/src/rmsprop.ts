// torch.optim.RMSprop, following PyTorch 2.13's single-tensor path (_single_tensor_rmsprop).
import { type Tensor, ValueError, tensor, zeros_like } from '@wick/tensor';
import { type ParamGroup, type Params, Optimizer, num } from './optimizer.js';
import { addScaled, addScaled_, addcdiv_, addcmul, addcmul_, lerp_, scalarFor } from './pointwise.js';

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weight_decay?: number;
  momentum?: number;
  centered?: boolean;
  capturable?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
}

export class RMSprop extends Optimizer {
  constructor(params: Params, opts: RMSpropOptions = {}) {
    const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weight_decay = 0, momentum = 0, centered = false } = opts;
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${lr}`, 'ValueError');
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${eps}`, 'ValueError');
    if (!(momentum >= 0)) throw new ValueError(`Invalid momentum value: ${momentum}`, 'ValueError');
    if (!(weight_decay >= 0)) throw new ValueError(`Invalid weight_decay value: ${weight_decay}`, 'ValueError');
    if (!(alpha >= 0)) throw new ValueError(`Invalid alpha value: ${alpha}`, 'ValueError');
    super(params, {
      lr, momentum, alpha, eps, centered, weight_decay, capturable: opts.capturable ?? false,
      foreach: opts.foreach ?? null, maximize: opts.maximize ?? false, differentiable: opts.differentiable ?? false,
    });
  }

  protected override completeGroup(group: ParamGroup): void {
    this.completeWith(group, { momentum: 0, centered: false, foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  protected updateGroup(group: ParamGroup): void {
    const lr = num(group, 'lr');
    const alpha = num(group, 'alpha');
    const eps = num(group, 'eps');
    const weightDecay = num(group, 'weight_decay');
    const momentum = num(group, 'momentum');
    for (const param of group.params) {
      if (param.grad === null) continue;
      const state = this.stateOf(param);
      if (state.size === 0) {
        state.set('step', tensor(0, { dtype: 'float32' }));
        state.set('square_avg', zeros_like(param));
        if (momentum > 0) state.set('momentum_buffer', zeros_like(param));
        if (group.centered) state.set('grad_avg', zeros_like(param));
      }
      const dt = param.dtype;
      let grad = group.maximize ? param.grad.neg() : param.grad;
      const squareAvg = state.get('square_avg') as Tensor;
      (state.get('step') as Tensor).add_(1);
      if (weightDecay !== 0) grad = addScaled(grad, param, weightDecay);
      squareAvg.mul_(scalarFor(alpha, dt));
      addcmul_(squareAvg, grad, grad, 1 - alpha);
      let avg: Tensor;
      if (group.centered) {
        const gradAvg = state.get('grad_avg') as Tensor;
        lerp_(gradAvg, grad, 1 - alpha);
        avg = addcmul(squareAvg, gradAvg, gradAvg, -1).sqrt_();
      } else {
        avg = squareAvg.sqrt();
      }
      avg.add_(scalarFor(eps, dt));
      if (momentum > 0) {
        const buf = state.get('momentum_buffer') as Tensor;
        buf.mul_(scalarFor(momentum, dt));
        addcdiv_(buf, grad, avg);
        addScaled_(param, buf, -lr);
      } else {
        addcdiv_(param, grad, avg, -lr);
      }
    }
  }
}
