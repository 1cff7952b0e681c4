import { type Tensor, ValueError, embedding as embeddingOp } from '@wick/tensor';

/** F.embedding(input, weight, padding_idx): rows of weight named by the integer input. */
export function embedding(input: Tensor, weight: Tensor, padding_idx: number | null = null): Tensor {
  // PyTorch's F.embedding checks padding_idx and wraps a negative one; torch.embedding takes -1 for none.
  let pad = -1;
  if (padding_idx !== null) {
    const n = weight.size(0);
    if (padding_idx > 0 && padding_idx >= n) throw new ValueError('Padding_idx must be within num_embeddings', 'AssertionError');
    if (padding_idx < 0 && padding_idx < -n) throw new ValueError('Padding_idx must be within num_embeddings', 'AssertionError');
    pad = padding_idx < 0 ? padding_idx + n : padding_idx;
  }
  return embeddingOp(weight, input, pad);
}
