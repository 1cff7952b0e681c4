// TransformerEncoder, TransformerDecoder (num_layers copies of one layer, then an optional norm)
// and Transformer (an encoder and a decoder of its own, initialised with xavier_uniform_).
import { type DType, type Device, type PyArgs, type Tensor, type TorchDevice, PY_FUNCTION, ShapeError, declare, full } from '@wick/tensor';
import { canonicalMask } from '../functional/multi-head-attention.js';
import * as init from '../init.js';
import { Module } from '../module.js';
import { deepcopy } from '../module-copy.js';
import { method } from '../signatures.js';
import { ModuleList } from './container.js';
import type { FactoryOptions } from './factory.js';
import { LayerNorm } from './normalization.js';
import { ACTIVATION_DIFFERS, type Activation, TransformerDecoderLayer, TransformerEncoderLayer } from './transformer-layers.js';

/** PyTorch's _get_clones: n deep copies, each with its own copy of the parameters. */
function clones(layer: Module, n: number): ModuleList {
  return new ModuleList(Array.from({ length: n }, () => deepcopy(layer)));
}

/**
 * The layers' is_causal hint. NOTE: PyTorch, given None and a mask, compares the mask with a
 * causal one to decide; that reads values, which wick never does. The hint only chooses how the
 * same mask is applied (scaled_dot_product_attention's causal mask or the given one), so None is
 * taken as False and the given mask is used: the outputs are the same. (What differs is the
 * gradient of a mask that requires grad: PyTorch, having dropped the mask, gives it none.)
 */
const causalHint = (isCausal: boolean | null): boolean => isCausal ?? false;

const encoderSig = {
  init: method('TransformerEncoder.__init__(Module encoder_layer, int num_layers, Module? norm=None, bool enable_nested_tensor=True, '
    + 'bool mask_check=True)'),
  forward: method('TransformerEncoder.forward(Tensor src, Tensor? mask=None, Tensor? src_key_padding_mask=None, bool? is_causal=None)'),
};

export interface TransformerEncoderOptions {
  encoder_layer?: Module;
  num_layers?: number;
  norm?: Module | null;
  enable_nested_tensor?: boolean;
  mask_check?: boolean;
}

/** num_layers copies of encoder_layer applied in turn, then norm. */
export class TransformerEncoder extends Module {
  declare layers: ModuleList;
  declare norm: Module | null;
  readonly num_layers: number;
  /** Only PyTorch's fast path reads these (nested tensors for padded batches); its numbers are the slow path's. */
  readonly enable_nested_tensor: boolean;
  readonly mask_check: boolean;

  constructor(
    ...args: PyArgs<[encoder_layer: Module, num_layers: number, norm?: Module | null, enable_nested_tensor?: boolean, mask_check?: boolean],
      TransformerEncoderOptions>
  ) {
    super();
    const a = encoderSig.init.bind(args);
    this.layers = clones(a.encoder_layer, a.num_layers);
    this.num_layers = a.num_layers;
    this.norm = a.norm;
    this.enable_nested_tensor = a.enable_nested_tensor;
    this.mask_check = a.mask_check;
  }

  override forward(
    ...args: PyArgs<[src: Tensor, mask?: Tensor | null, src_key_padding_mask?: Tensor | null, is_causal?: boolean | null],
      { src?: Tensor; mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean | null }>
  ): Tensor {
    const a = encoderSig.forward.bind(args);
    const src = a.src as Tensor;
    const keyPaddingMask = canonicalMask(a.src_key_padding_mask, 'src_key_padding_mask', src.dtype);
    const mask = canonicalMask(a.mask, 'mask', src.dtype);
    const isCausal = causalHint(a.is_causal);
    let out = src;
    for (const layer of this.layers) out = layer(out, { src_mask: mask, is_causal: isCausal, src_key_padding_mask: keyPaddingMask }) as Tensor;
    return this.norm === null ? out : (this.norm(out) as Tensor);
  }
}

const decoderSig = {
  init: method('TransformerDecoder.__init__(Module decoder_layer, int num_layers, Module? norm=None)'),
  forward: method('TransformerDecoder.forward(Tensor tgt, Tensor memory, Tensor? tgt_mask=None, Tensor? memory_mask=None, '
    + 'Tensor? tgt_key_padding_mask=None, Tensor? memory_key_padding_mask=None, bool? tgt_is_causal=None, bool memory_is_causal=False)'),
};

