// Threads in a browser: Web Workers started from a Blob URL (no file to ship or find). Sharing the
// kernels' memory needs SharedArrayBuffer, which a page has only when it is cross-origin isolated.
import type { Platform } from './types.js';

interface BrowserGlobals {
  navigator?: { hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
  Worker?: new (url: string) => { postMessage(data: unknown): void };
  document?: unknown;
}

const g = globalThis as BrowserGlobals;

export const platform: Platform = {
  cores: () => g.navigator?.hardwareConcurrency ?? 1,
  spawn(source, data) {
    const url = URL.createObjectURL(new Blob([`${source}\nonmessage = (e) => start(e.data);`], { type: 'text/javascript' }));
    new g.Worker!(url).postMessage(data);
  },
  // A window's main thread may not block; a worker may.
  canBlock: g.document === undefined,
  unavailable() {
    if (typeof g.Worker !== 'function') return 'this environment has no Web Workers';
    if (typeof SharedArrayBuffer !== 'function' || g.crossOriginIsolated !== true) {
      return 'the page is not cross-origin isolated (SharedArrayBuffer needs the COOP/COEP headers)';
    }
    return null;
  },
};
