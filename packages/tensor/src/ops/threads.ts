// torch.set_num_threads / torch.get_num_threads: the threads the CPU kernels share work among.
import { numThreads, setNumThreads } from '../cpu/wasm/threads.js';
import { ValueError } from '../errors.js';
import { pyTypeName } from '../signature/index.js';
import { declare } from '../signature/declare.js';
import type { PyArgs } from '../signature/index.js';

// NOTE: untyped, as PyTorch checks the argument itself with its own messages.
const setSig = declare('torch.set_num_threads', 'set_num_threads(Value num)', {});
const getSig = declare('torch.get_num_threads', 'get_num_threads()', {});

/**
 * Sets how many threads the CPU kernels use (at most; small ops stay on the calling thread). The
 * default is the number of logical processors; where threads are unavailable (a browser page that
 * is not cross-origin isolated) work runs on one thread, which is said once on the console.
 */
export function set_num_threads(...args: PyArgs<[num: number], { num?: number }>): void {
  const { num } = setSig.bind(args);
  if (typeof num !== 'number' || !Number.isInteger(num)) {
    const type = typeof num === 'bigint' ? 'int' : pyTypeName(num);
    if (type !== 'int') throw new ValueError(`set_num_threads expects an int, but got ${type}`);
  }
  const n = Number(num);
  if (!(n > 0)) throw new ValueError('set_num_threads expects a positive integer');
  setNumThreads(n);
}

/** The number of threads the CPU kernels use. */
export function get_num_threads(...args: []): number {
  getSig.bind(args);
  return numThreads();
}
