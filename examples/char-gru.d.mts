export interface CharGruOptions {
  steps?: number;
  seqLen?: number;
  batch?: number;
  log?: (line: string) => void;
}

/** Trains the character-level GRU and returns the loss at every step and a generated sample. */
export function main(options?: CharGruOptions): { losses: number[]; sample: string };
