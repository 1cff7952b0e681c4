import { setAutogradEngine, setRecorder } from '@wick/tensor';
import { tensorEngine } from './api.js';
import { GraphRecorder } from './record.js';

let installed = false;

/**
 * Turns autograd on for @wick/tensor: ops record a graph from then on (when grad mode is on and an
 * input requires grad), and Tensor.backward/retain_grad/register_hook/detach_ work. Nothing does
 * this on import; @wick/torch calls it. Calling it again does nothing.
 */
export function install(): void {
  if (installed) return;
  setRecorder(new GraphRecorder());
  setAutogradEngine(tensorEngine);
  installed = true;
}

/** Turns recording off again (tests that compare with and without autograd). */
export function uninstall(): void {
  setRecorder(null);
  setAutogradEngine(null);
  installed = false;
}
