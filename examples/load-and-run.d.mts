import type { Tensor } from '@wick/torch';

export interface LoadAndRunOptions {
  prompt?: string;
  /** How many characters to generate greedily after the prompt. */
  steps?: number;
  log?: (line: string) => void;
}

/** Loads fixtures/demo/char_gru.pt into torch.nn modules and runs it on a prompt. */
export function main(options?: LoadAndRunOptions): { logits: Tensor; text: string };
