// Attention and transformers: their call forms (positional, by name, mixed give the same module and
// the same numbers), dropout drawn as F.dropout draws it, activations given as callables, the layer
// copies of TransformerEncoder/Decoder, and wrong calls refused with PyTorch 2.13's messages
// (recorded by running each call in PyTorch). Values against PyTorch are in
// fixtures/nn/attention.msgpack (fixtures.test.ts, gradients.test.ts).
import { install } from '@wick/autograd';
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { callUntyped as call, constructUntyped as make } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

const F = nn.functional;
const values = (t: Tensor | null): unknown => t!.tolist();

beforeAll(() => install());

describe('scaled_dot_product_attention', () => {
  torch.manual_seed(0);
  const q = torch.randn(2, 3, 4, 8);
  const k = torch.randn(2, 3, 5, 8);
  const v = torch.randn(2, 3, 5, 6);
  const mask = torch.rand(4, 5).gt(0.3);

  it('positionally, by name and mixed: the same result', () => {
    const a = F.scaled_dot_product_attention(q, k, v, mask, 0, false, { scale: 0.4 });
    const b = F.scaled_dot_product_attention({ query: q, key: k, value: v, attn_mask: mask, scale: 0.4 });
    const c = F.scaled_dot_product_attention(q, k, { value: v, attn_mask: mask, dropout_p: 0, scale: 0.4 });
    expect(values(b)).toEqual(values(a));
    expect(values(c)).toEqual(values(a));
  });

  it('is_causal is the lower-triangular bool mask', () => {
    const tril = torch.ones([4, 5], { dtype: 'bool' }).tril();
    expect(values(F.scaled_dot_product_attention(q, k, v, { is_causal: true }))).toEqual(values(F.scaled_dot_product_attention(q, k, v, tril)));
  });

  it('dropout_p > 0 drops attention weights as F.dropout does, drawing from the global generator', () => {
    torch.manual_seed(5);
    const dropped = F.scaled_dot_product_attention(q, k, v, null, 0.4);
    // The same computation by hand: scores, softmax, F.dropout with the same draws, then v.
    const factor = Math.sqrt(1 / Math.sqrt(8));
    const weights = q.mul(factor).matmul(k.transpose(-2, -1).mul(factor)).softmax(-1);
    torch.manual_seed(5);
    const expected = F.dropout(weights, 0.4).matmul(v);
    expect(values(dropped)).toEqual(values(expected));
    expect(values(dropped)).not.toEqual(values(F.scaled_dot_product_attention(q, k, v)));
  });

  it('wrong calls', () => {
    expect(() => call(F.scaled_dot_product_attention, q, k)).toThrow('scaled_dot_product_attention() missing 1 required positional arguments: "value"');
    expect(() => call(F.scaled_dot_product_attention, q, k, v, { dropout_p: 'a' }))
      .toThrow("scaled_dot_product_attention(): argument 'dropout_p' must be float, not str");
  });
});

