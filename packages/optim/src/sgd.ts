// torch.optim.SGD, following PyTorch 2.13's single-tensor path (_single_tensor_sgd) op for op.
import { ValueError } from '@wick/tensor';
import { type ParamGroup, type Params, Optimizer, num } from './optimizer.js';
import { addScaled, addScaled_, scalarFor } from './pointwise.js';

export interface SGDOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
  fused?: boolean | null;
}

export class SGD extends Optimizer {
  constructor(params: Params, opts: SGDOptions = {}) {
    const { lr = 1e-3, momentum = 0, dampening = 0, weight_decay = 0, nesterov = false } = opts;
    if (lr < 0) throw new ValueError(`Invalid learning rate: ${lr}`, 'ValueError');
    if (momentum < 0) throw new ValueError(`Invalid momentum value: ${momentum}`, 'ValueError');
    if (weight_decay < 0) throw new ValueError(`Invalid weight_decay value: ${weight_decay}`, 'ValueError');
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new ValueError('Nesterov momentum requires a momentum and zero dampening', 'ValueError');
    }
    super(params, {
      lr, momentum, dampening, weight_decay, nesterov,
      maximize: opts.maximize ?? false, foreach: opts.foreach ?? null,
      differentiable: opts.differentiable ?? false, fused: opts.fused ?? null,
    });
  }

  protected override completeGroup(group: ParamGroup): void {
    const defaults = { nesterov: false, maximize: false, foreach: null, differentiable: false, fused: false };
    for (const [k, v] of Object.entries(defaults)) if (!(k in group)) group[k] = v;
  }

  protected updateGroup(group: ParamGroup): void {
    const lr = num(group, 'lr');
    const momentum = num(group, 'momentum');
    const dampening = num(group, 'dampening');
    const weightDecay = num(group, 'weight_decay');
    for (const param of group.params) {
      if (param.grad === null) continue;
      let grad = group.maximize ? param.grad.neg() : param.grad;
      if (weightDecay !== 0) grad = addScaled(grad, param, weightDecay);
      if (momentum !== 0) {
        const state = this.stateOf(param);
        let buf = state.get('momentum_buffer') as typeof grad | undefined | null;
        if (!buf) {
          buf = grad.detach().clone();
          state.set('momentum_buffer', buf);
        } else {
          buf.mul_(scalarFor(momentum, buf.dtype));
          addScaled_(buf, grad, 1 - dampening);
        }
        grad = group.nesterov ? addScaled(grad, buf, momentum) : buf;
      }
      addScaled_(param, grad, -lr);
    }
  }
}
