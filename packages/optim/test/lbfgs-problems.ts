// The closures of tools/fixtures/optim_cases/lbfgs.py, op for op (so wick's losses and gradients
// round as PyTorch's): x[:-1] is x.narrow(0, 0, n - 1), x[1:] is x.narrow(0, 1, n - 1).
import type { Tensor } from '@wick/tensor';

export type Problem = (consts: Record<string, Tensor>, params: Tensor[]) => Tensor;

const head = (x: Tensor) => x.narrow(0, 0, x.shape[0]! - 1);
const tail = (x: Tensor) => x.narrow(0, 1, x.shape[0]! - 1);

/** sum(a * (x - u) ** 2) + 0.3 * sum(x[:-1] * x[1:]) */
const quadratic: Problem = (c, [x]) => c.a!.mul(x!.sub(c.u!).pow(2)).sum().add(head(x!).mul(tail(x!)).sum().mul(0.3));

/** sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2) */
const rosenbrock: Problem = (_c, [x]) =>
  tail(x!).sub(head(x!).pow(2)).pow(2).mul(100).add(head(x!).neg().add(1).pow(2)).sum();

/** mean((X @ w + b - y) ** 2) */
const linreg: Problem = (c, [w, b]) => c.X!.matmul(w!).add(b!).sub(c.y!).pow(2).mean();

export const PROBLEMS: Record<string, Problem> = {
  quadratic2: quadratic, quadratic6: quadratic, rosenbrock2: rosenbrock, rosenbrock6: rosenbrock, linreg,
};
