// torch.optim.RMSprop, following PyTorch 2.13's single-tensor path (_single_tensor_rmsprop).
import { type PyArgs, type Signatures, type Tensor, declare, tensor, zeros_like } from '@wick/tensor';
import { checkCapturable, checkImplementation } from './implementation.js';
import { type ParamGroup, type Params, Optimizer, num } from './optimizer.js';
import { addScaled, addScaled_, addcdiv_, addcmul, addcmul_, lerp_, scalarFor } from './pointwise.js';
import { PY_METHOD, refuseTensor, requireNonNegative } from './signatures.js';

const rmspropInit = declare('optim.RMSprop.__init__',
  'RMSprop.__init__(Params params, Tensor|float lr=0.01, float alpha=0.99, float eps=1e-08, float weight_decay=0, ' +
    'float momentum=0, bool centered=False, bool capturable=False, bool? foreach=None, bool maximize=False, ' +
    'bool differentiable=False)',
  PY_METHOD);
const rmspropStep = declare('optim.RMSprop.step', 'RMSprop.step(Callable? closure=None)', PY_METHOD);

export interface RMSpropOptions {
  params?: Params;
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
export type RMSpropArgs = PyArgs<
  [
    params: Params, lr?: number, alpha?: number, eps?: number, weight_decay?: number, momentum?: number, centered?: boolean,
    capturable?: boolean, foreach?: boolean | null, maximize?: boolean, differentiable?: boolean,
  ],
  RMSpropOptions
>;

export class RMSprop extends Optimizer {
  constructor(...args: RMSpropArgs) {
    const a = rmspropInit.bind(args);
    refuseTensor('RMSprop', 'lr', a.lr);
    const { lr, alpha, eps, weight_decay, momentum } = a as Record<string, number>;
    requireNonNegative('learning rate', lr!);
    requireNonNegative('epsilon value', eps!);
    requireNonNegative('momentum value', momentum!);
    requireNonNegative('weight_decay value', weight_decay!);
    requireNonNegative('alpha value', alpha!);
    super(a.params, {
      lr, momentum, alpha, eps, centered: a.centered, weight_decay, capturable: a.capturable,
      foreach: a.foreach, maximize: a.maximize, differentiable: a.differentiable,
    });
  }

  protected override get initSignature(): Signatures {
    return rmspropInit;
  }

  protected override get stepSignature(): Signatures {
    return rmspropStep;
  }

  protected override checkGroup(group: ParamGroup): void {
    checkImplementation('RMSprop', group);
  }

  protected override checkStep(group: ParamGroup): void {
    this.checkGroup(group);
    checkCapturable(group);
  }

  protected override completeGroup(group: ParamGroup): void {
    this.completeWith(group, { momentum: 0, centered: false, foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  protected override updateGroup(group: ParamGroup): void {
    const lr = num(group, 'lr');
    const alpha = num(group, 'alpha');
    const eps = num(group, 'eps');
    const weightDecay = num(group, 'weight_decay');
    const momentum = num(group, 'momentum');
    for (const param of group.params) {
      if (param.grad === null) continue;
      const state = this.stateOf(param);
      if (state.size === 0) {
        // NOTE: `step` is a CPU tensor whatever the parameter's device, as PyTorch keeps it when not
        // capturable or fused: the bias corrections read it on the host, never reading device memory.
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
