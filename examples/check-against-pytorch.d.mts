import type { Agreement } from '@wick/testing';

export interface CheckAgainstPytorchOptions {
  /** A msgpack recording in the nn module-case format; default: GRU cases of fixtures/nn/rnn.msgpack. */
  file?: string;
  /** The cases to check; default: every module case of `file`, or three GRU cases of the repository's recording. */
  names?: string[];
  log?: (line: string) => void;
}

/** Runs each recorded module case in wick and compares its outputs with PyTorch's. */
export function main(options?: CheckAgainstPytorchOptions): (Agreement & { name: string })[];
