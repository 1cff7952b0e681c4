import { WickError } from '@wick/tensor';
import { expect } from 'vitest';

/** What fn threw, which must be a named wick error; `expected` describes it for the failure message. */
function caughtWickError(fn: () => unknown, expected: string): WickError {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, expected).not.toBeNull();
  expect(WickError.isInstance(caught), `a named wick error, got ${String(caught)}`).toBe(true);
  return caught as WickError;
}

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
  const caught = caughtWickError(fn, `expected ${pytorchType}: ${message}`);
  expect(caught).toBeInstanceOf(cls);
  expect(caught.message).toBe(message);
  expect(caught.pytorchType).toBe(pytorchType);
}

/**
 * fn raises what PyTorch raises for the same call: the Python exception type and exact message. A
 * wrong call's TypeError is a JavaScript TypeError too (the binder's ArgumentError), not a
 * WickError subclass, so only the marks every wick error carries are checked.
 */
export function expectRaises(fn: () => unknown, pytorchType: string, message: string): void {
  const caught = caughtWickError(fn, `expected ${pytorchType}: ${message}`);
  expect(caught.message).toBe(message);
  expect(caught.pytorchType).toBe(pytorchType);
  if (pytorchType === 'TypeError') expect(caught).toBeInstanceOf(TypeError);
}
