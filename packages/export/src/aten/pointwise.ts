// Elementwise ATen ops: arithmetic (.Tensor and .Scalar overloads), comparisons, unary math,
// where, and the activations of nn.functional.
import { functional as F } from '@wick/nn';
import {
  type Tensor, abs, add, clamp, div, eq, exp, expm1, gt, is_tensor, le, log, log1p, logical_not, lt, maximum, minimum, mul, ne, neg,
  pow, relu, rsqrt, sigmoid, sub, tanh, where,
} from '@wick/tensor';
import type { AtenGroup } from './args.js';

export const POINTWISE: AtenGroup = {
  // .Tensor overloads: `other` is a Tensor, or a Python number the graph kept (`add.Tensor(b, 1)`).
  'aten.add.Tensor': (a) => add(a.tensor('self'), a.tensorOrScalar('other'), { alpha: a.scalar('alpha', 1) }),
  'aten.add.Scalar': (a) => add(a.tensor('self'), a.scalar('other'), { alpha: a.scalar('alpha', 1) }),
  'aten.add_.Tensor': (a) => a.tensor('self').add_(a.tensorOrScalar('other'), { alpha: a.scalar('alpha', 1) }),
  'aten.sub.Tensor': (a) => {
    const self = a.tensorOrScalar('self');
    const other = a.tensorOrScalar('other');
    const alpha = a.scalar('alpha', 1);
    if (is_tensor(self)) return sub(self as Tensor, other, { alpha });
    // rsub decomposes to sub.Tensor(1, x): self - alpha * other, as other * -alpha + self (exact
    // negation, so the same rounding).
    if (!is_tensor(other)) throw a.refuse('other', 'a Tensor where self is a number');
    return add(mul(other as Tensor, -Number(alpha)), self);
  },
  'aten.mul.Tensor': (a) => mul(a.tensor('self'), a.tensorOrScalar('other')),
  'aten.mul.Scalar': (a) => mul(a.tensor('self'), a.scalar('other')),
  'aten.div.Tensor': (a) => div(a.tensor('self'), a.tensorOrScalar('other')),
  'aten.pow.Tensor_Scalar': (a) => pow(a.tensor('self'), a.scalar('exponent')),
  'aten.eq.Scalar': (a) => eq(a.tensor('self'), a.scalar('other')),
  'aten.ne.Scalar': (a) => ne(a.tensor('self'), a.scalar('other')),
  'aten.gt.Scalar': (a) => gt(a.tensor('self'), a.scalar('other')),
  'aten.lt.Scalar': (a) => lt(a.tensor('self'), a.scalar('other')),
  'aten.le.Scalar': (a) => le(a.tensor('self'), a.scalar('other')),
  'aten.maximum.default': (a) => maximum(a.tensor('self'), a.tensor('other')),
  'aten.minimum.default': (a) => minimum(a.tensor('self'), a.tensor('other')),
  'aten.clamp.default': (a) => clamp(a.tensor('self'), { min: a.optFloat('min'), max: a.optFloat('max') }),
  'aten.where.self': (a) => where(a.tensor('condition'), a.tensor('self'), a.tensor('other')),

  'aten.neg.default': (a) => neg(a.tensor('self')),
  'aten.abs.default': (a) => abs(a.tensor('self')),
  'aten.log.default': (a) => log(a.tensor('self')),
  'aten.exp.default': (a) => exp(a.tensor('self')),
  'aten.log1p.default': (a) => log1p(a.tensor('self')),
  'aten.rsqrt.default': (a) => rsqrt(a.tensor('self')),
  'aten.logical_not.default': (a) => logical_not(a.tensor('self')),
  'aten.tanh.default': (a) => tanh(a.tensor('self')),
  'aten.sigmoid.default': (a) => sigmoid(a.tensor('self')),
  'aten.relu.default': (a) => relu(a.tensor('self')),

  'aten.silu.default': (a) => F.silu(a.tensor('self')),
  'aten.mish.default': (a) => F.mish(a.tensor('self')),
  'aten.selu.default': (a) => F.selu(a.tensor('self')),
  'aten.hardswish.default': (a) => F.hardswish(a.tensor('self')),
  'aten.hardsigmoid.default': (a) => F.hardsigmoid(a.tensor('self')),
  'aten.prelu.default': (a) => F.prelu(a.tensor('self'), a.tensor('weight')),
  'aten.glu.default': (a) => F.glu(a.tensor('self'), a.int('dim', -1)),
  'aten.threshold.default': (a) => F.threshold(a.tensor('self'), a.float('threshold'), a.float('value')),
  'aten.gelu.default': (a) => F.gelu(a.tensor('self'), { approximate: a.choice('approximate', ['none', 'tanh'], 'none') }),
  'aten.leaky_relu.default': (a) => F.leaky_relu(a.tensor('self'), { negative_slope: a.float('negative_slope', 0.01) }),
  'aten.hardtanh.default': (a) => F.hardtanh(a.tensor('self'), { min_val: a.float('min_val', -1), max_val: a.float('max_val', 1) }),
  'aten.softplus.default': (a) => F.softplus(a.tensor('self'), { beta: a.float('beta', 1), threshold: a.float('threshold', 20) }),
  'aten.elu.default': (a) => {
    const self = a.tensor('self');
    const alpha = a.float('alpha', 1);
    const scale = a.float('scale', 1);
    const inputScale = a.float('input_scale', 1);
    if (scale === 1 && inputScale === 1) return F.elu(self, { alpha });
    // selu's and celu's decompositions: scale * x where x > 0, else alpha * scale * expm1(x * input_scale).
    return where(gt(self, 0), mul(self, scale), mul(expm1(mul(self, inputScale)), alpha * scale));
  },
};
