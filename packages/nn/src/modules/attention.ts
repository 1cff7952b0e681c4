import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError } from '@wick/tensor';
import { canonicalMask, mhaForward } from '../functional/multi-head-attention.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { method } from '../signatures.js';
import { type FactoryOptions, emptyParameter } from './factory.js';
import { Linear } from './linear.js';

/**
 * MultiheadAttention's output projection: a Linear under another name, so that PyTorch's dynamic
 * quantization leaves it alone; it prints as NonDynamicallyQuantizableLinear.
 */
export class NonDynamicallyQuantizableLinear extends Linear {}

export interface MultiheadAttentionOptions extends FactoryOptions {
  embed_dim?: number;
  num_heads?: number;
  dropout?: number;
  bias?: boolean;
  add_bias_kv?: boolean;
  add_zero_attn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batch_first?: boolean;
}

export interface MultiheadAttentionForwardOptions {
  query?: Tensor;
  key?: Tensor;
  value?: Tensor;
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  attn_mask?: Tensor | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

const sig = {
  init: method('MultiheadAttention.__init__(int embed_dim, int num_heads, float dropout=0.0, bool bias=True, bool add_bias_kv=False, '
    + 'bool add_zero_attn=False, int? kdim=None, int? vdim=None, bool batch_first=False, Device? device=None, ScalarType? dtype=None)'),
  forward: method('MultiheadAttention.forward(Tensor query, Tensor key, Tensor value, Tensor? key_padding_mask=None, '
    + 'bool need_weights=True, Tensor? attn_mask=None, bool average_attn_weights=True, bool is_causal=False)'),
};

/**
 * Attention over num_heads heads of embed_dim / num_heads features each, with input projections
 * (packed in in_proj_weight, or q/k/v_proj_weight when key or value have other sizes) and an output
 * projection. forward returns [output, weights averaged over heads or per head, or null].
 */
export class MultiheadAttention extends Module {
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  readonly embed_dim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly _qkv_same_embed_dim: boolean;
  readonly num_heads: number;
  readonly dropout: number;
  readonly batch_first: boolean;
  readonly head_dim: number;
  readonly add_zero_attn: boolean;

  constructor(
    ...args: PyArgs<[embed_dim: number, num_heads: number, dropout?: number, bias?: boolean, add_bias_kv?: boolean,
      add_zero_attn?: boolean, kdim?: number | null, vdim?: number | null, batch_first?: boolean, device?: Device | TorchDevice | null,
      dtype?: DType | null], MultiheadAttentionOptions>
  ) {
    super();
    const a = sig.init.bind(args);
    const { embed_dim: embedDim, num_heads: heads, device, dtype } = a;
    if (embedDim <= 0 || heads <= 0) {
      throw new ValueError(`embed_dim and num_heads must be greater than 0, got embed_dim=${embedDim} and num_heads=${heads} instead`,
        'ValueError');
    }
    const factory = { device, dtype };
    this.embed_dim = embedDim;
    this.kdim = a.kdim ?? embedDim;
    this.vdim = a.vdim ?? embedDim;
    this._qkv_same_embed_dim = this.kdim === embedDim && this.vdim === embedDim;
    this.num_heads = heads;
    this.dropout = a.dropout;
    this.batch_first = a.batch_first;
    this.head_dim = Math.trunc(embedDim / heads);
    if (this.head_dim * heads !== embedDim) throw new ValueError('embed_dim must be divisible by num_heads', 'AssertionError');
    if (this._qkv_same_embed_dim) {
      this.in_proj_weight = emptyParameter([3 * embedDim, embedDim], factory);
      this.register_parameter('q_proj_weight', null);
      this.register_parameter('k_proj_weight', null);
      this.register_parameter('v_proj_weight', null);
    } else {
      this.q_proj_weight = emptyParameter([embedDim, embedDim], factory);
      this.k_proj_weight = emptyParameter([embedDim, this.kdim], factory);
      this.v_proj_weight = emptyParameter([embedDim, this.vdim], factory);
      this.register_parameter('in_proj_weight', null);
    }
    if (a.bias) this.in_proj_bias = emptyParameter([3 * embedDim], factory);
    else this.register_parameter('in_proj_bias', null);
    // Linear's own initialisation draws here, before _reset_parameters, as in PyTorch.
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, a.bias, factory);
    if (a.add_bias_kv) {
      this.bias_k = emptyParameter([1, 1, embedDim], factory);
      this.bias_v = emptyParameter([1, 1, embedDim], factory);
    } else {
      // Plain attributes in PyTorch (not registered parameters), so absent from named_parameters.
      this.bias_k = null;
      this.bias_v = null;
    }
    this.add_zero_attn = a.add_zero_attn;
    this.resetParameters();
  }

  /** PyTorch's _reset_parameters: xavier_uniform_ projections, zero biases, xavier_normal_ bias_k/bias_v. */
  private resetParameters(): void {
    if (this._qkv_same_embed_dim) {
      init.xavier_uniform_(this.in_proj_weight!);
    } else {
      init.xavier_uniform_(this.q_proj_weight!);
      init.xavier_uniform_(this.k_proj_weight!);
      init.xavier_uniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0);
      init.constant_(this.out_proj.bias!, 0);
    }
    if (this.bias_k !== null) init.xavier_normal_(this.bias_k);
    if (this.bias_v !== null) init.xavier_normal_(this.bias_v);
  }

  override forward(
    ...args: PyArgs<[query: Tensor, key: Tensor, value: Tensor, key_padding_mask?: Tensor | null, need_weights?: boolean,
      attn_mask?: Tensor | null, average_attn_weights?: boolean, is_causal?: boolean], MultiheadAttentionForwardOptions>
  ): [Tensor, Tensor | null] {
    const a = sig.forward.bind(args);
    let { query, key, value } = a as { query: Tensor; key: Tensor; value: Tensor };
    const batched = query.ndim === 3;
    // Checked here as PyTorch's forward does, before the functional form checks them again.
    const keyPaddingMask = canonicalMask(a.key_padding_mask, 'key_padding_mask', query.dtype);
    const attnMask = canonicalMask(a.attn_mask, 'attn_mask', query.dtype);
    // NOTE: transposed once and shared, so that the functional form still sees which of query,
    // key and value are the same tensor (and projects them together, as PyTorch does).
    if (this.batch_first && batched) {
      if (key === value) {
        if (query === key) {
          query = query.transpose(1, 0);
          key = value = query;
        } else {
          query = query.transpose(1, 0);
          key = value = key.transpose(1, 0);
        }
      } else {
        [query, key, value] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
      }
    }
    const [out, weights] = mhaForward({
      query, key, value, embed_dim_to_check: this.embed_dim, num_heads: this.num_heads, in_proj_weight: this.in_proj_weight,
      in_proj_bias: this.in_proj_bias, bias_k: this.bias_k, bias_v: this.bias_v, add_zero_attn: this.add_zero_attn,
      dropout_p: this.dropout, out_proj_weight: this.out_proj.weight, out_proj_bias: this.out_proj.bias, training: this.training,
      key_padding_mask: keyPaddingMask, need_weights: a.need_weights, attn_mask: attnMask,
      use_separate_proj_weight: !this._qkv_same_embed_dim, q_proj_weight: this.q_proj_weight, k_proj_weight: this.k_proj_weight,
      v_proj_weight: this.v_proj_weight, static_k: null, static_v: null, average_attn_weights: a.average_attn_weights,
      is_causal: a.is_causal,
    });
    return [this.batch_first && batched ? out.transpose(1, 0) : out, weights];
  }
}
