import type { Tensor, nn } from '@wick/torch';

/** transformers' GPT2Config fields the model reads (config.json). */
export interface Gpt2Config {
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  n_inner?: number | null;
  layer_norm_epsilon: number;
  attn_pdrop: number;
  resid_pdrop: number;
  embd_pdrop: number;
}

/** A GPT2LMHeadModel in eval mode from config.json's object and model.safetensors' bytes (strict load). */
export function loadGpt2(config: Gpt2Config, safetensorsBytes: Uint8Array): nn.Module & ((ids: Tensor) => Tensor);

/** `steps` tokens after `ids` ([1, seq] int64), each the argmax of the last position's logits. */
export function greedy(model: (ids: Tensor) => Tensor, ids: Tensor, steps: number): number[];
