import { WickError } from '@wick/tensor';
import { expect } from 'vitest';

/**
 * fn must throw a named wick error (of class `cls`) with PyTorch's exact message, and report the
 * Python exception type PyTorch raises for the same input.
 */
export function expectWickError(
  fn: () => unknown,
  message: string,
  pytorchType = 'RuntimeError',
  cls: abstract new (...args: never[]) => WickError = WickError,
): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${pytorchType}: ${message}`).not.toBeNull();
  expect(WickError.isInstance(caught), `a named wick error, got ${String(caught)}`).toBe(true);
  expect(caught).toBeInstanceOf(cls);
  expect((caught as Error).message).toBe(message);
  expect((caught as WickError).pytorchType).toBe(pytorchType);
}
