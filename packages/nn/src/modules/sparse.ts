import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError, declare } from '@wick/tensor';
import { embeddingImpl, refuseSparse } from '../functional/sparse.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyFloat } from '../py-repr.js';
import { PY_METHOD, method } from '../signatures.js';
import { type FactoryOptions, emptyParameter, resetEmbedding } from './factory.js';

export interface EmbeddingOptions extends FactoryOptions {
  num_embeddings?: number;
  embedding_dim?: number;
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
  /** Use this tensor as the weight instead of a freshly initialised one. */
  _weight?: Tensor | null;
  _freeze?: boolean;
}

export interface FromPretrainedOptions {
  embeddings?: Tensor;
  freeze?: boolean;
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}

const sig = {
  init: method('Embedding.__init__(int num_embeddings, int embedding_dim, int? padding_idx=None, float? max_norm=None, '
    + 'float norm_type=2.0, bool scale_grad_by_freq=False, bool sparse=False, Tensor? _weight=None, bool _freeze=False, '
    + 'Device? device=None, ScalarType? dtype=None)'),
  resetParameters: method('Embedding.reset_parameters()'),
  forward: method('Embedding.forward(Tensor input)'),
  extraRepr: method('Embedding.extra_repr()'),
  fromPretrained: declare('nn.Embedding.from_pretrained',
    'Embedding.from_pretrained(Tensor embeddings, bool freeze=True, int? padding_idx=None, float? max_norm=None, '
      + 'float norm_type=2.0, bool scale_grad_by_freq=False, bool sparse=False)', {
      ...PY_METHOD,
      differs: 'not in the record, which skips classmethods; this is PyTorch\'s Embedding.from_pretrained (cls counted as self)',
    }),
};

/**
 * A lookup table: row i of weight is the embedding of index i. With max_norm, rows looked up are
 * renormalised in place to at most that norm (PyTorch's embedding_renorm_); sparse gradients are
 * not available (wick has no sparse tensors), so sparse=True is refused.
 */
export class Embedding extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly sparse: boolean;
  declare weight: Parameter;

  constructor(
    ...args: PyArgs<[num_embeddings: number, embedding_dim: number, padding_idx?: number | null, max_norm?: number | null,
      norm_type?: number, scale_grad_by_freq?: boolean, sparse?: boolean, _weight?: Tensor | null, _freeze?: boolean,
      device?: Device | TorchDevice | null, dtype?: DType | null], EmbeddingOptions>
  ) {
    super();
    const a = sig.init.bind(args);
    refuseSparse(a.sparse);
    this.num_embeddings = a.num_embeddings;
    this.embedding_dim = a.embedding_dim;
    this.padding_idx = normalizePaddingIdx(a.padding_idx, a.num_embeddings);
    this.max_norm = a.max_norm;
    this.norm_type = a.norm_type;
    this.scale_grad_by_freq = a.scale_grad_by_freq;
    this.sparse = a.sparse;
    const weight: Tensor | null = a._weight;
    if (weight !== null) {
      if (weight.shape.join(',') !== `${a.num_embeddings},${a.embedding_dim}`) {
        throw new ValueError('Shape of weight does not match num_embeddings and embedding_dim', 'AssertionError');
      }
      this.weight = new Parameter(weight, !a._freeze);
    } else {
      this.weight = emptyParameter([a.num_embeddings, a.embedding_dim], { device: a.device, dtype: a.dtype });
      if (a._freeze) this.weight.requires_grad_(false);
      this.resetParameters();
    }
  }

  /** N(0, 1), then the padding row zeroed. */
  reset_parameters(...args: []): void {
    sig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    resetEmbedding(this.weight, this.padding_idx);
  }

  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    const { input } = sig.forward.bind(args);
    return embeddingImpl(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.sparse);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }

  /** An Embedding whose weight is `embeddings` (frozen unless freeze is false). */
  static from_pretrained(
    ...args: PyArgs<[embeddings: Tensor, freeze?: boolean, padding_idx?: number | null, max_norm?: number | null, norm_type?: number,
      scale_grad_by_freq?: boolean, sparse?: boolean], FromPretrainedOptions>
  ): Embedding {
    const { embeddings, freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse } = sig.fromPretrained.bind(args);
    if (embeddings.ndim !== 2) throw new ValueError('Embeddings parameter is expected to be 2-dimensional', 'AssertionError');
    const [rows, cols] = embeddings.shape as [number, number];
    return new Embedding({
      num_embeddings: rows, embedding_dim: cols, _weight: embeddings, _freeze: freeze, padding_idx, max_norm, norm_type,
      scale_grad_by_freq, sparse,
    });
  }
}

function normalizePaddingIdx(padding_idx: number | null, n: number): number | null {
  if (padding_idx === null) return null;
  if (padding_idx > 0 && padding_idx >= n) throw new ValueError('Padding_idx must be within num_embeddings', 'AssertionError');
  if (padding_idx < 0 && padding_idx < -n) throw new ValueError('Padding_idx must be within num_embeddings', 'AssertionError');
  return padding_idx < 0 ? n + padding_idx : padding_idx;
}
