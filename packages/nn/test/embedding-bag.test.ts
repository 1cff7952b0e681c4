// EmbeddingBag and F.embedding_bag called as PyTorch users write them (positionally, by name,
// through from_pretrained) and wrongly, against what PyTorch 2.13 gives for the same calls
// (recorded by running each in PyTorch). Their values against PyTorch's are in
// fixtures/nn/embedding.msgpack (fixtures.test.ts, gradients.test.ts).
import { install } from '@wick/autograd';
import * as torch from '@wick/tensor';
import { type AnyClass, type AnyFn, callUntyped as call, constructUntyped as make, expectRaises } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

const F = nn.functional;

beforeAll(() => install());

const i = torch.tensor([1, 2, 4, 5]);
const o = torch.tensor([0, 2]);
const w = torch.arange(40, { dtype: torch.float32 }).reshape(10, 4);
const sums = [[12, 14, 16, 18], [36, 38, 40, 42]];

describe('F.embedding_bag call forms', () => {
  it('positional, by name and mixed give the same bags', () => {
    expect(F.embedding_bag(i, w, o, null, 2, false, 'sum').tolist()).toEqual(sums);
    expect(F.embedding_bag({ input: i, weight: w, offsets: o, mode: 'sum' }).tolist()).toEqual(sums);
    expect(F.embedding_bag(i, w, o, { mode: 'sum' }).tolist()).toEqual(sums);
  });
  it('the old (weight, input) order is swapped back, as PyTorch does', () => {
    expect(F.embedding_bag(w, i, o, { mode: 'sum' }).tolist()).toEqual(sums);
  });
  it('a negative padding_idx counts from the end', () => {
    expect(F.embedding_bag(i, w, o, { mode: 'sum', padding_idx: -9 }).tolist()).toEqual([[8, 9, 10, 11], [36, 38, 40, 42]]);
  });
});

describe('EmbeddingBag call forms', () => {
  it('built positionally and by name: the same module', () => {
    const a = new nn.EmbeddingBag(10, 4, null, 2, false, 'sum', false, w);
    const b = new nn.EmbeddingBag({ num_embeddings: 10, embedding_dim: 4, mode: 'sum', _weight: w });
    expect(String(a)).toBe("EmbeddingBag(10, 4, mode='sum')");
    expect(String(b)).toBe("EmbeddingBag(10, 4, mode='sum')");
    expect(a.forward(i, o).tolist()).toEqual(sums);
    expect(b.forward({ input: i, offsets: o }).tolist()).toEqual(sums);
    expect([...a.state_dict().keys()]).toEqual(['weight']);
  });
  it('from_pretrained: frozen by default, options positional or by name', () => {
    const frozen = nn.EmbeddingBag.from_pretrained(w, true, null, 2, false, 'sum');
    expect(String(frozen)).toBe("EmbeddingBag(10, 4, mode='sum')");
    expect(frozen.weight.requires_grad).toBe(false);
    expect(frozen.forward(i, o).tolist()).toEqual(sums);
    const trained = nn.EmbeddingBag.from_pretrained(w, { freeze: false, mode: 'max', padding_idx: 2 });
    expect(String(trained)).toBe("EmbeddingBag(10, 4, mode='max', padding_idx=2)");
    expect(trained.weight.requires_grad).toBe(true);
    expect(trained.forward(i, o).tolist()).toEqual([[4, 5, 6, 7], [20, 21, 22, 23]]);
  });
});

describe('scale_grad_by_freq divides each row by its index count', () => {
  // pytorch/pytorch#190063: PyTorch 2.13's CPU backward divides the k-th distinct index by the
  // count of sorted_indices[k] ([1, 1, 1.5, 0, 1/3] here); CUDA, MPS, F.embedding and wick divide
  // by each index's own count, as the documentation says.
  for (const mode of ['sum', 'mean'] as const) {
    it(mode, () => {
      const weight = torch.zeros([5, 1], { requires_grad: true });
      const index = torch.tensor([0, 1, 1, 2, 2, 2, 4]);
      F.embedding_bag(index, weight, torch.tensor([0]), { mode, scale_grad_by_freq: true }).sum().backward();
      const expected = mode === 'sum' ? [1, 1, 1, 0, 1] : [1 / 7, 1 / 7, 1 / 7, 0, 1 / 7];
      (weight.grad!.flatten().tolist() as number[]).forEach((g, k) => expect(g).toBeCloseTo(expected[k]!, 6));
    });
  }
});

