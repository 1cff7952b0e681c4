import { zerosOf } from './helpers.js';
import { type Derivative, derivative } from './types.js';

// In-place random fills (ops/random.ts): the new values do not depend on the old ones (nor on a
// probability tensor), so every gradient is zero, as in PyTorch's derivatives.yaml.

const fill = (node: string): Derivative => derivative({ node, args: ['self'], grads: { self: (c) => zerosOf(c.inputs[0]!) } });

export const randomDerivatives: Record<string, Derivative> = {
  uniform_: fill('UniformBackward0'),
  normal_: fill('NormalBackward0'),
  random_: fill('RandomBackward2'),
  exponential_: fill('ExponentialBackward0'),
  bernoulli_: derivative({
    node: (_a, inputs) => `BernoulliBackward${inputs.length > 1 ? 1 : 2}`,
    args: ['self', 'p'],
    grads: { self: (c) => zerosOf(c.inputs[0]!), p: (c) => zerosOf(c.inputs[1]!) },
  }),
};
