import type { Tensor } from './tensor.js';

/**
 * The seam between Tensor and the autograd layer. @wick/tensor computes only; @wick/autograd
 * implements this interface and installs it with `setAutogradEngine` (the umbrella package makes
 * that call), which gives Tensor's `backward`, `retain_grad`, `register_hook` and `detach_` their
 * meaning. Without an engine those methods say so instead of silently doing nothing.
 */

export interface BackwardOptions {
  gradient?: Tensor | null;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  inputs?: Tensor | readonly Tensor[] | null;
}

/** A hook on the gradient of a tensor: may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | void | undefined;

export interface RemovableHandle {
  remove(): void;
}

export interface AutogradEngine {
  backward(tensor: Tensor, gradient?: Tensor | null, opts?: BackwardOptions): void;
  retain_grad(tensor: Tensor): void;
  retains_grad(tensor: Tensor): boolean;
  register_hook(tensor: Tensor, hook: GradHook): RemovableHandle;
  detach_(tensor: Tensor): void;
}

let engine: AutogradEngine | null = null;

export function setAutogradEngine(e: AutogradEngine | null): void {
  engine = e;
}

export function autogradEngine(method: string): AutogradEngine {
  if (engine === null) {
    throw new Error(`Tensor.${method}() needs the autograd layer: import @wick/torch, or call install() from @wick/autograd`);
  }
  return engine;
}

export function installedAutograd(): AutogradEngine | null {
  return engine;
}
