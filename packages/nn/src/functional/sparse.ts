import { Tensor, embedding as embeddingOp } from '@wick/tensor';

/** F.embedding(input, weight, padding_idx): rows of weight named by the integer input. */
export function embedding(input: Tensor, weight: Tensor, padding_idx: number | null = null): Tensor {
  return embeddingOp(input, weight, padding_idx);
}
