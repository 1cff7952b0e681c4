// The thread pool: workers that run the WebAssembly kernels over the shared memory.
//
// Workers start once (the first job big enough to share) and then wait on a futex word; a job is
// a kernel number and its integer arguments written to a small shared control block. Every thread
// runs the same kernel with its own thread number, and the kernel picks its own share of the work
// (wasm/gemm.ts), so the pool never splits work itself. The calling thread takes share 0 and then
// waits for the others: a few microseconds of hand-off per job, no message passing.
import { platform } from '#threads';
import { JOBS, type JobName, type Runtime } from './runtime.js';

// Control block (Int32Array over a SharedArrayBuffer).
const GEN = 0; // bumped for every job; workers wait on it
const PENDING = 1; // workers yet to finish the current job
const JOB = 2; // kernel number (JOBS), or -1 to stop
const NT = 3; // threads taking part (the caller included)
const ARGS = 4; // the kernel's arguments after (tid, nt)
const MAX_ARGS = 12;

// The worker's side. Plain script text, so that it needs no file of its own: the platform prepends
// nothing and appends the call of start(data).
const workerSource = `
function start({ module, memory, control, jobs, tid }) {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const kernels = jobs.map((name) => exports[name]);
  const ctl = new Int32Array(control);
  let seen = 0;
  for (;;) {
    // A short spin first: in a loop of small jobs (a recurrent layer's steps) the next job usually
    // comes within microseconds, sooner than a sleeping thread wakes.
    for (let spin = 0; spin < 20000 && Atomics.load(ctl, ${GEN}) === seen; spin++);
    Atomics.wait(ctl, ${GEN}, seen);
    seen = Atomics.load(ctl, ${GEN});
    const job = ctl[${JOB}];
    if (job < 0) return;
    const nt = ctl[${NT}];
    if (tid < nt) {
      const a = ctl.subarray(${ARGS}, ${ARGS + MAX_ARGS});
      kernels[job](tid, nt, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
    }
    if (Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
  }
}
`;

interface Pool {
  readonly runtime: Runtime;
  readonly ctl: Int32Array;
  workers: number;
}

let pool: Pool | null = null;
let requested = 0; // 0: not set, use the default
let warned = false;

/** The default thread count: every logical processor, as PyTorch uses every core. */
export function defaultThreads(): number {
  return Math.max(1, platform.cores());
}

/** Threads ops may use (torch.get_num_threads). */
export function numThreads(): number {
  if (requested > 0) return requested;
  return platform.unavailable() === null ? defaultThreads() : 1;
}

/** Sets the thread count (torch.set_num_threads); more than one where threads are unavailable runs one, said once. */
export function setNumThreads(n: number): void {
  requested = n;
}

/** The threads a job may use now: 1 when threads are unavailable (said once) or the memory is not shared. */
function usableThreads(r: Runtime): number {
  const n = numThreads();
  if (n <= 1) return 1;
  const why = r.shared ? platform.unavailable() : 'the WebAssembly memory is not shared';
  if (why !== null) {
    if (!warned) {
      warned = true;
      console.warn(`wick: running on one thread: ${why}`);
    }
    return 1;
  }
  return n;
}

function ensurePool(r: Runtime, threads: number): Pool {
  if (pool === null || pool.runtime !== r) {
    pool = { runtime: r, ctl: new Int32Array(new SharedArrayBuffer(4 * (ARGS + MAX_ARGS))), workers: 0 };
  }
  // Workers are added, never removed: fewer threads is a smaller `nt` in each job.
  while (pool.workers < threads - 1) {
    pool.workers++;
    platform.spawn(workerSource, { module: r.module, memory: r.memory, control: pool.ctl.buffer, jobs: JOBS, tid: pool.workers });
  }
  return pool;
}

/**
 * Runs kernel `job` on every thread (each takes its share), or on this thread alone when `work`
 * (multiply-adds, roughly) is too small to be worth a hand-off or threads are unavailable.
 */
export function runJob(r: Runtime, job: JobName, args: readonly number[], work: number): void {
  const fn = r.exports[job] as (...a: number[]) => void;
  const threads = work < MIN_SHARED_WORK ? 1 : usableThreads(r);
  if (threads === 1) {
    fn(0, 1, ...args);
    return;
  }
  const p = ensurePool(r, threads);
  const { ctl } = p;
  ctl[JOB] = JOBS.indexOf(job);
  ctl[NT] = threads;
  for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
  Atomics.store(ctl, PENDING, p.workers);
  Atomics.add(ctl, GEN, 1);
  Atomics.notify(ctl, GEN);
  fn(0, threads, ...args);
  for (let left = Atomics.load(ctl, PENDING); left !== 0; left = Atomics.load(ctl, PENDING)) {
    if (platform.canBlock) Atomics.wait(ctl, PENDING, left);
  }
}

// Below about 64k multiply-adds (tens of microseconds) a hand-off costs more than it saves.
const MIN_SHARED_WORK = 1 << 16;
