// Python's arithmetic on the values PyTorch's LBFGS mixes: Python floats (JS numbers) and 0-dim
// tensors (the results of dot, sum, max). An operation on two floats is double arithmetic; one
// with a tensor is a tensor op, which rounds to the tensor's dtype (a float operand taken in that
// dtype), as PyTorch's does. Reproducing which values are tensors is what makes float32 runs
// round as PyTorch's do.
import type { Tensor } from '@wick/tensor';

export type PyScalar = number | Tensor;

export function add(a: PyScalar, b: PyScalar): PyScalar {
  if (typeof a === 'number') return typeof b === 'number' ? a + b : b.add(a);
  return a.add(b);
}

/** a - b; `float - tensor` is Tensor.__rsub__ (other - self in the tensor's dtype). */
export function sub(a: PyScalar, b: PyScalar): PyScalar {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : b.neg().add(a);
  return a.sub(b);
}

export function mul(a: PyScalar, b: PyScalar): PyScalar {
  if (typeof a === 'number') return typeof b === 'number' ? a * b : b.mul(a);
  return a.mul(b);
}

/** a / b; NOTE: `float / tensor` is Tensor.__rtruediv__, reciprocal(b) * a (two roundings, not one). */
export function div(a: PyScalar, b: PyScalar): PyScalar {
  if (typeof a === 'number') return typeof b === 'number' ? a / b : b.reciprocal().mul(a);
  return a.div(b);
}

export function neg(a: PyScalar): PyScalar {
  return typeof a === 'number' ? -a : a.neg();
}

export function abs(a: PyScalar): PyScalar {
  return typeof a === 'number' ? Math.abs(a) : a.abs();
}

type Comparison = 'gt' | 'ge' | 'lt' | 'le';
const reflected: Record<Comparison, Comparison> = { gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

/** `a <op> b` as Python evaluates it: `float > tensor` is the tensor's reflected `<`. */
export function compare(a: PyScalar, op: Comparison, b: PyScalar): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case 'gt': return a > b;
      case 'ge': return a >= b;
      case 'lt': return a < b;
      case 'le': return a <= b;
    }
  }
  if (typeof a === 'number') return Boolean((b as Tensor)[reflected[op]](a).item());
  return Boolean(a[op](b).item());
}

/** Python's max(a, b): a unless b > a (so a tie keeps the first, and its type). */
export function pyMax(a: PyScalar, b: PyScalar): PyScalar {
  return compare(b, 'gt', a) ? b : a;
}

/** Python's min(a, b): a unless b < a. */
export function pyMin(a: PyScalar, b: PyScalar): PyScalar {
  return compare(b, 'lt', a) ? b : a;
}

/** A value as the Python float PyTorch's kernels take it as (a tensor's item()). */
export function toNumber(a: PyScalar): number {
  return typeof a === 'number' ? a : Number(a.item());
}