export interface TransformerDecoderForwardOptions {
  tgt?: Tensor;
  memory?: Tensor;
  tgt_mask?: Tensor | null;
  memory_mask?: Tensor | null;
  tgt_key_padding_mask?: Tensor | null;
  memory_key_padding_mask?: Tensor | null;
  tgt_is_causal?: boolean | null;
  memory_is_causal?: boolean;
}
type DecoderForwardArgs = PyArgs<[tgt: Tensor, memory: Tensor, tgt_mask?: Tensor | null, memory_mask?: Tensor | null,
  tgt_key_padding_mask?: Tensor | null, memory_key_padding_mask?: Tensor | null, tgt_is_causal?: boolean | null,
  memory_is_causal?: boolean], TransformerDecoderForwardOptions>;

/** num_layers copies of decoder_layer applied in turn (each attending to memory), then norm. */
export class TransformerDecoder extends Module {
  declare layers: ModuleList;
  declare norm: Module | null;
  readonly num_layers: number;

  constructor(
    ...args: PyArgs<[decoder_layer: Module, num_layers: number, norm?: Module | null],
      { decoder_layer?: Module; num_layers?: number; norm?: Module | null }>
  ) {
    super();
    const a = decoderSig.init.bind(args);
    this.layers = clones(a.decoder_layer, a.num_layers);
    this.num_layers = a.num_layers;
    this.norm = a.norm;
  }

  override forward(...args: DecoderForwardArgs): Tensor {
    const a = decoderSig.forward.bind(args);
    let out = a.tgt as Tensor;
    const options = {
      tgt_mask: a.tgt_mask, memory_mask: a.memory_mask, tgt_key_padding_mask: a.tgt_key_padding_mask,
      memory_key_padding_mask: a.memory_key_padding_mask, tgt_is_causal: causalHint(a.tgt_is_causal), memory_is_causal: a.memory_is_causal,
    };
    for (const layer of this.layers) out = layer(out, a.memory, options) as Tensor;
    return this.norm === null ? out : (this.norm(out) as Tensor);
  }
}

export interface TransformerOptions extends FactoryOptions {
  d_model?: number;
  nhead?: number;
  num_encoder_layers?: number;
  num_decoder_layers?: number;
  dim_feedforward?: number;
  dropout?: number;
  activation?: Activation;
  custom_encoder?: Module | null;
  custom_decoder?: Module | null;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  bias?: boolean;
}

export interface TransformerForwardOptions {
  src?: Tensor;
  tgt?: Tensor;
  src_mask?: Tensor | null;
  tgt_mask?: Tensor | null;
  memory_mask?: Tensor | null;
  src_key_padding_mask?: Tensor | null;
  tgt_key_padding_mask?: Tensor | null;
  memory_key_padding_mask?: Tensor | null;
  src_is_causal?: boolean | null;
  tgt_is_causal?: boolean | null;
  memory_is_causal?: boolean;
}

const transformerSig = {
  init: method('Transformer.__init__(int d_model=512, int nhead=8, int num_encoder_layers=6, int num_decoder_layers=6, '
    + "int dim_feedforward=2048, float dropout=0.1, str|Callable activation='relu', Module? custom_encoder=None, "
    + 'Module? custom_decoder=None, float layer_norm_eps=1e-05, bool batch_first=False, bool norm_first=False, bool bias=True, '
    + 'Device? device=None, ScalarType? dtype=None)', { differs: ACTIVATION_DIFFERS }),
  forward: method('Transformer.forward(Tensor src, Tensor tgt, Tensor? src_mask=None, Tensor? tgt_mask=None, Tensor? memory_mask=None, '
    + 'Tensor? src_key_padding_mask=None, Tensor? tgt_key_padding_mask=None, Tensor? memory_key_padding_mask=None, '
    + 'bool? src_is_causal=None, bool? tgt_is_causal=None, bool memory_is_causal=False)'),
  squareMask: declare('nn.Transformer.generate_square_subsequent_mask',
    'Transformer.generate_square_subsequent_mask(int sz, Device? device=None, ScalarType? dtype=None)', {
      ...PY_FUNCTION,
      differs: "not in the record, which skips staticmethods; this is PyTorch's Transformer.generate_square_subsequent_mask",
    }),
};

