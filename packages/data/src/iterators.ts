import type { DataLoader } from './dataloader.js';
import { assertionError, runtimeError } from './errors.js';
import { type Fetcher, STOP, iterableFetcher, mapFetcher } from './fetch.js';
import { iter, len, pyRepr, pyStr } from './python.js';
import { drawSeed } from './sampler.js';
import { warn } from './warnings.js';
import { Worker } from './worker.js';

// PyTorch's DataLoader iterators (_SingleProcessDataLoaderIter, _MultiProcessingDataLoaderIter):
// one per epoch, drawing the iterator's base seed from the loader's generator (or the global one)
// when it is made, then indices from the sampler as the loop asks for batches.

/** What `for (const batch of loader)` iterates: batches, and PyTorch's len() of the epoch. */
export interface DataLoaderIterator<B> extends IterableIterator<B> {
  __len__(): number;
  readonly length: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyLoader = DataLoader<any, any>;

const DONE: unique symbol = Symbol('done');

function createFetcher(loader: AnyLoader, dataset: unknown): Fetcher {
  return loader._iterable
    ? iterableFetcher(dataset, loader._auto_collation, loader._collate, loader.drop_last)
    : mapFetcher(dataset, loader._auto_collation, loader._collate);
}

/** PyTorch's _BaseDataLoaderIter: what both kinds of iterator share. */
abstract class BaseIterator<B> implements DataLoaderIterator<B> {
  protected readonly dataset: unknown;
  protected readonly iterable: boolean;
  protected readonly indexSampler: unknown;
  protected readonly numWorkers: number;
  protected readonly timeout: number;
  protected samplerIter: Iterator<unknown>;
  protected numYielded = 0;
  private lenCalled: number | null;
  /** The seed drawn for this iterator's workers (PyTorch's _base_seed). */
  readonly _base_seed: number | bigint;

  constructor(loader: AnyLoader) {
    this.dataset = loader.dataset;
    this.iterable = loader._iterable;
    this.lenCalled = loader._IterableDataset_len_called;
    this.indexSampler = loader._index_sampler;
    this.numWorkers = loader.num_workers;
    if (loader.pin_memory && loader.pin_memory_device) {
      warn(
        'pin_memory_device is deprecated, the current accelerator will be used as the device,' +
          `ignore pin_memory_device='${loader.pin_memory_device}'.`,
      );
    }
    // NOTE: pinned memory is a host-to-accelerator transfer buffer; wick has none to give, as
    // PyTorch has none on a machine without an accelerator, so it says what PyTorch says there.
    if (loader.pin_memory) {
      warn(
        "'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used.",
      );
    }
    this.timeout = loader.timeout;
    // NOTE: the sampler's iterator is made before the base seed is drawn, as in PyTorch: a
    // sampler whose __iter__ draws at once (not a generator) draws first.
    this.samplerIter = iter(this.indexSampler);
    this._base_seed = drawSeed(loader.generator);
  }

  protected resetBase(loader: AnyLoader): void {
    this.samplerIter = iter(this.indexSampler);
    this.numYielded = 0;
    this.lenCalled = loader._IterableDataset_len_called;
  }

  /** The next batch, or DONE when the epoch is over. */
  protected abstract nextData(): unknown;

  next(): IteratorResult<B> {
    const data = this.nextData();
    if (data === DONE) return { done: true, value: undefined };
    this.numYielded++;
    if (this.iterable && this.lenCalled !== null && this.numYielded > this.lenCalled) {
      let message =
        `Length of IterableDataset ${pyRepr(this.dataset)} was reported to be ${this.lenCalled}` +
        `(when accessing len(dataloader)), but ${this.numYielded} samples have been fetched. `;
      if (this.numWorkers > 0) {
        message +=
          'For multiprocessing data-loading, this could be caused by not properly configuring the ' +
          'IterableDataset replica at each worker. Please see ' +
          'https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset for examples.';
      }
      warn(message);
    }
    return { done: false, value: data as B };
  }

  [Symbol.iterator](): this {
    return this;
  }

  __len__(): number {
    return len(this.indexSampler);
  }

  get length(): number {
    return this.__len__();
  }
}

/** num_workers = 0: each batch is read when the loop asks for it. */
export class SingleProcessIterator<B> extends BaseIterator<B> {
  private readonly fetcher: Fetcher;

  constructor(loader: AnyLoader) {
    super(loader);
    if (this.timeout !== 0) throw assertionError('_SingleProcessDataLoaderIter requires timeout == 0');
    this.fetcher = createFetcher(loader, this.dataset);
  }

  protected nextData(): unknown {
    const r = this.samplerIter.next();
    if (r.done) return DONE;
    const data = this.fetcher.fetch(r.value);
    return data === STOP ? DONE : data;
  }
}

/** What a worker sent back for one task. */
type Result = typeof STOP | { data: unknown } | { error: unknown };

interface Task {
  readonly worker: number;
  readonly index: unknown;
  /** Computed by the worker (undefined until then). */
  result?: Result;
}

/** One worker: its generator and WorkerInfo, its fetcher, and whether its iterable replica ran out. */
interface WorkerSlot {
  readonly worker: Worker;
  fetcher: Fetcher | null;
  initError: unknown;
  iterationEnd: boolean;
}

/**
 * num_workers > 0, in the calling thread. PyTorch's main process hands the sampler's indices to
 * the workers round-robin (prefetch_factor tasks each), yields their batches in task order, and
 * replaces each task as it is consumed; this iterator keeps that bookkeeping exactly and computes
 * a task's batch, in its worker's context (worker.ts), when the loop reaches it. A worker handles
 * its tasks in the order they were sent either way, so every batch, and every generator state, is
 * the one PyTorch's workers produce. NOTE: with an IterableDataset, once one worker's replica runs
 * out, PyTorch's order of the remaining batches depends on when the workers' answers arrive; this
 * gives the order PyTorch gives when they arrive in task order.
 */
export class MultiWorkerIterator<B> extends BaseIterator<B> {
  private readonly prefetchFactor: number;
  private readonly inOrder: boolean;
  private readonly slots: WorkerSlot[];
  private sendIdx = 0;
  private rcvdIdx = 0;
  private tasks = new Map<number, Task>();
  private tasksOutstanding = 0;
  private status: boolean[] = [];
  private numTasks: number[] = [];
  private nextWorker = 0;

