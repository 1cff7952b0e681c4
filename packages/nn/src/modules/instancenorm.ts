import { type PyArgs, type Tensor, ValueError, declare } from '@wick/tensor';
import { instanceNormImpl } from '../functional/batch-norm.js';
import { PY_METHOD } from '../signatures.js';
import { NormBase, type NormBaseArgs, initArgs } from './batchnorm.js';

const PRIVATE = "PyTorch's own base class (private there, so not in the record); InstanceNorm1d and InstanceNorm2d use it";

const sig = {
  instanceNorm1d: declare('nn.InstanceNorm1d.__init__', `_InstanceNorm.__init__(${initArgs(false, 'float')})`, PY_METHOD),
  instanceNorm2d: declare('nn.InstanceNorm2d.__init__', `_InstanceNorm.__init__(${initArgs(false, 'float')})`, PY_METHOD),
  forward: declare('nn._InstanceNorm.forward', '_InstanceNorm.forward(Tensor input)', { ...PY_METHOD, differs: PRIVATE }),
};

/**
 * PyTorch's _InstanceNorm: statistics per sample and channel over the spatial dims, in training
 * and eval mode alike unless track_running_stats (then eval mode uses the running statistics).
 * An input without the batch dim is run as a batch of one.
 */
abstract class InstanceNorm extends NormBase {
  /** The rank of an unbatched input: (C, L) for 1d, (C, H, W) for 2d. */
  protected abstract readonly noBatchDim: number;

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = sig.forward.bind(args);
    const rank = this.noBatchDim;
    if (input.ndim !== rank && input.ndim !== rank + 1) {
      throw new ValueError(`expected ${rank}D or ${rank + 1}D input (got ${input.ndim}D input)`, 'ValueError');
    }
    const featureDim = input.ndim - rank;
    // NOTE: without affine PyTorch only warns about a mismatch here (num_features is unused then).
    if (this.affine && input.shape[featureDim] !== this.num_features) {
      throw new ValueError(`expected input's size at dim=${featureDim} to match num_features (${this.num_features}), `
        + `but got: ${input.shape[featureDim]}.`, 'ValueError');
    }
    const batched = input.ndim === rank ? input.unsqueeze(0) : input;
    const out = instanceNormImpl(batched, this.running_mean, this.running_var, this.weight, this.bias,
      this.training || !this.track_running_stats, this.momentum ?? 0, this.eps);
    return input.ndim === rank ? out.squeeze(0) : out;
  }
}

/** Instance normalisation over (N, C, L) or unbatched (C, L) input. */
export class InstanceNorm1d extends InstanceNorm {
  protected readonly noBatchDim = 2;

  constructor(...args: NormBaseArgs) {
    super(sig.instanceNorm1d, args);
  }
}

/** Instance normalisation over (N, C, H, W) or unbatched (C, H, W) input. */
export class InstanceNorm2d extends InstanceNorm {
  protected readonly noBatchDim = 3;

  constructor(...args: NormBaseArgs) {
    super(sig.instanceNorm2d, args);
  }
}