/** An encoder-decoder transformer: encoder(src) is the memory the decoder attends to while it transforms tgt. */
export class Transformer extends Module {
  declare encoder: Module;
  declare decoder: Module;
  readonly d_model: number;
  readonly nhead: number;
  readonly batch_first: boolean;

  constructor(
    ...args: PyArgs<[d_model?: number, nhead?: number, num_encoder_layers?: number, num_decoder_layers?: number, dim_feedforward?: number,
      dropout?: number, activation?: Activation, custom_encoder?: Module | null, custom_decoder?: Module | null, layer_norm_eps?: number,
      batch_first?: boolean, norm_first?: boolean, bias?: boolean, device?: Device | TorchDevice | null, dtype?: DType | null],
      TransformerOptions>
  ) {
    super();
    const a = transformerSig.init.bind(args);
    const factory = { device: a.device, dtype: a.dtype };
    const layerArgs = [a.d_model, a.nhead, a.dim_feedforward, a.dropout, a.activation, a.layer_norm_eps, a.batch_first, a.norm_first,
      a.bias, a.device, a.dtype] as const;
    if (a.custom_encoder !== null) {
      this.encoder = a.custom_encoder;
    } else {
      const layer = new TransformerEncoderLayer(...layerArgs);
      const norm = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...factory });
      this.encoder = new TransformerEncoder(layer, a.num_encoder_layers, norm);
    }
    if (a.custom_decoder !== null) {
      this.decoder = a.custom_decoder;
    } else {
      const layer = new TransformerDecoderLayer(...layerArgs);
      const norm = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...factory });
      this.decoder = new TransformerDecoder(layer, a.num_decoder_layers, norm);
    }
    // PyTorch's _reset_parameters: every matrix (and higher) drawn again, in parameters() order.
    for (const p of this.parameters()) if (p.ndim > 1) init.xavier_uniform_(p);
    this.d_model = a.d_model;
    this.nhead = a.nhead;
    this.batch_first = a.batch_first;
  }

  override forward(
    ...args: PyArgs<[src: Tensor, tgt: Tensor, src_mask?: Tensor | null, tgt_mask?: Tensor | null, memory_mask?: Tensor | null,
      src_key_padding_mask?: Tensor | null, tgt_key_padding_mask?: Tensor | null, memory_key_padding_mask?: Tensor | null,
      src_is_causal?: boolean | null, tgt_is_causal?: boolean | null, memory_is_causal?: boolean], TransformerForwardOptions>
  ): Tensor {
    const a = transformerSig.forward.bind(args);
    const src = a.src as Tensor;
    const tgt = a.tgt as Tensor;
    const batchDim = this.batch_first ? 0 : 1;
    if (src.ndim === 3 && src.size(batchDim) !== tgt.size(batchDim)) throw new ShapeError('the batch number of src and tgt must be equal');
    if (src.size(-1) !== this.d_model || tgt.size(-1) !== this.d_model) {
      throw new ShapeError('the feature number of src and tgt must be equal to d_model');
    }
    const memory = this.encoder(src, { mask: a.src_mask, src_key_padding_mask: a.src_key_padding_mask, is_causal: a.src_is_causal }) as Tensor;
    return this.decoder(tgt, memory, {
      tgt_mask: a.tgt_mask, memory_mask: a.memory_mask, tgt_key_padding_mask: a.tgt_key_padding_mask,
      memory_key_padding_mask: a.memory_key_padding_mask, tgt_is_causal: a.tgt_is_causal, memory_is_causal: a.memory_is_causal,
    }) as Tensor;
  }

  /** A causal mask for sz positions: -inf above the diagonal, 0 elsewhere. */
  static generate_square_subsequent_mask(
    ...args: PyArgs<[sz: number, device?: Device | TorchDevice | null, dtype?: DType | null],
      { sz?: number; device?: Device | TorchDevice | null; dtype?: DType | null }>
  ): Tensor {
    const { sz, device, dtype } = transformerSig.squareMask.bind(args);
    return full([sz, sz], -Infinity, { dtype, device }).triu(1);
  }
}
