import type { Tensor } from '@wick/torch';

export interface BertOptions {
  log?: (line: string) => void;
}

/**
 * Loads fixtures/models/bert/ (transformers' config.json and model.safetensors) into torch.nn
 * modules and runs the recorded padded batch: last_hidden_state ([batch, seq, hidden]),
 * pooler_output ([batch, hidden]) and the worst absolute error of each against PyTorch's.
 */
export function main(options?: BertOptions): {
  hidden: Tensor;
  pooled: Tensor;
  worst: { last_hidden_state: number; pooler_output: number };
};
