import { zerosOf } from './helpers.js';
import { type Ctx, type Derivative, derivative } from './types.js';

// Random ops (ops/random.ts). The in-place fills: the new values do not depend on the old ones (nor
// on a probability tensor), so every gradient is zero, as in PyTorch's derivatives.yaml.

const fill = (node: string): Derivative => derivative({ node, args: ['self'], grads: { self: (c) => zerosOf(c.inputs[0]!) } });

// torch.normal with tensor arguments, one row per PyTorch overload. NOTE: mathematically the result
// moves with mean (and with std, by the draw), but derivatives.yaml declares both gradients zero
// (at::zeros of the input's shape): the result still requires grad and has a NormalBackward node.
const zerosAt = (i: number) => (c: Ctx<object>) => zerosOf(c.inputs[i]!);

export const randomDerivatives: Record<string, Derivative> = {
  uniform_: fill('UniformBackward0'),
  normal_: fill('NormalBackward0'),
  random_: fill('RandomBackward2'),
  exponential_: fill('ExponentialBackward0'),
  geometric_: fill('GeometricBackward0'),
  cauchy_: fill('CauchyBackward0'),
  log_normal_: fill('LogNormalBackward0'),
  // derivatives.yaml: poisson's gradient is zeros_like(self), though the counts move with the rates.
  poisson: derivative({ node: 'PoissonBackward0', args: ['self'], grads: { self: zerosAt(0) } }),
  bernoulli_: derivative({
    node: (_a, inputs) => `BernoulliBackward${inputs.length > 1 ? 1 : 2}`,
    args: ['self', 'p'],
    grads: { self: (c) => zerosOf(c.inputs[0]!), p: (c) => zerosOf(c.inputs[1]!) },
  }),
  normal_Tensor_float: derivative({ node: 'NormalBackward1', args: ['mean'], grads: { mean: zerosAt(0) } }),
  normal_float_Tensor: derivative({ node: 'NormalBackward2', args: ['std'], grads: { std: zerosAt(0) } }),
  normal_Tensor_Tensor: derivative({
    node: 'NormalBackward3',
    args: ['mean', 'std'],
    grads: { mean: zerosAt(0), std: zerosAt(1) },
  }),
};
