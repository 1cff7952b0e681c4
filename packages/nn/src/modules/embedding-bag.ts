import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError, declare } from '@wick/tensor';
import { embeddingBagImpl } from '../functional/embedding-bag.js';
import { refuseSparse } from '../functional/sparse.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyFloat } from '../py-repr.js';
import { PY_METHOD, method } from '../signatures.js';
import { type FactoryOptions, emptyParameter, resetEmbedding } from './factory.js';

export interface EmbeddingBagOptions extends FactoryOptions {
  num_embeddings?: number;
  embedding_dim?: number;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  mode?: string;
  sparse?: boolean;
  /** Use this tensor as the weight instead of a freshly initialised one. */
  _weight?: Tensor | null;
  include_last_offset?: boolean;
  padding_idx?: number | null;
}

export interface EmbeddingBagFromPretrainedOptions {
  embeddings?: Tensor;
  freeze?: boolean;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  mode?: string;
  sparse?: boolean;
  include_last_offset?: boolean;
  padding_idx?: number | null;
}

export interface EmbeddingBagForwardOptions {
  input?: Tensor;
  offsets?: Tensor | null;
  per_sample_weights?: Tensor | null;
}

const sig = {
  init: method('EmbeddingBag.__init__(int num_embeddings, int embedding_dim, float? max_norm=None, float norm_type=2.0, '
    + "bool scale_grad_by_freq=False, str mode='mean', bool sparse=False, Tensor? _weight=None, bool include_last_offset=False, "
    + 'int? padding_idx=None, Device? device=None, ScalarType? dtype=None)'),
  resetParameters: method('EmbeddingBag.reset_parameters()'),
  forward: method('EmbeddingBag.forward(Tensor input, Tensor? offsets=None, Tensor? per_sample_weights=None)'),
  extraRepr: method('EmbeddingBag.extra_repr()'),
  fromPretrained: declare('nn.EmbeddingBag.from_pretrained',
    'EmbeddingBag.from_pretrained(Tensor embeddings, bool freeze=True, float? max_norm=None, float norm_type=2.0, '
      + "bool scale_grad_by_freq=False, str mode='mean', bool sparse=False, bool include_last_offset=False, int? padding_idx=None)", {
      ...PY_METHOD,
      differs: 'not in the record, which skips classmethods; this is PyTorch\'s EmbeddingBag.from_pretrained (cls counted as self)',
    }),
};

/**
 * Sums, means or maxima of bags of embeddings without building the [indices, dim] lookup per bag
 * in user code: forward(input, offsets, per_sample_weights) is F.embedding_bag with this module's
 * weight and options. Sparse gradients are not available (wick has no sparse tensors).
 */
export class EmbeddingBag extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly mode: string;
  readonly sparse: boolean;
  readonly include_last_offset: boolean;
  readonly padding_idx: number | null;
  declare weight: Parameter;

  constructor(
    ...args: PyArgs<[num_embeddings: number, embedding_dim: number, max_norm?: number | null, norm_type?: number,
      scale_grad_by_freq?: boolean, mode?: string, sparse?: boolean, _weight?: Tensor | null, include_last_offset?: boolean,
      padding_idx?: number | null, device?: Device | TorchDevice | null, dtype?: DType | null], EmbeddingBagOptions>
  ) {
    super();
    const a = sig.init.bind(args);
    refuseSparse(a.sparse);
    this.num_embeddings = a.num_embeddings;
    this.embedding_dim = a.embedding_dim;
    this.max_norm = a.max_norm;
    this.norm_type = a.norm_type;
    this.scale_grad_by_freq = a.scale_grad_by_freq;
    this.padding_idx = wrapPaddingIdx(a.padding_idx, a.num_embeddings);
    const weight: Tensor | null = a._weight;
    if (weight === null) {
      this.weight = emptyParameter([a.num_embeddings, a.embedding_dim], { device: a.device, dtype: a.dtype });
      this.resetParameters();
    } else {
      if (weight.shape.join(',') !== `${a.num_embeddings},${a.embedding_dim}`) {
        throw new ValueError('Shape of weight does not match num_embeddings and embedding_dim', 'AssertionError');
      }
      this.weight = new Parameter(weight);
    }
    this.mode = a.mode;
    this.sparse = a.sparse;
    this.include_last_offset = a.include_last_offset;
  }

  /** N(0, 1), then the padding row zeroed. */
  reset_parameters(...args: []): void {
    sig.resetParameters.bind(args);
    this.resetParameters();
  }

  private resetParameters(): void {
    resetEmbedding(this.weight, this.padding_idx);
  }

  override forward(...args: PyArgs<[input: Tensor, offsets?: Tensor | null, per_sample_weights?: Tensor | null], EmbeddingBagForwardOptions>): Tensor {
    const { input, offsets, per_sample_weights } = sig.forward.bind(args);
    return embeddingBagImpl(input, this.weight, offsets, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.mode, this.sparse,
      per_sample_weights, this.include_last_offset, this.padding_idx);
  }

  override extra_repr(...args: []): string {
    sig.extraRepr.bind(args);
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    s += `, mode='${this.mode}'`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }

  /** An EmbeddingBag whose weight is `embeddings` (frozen unless freeze is false). */
  static from_pretrained(
    ...args: PyArgs<[embeddings: Tensor, freeze?: boolean, max_norm?: number | null, norm_type?: number, scale_grad_by_freq?: boolean,
      mode?: string, sparse?: boolean, include_last_offset?: boolean, padding_idx?: number | null], EmbeddingBagFromPretrainedOptions>
  ): EmbeddingBag {
    const a = sig.fromPretrained.bind(args);
    const embeddings: Tensor = a.embeddings;
    if (embeddings.ndim !== 2) throw new ValueError('Embeddings parameter is expected to be 2-dimensional', 'AssertionError');
    const [rows, cols] = embeddings.shape as [number, number];
    const bag = new EmbeddingBag({
      num_embeddings: rows, embedding_dim: cols, _weight: embeddings, max_norm: a.max_norm, norm_type: a.norm_type,
      scale_grad_by_freq: a.scale_grad_by_freq, mode: a.mode, sparse: a.sparse, include_last_offset: a.include_last_offset,
      padding_idx: a.padding_idx,
    });
    bag.weight.requires_grad_(!a.freeze);
    return bag;
  }
}

/** A negative padding_idx counts from the end; PyTorch's module asserts it names a row. */
function wrapPaddingIdx(padding_idx: number | null, n: number): number | null {
  if (padding_idx === null) return null;
  if (padding_idx >= n || padding_idx < -n) throw new ValueError('padding_idx must be within num_embeddings', 'AssertionError');
  return padding_idx < 0 ? n + padding_idx : padding_idx;
}
