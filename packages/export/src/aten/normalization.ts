// Normalisation: the default graph's batch_norm, layer_norm, group_norm, rms_norm, and the core
// ATen ops that also return their statistics (mean and 1/sqrt(var + eps), biased variance) and,
// for batch norm in training, the updated running statistics as new tensors (the functional form:
// the graph signature writes them back to the buffers).
import { functional as F } from '@wick/nn';
import { type Tensor, empty, rsqrt, var as variance } from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** mean and rstd of x over dims, kept as size-1 dims. */
function moments(x: Tensor, dims: number[], eps: number): [Tensor, Tensor] {
  const mean = x.mean(dims, { keepdim: true });
  const rstd = rsqrt(variance(x, dims, { correction: 0, keepdim: true }).add(eps));
  return [mean, rstd];
}

/** Every dim of a batch norm's input but the channel dim (1): what its statistics reduce. */
const channelDims = (x: Tensor): number[] => x.shape.map((_, i) => i).filter((i) => i !== 1);

/** The statistics a batch norm graph gets back where none were computed (evaluation). */
const none = (x: Tensor): Tensor => empty([0], { dtype: x.dtype, device: x.device });

/** The core-ATen batch norm: (output, save_mean, save_rstd) and, when functional, the new running stats. */
function nativeBatchNorm(a: Args, training: boolean, functional: boolean): Tensor[] {
  const input = a.tensor('input');
  const momentum = a.float('momentum');
  const eps = a.float('eps');
  const weight = a.optTensor('weight');
  const bias = a.optTensor('bias');
  const mean = a.tensor('running_mean');
  const vari = a.tensor('running_var');
  if (!training) {
    const out = F.batch_norm(input, mean, vari, { weight, bias, training: false, momentum, eps });
    return functional ? [out, none(input), none(input), mean, vari] : [out, none(input), none(input)];
  }
  // F.batch_norm updates running statistics in place: it gets copies, which become the new ones.
  const newMean = mean.clone();
  const newVar = vari.clone();
  const out = F.batch_norm(input, newMean, newVar, { weight, bias, training: true, momentum, eps });
  const [saveMean, saveRstd] = moments(input, channelDims(input), eps);
  return [out, saveMean.flatten(), saveRstd.flatten(), newMean, newVar];
}

export const NORMALIZATION: AtenGroup = {
  'aten.batch_norm.default': (a) => {
    // cudnn_enabled picks a CUDA kernel, not a result.
    a.bool('cudnn_enabled');
    return F.batch_norm(a.tensor('input'), a.optTensor('running_mean'), a.optTensor('running_var'), {
      weight: a.optTensor('weight'), bias: a.optTensor('bias'), training: a.bool('training'), momentum: a.float('momentum'),
      eps: a.float('eps'),
    });
  },
  'aten._native_batch_norm_legit_functional.default': (a) => nativeBatchNorm(a, a.bool('training'), true),
  'aten._native_batch_norm_legit_no_training.default': (a) => nativeBatchNorm(a, false, false),
  // Batch statistics only (instance norm's core form): (output, save_mean, save_rstd).
  'aten._native_batch_norm_legit.no_stats': (a) => {
    if (!a.bool('training')) throw a.refuse('training', 'True (without running statistics there is nothing to evaluate with)');
    const input = a.tensor('input');
    const eps = a.float('eps');
    const out = F.batch_norm(input, null, null, {
      weight: a.optTensor('weight'), bias: a.optTensor('bias'), training: true, momentum: a.float('momentum'), eps,
    });
    const [mean, rstd] = moments(input, channelDims(input), eps);
    return [out, mean.flatten(), rstd.flatten()];
  },
  'aten.instance_norm.default': (a) => {
    a.bool('cudnn_enabled'); // a CUDA kernel choice, as above
    return F.instance_norm(a.tensor('input'), {
      running_mean: a.optTensor('running_mean'), running_var: a.optTensor('running_var'), weight: a.optTensor('weight'),
      bias: a.optTensor('bias'), use_input_stats: a.bool('use_input_stats'), momentum: a.float('momentum'), eps: a.float('eps'),
    });
  },

  'aten.layer_norm.default': (a) => {
    a.bool('cudnn_enable', true); // a CUDA kernel choice, as above
    return F.layer_norm(a.tensor('input'), a.ints('normalized_shape'), {
      weight: a.optTensor('weight'), bias: a.optTensor('bias'), eps: a.float('eps', 1e-5),
    });
  },
  'aten.native_layer_norm.default': (a) => {
    const input = a.tensor('input');
    const shape = a.ints('normalized_shape');
    const eps = a.float('eps');
    const out = F.layer_norm(input, shape, { weight: a.optTensor('weight'), bias: a.optTensor('bias'), eps });
    const dims = shape.map((_, i) => input.ndim - shape.length + i);
    return [out, ...moments(input, dims, eps)];
  },

  'aten.group_norm.default': (a) => {
    a.bool('cudnn_enabled', true); // a CUDA kernel choice, as above
    return F.group_norm(a.tensor('input'), a.int('num_groups'), {
      weight: a.optTensor('weight'), bias: a.optTensor('bias'), eps: a.float('eps', 1e-5),
    });
  },
  'aten.native_group_norm.default': (a) => {
    const input = a.tensor('input');
    const [n, c, hxw, group] = [a.int('N'), a.int('C'), a.int('HxW'), a.int('group')];
    if (input.numel() !== n * c * hxw) throw a.refuse('HxW', `N * C * HxW = ${input.numel()} elements (input has shape [${input.shape.join(', ')}])`);
    const eps = a.float('eps');
    const out = F.group_norm(input, group, { weight: a.optTensor('weight'), bias: a.optTensor('bias'), eps });
    const [mean, rstd] = moments(input.reshape([n, group, -1]), [2], eps);
    return [out, mean.reshape([n, group]), rstd.reshape([n, group])];
  },

  'aten.rms_norm.default': (a) =>
    F.rms_norm(a.tensor('input'), a.ints('normalized_shape'), { weight: a.optTensor('weight'), eps: a.optFloat('eps') }),
};
