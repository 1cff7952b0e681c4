// TransformerEncoderLayer and TransformerDecoderLayer: attention and a feed-forward block, each with
// dropout, a residual connection and a LayerNorm (after it, or before it with norm_first). This is
// PyTorch's slow path; its eval-mode fast path (one fused kernel) computes the same function.
import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, ValueError } from '@wick/tensor';
import { gelu, relu } from '../functional/activation.js';
import { canonicalMask } from '../functional/multi-head-attention.js';
import { Module } from '../module.js';
import { method } from '../signatures.js';
import { MultiheadAttention } from './attention.js';
import { Dropout } from './dropout.js';
import type { FactoryOptions } from './factory.js';
import { Linear } from './linear.js';
import { LayerNorm } from './normalization.js';

/** What activation takes: 'relu', 'gelu', or any callable (a function or a module) of one tensor. */
export type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

export interface TransformerLayerOptions extends FactoryOptions {
  d_model?: number;
  nhead?: number;
  dim_feedforward?: number;
  dropout?: number;
  activation?: Activation;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  bias?: boolean;
}

export type TransformerLayerArgs = PyArgs<[d_model: number, nhead: number, dim_feedforward?: number, dropout?: number,
  activation?: Activation, layer_norm_eps?: number, batch_first?: boolean, norm_first?: boolean, bias?: boolean,
  device?: Device | TorchDevice | null, dtype?: DType | null], TransformerLayerOptions>;

export const ACTIVATION_DIFFERS = "PyTorch's activation defaults to the function F.relu; wick's to 'relu', which selects that function";

const layerInit = (name: string) => method(`${name}.__init__(int d_model, int nhead, int dim_feedforward=2048, float dropout=0.1, `
  + "str|Callable activation='relu', float layer_norm_eps=1e-05, bool batch_first=False, bool norm_first=False, bool bias=True, "
  + 'Device? device=None, ScalarType? dtype=None)', { differs: ACTIVATION_DIFFERS });

/** PyTorch's _get_activation_fn for a name; a callable is used as given. */
function activationFn(activation: string | ((x: Tensor) => Tensor)): (x: Tensor) => Tensor {
  if (typeof activation !== 'string') return activation;
  if (activation === 'relu') return relu;
  if (activation === 'gelu') return gelu;
  throw new ValueError(`activation should be relu/gelu, not ${activation}`);
}

const encoderSig = {
  init: layerInit('TransformerEncoderLayer'),
  forward: method('TransformerEncoderLayer.forward(Tensor src, Tensor? src_mask=None, Tensor? src_key_padding_mask=None, '
    + 'bool is_causal=False)'),
};

export interface EncoderLayerForwardOptions {
  src?: Tensor;
  src_mask?: Tensor | null;
  src_key_padding_mask?: Tensor | null;
  is_causal?: boolean;
}

/** Self-attention, then the feed-forward block linear2(dropout(activation(linear1(x)))). */
export class TransformerEncoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare activation: (x: Tensor) => Tensor;
  readonly norm_first: boolean;

  constructor(...args: TransformerLayerArgs) {
    super();
    const a = encoderSig.init.bind(args);
    const factory = { device: a.device, dtype: a.dtype };
    this.self_attn = new MultiheadAttention(a.d_model, a.nhead, { dropout: a.dropout, bias: a.bias, batch_first: a.batch_first, ...factory });
    this.linear1 = new Linear(a.d_model, a.dim_feedforward, a.bias, factory);
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dim_feedforward, a.d_model, a.bias, factory);
    this.norm_first = a.norm_first;
    this.norm1 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...factory });
    this.norm2 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...factory });
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    // A module given as the activation becomes a child (it prints), as in PyTorch.
    this.activation = activationFn(a.activation);
  }

  override forward(...args: PyArgs<[src: Tensor, src_mask?: Tensor | null, src_key_padding_mask?: Tensor | null, is_causal?: boolean],
    EncoderLayerForwardOptions>): Tensor {
    const a = encoderSig.forward.bind(args);
    const src = a.src as Tensor;
    const keyPaddingMask = canonicalMask(a.src_key_padding_mask, 'src_key_padding_mask', src.dtype);
    const mask = canonicalMask(a.src_mask, 'src_mask', src.dtype);
    const isCausal = a.is_causal as boolean;
    let x = src;
    if (this.norm_first) {
      x = x.add(this.selfAttention(this.norm1(x), mask, keyPaddingMask, isCausal));
      return x.add(this.feedForward(this.norm2(x)));
    }
    x = this.norm1(x.add(this.selfAttention(x, mask, keyPaddingMask, isCausal)));
    return this.norm2(x.add(this.feedForward(x)));
  }

  private selfAttention(x: Tensor, mask: Tensor | null, keyPaddingMask: Tensor | null, isCausal: boolean): Tensor {
    const [out] = this.self_attn(x, x, x, { attn_mask: mask, key_padding_mask: keyPaddingMask, need_weights: false, is_causal: isCausal });
    return this.dropout1(out);
  }

  private feedForward(x: Tensor): Tensor {
    return this.dropout2(this.linear2(this.dropout(this.activation(this.linear1(x)))));
  }
}

