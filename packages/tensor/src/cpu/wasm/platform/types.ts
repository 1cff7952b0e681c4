/** What the thread pool needs from the platform: starting a worker, and how the caller may wait. */
export interface Platform {
  /** Logical processors (os.availableParallelism, navigator.hardwareConcurrency). */
  cores(): number;
  /** Starts a worker that runs `source` (a script defining `start(data)`) and calls start(data) there. */
  spawn(source: string, data: unknown): void;
  /** Whether the calling thread may block in Atomics.wait (not a browser's main thread). */
  readonly canBlock: boolean;
  /** Why threads are unavailable here, or null when they are available. */
  unavailable(): string | null;
}
