// Random access to the bytes of a checkpoint: an array in memory, or a file read by positional
// reads (files.ts). The zip and safetensors readers take one of these, so a file on disk is read
// record by record and never has to fit one array.

/** Random access to the bytes of a file. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset`: a view when the source is in memory, a new array from a file. */
  read(offset: number, length: number): Uint8Array;
}

/** A source that holds a resource (an open file) until `close()`; closing twice is harmless. */
export interface ClosableSource extends ByteSource {
  readonly closed: boolean;
  close(): void;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Node >= 20.4 has Symbol.dispose; before, Node used this registered symbol for the same role. */
export const disposeSymbol: typeof Symbol.dispose = (Symbol.dispose ?? Symbol.for('nodejs.dispose')) as typeof Symbol.dispose;
