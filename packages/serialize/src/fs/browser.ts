// `#fs` everywhere but Node (browsers, workers, bundles for them): no file system, a clear error.
import { CheckpointError } from '../errors.js';
import type { FileSystem } from './types.js';

export function fileSystem(): FileSystem {
  throw new CheckpointError("reading or writing a file path needs Node.js; in a browser, pass the file's bytes (a Uint8Array or ArrayBuffer)");
}
