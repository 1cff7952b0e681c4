// torch.optim.Adam and AdamW, following PyTorch 2.13's single-tensor path (_single_tensor_adam,
// capturable=False) op for op: tensor ops where PyTorch uses tensor ops, JS doubles where it
// uses Python floats.
import { type Tensor, ValueError, tensor, zeros_like } from '@wick/tensor';
import { type ParamGroup, type Params, Optimizer, num } from './optimizer.js';
import { addScaled, addcdiv_, addcmul_, lerp_, scalarFor } from './pointwise.js';

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
  decoupled_weight_decay?: boolean;
}

export class Adam extends Optimizer {
  constructor(params: Params, opts: AdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, amsgrad = false } = opts;
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${lr}`, 'ValueError');
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${eps}`, 'ValueError');
    if (!(betas[0] >= 0 && betas[0] < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${betas[0]}`, 'ValueError');
    if (!(betas[1] >= 0 && betas[1] < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${betas[1]}`, 'ValueError');
    if (!(weight_decay >= 0)) throw new ValueError(`Invalid weight_decay value: ${weight_decay}`, 'ValueError');
    if (opts.capturable || opts.fused || opts.differentiable) {
      // NOTE: these select CUDA graph capture, fused CUDA kernels and a differentiable step in
      // PyTorch; wick has one path, so it refuses them rather than ignore them silently.
      throw new ValueError('capturable, fused and differentiable are not supported by wick\'s Adam', 'ValueError');
    }
    super(params, {
      lr, betas: [betas[0], betas[1]], eps, weight_decay, amsgrad,
      maximize: opts.maximize ?? false, foreach: opts.foreach ?? null, capturable: false,
      differentiable: false, fused: opts.fused ?? null, decoupled_weight_decay: opts.decoupled_weight_decay ?? false,
    });
  }

  protected override completeGroup(group: ParamGroup): void {
    this.completeWith(group, { amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, decoupled_weight_decay: false, fused: null });
  }

  protected updateGroup(group: ParamGroup): void {
    const lr = num(group, 'lr');
    const [beta1, beta2] = (group.betas as number[]).map(Number) as [number, number];
    const eps = num(group, 'eps');
    const weightDecay = num(group, 'weight_decay');
    for (const param of group.params) {
      if (param.grad === null) continue;
      const state = this.stateOf(param);
      if (state.size === 0) {
        state.set('step', tensor(0, { dtype: 'float32' }));
        state.set('exp_avg', zeros_like(param));
        state.set('exp_avg_sq', zeros_like(param));
        if (group.amsgrad) state.set('max_exp_avg_sq', zeros_like(param));
      }
      let grad = group.maximize ? param.grad.neg() : param.grad;
      const expAvg = state.get('exp_avg') as Tensor;
      const expAvgSq = state.get('exp_avg_sq') as Tensor;
      const stepT = state.get('step') as Tensor;
      const dt = param.dtype;
      stepT.add_(1);
      if (weightDecay !== 0) {
        if (group.decoupled_weight_decay) param.mul_(scalarFor(1 - lr * weightDecay, dt));
        else grad = addScaled(grad, param, weightDecay);
      }
      lerp_(expAvg, grad, 1 - beta1);
      expAvgSq.mul_(scalarFor(beta2, dt));
      addcmul_(expAvgSq, grad, grad, 1 - beta2);
      const step = Number(stepT.item());
      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2 = 1 - beta2 ** step;
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
      let second = expAvgSq;
      if (group.amsgrad) {
        const maxSq = state.get('max_exp_avg_sq') as Tensor;
        maxSq.copy_(maxSq.maximum(expAvgSq));
        second = maxSq;
      }
      const denom = second.sqrt().div(scalarFor(biasCorrection2Sqrt, dt)).add_(scalarFor(eps, dt));
      addcdiv_(param, expAvg, denom, -stepSize);
    }
  }
}

/** torch.optim.AdamW: Adam with decoupled weight decay (default 1e-2). */
export class AdamW extends Adam {
  constructor(params: Params, opts: Omit<AdamOptions, 'decoupled_weight_decay'> = {}) {
    super(params, { ...opts, weight_decay: opts.weight_decay ?? 1e-2, decoupled_weight_decay: true });
  }

  protected override completeGroup(group: ParamGroup): void {
    super.completeGroup(group);
    group.decoupled_weight_decay = true;
  }
}
