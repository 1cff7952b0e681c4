// torch.optim.Adam and AdamW, following PyTorch 2.13's single-tensor path (_single_tensor_adam,
// capturable=False) op for op: tensor ops where PyTorch uses tensor ops, JS doubles where it
// uses Python floats.
import { type PyArgs, type Signatures, Tensor, ValueError, declare, tensor, zeros_like } from '@wick/tensor';
import { checkCapturable, checkImplementation } from './implementation.js';
import { type ParamGroup, type Params, Optimizer, num } from './optimizer.js';
import { addScaled, addcdiv_, addcmul_, lerp_, scalarFor } from './pointwise.js';
import { PY_METHOD, pyNumber, refuseTensor, requireNonNegative } from './signatures.js';

const adamInit = declare('optim.Adam.__init__',
  'Adam.__init__(Params params, Tensor|float lr=0.001, pyfloat[2] betas=(0.9, 0.999), float eps=1e-08, float weight_decay=0, ' +
    'bool amsgrad=False, *, bool? foreach=None, bool maximize=False, bool capturable=False, bool differentiable=False, ' +
    'bool? fused=None, bool decoupled_weight_decay=False)',
  PY_METHOD);
const adamStep = declare('optim.Adam.step', 'Adam.step(Callable? closure=None)', PY_METHOD);
const adamWInit = declare('optim.AdamW.__init__',
  'AdamW.__init__(Params params, Tensor|float lr=0.001, pyfloat[2] betas=(0.9, 0.999), float eps=1e-08, float weight_decay=0.01, ' +
    'bool amsgrad=False, *, bool maximize=False, bool? foreach=None, bool capturable=False, bool differentiable=False, ' +
    'bool? fused=None)',
  PY_METHOD);

export interface AdamWOptions {
  params?: Params;
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
}
export interface AdamOptions extends AdamWOptions {
  decoupled_weight_decay?: boolean;
}
type Positional = [params: Params, lr?: number, betas?: readonly [number, number], eps?: number, weight_decay?: number, amsgrad?: boolean];
export type AdamArgs = PyArgs<Positional, AdamOptions>;
export type AdamWArgs = PyArgs<Positional, AdamWOptions>;

export class Adam extends Optimizer {
  constructor(...args: AdamArgs) {
    // AdamW (or a user's subclass of it) binds AdamW's signature: no decoupled_weight_decay.
    const isW = new.target === AdamW || new.target.prototype instanceof AdamW;
    const a = (isW ? adamWInit : adamInit).bind(args);
    const name = isW ? 'AdamW' : 'Adam';
    if (a.lr instanceof Tensor && a.foreach && !a.capturable) {
      throw new ValueError('lr as a Tensor is not supported for capturable=False and foreach=True', 'ValueError');
    }
    refuseTensor(name, 'lr', a.lr);
    const { lr, eps, weight_decay } = a as Record<string, number>;
    const [beta1, beta2] = a.betas as [number, number];
    requireNonNegative('learning rate', lr!);
    requireNonNegative('epsilon value', eps!);
    if (!(beta1 >= 0 && beta1 < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${pyNumber(beta1)}`, 'ValueError');
    if (!(beta2 >= 0 && beta2 < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${pyNumber(beta2)}`, 'ValueError');
    requireNonNegative('weight_decay value', weight_decay!);
    super(a.params, {
      lr, betas: [beta1, beta2], eps, weight_decay, amsgrad: a.amsgrad, maximize: a.maximize, foreach: a.foreach,
      capturable: a.capturable, differentiable: a.differentiable, fused: a.fused,
      decoupled_weight_decay: isW ? true : a.decoupled_weight_decay,
    });
  }

  protected override get initSignature(): Signatures {
    return this instanceof AdamW ? adamWInit : adamInit;
  }

  // NOTE: AdamW inherits Adam.step in PyTorch, so its messages say Adam.step() too.
  protected override get stepSignature(): Signatures {
    return adamStep;
  }

  protected override checkGroup(group: ParamGroup): void {
    checkImplementation(this instanceof AdamW ? 'AdamW' : 'Adam', group);
  }

  protected override checkStep(group: ParamGroup): void {
    this.checkGroup(group);
    checkCapturable(group);
  }

  protected override completeGroup(group: ParamGroup): void {
    this.completeWith(group, { amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, decoupled_weight_decay: false, fused: null });
  }

  protected override updateGroup(group: ParamGroup): void {
    const lr = num(group, 'lr');
    const [beta1, beta2] = (group.betas as number[]).map(Number) as [number, number];
    const eps = num(group, 'eps');
    const weightDecay = num(group, 'weight_decay');
    for (const param of group.params) {
      if (param.grad === null) continue;
      const state = this.stateOf(param);
      if (state.size === 0) {
        // NOTE: `step` is a CPU tensor whatever the parameter's device, as PyTorch keeps it when not
        // capturable or fused: the bias corrections read it on the host, never reading device memory.
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
  constructor(...args: AdamWArgs) {
    super(...(args as AdamArgs));
  }

  protected override completeGroup(group: ParamGroup): void {
    super.completeGroup(group);
    group.decoupled_weight_decay = true;
  }
}
