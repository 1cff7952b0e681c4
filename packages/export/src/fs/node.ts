// `#fs` under the "node" condition: node:fs, imported statically (works on every Node >= 20.0).
import * as fs from 'node:fs';
import type { FileSystem } from './types.js';

export function fileSystem(): FileSystem {
  return fs;
}
