// File paths (Node): whole files and positional reads through `#fs`, which package.json maps to
// node:fs under the "node" condition and to a module that throws a clear error elsewhere, so the
// default entry stays browser-safe and works on every Node the engines field admits.

import { fileSystem } from '#fs';
import { CheckpointError } from './errors.js';
import type { ClosableSource } from './source.js';

// NOTE: one readSync may not ask for more than 2^31 - 1 bytes (ERR_OUT_OF_RANGE): big records
// are read in chunks into one array.
const CHUNK = 1 << 29;
/** The longest Uint8Array V8 makes (Node 20: 2^32 elements). */
const MAX_ARRAY = 2 ** 32;

// A file left open by a source nobody closes (a lazy checkpoint dropped unread) is closed when
// the source is garbage collected.
const orphans = new FinalizationRegistry<() => void>((close) => close());

/** A positional reader over a file; the descriptor is held until `close()`. */
export function openFile(path: string): ClosableSource {
  const fs = fileSystem();
  const fd = fs.openSync(path, 'r');
  let open = true;
  const token = {};
  const closeFd = (): void => {
    if (!open) return;
    open = false;
    fs.closeSync(fd);
  };
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
  } catch (e) {
    closeFd();
    throw e;
  }
  const source: ClosableSource = {
    size,
    get closed() {
      return !open;
    },
    read(offset, length) {
      if (!open) throw new CheckpointError(`${path} was closed before all of it was read`);
      if (length > MAX_ARRAY) {
        throw new CheckpointError(`a record of ${length} bytes in ${path} is larger than the largest array JavaScript makes here (2^32 bytes)`);
      }
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, out, done, Math.min(CHUNK, length - done), offset + done);
        if (n <= 0) throw new CheckpointError(`unexpected end of file ${path} at byte ${offset + done}: the file is shorter than its records say`);
        done += n;
      }
      return out;
    },
    close() {
      orphans.unregister(token);
      closeFd();
    },
  };
  // NOTE: no closure here may name `source`: closeFd's scope would then keep it alive forever.
  orphans.register(source, closeFd, token);
  return source;
}

/** The whole file in one array (read in chunks, so files over 2 GiB work up to 2^32 bytes). */
export function readFile(path: string): Uint8Array {
  const file = openFile(path);
  try {
    return file.read(0, file.size);
  } finally {
    file.close();
  }
}

export function writeFile(path: string, bytes: Uint8Array): void {
  fileSystem().writeFileSync(path, bytes);
}
