// @wick/serialize/node: the same API, plus a lazy file source for safetensors. (The default
// entry reads paths too: `#fs` resolves to node:fs under Node.)

import { openFile } from './files.js';
import { SafeOpen } from './safetensors/read.js';
import type { ClosableSource } from './source.js';

export * from './index.js';
export type { ClosableSource } from './source.js';

/** A random-access reader of a file, for SafeOpen (close it when done). */
export function fileSource(path: string): ClosableSource {
  return openFile(path);
}

/** safe_open over a file: reads the header now and each tensor's bytes when asked; close() releases the file. */
export function safe_open_file(path: string): SafeOpen {
  return new SafeOpen(openFile(path));
}
