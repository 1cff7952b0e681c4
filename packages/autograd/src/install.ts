import { declare, setAutogradEngine, setRecorder } from '@wick/tensor';
import { tensorEngine } from './api.js';
import { GraphRecorder } from './record.js';

let installed = false;

const LAYER = "wick's: autograd is a layer over @wick/tensor, turned on by an explicit call (PyTorch's is always on)";
const installSig = declare('autograd.install', 'install()', { differs: LAYER });
const uninstallSig = declare('autograd.uninstall', 'uninstall()', { differs: LAYER });

/**
 * Turns autograd on for @wick/tensor: ops record a graph from then on (when grad mode is on and an
 * input requires grad), and Tensor.backward/retain_grad/register_hook/detach_ work. Nothing does
 * this on import; @wick/torch calls it. Calling it again does nothing.
 */
export function install(...args: []): void {
  installSig.bind(args);
  if (installed) return;
  setRecorder(new GraphRecorder());
  setAutogradEngine(tensorEngine);
  installed = true;
}

/** Turns recording off again (tests that compare with and without autograd). */
export function uninstall(...args: []): void {
  uninstallSig.bind(args);
  setRecorder(null);
  setAutogradEngine(null);
  installed = false;
}
