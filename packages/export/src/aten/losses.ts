// Losses of the default graph; their `int reduction` is at::Reduction (0 none, 1 mean, 2 sum).
import { functional as F } from '@wick/nn';
import { type AtenGroup, reductionName } from './args.js';

export const LOSSES: AtenGroup = {
  'aten.mse_loss.default': (a) => F.mse_loss(a.tensor('self'), a.tensor('target'), { reduction: reductionName(a) }),
  'aten.l1_loss.default': (a) => F.l1_loss(a.tensor('self'), a.tensor('target'), { reduction: reductionName(a) }),
  'aten.smooth_l1_loss.default': (a) =>
    F.smooth_l1_loss(a.tensor('self'), a.tensor('target'), { reduction: reductionName(a), beta: a.float('beta', 1) }),
  'aten.binary_cross_entropy.default': (a) =>
    F.binary_cross_entropy(a.tensor('self'), a.tensor('target'), { weight: a.optTensor('weight'), reduction: reductionName(a) }),
  'aten.binary_cross_entropy_with_logits.default': (a) =>
    F.binary_cross_entropy_with_logits(a.tensor('self'), a.tensor('target'), {
      weight: a.optTensor('weight'), pos_weight: a.optTensor('pos_weight'), reduction: reductionName(a),
    }),
  'aten.cross_entropy_loss.default': (a) =>
    F.cross_entropy(a.tensor('self'), a.tensor('target'), {
      weight: a.optTensor('weight'), reduction: reductionName(a), ignore_index: a.int('ignore_index', -100),
      label_smoothing: a.float('label_smoothing', 0),
    }),
  // nll_loss_nd takes any number of dims after the class dim, as F.nll_loss does.
  'aten.nll_loss_nd.default': (a) =>
    F.nll_loss(a.tensor('self'), a.tensor('target'), {
      weight: a.optTensor('weight'), reduction: reductionName(a), ignore_index: a.int('ignore_index', -100),
    }),
};