const decoderSig = {
  init: layerInit('TransformerDecoderLayer'),
  forward: method('TransformerDecoderLayer.forward(Tensor tgt, Tensor memory, Tensor? tgt_mask=None, Tensor? memory_mask=None, '
    + 'Tensor? tgt_key_padding_mask=None, Tensor? memory_key_padding_mask=None, bool tgt_is_causal=False, bool memory_is_causal=False)'),
};

export interface DecoderLayerForwardOptions {
  tgt?: Tensor;
  memory?: Tensor;
  tgt_mask?: Tensor | null;
  memory_mask?: Tensor | null;
  tgt_key_padding_mask?: Tensor | null;
  memory_key_padding_mask?: Tensor | null;
  tgt_is_causal?: boolean;
  memory_is_causal?: boolean;
}

/** Self-attention, attention over the encoder's memory, then the feed-forward block. */
export class TransformerDecoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  declare activation: (x: Tensor) => Tensor;
  readonly norm_first: boolean;

  constructor(...args: TransformerLayerArgs) {
    super();
    const a = decoderSig.init.bind(args);
    const factory = { device: a.device, dtype: a.dtype };
    const attention = { dropout: a.dropout, batch_first: a.batch_first, bias: a.bias, ...factory };
    this.self_attn = new MultiheadAttention(a.d_model, a.nhead, attention);
    this.multihead_attn = new MultiheadAttention(a.d_model, a.nhead, attention);
    this.linear1 = new Linear(a.d_model, a.dim_feedforward, a.bias, factory);
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dim_feedforward, a.d_model, a.bias, factory);
    this.norm_first = a.norm_first;
    this.norm1 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...factory });
    this.norm2 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...factory });
    this.norm3 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...factory });
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    this.dropout3 = new Dropout(a.dropout);
    this.activation = activationFn(a.activation);
  }

  override forward(...args: PyArgs<[tgt: Tensor, memory: Tensor, tgt_mask?: Tensor | null, memory_mask?: Tensor | null,
    tgt_key_padding_mask?: Tensor | null, memory_key_padding_mask?: Tensor | null, tgt_is_causal?: boolean, memory_is_causal?: boolean],
    DecoderLayerForwardOptions>): Tensor {
    const a = decoderSig.forward.bind(args);
    const memory = a.memory as Tensor;
    let x = a.tgt as Tensor;
    if (this.norm_first) {
      x = x.add(this.selfAttention(this.norm1(x), a.tgt_mask, a.tgt_key_padding_mask, a.tgt_is_causal));
      x = x.add(this.memoryAttention(this.norm2(x), memory, a.memory_mask, a.memory_key_padding_mask, a.memory_is_causal));
      return x.add(this.feedForward(this.norm3(x)));
    }
    x = this.norm1(x.add(this.selfAttention(x, a.tgt_mask, a.tgt_key_padding_mask, a.tgt_is_causal)));
    x = this.norm2(x.add(this.memoryAttention(x, memory, a.memory_mask, a.memory_key_padding_mask, a.memory_is_causal)));
    return this.norm3(x.add(this.feedForward(x)));
  }

  private selfAttention(x: Tensor, mask: Tensor | null, keyPaddingMask: Tensor | null, isCausal: boolean): Tensor {
    const [out] = this.self_attn(x, x, x, { attn_mask: mask, key_padding_mask: keyPaddingMask, is_causal: isCausal, need_weights: false });
    return this.dropout1(out);
  }

  private memoryAttention(x: Tensor, memory: Tensor, mask: Tensor | null, keyPaddingMask: Tensor | null, isCausal: boolean): Tensor {
    const [out] = this.multihead_attn(x, memory, memory, {
      attn_mask: mask, key_padding_mask: keyPaddingMask, is_causal: isCausal, need_weights: false,
    });
    return this.dropout2(out);
  }

  private feedForward(x: Tensor): Tensor {
    return this.dropout3(this.linear2(this.dropout(this.activation(this.linear1(x)))));
  }
}
