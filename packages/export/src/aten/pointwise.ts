// Elementwise ATen ops: arithmetic (.Tensor and .Scalar overloads), comparisons, unary math,
// where, and the activations of nn.functional.
import { functional as F } from '@wick/nn';
import {
  add, div, eq, exp, gt, log1p, logical_not, mul, ne, neg, pow, relu, rsqrt, sigmoid, sub, tanh, where,
} from '@wick/tensor';
import type { AtenGroup } from './args.js';

export const POINTWISE: AtenGroup = {
  // .Tensor overloads: `other` is a Tensor, or a Python number the graph kept (`add.Tensor(b, 1)`).
  'aten.add.Tensor': (a) => add(a.tensor('self'), a.tensorOrScalar('other'), { alpha: a.scalar('alpha', 1) }),
  'aten.add.Scalar': (a) => add(a.tensor('self'), a.scalar('other'), { alpha: a.scalar('alpha', 1) }),
  'aten.add_.Tensor': (a) => a.tensor('self').add_(a.tensorOrScalar('other'), { alpha: a.scalar('alpha', 1) }),
  'aten.sub.Tensor': (a) => sub(a.tensor('self'), a.tensorOrScalar('other'), { alpha: a.scalar('alpha', 1) }),
  'aten.mul.Tensor': (a) => mul(a.tensor('self'), a.tensorOrScalar('other')),
  'aten.mul.Scalar': (a) => mul(a.tensor('self'), a.scalar('other')),
  'aten.div.Tensor': (a) => div(a.tensor('self'), a.tensorOrScalar('other')),
  'aten.pow.Tensor_Scalar': (a) => pow(a.tensor('self'), a.scalar('exponent')),
  'aten.eq.Scalar': (a) => eq(a.tensor('self'), a.scalar('other')),
  'aten.ne.Scalar': (a) => ne(a.tensor('self'), a.scalar('other')),
  'aten.gt.Scalar': (a) => gt(a.tensor('self'), a.scalar('other')),
  'aten.where.self': (a) => where(a.tensor('condition'), a.tensor('self'), a.tensor('other')),

  'aten.neg.default': (a) => neg(a.tensor('self')),
  'aten.exp.default': (a) => exp(a.tensor('self')),
  'aten.log1p.default': (a) => log1p(a.tensor('self')),
  'aten.rsqrt.default': (a) => rsqrt(a.tensor('self')),
  'aten.logical_not.default': (a) => logical_not(a.tensor('self')),
  'aten.tanh.default': (a) => tanh(a.tensor('self')),
  'aten.sigmoid.default': (a) => sigmoid(a.tensor('self')),
  'aten.relu.default': (a) => relu(a.tensor('self')),

  'aten.silu.default': (a) => F.silu(a.tensor('self')),
  'aten.gelu.default': (a) => F.gelu(a.tensor('self'), { approximate: a.choice('approximate', ['none', 'tanh'], 'none') }),
  'aten.leaky_relu.default': (a) => F.leaky_relu(a.tensor('self'), { negative_slope: a.float('negative_slope', 0.01) }),
  'aten.hardtanh.default': (a) => F.hardtanh(a.tensor('self'), { min_val: a.float('min_val', -1), max_val: a.float('max_val', 1) }),
  'aten.softplus.default': (a) => F.softplus(a.tensor('self'), { beta: a.float('beta', 1), threshold: a.float('threshold', 20) }),
  'aten.elu.default': (a) => {
    // nn.ELU and F.elu emit scale = input_scale = 1; other values come from selu/celu, which wick's
    // F.elu does not take.
    if (a.float('scale', 1) !== 1) throw a.refuse('scale', '1 (F.elu)');
    if (a.float('input_scale', 1) !== 1) throw a.refuse('input_scale', '1 (F.elu)');
    return F.elu(a.tensor('self'), { alpha: a.float('alpha', 1) });
  },
};
