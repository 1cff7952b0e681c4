// Initializers whose bytes live outside the model (data_location EXTERNAL): ONNX's external data
// files, named by a path relative to the model's folder. Each tensor's bytes are read on their
// own, so a model of more than 2 GiB never needs one buffer that holds it all.
import { fileSystem } from '#fs';
import { OnnxError } from '../errors.js';

/** Reads `length` bytes at `offset` of the file at `location` (relative to the model's folder). */
export type ExternalReader = (location: string, offset: number, length: number | null, tensor: string) => Uint8Array;

/** A reader for files in `folder`; `location` must stay inside it (ONNX's own rule). */
export function folderReader(folder: string): ExternalReader {
  const fs = fileSystem();
  return (location, offset, length, tensor) => {
    const parts = location.split(/[\\/]/);
    if (location.startsWith('/') || /^[A-Za-z]:/.test(location) || parts.includes('..')) {
      throw new OnnxError(`initializer '${tensor}': its external data location '${location}' leaves the model's folder; ONNX requires a relative path inside it`);
    }
    const path = `${folder.replace(/[\\/]+$/, '')}/${parts.join('/')}`;
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (e) {
      throw new OnnxError(`initializer '${tensor}': cannot open its external data file ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      const size = fs.fstatSync(fd).size;
      const n = length ?? size - offset;
      if (offset < 0 || n < 0 || offset + n > size) {
        throw new OnnxError(`initializer '${tensor}': its external data (offset ${offset}, length ${n}) runs past the end of ${path} (${size} bytes)`);
      }
      const out = new Uint8Array(n);
      for (let done = 0; done < n;) {
        const got = fs.readSync(fd, out, done, n - done, offset + done);
        if (got <= 0) throw new OnnxError(`initializer '${tensor}': ${path} ended after ${offset + done} bytes`);
        done += got;
      }
      return out;
    } finally {
      fs.closeSync(fd);
    }
  };
}

/** The reader for a model given as bytes with no folder: any external tensor is an error. */
export const noExternalData: ExternalReader = (location, _offset, _length, tensor) => {
  throw new OnnxError(
    `initializer '${tensor}' keeps its data in the external file '${location}', and the model was given as bytes: ` +
      "load it from its path, or pass the folder that holds its data files as external_data_dir",
  );
};
