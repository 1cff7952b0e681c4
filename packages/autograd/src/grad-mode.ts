// Grad mode: whether ops record a graph. Thread-local in PyTorch; one flag here (JS runs one
// computation at a time on a thread, and async code should not hold a mode across an await).

let enabled = true;

export function is_grad_enabled(): boolean {
  return enabled;
}

/** torch.set_grad_enabled(mode) sets the mode; set_grad_enabled(mode, fn) runs fn under it. */
export function set_grad_enabled(mode: boolean): void;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | void {
  if (fn) return withGradMode(mode, fn);
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

/** torch.no_grad(fn): runs fn without recording; returns fn's value. */
export function no_grad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** torch.enable_grad(fn): runs fn with recording on (inside no_grad, say); returns fn's value. */
export function enable_grad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
