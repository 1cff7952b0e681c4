// File paths without a static Node import: the default entry stays browser-safe, yet
// torch.load(path) works synchronously in Node (>= 20.16) through process.getBuiltinModule.
// The `@wick/serialize/node` entry passes node:fs in explicitly instead.

import { CheckpointError } from './errors.js';
import type { ByteSource } from './safetensors/read.js';

/** The parts of node:fs used here. */
export interface FileSystem {
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
  openSync(path: string, flags: string): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  fstatSync(fd: number): { size: number };
  closeSync(fd: number): void;
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}

/** node:fs when running in Node, else a clear error naming what to do instead. */
export function builtinFs(): FileSystem {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as FileSystem | undefined;
  if (!fs) {
    throw new CheckpointError('reading or writing a file path needs Node.js (>= 20.16); in a browser, pass the file\'s bytes (a Uint8Array or ArrayBuffer)');
  }
  return fs;
}

/**
 * A ByteSource reading a file on demand (positioned reads), for lazy safetensors access. The
 * file stays open until `close()`.
 */
export function fileSource(fs: FileSystem, path: string): ByteSource & { close(): void } {
  const fd = fs.openSync(path, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, out, done, length - done, offset + done);
        if (n <= 0) throw new CheckpointError(`unexpected end of file ${path} at byte ${offset + done}`);
        done += n;
      }
      return out;
    },
    close: () => fs.closeSync(fd),
  };
}
