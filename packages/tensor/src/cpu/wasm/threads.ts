// The thread pool: workers that run the WebAssembly kernels over the shared memory.
//
// Workers start once (when the kernels load) and then wait on a futex word; a job is a kernel
// number and its integer arguments written to a small shared control block. Every thread runs the
// same kernel with its own thread number, and the kernel picks its own share of the work
// (wasm/gemm.ts), so the pool never splits work itself. The calling thread takes share 0 and then
// waits for the others: a few microseconds of hand-off per job, no message passing.
//
// A job only counts on workers that have said they are ready: a browser starts a worker's script
// only when its main thread returns to the event loop, so a main thread that waited for a worker
// still starting would wait forever. Until then jobs run on fewer threads.
import { platform } from '#threads';
import { JOBS, type JobName, type Runtime } from './kernels.js';

// Control block (Int32Array over a SharedArrayBuffer).
const JOB = 0; // kernel number (JOBS)
const NT = 1; // threads taking part (the caller included)
const PENDING = 2; // workers yet to finish the current job
const ARGS = 3; // the kernel's arguments after (tid, nt)
const MAX_ARGS = 12;
const MAX_THREADS = 256;
const READY = ARGS + MAX_ARGS; // READY + tid: 1 once worker tid has instantiated the kernels
const GO = READY + MAX_THREADS; // GO + tid: bumped to hand worker tid a job; it waits on it
const ASLEEP = GO + MAX_THREADS; // ASLEEP + tid: 1 while worker tid sleeps (else it spins: no wake-up call needed)
const CALLER_ASLEEP = ASLEEP + MAX_THREADS; // 1 while the caller sleeps waiting for PENDING
/** Polls of a shared word before sleeping on it (tens of microseconds). */
const SPIN = 20000;

// The worker's side. Plain script text, so that it needs no file of its own: the platform appends
// the call of start(data). A worker is only woken for jobs it takes part in, and the caller writes
// the next job only after every worker of the last one is done, so a job's fields never change
// while a worker reads them.
const workerSource = `
function start({ module, memory, control, jobs, tid }) {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const kernels = jobs.map((name) => exports[name]);
  const ctl = new Int32Array(control);
  const go = ${GO} + tid;
  let seen = Atomics.load(ctl, go);
  Atomics.store(ctl, ${READY} + tid, 1);
  for (;;) {
    // A short spin first: in a loop of small jobs (a recurrent layer's steps) the next job usually
    // comes within microseconds, sooner than a sleeping thread wakes.
    for (let spin = 0; spin < ${SPIN} && Atomics.load(ctl, go) === seen; spin++);
    if (Atomics.load(ctl, go) === seen) {
      // Say so before sleeping: a job handed out after this is followed by a wake-up call, and one
      // handed out before it makes the wait return at once.
      Atomics.store(ctl, ${ASLEEP} + tid, 1);
      Atomics.wait(ctl, go, seen);
      Atomics.store(ctl, ${ASLEEP} + tid, 0);
    }
    seen = Atomics.load(ctl, go);
    const a = ctl.subarray(${ARGS}, ${ARGS + MAX_ARGS});
    kernels[ctl[${JOB}]](tid, ctl[${NT}], a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
    if (Atomics.sub(ctl, ${PENDING}, 1) === 1 && Atomics.load(ctl, ${CALLER_ASLEEP}) === 1) Atomics.notify(ctl, ${PENDING});
  }
}
`;

interface Pool {
  readonly runtime: Runtime;
  readonly ctl: Int32Array;
  workers: number;
}

let pool: Pool | null = null;
let lastThreads = 0;

/** The threads the last job ran on (tests: whether the workers are up). */
export function lastJobThreads(): number {
  return lastThreads;
}

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
    pool = { runtime: r, ctl: new Int32Array(new SharedArrayBuffer(4 * (CALLER_ASLEEP + 1))), workers: 0 };
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
  const wanted = work < MIN_SHARED_WORK ? 1 : Math.min(usableThreads(r), MAX_THREADS);
  const threads = wanted === 1 ? 1 : readyThreads(ensurePool(r, wanted), wanted);
  lastThreads = threads;
  if (threads === 1) {
    fn(0, 1, ...args);
    return;
  }
  const { ctl } = pool!;
  ctl[JOB] = JOBS.indexOf(job);
  ctl[NT] = threads;
  for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
  Atomics.store(ctl, PENDING, threads - 1);
  for (let t = 1; t < threads; t++) {
    Atomics.add(ctl, GO + t, 1);
    if (Atomics.load(ctl, ASLEEP + t) === 1) Atomics.notify(ctl, GO + t);
  }
  fn(0, threads, ...args);
  // Spin first: the others usually finish within microseconds of this thread, far sooner than a
  // sleeping thread is woken (about 20 microseconds here). A browser's main thread may only spin.
  let left = Atomics.load(ctl, PENDING);
  for (let spin = 0; left !== 0 && (spin < SPIN || !platform.canBlock); spin++) left = Atomics.load(ctl, PENDING);
  while (left !== 0) {
    Atomics.store(ctl, CALLER_ASLEEP, 1);
    Atomics.wait(ctl, PENDING, left);
    Atomics.store(ctl, CALLER_ASLEEP, 0);
    left = Atomics.load(ctl, PENDING);
  }
}

/** 1 + the workers 1, 2, ... that are ready, in order, up to `wanted` threads in all. */
function readyThreads(p: Pool, wanted: number): number {
  let n = 1;
  while (n < wanted && Atomics.load(p.ctl, READY + n) === 1) n++;
  return n;
}

/** Starts the pool's workers ahead of the first job (a browser starts them only between tasks). */
export function startThreads(r: Runtime): void {
  const n = numThreads();
  if (n > 1 && r.shared && platform.unavailable() === null) ensurePool(r, Math.min(n, MAX_THREADS));
}

// Below about 64k multiply-adds (tens of microseconds) a hand-off costs more than it saves.
const MIN_SHARED_WORK = 1 << 16;
