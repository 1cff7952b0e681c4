// PyTorch's parameters that select an implementation of the same update: foreach, fused,
// capturable, differentiable. wick has one implementation, PyTorch's single-tensor CPU path, op
// for op. A value is accepted where PyTorch computes the same numbers with it, and refused
// where it would not (never accepted and then ignored).
//
// Measured with PyTorch 2.13 on CPU (30 steps, float32 and float64, SGD/Adam/AdamW/RMSprop/Adagrad
// with momentum, nesterov, weight decay, amsgrad, centered, maximize):
// - foreach=True gives the same bits as foreach=False, so it is accepted (the fixture cases with
//   foreach=True check wick's numbers against PyTorch's foreach path).
// - fused=True runs a different CPU kernel: up to 671 ULP apart from the single-tensor path (SGD,
//   nesterov, float32), so it is refused.
// - capturable=True fails in PyTorch at the first step on CPU (an AssertionError naming the
//   supported devices); wick fails the same way at the same point.
// - differentiable=True makes the step part of the autograd graph; wick's steps run outside
//   autograd, so it is refused.
import { ValueError } from '@wick/tensor';
import type { ParamGroup } from './optimizer.js';
import { refuseTensor } from './signatures.js';

/** PyTorch's own checks of fused against the other flags, then wick's refusals. */
export function checkImplementation(owner: string, group: ParamGroup): void {
  refuseTensor(owner, 'lr', group.lr);
  if (group.fused) {
    if (group.differentiable) throw new ValueError('`fused` does not support `differentiable`', 'RuntimeError');
    if (group.foreach) throw new ValueError('`fused` and `foreach` cannot be `True` together.', 'RuntimeError');
    throw new ValueError(
      `${owner}: fused=True is not supported by wick: PyTorch's fused CPU kernel rounds differently from the ` +
        'single-tensor path that wick follows; use fused=False or None',
      'ValueError',
    );
  }
  if (group.differentiable) {
    throw new ValueError(`${owner}: differentiable=True is not supported by wick: its optimizer steps run outside autograd`, 'ValueError');
  }
}

/** What PyTorch raises at the first step of a capturable optimizer whose parameters are not on a GPU. */
export function checkCapturable(group: ParamGroup): void {
  if (!group.capturable) return;
  throw new ValueError(
    "If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].",
    'AssertionError',
  );
}
