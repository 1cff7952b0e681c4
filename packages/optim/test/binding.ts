// What the call-form tests share: the error a call throws, and tiny parameters to optimize.
import { ArgumentError, type Tensor, WickError, tensor } from '@wick/tensor';
import { expect } from 'vitest';

/** The error f throws (failing the test if it returns). */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('expected the call to throw');
}

/** A binding error: a TypeError in Python's words (PyTorch raises TypeError). */
export function argumentError(f: () => unknown): string {
  const e = thrown(f);
  expect(e).toBeInstanceOf(TypeError);
  expect(ArgumentError.isInstance(e), `${e.name}: ${e.message}`).toBe(true);
  return e.message;
}

/** A wick error with the Python exception type PyTorch raises for the same call. */
export function pytorchError(f: () => unknown, type: string): string {
  const e = thrown(f);
  expect(WickError.isInstance(e), `${e.name}: ${e.message}`).toBe(true);
  expect((e as WickError).pytorchType).toBe(type);
  return e.message;
}

/** p = [1, 2] (float32, requiring grad), as the PyTorch runs quoted in the tests build it. */
export function param(): Tensor {
  return tensor([1, 2], { dtype: 'float32', requires_grad: true });
}

/** Gives p the gradient [0.5, -1] and returns p, for one step. */
export function withGrad(p: Tensor): Tensor {
  p.grad = tensor([0.5, -1], { dtype: 'float32' });
  return p;
}