  constructor(loader: AnyLoader) {
    super(loader);
    this.prefetchFactor = loader.prefetch_factor ?? 2;
    this.inOrder = loader.in_order;
    if (this.prefetchFactor <= 0) {
      throw assertionError('prefetch_factor must be greater than 0 for MultiProcessingDataLoaderIter');
    }
    this.slots = [];
    for (let id = 0; id < this.numWorkers; id++) {
      const worker = new Worker(id, this.numWorkers, this._base_seed, this.dataset);
      const slot: WorkerSlot = { worker, fetcher: null, initError: null, iterationEnd: false };
      slot.worker.run(() => {
        try {
          loader.worker_init_fn?.(id);
          slot.fetcher = createFetcher(loader, this.dataset);
        } catch (e) {
          slot.initError = e;
        }
      });
      this.slots.push(slot);
    }
    this._reset(loader, true);
  }

  /** A new epoch (PyTorch's _reset): with persistent workers, the same workers go on. */
  _reset(loader: AnyLoader, firstIter = false): void {
    this.resetBase(loader);
    if (!firstIter) {
      // Persistent workers first finish the tasks still queued from an epoch left early (their
      // draws count), then make a new fetcher (a new iterator of an iterable dataset).
      for (const idx of [...this.tasks.keys()].sort((a, b) => a - b)) {
        const task = this.tasks.get(idx)!;
        if (task.result === undefined && !this.slots[task.worker]!.iterationEnd) task.result = this.compute(task);
      }
      for (const slot of this.slots) {
        slot.iterationEnd = false;
        slot.worker.run(() => {
          slot.fetcher = createFetcher(loader, this.dataset);
        });
      }
    }
    this.sendIdx = 0;
    this.rcvdIdx = 0;
    this.tasks = new Map();
    this.tasksOutstanding = 0;
    this.status = this.slots.map(() => true);
    this.numTasks = this.slots.map(() => 0);
    this.nextWorker = 0;
    for (let i = 0; i < this.prefetchFactor * this.numWorkers; i++) this.tryPutIndex();
  }

  /** Hands the sampler's next index to the next active worker (PyTorch's _try_put_index). */
  private tryPutIndex(): void {
    const maxTasks = this.prefetchFactor * this.numWorkers;
    if (this.tasksOutstanding >= maxTasks) {
      throw assertionError('Number of outstanding tasks exceeded maximum allowed tasks');
    }
    const r = this.samplerIter.next();
    if (r.done) return;
    let chosen = -1;
    const active = this.status.filter(Boolean).length;
    for (let k = 0; k < this.numWorkers; k++) {
      const w = this.nextWorker;
      this.nextWorker = (w + 1) % this.numWorkers;
      if (!this.status[w]) continue;
      if (this.inOrder || this.numTasks[w]! < Math.floor(maxTasks / active)) {
        chosen = w;
        break;
      }
    }
    // NOTE: with no worker to take it, the index is dropped, as PyTorch drops it.
    if (chosen < 0) return;
    this.tasks.set(this.sendIdx, { worker: chosen, index: r.value });
    this.numTasks[chosen]!++;
    this.tasksOutstanding++;
    this.sendIdx++;
  }

  /** What the task's worker sends back for it (PyTorch's _worker_loop, one task). */
  private compute(task: Task): Result {
    const slot = this.slots[task.worker]!;
    // A worker whose worker_init_fn failed answers every task with that error.
    if (slot.fetcher === null) return { error: slot.initError };
    const fetcher = slot.fetcher;
    try {
      const data = slot.worker.run(() => fetcher.fetch(task.index));
      if (data === STOP && this.iterable) {
        slot.iterationEnd = true;
        return STOP;
      }
      return { data };
    } catch (error) {
      return { error };
    }
  }

  protected nextData(): unknown {
    for (;;) {
      // Skip the tasks of workers whose iterable replica ran out: they will not answer.
      while (this.rcvdIdx < this.sendIdx) {
        const task = this.tasks.get(this.rcvdIdx);
        if (task !== undefined) {
          if (this.status[task.worker]) break;
          this.tasks.delete(this.rcvdIdx);
        }
        this.rcvdIdx++;
      }
      if (this.rcvdIdx >= this.sendIdx) return DONE;
      const task = this.tasks.get(this.rcvdIdx)!;
      if (task.result === undefined) {
        const start = this.timeout > 0 ? performance.now() : 0;
        task.result = this.compute(task);
        // The batch stays with its task: a loop that catches the timeout gets it next.
        if (this.timeout > 0 && performance.now() - start > this.timeout * 1000) {
          throw runtimeError(`DataLoader timed out after ${pyStr(this.timeout)} seconds`);
        }
      }
      const result = task.result;
      this.tasksOutstanding--;
      if (result === STOP) {
        this.status[task.worker] = false;
        this.tryPutIndex();
        continue;
      }
      this.tasks.delete(this.rcvdIdx);
      this.rcvdIdx++;
      this.numTasks[task.worker]!--;
      this.tryPutIndex();
      if ('error' in result) throw result.error;
      return result.data;
    }
  }
}
