// The torch.* namespace: `import * as torch from '@wick/torch'`. Each wick package joins here.
import { install } from '@wick/autograd';

export * from '@wick/tensor';
export * as autograd from '@wick/autograd';
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from '@wick/autograd';
export * as nn from '@wick/nn';
export * as optim from '@wick/optim';
export * as onnx from '@wick/onnx';
export * as export from '@wick/export';
export { load, save, load_sharded, safetensors, UnpicklingError, SafetensorsError, CheckpointError } from '@wick/serialize';
import * as data from '@wick/data';
/** torch.utils: `torch.utils.data` (Dataset, DataLoader, samplers, default_collate, random_split). */
export const utils = Object.freeze({ data });

// The umbrella is the whole library: it turns autograd on (nothing installs itself on import).
install();
