// BatchNormalization (inference) and LayerNormalization, through nn.functional's batch_norm and
// layer_norm.
import type { Tensor } from '@wick/tensor';
import { functional as F } from '@wick/nn';
import { OnnxError } from '../../errors.js';
import { type NodeRun, type Operator, axisOf, need, op, outputsAtMost } from './operator.js';

function batchNorm(n: NodeRun): Tensor {
  n.attrs.expect('training_mode', [0], 0);
  outputsAtMost(n, 1, 'running_mean, running_var (training mode)');
  const x = need(n, 0, 'X');
  return F.batch_norm(x, need(n, 3, 'input_mean'), need(n, 4, 'input_var'), need(n, 1, 'scale'), need(n, 2, 'B'), {
    training: false, eps: n.attrs.float('epsilon', 1e-5),
  });
}

function layerNorm(n: NodeRun): Tensor {
  // stash_type 1 computes the statistics in float32, as PyTorch's CPU layer_norm does for float32.
  n.attrs.expect('stash_type', [1], 1);
  outputsAtMost(n, 1, 'Mean, InvStdDev');
  const x = need(n, 0, 'X');
  const scale = need(n, 1, 'Scale');
  const axis = axisOf(n, n.attrs.int('axis', -1), x.ndim);
  const normalized = x.shape.slice(axis);
  if (scale.shape.join() !== normalized.join()) {
    throw new OnnxError(`${n.label}: Scale of shape [${scale.shape.join(', ')}] where wick needs the normalized shape [${normalized.join(', ')}]`);
  }
  return F.layer_norm(x, normalized, scale, n.inputs[2] ?? null, n.attrs.float('epsilon', 1e-5));
}

export const NORMALIZATION: Record<string, Operator> = {
  BatchNormalization: op(['epsilon', 'momentum', 'training_mode'], batchNorm),
  LayerNormalization: op(['axis', 'epsilon', 'stash_type'], layerNorm),
};
