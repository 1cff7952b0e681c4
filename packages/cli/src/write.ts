// Writing an output file in chunks, so that progress can be shown, and whole or not at all: the
// bytes go to a temporary file beside the output, renamed over it only once all are written.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Progress } from './progress.js';
import { human } from './size.js';

const CHUNK = 16 * 2 ** 20;

export function writeFile(path: string, bytes: Uint8Array, progress: Progress): void {
  const partial = `${path}.${process.pid}.partial`;
  const fd = openSync(partial, 'w');
  try {
    try {
      for (let done = 0; done < bytes.length; ) {
        progress.update(() => `writing ${path}: ${human(done)} of ${human(bytes.length)}`);
        done += writeSync(fd, bytes, done, Math.min(CHUNK, bytes.length - done));
      }
    } finally {
      closeSync(fd);
    }
    renameSync(partial, path);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}