describe('wrong calls', () => {
  const wrong: [string, () => unknown, string, string][] = [
    ['nn.EmbeddingBag(10, 4, padding_idx=10)', () => new nn.EmbeddingBag(10, 4, { padding_idx: 10 }), 'AssertionError', 'padding_idx must be within num_embeddings'],
    ['nn.EmbeddingBag(10, 4, padding_idx=-11)', () => new nn.EmbeddingBag(10, 4, { padding_idx: -11 }), 'AssertionError', 'padding_idx must be within num_embeddings'],
    ['nn.EmbeddingBag(10, 4, _weight=torch.zeros(3, 4))', () => new nn.EmbeddingBag(10, 4, { _weight: torch.zeros(3, 4) }), 'AssertionError',
      'Shape of weight does not match num_embeddings and embedding_dim'],
    ['nn.EmbeddingBag.from_pretrained(torch.zeros(3))', () => nn.EmbeddingBag.from_pretrained(torch.zeros(3)), 'AssertionError',
      'Embeddings parameter is expected to be 2-dimensional'],
    ['nn.EmbeddingBag(10, 4, None, 2.0, False, "sum", False, None, False, None, None, None, 1)',
      () => make(nn.EmbeddingBag as AnyClass, 10, 4, null, 2, false, 'sum', false, null, false, null, null, null, 1), 'TypeError',
      'EmbeddingBag.__init__() takes from 3 to 13 positional arguments but 14 were given'],
    ['nn.EmbeddingBag(10, 4)(i, o, None, 3)', () => call(new nn.EmbeddingBag(10, 4).forward as AnyFn, i, o, null, 3), 'TypeError',
      'EmbeddingBag.forward() takes from 2 to 4 positional arguments but 5 were given'],
    ['nn.EmbeddingBag(10, 4)(i, offset=o)', () => call(new nn.EmbeddingBag(10, 4).forward as AnyFn, i, { offset: o }), 'TypeError',
      "EmbeddingBag.forward() got an unexpected keyword argument 'offset'"],
    ['nn.EmbeddingBag(10, 4)(i, o, input=i)', () => call(new nn.EmbeddingBag(10, 4).forward as AnyFn, i, o, { input: i }), 'TypeError',
      "EmbeddingBag.forward() got multiple values for argument 'input'"],
    ['F.embedding_bag(i, w[0], o)', () => F.embedding_bag(i, w.select(0, 0), o), 'ValueError', 'weight has to be a 2D Tensor, but got Tensor of dimension 1'],
    ['F.embedding_bag(i, w, o, padding_idx=10)', () => F.embedding_bag(i, w, o, { padding_idx: 10 }), 'RuntimeError',
      'padding_idx must be within the number of embeddings, -10 through 9, but got 10'],
    ['F.embedding_bag(i, w, o, bogus=1)', () => call(F.embedding_bag as AnyFn, i, w, o, { bogus: 1 }), 'TypeError',
      "embedding_bag() got an unexpected keyword argument 'bogus'"],
    ['F.embedding_bag(i)', () => call(F.embedding_bag as AnyFn, i), 'TypeError', "embedding_bag() missing 1 required positional argument: 'weight'"],
    ['F.embedding_bag(i, w, o, None, 2, False, "sum", False, None, False, None, 5)',
      () => call(F.embedding_bag as AnyFn, i, w, o, null, 2, false, 'sum', false, null, false, null, 5), 'TypeError',
      'embedding_bag() takes from 2 to 11 positional arguments but 12 were given'],
    ['F.embedding_bag(i, w, o, mode="max", sparse=True)', () => F.embedding_bag(i, w, o, { mode: 'max', sparse: true }), 'ValueError',
      'max mode does not support sparse weights'],
  ];
  for (const [callText, fn, type, message] of wrong) it(`${callText} raises ${type}`, () => expectRaises(fn, type, message));

  it('sparse=True is refused: wick has no sparse gradients', () => {
    expect(() => F.embedding_bag(i, w, o, { mode: 'sum', sparse: true })).toThrow(/wick has no sparse tensors/);
    expect(() => new nn.EmbeddingBag(10, 4, { sparse: true })).toThrow(/wick has no sparse tensors/);
  });
});
