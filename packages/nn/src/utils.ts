// nn.utils: the rnn helpers (nn.utils.rnn.*) and the gradient helpers (clip_grad_norm_, ...).
import * as rnn from './rnn/packed.js';

export { rnn };
export {
  clip_grad_norm_, clip_grad_norm, clip_grad_value_, clip_grads_with_norm_, get_total_norm, parameters_to_vector,
  vector_to_parameters,
} from './clip-grad.js';
export type { ClipGradNormOptions, TensorOrTensors } from './clip-grad.js';