describe('MultiheadAttention', () => {
  it('built positionally and by name: the same module, the same numbers', () => {
    torch.manual_seed(1);
    const a = new nn.MultiheadAttention(8, 2, 0, true, true, false, 6, 4, true);
    torch.manual_seed(1);
    const b = new nn.MultiheadAttention({ embed_dim: 8, num_heads: 2, add_bias_kv: true, kdim: 6, vdim: 4, batch_first: true });
    expect([...a.state_dict().keys()]).toEqual([
      'q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'in_proj_bias', 'bias_k', 'bias_v', 'out_proj.weight', 'out_proj.bias',
    ]);
    for (const [key, t] of a.state_dict()) expect(values(t), key).toEqual(values(b.state_dict().get(key)!));
    const [q, k, v] = [torch.randn(2, 4, 8), torch.randn(2, 5, 6), torch.randn(2, 5, 4)];
    const pad = torch.tensor([[false, false, true, false, false], [false, false, false, false, true]]);
    const [outA, wA] = a(q, k, v, pad, true, null, false);
    const [outB, wB] = b.forward({ query: q, key: k, value: v, key_padding_mask: pad, average_attn_weights: false });
    expect(values(outB)).toEqual(values(outA));
    expect(values(wB)).toEqual(values(wA));
    expect(wA!.shape).toEqual([2, 2, 4, 6]);
    expect(a(q, k, v, { need_weights: false })[1]).toBeNull();
  });

  it('no bias_k/bias_v parameters without add_bias_kv (plain None attributes, as in PyTorch)', () => {
    const m = new nn.MultiheadAttention(8, 2);
    expect(m.bias_k).toBeNull();
    expect([...m.state_dict().keys()]).toEqual(['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
  });

  it('dropout only in training mode', () => {
    const m = new nn.MultiheadAttention(8, 2, 0.5).eval();
    const x = torch.randn(3, 2, 8);
    const [evalOut] = m(x, x, x);
    const [plain] = new nn.MultiheadAttention(8, 2).eval()(x, x, x);
    expect(evalOut.shape).toEqual(plain.shape);
    m.train();
    const [first] = m(x, x, x);
    const [second] = m(x, x, x);
    expect(values(first)).not.toEqual(values(second));
  });

  it('wrong calls', () => {
    expect(() => make(nn.MultiheadAttention, 8)).toThrow("MultiheadAttention.__init__() missing 1 required positional argument: 'num_heads'");
    const m = new nn.MultiheadAttention(8, 2);
    const x = torch.zeros(4, 2, 8);
    expect(() => call(m, x, x)).toThrow("MultiheadAttention.forward() missing 1 required positional argument: 'value'");
    expect(() => call(m, x, x, x, null, true, null, true, false, 1))
      .toThrow('MultiheadAttention.forward() takes from 4 to 9 positional arguments but 10 were given');
    expect(() => call(F.multi_head_attention_forward, x, x, x, 8, 2)).toThrow(
      "multi_head_attention_forward() missing 8 required positional arguments: 'in_proj_weight', 'in_proj_bias', 'bias_k', 'bias_v', "
        + "'add_zero_attn', 'dropout_p', 'out_proj_weight', and 'out_proj_bias'",
    );
  });
});

describe('transformer layers and stacks', () => {
  it('built positionally and by name: the same layer', () => {
    torch.manual_seed(2);
    const a = new nn.TransformerDecoderLayer(8, 2, 16, 0, 'gelu', 1e-3, true, true, false);
    torch.manual_seed(2);
    const b = new nn.TransformerDecoderLayer({
      d_model: 8, nhead: 2, dim_feedforward: 16, dropout: 0, activation: 'gelu', layer_norm_eps: 1e-3, batch_first: true,
      norm_first: true, bias: false,
    });
    expect(String(b)).toBe(String(a));
    const [tgt, memory] = [torch.randn(2, 3, 8), torch.randn(2, 5, 8)];
    const mask = nn.Transformer.generate_square_subsequent_mask(3);
    expect(values(b(tgt, memory, { tgt_mask: mask }))).toEqual(values(a(tgt, memory, mask)));
  });

  it('an activation given as a function or a module computes the same; a module is a child, as in PyTorch', () => {
    torch.manual_seed(3);
    const named = new nn.TransformerEncoderLayer(8, 2, 16, 0, 'gelu');
    torch.manual_seed(3);
    const fn = new nn.TransformerEncoderLayer(8, 2, 16, 0, F.gelu);
    torch.manual_seed(3);
    const module = new nn.TransformerEncoderLayer(8, 2, 16, 0, new nn.GELU());
    const x = torch.randn(4, 2, 8);
    expect(values(fn(x))).toEqual(values(named(x)));
    expect(values(module(x))).toEqual(values(named(x)));
    expect(String(module).endsWith("  (activation): GELU(approximate='none')\n)")).toBe(true);
  });

  it('TransformerEncoder copies its layer without drawing: equal, separate parameters', () => {
    torch.manual_seed(4);
    const layer = new nn.TransformerEncoderLayer(8, 2, 16, 0);
    const next = torch.rand(3);
    torch.manual_seed(4);
    const again = new nn.TransformerEncoderLayer(8, 2, 16, 0);
    // LayerNorm draws nothing either: the next numbers are those that followed the layer alone.
    const encoder = new nn.TransformerEncoder(again, 2, new nn.LayerNorm(8));
    expect(values(torch.rand(3))).toEqual(values(next));
    const encoder2 = new nn.TransformerEncoder({ encoder_layer: layer, num_layers: 1 });
    const keys = [...encoder.state_dict().keys()];
    expect(keys.filter((key) => key.startsWith('layers.1.'))).toHaveLength(keys.filter((key) => key.startsWith('layers.0.')).length);
    expect(keys.at(-1)).toBe('norm.bias');
    const first = encoder.layers.at(0) as nn.TransformerEncoderLayer;
    const second = encoder.layers.at(1) as nn.TransformerEncoderLayer;
    expect(values(second.linear1.weight)).toEqual(values(layer.linear1.weight));
    expect(first.linear1.weight).not.toBe(second.linear1.weight);
    first.linear1.weight.data.fill_(0);
    expect(values(second.linear1.weight)).toEqual(values(layer.linear1.weight));
    expect(encoder2.norm).toBeNull();
  });

  it('generate_square_subsequent_mask: -inf above the diagonal, 0 elsewhere', () => {
    expect(values(nn.Transformer.generate_square_subsequent_mask(3))).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    expect(nn.Transformer.generate_square_subsequent_mask({ sz: 2, dtype: 'float64' }).dtype).toBe('float64');
  });

  it('wrong calls', () => {
    expect(() => make(nn.TransformerEncoder, new nn.TransformerEncoderLayer(8, 2, 16)))
      .toThrow("TransformerEncoder.__init__() missing 1 required positional argument: 'num_layers'");
    expect(() => call(nn.Transformer.generate_square_subsequent_mask))
      .toThrow("Transformer.generate_square_subsequent_mask() missing 1 required positional argument: 'sz'");
  });
});
