import { no_grad } from '@wick/autograd';
import { type Tensor, ValueError } from '@wick/tensor';
import { embedding } from '../functional/sparse.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type FactoryOptions, emptyParameter } from './factory.js';

export interface EmbeddingOptions extends FactoryOptions {
  padding_idx?: number | null;
  /** Use this tensor as the weight instead of a freshly initialised one. */
  _weight?: Tensor | null;
  _freeze?: boolean;
}

/** A lookup table: row i of weight is the embedding of index i. */
export class Embedding extends Module {
  readonly padding_idx: number | null;
  declare weight: Parameter;

  constructor(readonly num_embeddings: number, readonly embedding_dim: number, opts: EmbeddingOptions = {}) {
    super();
    this.padding_idx = normalizePaddingIdx(opts.padding_idx ?? null, num_embeddings);
    if (opts._weight) {
      if (opts._weight.shape.join(',') !== `${num_embeddings},${embedding_dim}`) {
        throw new ValueError('Shape of weight does not match num_embeddings and embedding_dim', 'AssertionError');
      }
      this.weight = new Parameter(opts._weight, !(opts._freeze ?? false));
    } else {
      this.weight = emptyParameter([num_embeddings, embedding_dim], opts);
      this.reset_parameters();
    }
  }

  /** N(0, 1), then the padding row zeroed. */
  reset_parameters(): void {
    init.normal_(this.weight);
    const padding = this.padding_idx;
    if (padding !== null) no_grad(() => this.weight.select(0, padding).fill_(0));
  }

  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, this.padding_idx);
  }

  override extra_repr(): string {
    const pad = this.padding_idx === null ? '' : `, padding_idx=${this.padding_idx}`;
    return `${this.num_embeddings}, ${this.embedding_dim}${pad}`;
  }

  /** An Embedding whose weight is `embeddings` (frozen unless freeze is false). */
  static from_pretrained(embeddings: Tensor, opts: { freeze?: boolean; padding_idx?: number | null } = {}): Embedding {
    if (embeddings.ndim !== 2) throw new ValueError('Embeddings parameter is expected to be 2-dimensional', 'AssertionError');
    const [rows, cols] = embeddings.shape as [number, number];
    return new Embedding(rows, cols, { _weight: embeddings, _freeze: opts.freeze ?? true, padding_idx: opts.padding_idx ?? null });
  }
}

function normalizePaddingIdx(padding_idx: number | null, n: number): number | null {
  if (padding_idx === null) return null;
  if (padding_idx > 0 && padding_idx >= n) throw new ValueError('Padding_idx must be within num_embeddings', 'AssertionError');
  if (padding_idx < 0 && padding_idx < -n) throw new ValueError('Padding_idx must be within num_embeddings', 'AssertionError');
  return padding_idx < 0 ? n + padding_idx : padding_idx;
}
