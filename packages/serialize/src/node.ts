// @wick/serialize/node: the same API with node:fs imported explicitly (for Node builds that
// prefer a static import), plus a lazy file source for safetensors.

import * as fs from 'node:fs';
import { fileSource as sourceFor } from './files.js';
import { SafeOpen } from './safetensors/read.js';

export * from './index.js';

/** A random-access reader of a file, for SafeOpen (close it when done). */
export function fileSource(path: string) {
  return sourceFor(fs, path);
}

/** safe_open over a file: reads the header now and each tensor's bytes when asked. */
export function safe_open_file(path: string): SafeOpen {
  return new SafeOpen(sourceFor(fs, path));
}
