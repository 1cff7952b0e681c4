// Grad mode: whether ops record a graph. Thread-local in PyTorch; one flag here (JS runs one
// computation at a time on a thread, and async code should not hold a mode across an await).
import { declare } from '@wick/tensor';

let enabled = true;

// PyTorch's no_grad, enable_grad and set_grad_enabled are context managers (`with
// torch.no_grad(): ...`) that also decorate functions (`torch.no_grad()(f)`). JavaScript has no
// with-statement, so wick's take the code to run as a callback and return its value; called
// without one, no_grad() and enable_grad() return the decorator PyTorch's instances are.
const CONTEXT = "PyTorch's is a context manager (`with torch.no_grad(): ...`); JavaScript has no with-statement, so wick's runs a callback and returns its value, and without one returns PyTorch's decorator";
const noGradSig = declare('torch.no_grad', 'no_grad(Callable? fn=None)', { style: 'python', differs: CONTEXT });
const enableGradSig = declare('torch.enable_grad', 'enable_grad(Callable? fn=None)', { style: 'python', differs: CONTEXT });
const setGradEnabledSig = declare('torch.set_grad_enabled', 'set_grad_enabled(bool mode, Callable? fn=None)', {
  style: 'python',
  differs: "PyTorch's sets the mode when called and is also a context manager; wick's sets it, or with a callback runs the callback under it and restores the mode",
});
const isGradEnabledSig = declare('torch.is_grad_enabled', 'is_grad_enabled()');

export function is_grad_enabled(...args: []): boolean {
  isGradEnabledSig.bind(args);
  return enabled;
}

/** The grad mode, for the autograd layer's own checks on every op (no arguments to bind). */
export function gradEnabled(): boolean {
  return enabled;
}

/** torch.set_grad_enabled(mode) sets the mode; set_grad_enabled(mode, fn) runs fn under it. */
export function set_grad_enabled(mode: boolean | { mode: boolean }): void;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(opts: { mode: boolean; fn: () => T }): T;
export function set_grad_enabled<T>(...args: [mode: boolean, fn?: () => T] | [{ mode: boolean; fn?: () => T }]): T | void {
  const { mode, fn } = setGradEnabledSig.bind(args);
  if (fn !== null) return withGradMode(mode, fn);
  enabled = mode;
}

/** Runs fn with grad mode set to `mode`, restoring the previous mode afterwards (even on throw). */
export function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

type Decorator = <A extends unknown[], R>(f: (...args: A) => R) => (...args: A) => R;
const decorator = (mode: boolean): Decorator => (f) => (...args) => withGradMode(mode, () => f(...args));

/** torch.no_grad(fn): runs fn without recording and returns its value; no_grad() is a decorator. */
export function no_grad<T>(fn: () => T): T;
export function no_grad(): Decorator;
export function no_grad<T>(...args: [fn?: () => T]): T | Decorator {
  const { fn } = noGradSig.bind(args);
  return fn === null ? decorator(false) : withGradMode(false, fn);
}

/** torch.enable_grad(fn): runs fn with recording on (inside no_grad, say); enable_grad() is a decorator. */
export function enable_grad<T>(fn: () => T): T;
export function enable_grad(): Decorator;
export function enable_grad<T>(...args: [fn?: () => T]): T | Decorator {
  const { fn } = enableGradSig.bind(args);
  return fn === null ? decorator(true) : withGradMode(true, fn);
}
