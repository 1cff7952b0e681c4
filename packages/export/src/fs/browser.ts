// `#fs` everywhere but Node (browsers, workers, bundles for them): no file system, a clear error.
import { ExportError } from '../errors.js';
import type { FileSystem } from './types.js';

export function fileSystem(): FileSystem {
  throw new ExportError("reading or writing a file path needs Node.js; in a browser, pass the .pt2 file's bytes (a Uint8Array or ArrayBuffer)");
}
