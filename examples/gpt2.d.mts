import type { Tensor } from '@wick/torch';

export interface Gpt2Options {
  log?: (line: string) => void;
}

/**
 * Loads fixtures/models/gpt2/ (transformers' config.json and model.safetensors) into torch.nn
 * modules and runs the recorded prompt: its logits ([1, seq, vocab]), the greedy tokens after it
 * (as many as PyTorch generated) and the worst absolute logit error against PyTorch's.
 */
export function main(options?: Gpt2Options): { logits: Tensor; tokens: number[]; worst: number };
