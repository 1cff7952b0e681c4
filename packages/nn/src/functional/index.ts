// nn.functional: the stateless forms of the layers.
export { relu, tanh, sigmoid, gelu, softmax, log_softmax } from './activation.js';
export type { GeluOptions, SoftmaxOptions } from './activation.js';
export { linear, bilinear } from './linear.js';
export { dropout } from './dropout.js';
export { layer_norm } from './normalization.js';
export { embedding } from './sparse.js';
