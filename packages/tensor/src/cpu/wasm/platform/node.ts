// Threads in Node: worker_threads, started from source text (no file to ship or find).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Platform } from './types.js';

export const platform: Platform = {
  cores: () => availableParallelism(),
  spawn(source, data) {
    const worker = new Worker(`${source}\nstart(require('node:worker_threads').workerData);`, { eval: true, workerData: data });
    // The pool never keeps the process alive: its workers only ever wait for work.
    worker.unref();
  },
  canBlock: true,
  unavailable: () => null,
};
