// Behaviour the forward fixtures cannot show: training-mode randomness (compared with PyTorch's
// values for the same seed), packing round trips, PackedSequence's tuple form, and the argument
// checks of init, dropout and Embedding. Expected numbers and messages are PyTorch 2.13's.
import * as torch from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

const F = nn.functional;
const { pack_padded_sequence, pad_packed_sequence, PackedSequence } = nn.utils.rnn;

describe('dropout', () => {
  it('draws PyTorch mask after manual_seed', () => {
    // torch.manual_seed(0); F.dropout(torch.ones(4, 5), 0.4)
    torch.manual_seed(0);
    const k = 1.6666666269302368;
    expect(F.dropout(torch.ones(4, 5), 0.4).tolist()).toEqual([
      [0, 0, k, 0, 0], [0, k, k, k, k], [k, k, k, 0, k], [k, k, k, 0, 0],
    ]);
  });

  it('is the identity in eval mode and for p = 0; zeroes everything for p = 1', () => {
    const x = torch.randn(3, 4);
    const d = new nn.Dropout(0.5).eval();
    expect(d.forward(x)).toBe(x);
    expect(F.dropout(x, 0)).toBe(x);
    expect(F.dropout(x, 1).abs().sum().item()).toBe(0);
    expect(() => new nn.Dropout(1.2)).toThrow('dropout probability has to be between 0 and 1, but got 1.2');
  });

  it('GRU applies dropout between layers in training mode only, drawing as PyTorch does', () => {
    // torch.manual_seed(0); g = nn.GRU(3, 4, num_layers=2, dropout=0.5); torch.manual_seed(5); g(torch.ones(2, 1, 3))[0]
    torch.manual_seed(0);
    const g = new nn.GRU(3, 4, { num_layers: 2, dropout: 0.5 });
    torch.manual_seed(5);
    const [out] = g.forward(torch.ones(2, 1, 3));
    const expected = [
      [[-0.1924535036087036, -0.048103392124176025, 0.2680349349975586, -0.04173974320292473]],
      [[0.16695034503936768, -0.17532791197299957, -0.07250863313674927, -0.1134147047996521]],
    ];
    const got = out.tolist() as number[][][];
    got.flat(2).forEach((v, i) => expect(Math.abs(v - expected.flat(2)[i]!)).toBeLessThan(1e-6));
    g.eval();
    const [a] = g.forward(torch.ones(2, 1, 3));
    const [b] = g.forward(torch.ones(2, 1, 3));
    expect(a.tolist()).toEqual(b.tolist());
  });
});

describe('packed sequences', () => {
  it('pad_packed_sequence undoes pack_padded_sequence in the caller order', () => {
    const x = torch.randn(5, 4, 2);
    const lengths = [2, 5, 3, 5];
    const packed = pack_padded_sequence(x, lengths, { enforce_sorted: false });
    const [padded, lens] = pad_packed_sequence(packed);
    expect(lens.tolist()).toEqual(lengths);
    for (let b = 0; b < 4; b++) {
      expect(padded.select(1, b).narrow(0, 0, lengths[b]!).tolist()).toEqual(x.select(1, b).narrow(0, 0, lengths[b]!).tolist());
    }
    const [data, batchSizes, sorted, unsorted] = packed;
    expect(data).toBe(packed.data);
    expect(batchSizes!.tolist()).toEqual([4, 4, 3, 2, 2]);
    expect(sorted!.tolist()).toEqual([1, 3, 2, 0]);
    expect(unsorted!.tolist()).toEqual([3, 0, 2, 1]);
    expect(packed).toBeInstanceOf(PackedSequence);
  });

  it('GRU on a packed batch equals GRU on each sequence alone', () => {
    const gru = new nn.GRU(3, 4, { bidirectional: true });
    const x = torch.randn(4, 2, 3);
    const [out, h] = gru.forward(pack_padded_sequence(x, [2, 4], { enforce_sorted: false }));
    const [padded] = pad_packed_sequence(out);
    const [alone, hAlone] = gru.forward(x.select(1, 0).narrow(0, 0, 2));
    const close = (a: torch.Tensor, b: torch.Tensor) => expect(a.sub(b).abs().max().item()).toBeLessThan(1e-6);
    close(padded.select(1, 0).narrow(0, 0, 2), alone);
    close(h.select(1, 0), hAlone);
    expect(padded.select(1, 0).narrow(0, 2, 2).abs().sum().item()).toBe(0);
  });
});

describe('argument checks', () => {
  it('init', () => {
    expect(() => nn.init.eye_(torch.zeros(2, 2, 2))).toThrow('Only tensors with 2 dimensions are supported');
    expect(() => nn.init.xavier_uniform_(torch.zeros(3))).toThrow('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
    expect(() => nn.init.calculate_gain('foo' as nn.init.Nonlinearity)).toThrow('Unsupported nonlinearity foo');
    expect(() => nn.init.kaiming_uniform_(torch.zeros(2, 2), 0, 'x' as nn.init.FanMode)).toThrow("Mode x not supported, please use one of ['fan_in', 'fan_out']");
    expect(() => nn.init.orthogonal_(torch.zeros(3))).toThrow('Only tensors with 2 or more dimensions are supported');
    const kernel = torch.full([3, 2, 2], 7);
    expect(() => nn.init.dirac_(torch.zeros(3, 3))).toThrow('Only tensors with 3, 4, or 5 dimensions are supported');
    expect(() => nn.init.dirac_(kernel, 2)).toThrow('dim 0 must be divisible by groups');
    expect(kernel.eq(7).all().item()).toBe(true);
    expect(() => nn.init.sparse_(torch.zeros(3), 0.1)).toThrow('Only tensors with 2 dimensions are supported');
    const before = torch.default_generator.get_state();
    expect(() => nn.init.trunc_normal_(torch.zeros(3), 0, 0)).toThrow('float division by zero');
    expect(torch.default_generator.get_state()).toEqual(before);
    expect(nn.init.calculate_gain('leaky_relu', 0.2)).toBe(1.3867504905630728);
    expect(nn.init.calculate_gain('tanh')).toBe(1.6666666666666667);
  });

  it('Embedding and GELU', () => {
    expect(() => new nn.Embedding(3, 2, { padding_idx: 3 })).toThrow('Padding_idx must be within num_embeddings');
    expect(() => nn.Embedding.from_pretrained(torch.zeros(3))).toThrow('Embeddings parameter is expected to be 2-dimensional');
    expect(() => F.gelu(torch.zeros(2), { approximate: 'x' as 'tanh' })).toThrow('approximate argument must be either none or tanh.');
    const frozen = nn.Embedding.from_pretrained(torch.ones(3, 2));
    expect(frozen.weight.requires_grad).toBe(false);
    expect(nn.Embedding.from_pretrained(torch.ones(3, 2), { freeze: false }).weight.requires_grad).toBe(true);
  });
});
