// torch.optim.SGD, following PyTorch 2.13's single-tensor path (_single_tensor_sgd) op for op.
import { type PyArgs, type Signatures, type Tensor, ValueError, declare } from '@wick/tensor';
import { checkImplementation } from './implementation.js';
import { type ParamGroup, type Params, Optimizer, num } from './optimizer.js';
import { addScaled, addScaled_, scalarFor } from './pointwise.js';
import { PY_METHOD, pyNumber, refuseTensor } from './signatures.js';

const sgdInit = declare('optim.SGD.__init__',
  'SGD.__init__(Params params, Tensor|float lr=0.001, float momentum=0, float dampening=0, Tensor|float weight_decay=0, ' +
    'bool nesterov=False, *, bool maximize=False, bool? foreach=None, bool differentiable=False, bool? fused=None)',
  PY_METHOD);
const sgdStep = declare('optim.SGD.step', 'SGD.step(Callable? closure=None)', PY_METHOD);

export interface SGDOptions {
  params?: Params;
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
export type SGDArgs = PyArgs<
  [params: Params, lr?: number, momentum?: number, dampening?: number, weight_decay?: number, nesterov?: boolean],
  SGDOptions
>;

export class SGD extends Optimizer {
  constructor(...args: SGDArgs) {
    const a = sgdInit.bind(args);
    refuseTensor('SGD', 'lr', a.lr);
    refuseTensor('SGD', 'weight_decay', a.weight_decay);
    const { lr, momentum, dampening, weight_decay, nesterov } = a as Record<string, number>;
    // NOTE: PyTorch tests lr < 0 here (not `not 0 <= lr` as Adam does), so a NaN lr passes.
    if (lr! < 0) throw new ValueError(`Invalid learning rate: ${pyNumber(lr!)}`, 'ValueError');
    if (momentum! < 0) throw new ValueError(`Invalid momentum value: ${pyNumber(momentum!)}`, 'ValueError');
    if (weight_decay! < 0) throw new ValueError(`Invalid weight_decay value: ${pyNumber(weight_decay!)}`, 'ValueError');
    if (nesterov && (momentum! <= 0 || dampening !== 0)) {
      throw new ValueError('Nesterov momentum requires a momentum and zero dampening', 'ValueError');
    }
    super(a.params, {
      lr, momentum, dampening, weight_decay, nesterov,
      maximize: a.maximize, foreach: a.foreach, differentiable: a.differentiable, fused: a.fused,
    });
  }

  protected override get initSignature(): Signatures {
    return sgdInit;
  }

  protected override get stepSignature(): Signatures {
    return sgdStep;
  }

  protected override checkGroup(group: ParamGroup): void {
    checkImplementation('SGD', group);
    refuseTensor('SGD', 'weight_decay', group.weight_decay);
  }

  protected override completeGroup(group: ParamGroup): void {
    const defaults = { nesterov: false, maximize: false, foreach: null, differentiable: false, fused: false };
    for (const [k, v] of Object.entries(defaults)) if (!(k in group)) group[k] = v;
  }

  protected override updateGroup(group: ParamGroup): void {
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
        let buf = state.get('momentum_buffer') as Tensor | undefined | null;
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
