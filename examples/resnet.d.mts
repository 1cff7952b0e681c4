import type { Tensor } from '@wick/torch';

export interface ResnetOptions {
  log?: (line: string) => void;
}

/**
 * Loads fixtures/models/resnet/resnet18_tiny.pt (a torch.save'd state_dict in timm's resnet18
 * layout) into torch.nn modules; returns the eval-mode logits of the recorded input, the losses of
 * the recorded five SGD steps in train mode, the buffers after them (every BatchNorm's
 * running_mean, running_var, num_batches_tracked, by state_dict key) and the worst absolute error
 * of each against PyTorch's.
 */
export function main(options?: ResnetOptions): {
  logits: Tensor;
  losses: number[];
  buffers: Map<string, Tensor>;
  worst: { logits: number; losses: number; buffers: number };
};
