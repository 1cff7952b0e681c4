import { Generator, type Tensor, declare, default_generator } from '@wick/tensor';
import { PY_FUNCTION } from './signatures.js';

// What PyTorch's worker processes give the code they run, reproduced in the calling thread:
// worker w of an iterator seeds its own torch generator with base_seed + w (PyTorch's
// _worker_loop: torch.manual_seed(seed)), and get_worker_info() describes the worker. wick runs a
// worker's code (worker_init_fn, the dataset, collate_fn) with the global generator swapped for the
// worker's, so random draws there are the ones PyTorch's worker makes, and the caller's generator
// is left where PyTorch's main process leaves it.

/** PyTorch's WorkerInfo: which worker is running, how many there are, its seed, the dataset. */
export class WorkerInfo {
  constructor(
    readonly id: number,
    readonly num_workers: number,
    /** base_seed + id: a number, or a bigint beyond 2^53 (as tolist() and item() give int64s). */
    readonly seed: number | bigint,
    /**
     * The dataset. NOTE: in PyTorch each worker holds a copy; here every worker and the caller
     * share the one object, so a change a worker makes to it is seen by the others.
     */
    readonly dataset: unknown,
  ) {
    Object.freeze(this);
  }
}

let current: WorkerInfo | null = null;

const workerInfoSig = declare('utils.data.get_worker_info', 'get_worker_info()', PY_FUNCTION);

/** The running worker's WorkerInfo inside worker code (worker_init_fn, the dataset), else null. */
export function get_worker_info(...args: []): WorkerInfo | null {
  workerInfoSig.bind(args);
  return current;
}

const asInt = (v: bigint): number | bigint => (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v);

/** One of PyTorch's worker processes, as a generator state and a WorkerInfo. */
export class Worker {
  readonly info: WorkerInfo;
  private rngState: Tensor;

  constructor(id: number, numWorkers: number, baseSeed: number | bigint, dataset: unknown) {
    const seed = BigInt(baseSeed) + BigInt(id);
    this.rngState = new Generator().manual_seed(seed).get_state();
    this.info = new WorkerInfo(id, numWorkers, asInt(seed), dataset);
  }

  /** Runs worker code: with this worker's generator as the global one and its WorkerInfo current. */
  run<R>(fn: () => R): R {
    const callerState = default_generator.get_state();
    const callerInfo = current;
    default_generator.set_state(this.rngState);
    current = this.info;
    try {
      return fn();
    } finally {
      this.rngState = default_generator.get_state();
      default_generator.set_state(callerState);
      current = callerInfo;
    }
  }
}
