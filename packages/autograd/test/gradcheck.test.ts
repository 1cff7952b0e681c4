// gradcheck (float64 central differences against backward) for every differentiable op, and
// gradgradcheck for the ops recurrent networks train through.
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { derivatives, gradcheck, gradgradcheck, install } from '../src/index.js';
import { values } from './helpers.js';

beforeAll(() => install());

const seed = { s: 7 };
const numel = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
/** float64 leaves with values in [-2, 2); `away` keeps them clear of kinks and poles (|x| >= away). */
function x(shape: number[], away = 0): Tensor {
  const v = values(numel(shape), -2, 2, seed).map((u) => (away > 0 ? Math.sign(u || 1) * (Math.abs(u) + away) : u));
  return torch.tensor(v, { dtype: 'float64' }).reshape(shape).detach().requires_grad_();
}
const pos = (shape: number[]) => torch.tensor(values(numel(shape), 0.5, 1.5, seed), { dtype: 'float64' }).reshape(shape).detach().requires_grad_();
const idx = (values: number[] | number[][]) => torch.tensor(values, { dtype: 'int64' });

type Case = [fn: (...a: Tensor[]) => Tensor | Tensor[], inputs: () => Tensor[]];

/** One or more cases per op name of the derivative table (broadcasting and views included). */
const cases: Record<string, Case[]> = {
  neg: [[(a) => a.neg(), () => [x([2, 3])]]],
  abs: [[(a) => a.abs(), () => [x([2, 3], 0.1)]]],
  sign: [[(a) => a.sign(), () => [x([3], 0.1)]]],
  exp: [[(a) => a.exp(), () => [x([2, 3])]]],
  expm1: [[(a) => a.expm1(), () => [x([2, 3])]]],
  log: [[(a) => a.log(), () => [pos([2, 3])]]],
  log1p: [[(a) => a.log1p(), () => [pos([2, 3])]]],
  log2: [[(a) => a.log2(), () => [pos([3])]]],
  log10: [[(a) => a.log10(), () => [pos([3])]]],
  sqrt: [[(a) => a.sqrt(), () => [pos([2, 3])]]],
  rsqrt: [[(a) => a.rsqrt(), () => [pos([2, 3])]]],
  reciprocal: [[(a) => a.reciprocal(), () => [x([2, 3], 0.5)]]],
  sin: [[(a) => a.sin(), () => [x([2, 3])]]],
  cos: [[(a) => a.cos(), () => [x([2, 3])]]],
  tan: [[(a) => a.tan(), () => [x([2, 3]).mul(0.3).detach().requires_grad_()]]],
  tanh: [[(a) => a.tanh(), () => [x([2, 3])]]],
  sigmoid: [[(a) => a.sigmoid(), () => [x([2, 3])]]],
  erf: [[(a) => a.erf(), () => [x([2, 3])]]],
  relu: [[(a) => a.relu(), () => [x([2, 3], 0.1)]]],
  floor: [[(a) => a.floor(), () => [x([3], 0.1).mul(0.3).detach().requires_grad_()]]],
  ceil: [[(a) => a.ceil(), () => [x([3], 0.1).mul(0.3).detach().requires_grad_()]]],
  trunc: [[(a) => a.trunc(), () => [x([3], 0.1).mul(0.3).detach().requires_grad_()]]],
  round: [[(a) => a.round(), () => [x([3], 0.1).mul(0.3).detach().requires_grad_()]]],
  square: [[(a) => a.square(), () => [x([2, 3])]]],
  add: [[(a, b) => a.add(b), () => [x([2, 3]), x([3])]], [(a, b) => a.add(b, { alpha: 2 }), () => [x([2, 1]), x([1, 3])]]],
  sub: [[(a, b) => a.sub(b), () => [x([2, 3]), x([2, 1])]]],
  mul: [[(a, b) => a.mul(b), () => [x([2, 3]), x([3])]], [(a) => a.mul(2.5), () => [x([3])]]],
  div: [[(a, b) => a.div(b), () => [x([2, 3]), x([3], 0.5)]]],
  div_trunc: [[(a, b) => a.div(b, { rounding_mode: 'trunc' }), () => [x([3], 0.1), x([3], 0.5)]]],
  div_floor: [[(a, b) => a.div(b, { rounding_mode: 'floor' }), () => [x([3], 0.1), x([3], 0.5)]]],
  remainder: [[(a, b) => a.remainder(b), () => [pos([3]), torch.tensor([2.5, 3, 4], { dtype: 'float64', requires_grad: true })]]],
  fmod: [[(a, b) => a.fmod(b), () => [pos([3]), torch.tensor([2.5, 3, 4], { dtype: 'float64', requires_grad: true })]]],
  pow: [
    [(a, b) => a.pow(b), () => [pos([2, 3]), x([3])]],
    [(a) => a.pow(3), () => [x([2, 3])]],
    [(b) => torch.pow(2, b), () => [x([3])]],
  ],
  atan2: [[(a, b) => a.atan2(b), () => [x([2, 3]), x([3], 0.5)]]],
  maximum: [[(a, b) => a.maximum(b), () => [x([2, 3]), x([3])]]],
  minimum: [[(a, b) => a.minimum(b), () => [x([2, 3]), x([3])]]],
  where: [[(a, b) => torch.where(torch.tensor([true, false, true]), a, b), () => [x([2, 3]), x([3])]]],
  masked_fill: [
    [(a) => a.masked_fill(torch.tensor([true, false, true]), 2), () => [x([2, 3])]],
    [(a, v) => a.masked_fill(torch.tensor([true, false, true]), v), () => [x([2, 3]), x([])]],
  ],
  clamp: [[(a) => a.clamp(-0.5, 0.5), () => [x([4, 3])]], [(a) => a.clamp_min(0.2), () => [x([5])]]],
  view: [[(a) => a.view(3, 2), () => [x([2, 3])]]],
  as_strided: [[(a) => a.as_strided([2, 2], [1, 2], 1), () => [x([6])]]],
  transpose: [[(a) => a.transpose(0, 1), () => [x([2, 3])]]],
  t: [[(a) => a.t(), () => [x([2, 3])]], [(a) => a.t(), () => [x([3])]]],
  permute: [[(a) => a.permute(2, 0, 1), () => [x([2, 3, 2])]]],
  expand: [[(a) => a.expand(2, 2, 3), () => [x([2, 1])]]],
  slice: [[(a) => a.slice(1, 0, 3, 2), () => [x([2, 4])]]],
  select: [[(a) => a.select(1, 1), () => [x([2, 3])]]],
  unsqueeze: [[(a) => a.unsqueeze(1), () => [x([2, 3])]]],
  squeeze: [[(a) => a.squeeze(), () => [x([2, 1, 3])]]],
  clone: [[(a) => a.t().clone(), () => [x([2, 3])]]],
  _to_copy: [[(a) => a.to({ dtype: 'float64', copy: true }), () => [x([3])]]],
  copy_: [[(a, b) => a.mul(1).copy_(b), () => [x([2, 3]), x([3])]]],
  fill_: [[(a, v) => a.mul(1).fill_(v), () => [x([2, 3]), x([])]]],
  sum: [[(a) => a.sum(), () => [x([2, 3])]], [(a) => a.sum([0, 2], true), () => [x([2, 3, 2])]]],
  mean: [[(a) => a.mean(1), () => [x([2, 3])]]],
  prod: [[(a) => a.prod(), () => [x([2, 3])]], [(a) => a.prod(1), () => [x([2, 3])]]],
  max: [[(a) => a.max(), () => [x([2, 3])]]],
  min: [[(a) => a.min(), () => [x([2, 3])]]],
  max_dim: [[(a) => a.max(1).values, () => [x([2, 3])]]],
  min_dim: [[(a) => a.min(0, true).values, () => [x([2, 3])]]],
  amax: [[(a) => a.amax(1), () => [x([2, 3])]]],
  amin: [[(a) => a.amin([0, 1]), () => [x([2, 3])]]],
  var: [[(a) => a.var(1), () => [x([2, 3])]], [(a) => a.var({ correction: 0 }), () => [x([4])]]],
  std: [[(a) => a.std(0, { keepdim: true }), () => [x([3, 2])]]],
  logsumexp: [[(a) => a.logsumexp(1), () => [x([2, 3])]]],
  softmax: [[(a) => a.softmax(1), () => [x([2, 3])]]],
  log_softmax: [[(a) => a.log_softmax(0), () => [x([2, 3])]]],
  cumsum: [[(a) => a.cumsum(1), () => [x([2, 3])]]],
  cumprod: [
    [(a) => a.cumprod(1), () => [x([2, 3], 0.2)]],
    [(a) => a.cumprod(0), () => [torch.tensor([1.5, 0, -2, 0, 0.5], { dtype: 'float64', requires_grad: true })]],
  ],
  sort: [[(a) => a.sort(1, true).values, () => [x([2, 5])]], [(a) => a.sort({ stable: true }).values, () => [x([4])]]],
  topk: [[(a) => a.topk(2, 0).values, () => [x([4, 3])]], [(a) => a.topk(3, { largest: false, sorted: false }).values, () => [x([2, 5])]]],
  mm: [[(a, b) => a.mm(b), () => [x([2, 3]), x([3, 4])]], [(a, b) => torch.matmul(a, b), () => [x([2, 3, 4]), x([4])]]],
  bmm: [[(a, b) => a.bmm(b), () => [x([2, 2, 3]), x([2, 3, 2])]]],
  cat: [[(a, b) => torch.cat([a, b], 1), () => [x([2, 1]), x([2, 3])]]],
  flip: [[(a) => a.flip(0, 1), () => [x([2, 3])]]],
  roll: [[(a) => a.roll([1, -1], [0, 1]), () => [x([2, 3])]], [(a) => a.roll(2), () => [x([2, 3])]]],
  constant_pad_nd: [[(a) => torch.constant_pad_nd(a, [1, -1, 0, 2]), () => [x([2, 3])]]],
  index_select: [[(a) => a.index_select(1, idx([2, 0, 2])), () => [x([2, 3])]]],
  gather: [[(a) => a.gather(1, idx([[0, 0], [2, 1]])), () => [x([2, 3])]]],
  scatter: [[(a, s) => a.scatter(1, idx([[0], [2]]), s), () => [x([2, 3]), x([2, 1])]]],
  scatter_value: [[(a) => a.scatter(1, idx([[0], [2]]), 1.5), () => [x([2, 3])]]],
  scatter_add: [[(a, s) => a.scatter_add(1, idx([[0, 0], [2, 1]]), s), () => [x([2, 3]), x([2, 2])]]],
  // NOTE: no padding_idx here: its row deliberately gets no gradient, which finite differences would flag.
  // Random fills overwrite their input: the gradient is zero (finite differences agree: the
  // fill does not depend on the old values). Each evaluation refills from a reseeded generator.
  uniform_: [[(a) => a.mul(1).uniform_(0, 1, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  normal_: [[(a) => a.mul(1).normal_(0, 1, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  // PyTorch's gradients of torch.normal are zeros, not the reparameterised derivative: the inputs
  // go through mul(0) so that finite differences agree with them.
  normal_Tensor_Tensor: [[(m, s) => torch.normal(m.mul(0), s.mul(0).add(1), { generator: new torch.Generator().manual_seed(1) }), () => [x([2, 3]), x([3])]]],
  normal_Tensor_float: [[(m) => torch.normal(m.mul(0), 2, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  normal_float_Tensor: [[(s) => torch.normal(1.5, s.mul(0).add(1), { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  random_: [[(a) => a.mul(1).random_(0, 5, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  exponential_: [[(a) => a.mul(1).exponential_(1, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  bernoulli_: [[(a) => a.mul(1).bernoulli_(0.5, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  geometric_: [[(a) => a.mul(1).geometric_(0.3, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  cauchy_: [[(a) => a.mul(1).cauchy_(0, 1, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  log_normal_: [[(a) => a.mul(1).log_normal_(1, 2, { generator: new torch.Generator().manual_seed(1) }), () => [x([3])]]],
  // As for torch.normal: PyTorch's gradient is zeros, so the rates go through mul(0).
  poisson: [[(r) => torch.poisson(r.mul(0).add(3), new torch.Generator().manual_seed(1)), () => [x([3])]]],
  // (padding_idx and scale_grad_by_freq change the gradient away from the Jacobian on purpose:
  // tensor/test/inplace-views.test.ts checks them against PyTorch's numbers.)
  embedding: [[(w) => torch.embedding(w, idx([[1, 3], [1, 0]])), () => [x([4, 2])]]],
  index: [
    [(a) => a.__getitem__([idx([0, 2, 0])]), () => [x([3, 2])]],
    [(a) => a.__getitem__([':', torch.tensor([true, false, true])]), () => [x([2, 3])]],
    [(a) => a.__getitem__([idx([[1], [0]]), ':', idx([2, 0, -1])]), () => [x([2, 2, 3])]],
  ],
  index_put: [
    // No repeated index without accumulate: PyTorch's formula gives an overwritten value a gradient.
    [(a, v) => a.index_put([idx([2, 0])], v), () => [x([3, 2]), x([2, 2])]],
    [(a, v) => a.index_put([idx([0, 0, 2])], v, true), () => [x([3, 2]), x([2])]],
    [(a, v) => { const y = a.mul(1); y.__setitem__([':', [true, false, true]], v); return y; }, () => [x([2, 3]), x([2])]],
  ],
  masked_select: [
    [(a) => a.masked_select(torch.tensor([true, false, true])), () => [x([2, 3])]],
    [(a) => a.masked_select(torch.tensor([[true, false, true], [false, true, true]])), () => [x([3])]],
  ],
  masked_scatter: [[(a, s) => a.masked_scatter(torch.tensor([true, false, true]), s), () => [x([2, 3]), x([5])]]],
  alias: [[(a) => a.__getitem__('...'), () => [x([2, 3])]]],
  // One GRU layer over a packed sequence (batch sizes 2, 2, 1), and an LSTM with a projection run in reverse.
  _rnn_layer: [
    [(...t) => torch.gru(t[0]!, torch.tensor([2, 2, 1]), t[1]!.unsqueeze(0), t.slice(2), true, 1, 0, false, false).slice(0, 2),
      () => [x([5, 3]), x([2, 2]), x([6, 3]), x([6, 2]), x([6]), x([6])]],
    [(...t) => torch.rnnLayer(t, { mode: 'LSTM', batch_sizes: [2, 1], reverse: true, has_biases: false, has_proj: true }).slice(0, 3),
      () => [x([3, 2]), x([2, 1]), x([2, 2]), x([8, 2]), x([8, 1]), x([1, 2])]],
  ],
  _thnn_fused_gru_cell: [[(ig, hg, h, bi, bh) => torch._thnn_fused_gru_cell(ig!, hg!, h!, bi, bh)[0], () => [x([2, 6]), x([2, 6]), x([2, 2]), x([6]), x([6])]]],
  _thnn_fused_lstm_cell: [[(ig, hg, c) => torch._thnn_fused_lstm_cell(ig!, hg!, c!).slice(0, 2), () => [x([2, 8]), x([2, 8]), x([2, 2])]]],
};

describe('gradcheck', () => {
  it('has a case for every op in the derivative table', () => {
    expect([...derivatives.keys()].filter((op) => !(op in cases))).toEqual([]);
  });
  for (const [op, list] of Object.entries(cases)) {
    it(op, () => {
      for (const [f, inputs] of list) expect(gradcheck(f, inputs())).toBe(true);
    });
  }
});

// Double backward for what GRU/LSTM training differentiates through (DESIGN: create_graph must work).
const second = ['add', 'sub', 'mul', 'div', 'exp', 'log', 'tanh', 'sigmoid', 'relu', 'pow', 'mm', 'bmm', 'sum', 'mean',
  'softmax', 'log_softmax', 'logsumexp', 'view', 'transpose', 'expand', 'select', 'slice', 'cat', 'index_select', 'gather',
  'where', 'clamp', 'maximum', 'var', 'sqrt', 'embedding', 'copy_', 'cumprod', 'prod', 'index', 'index_put', 'masked_select',
  '_rnn_layer', '_thnn_fused_gru_cell', '_thnn_fused_lstm_cell'];

describe('gradgradcheck', () => {
  for (const op of second) {
    it(op, () => {
      for (const [f, inputs] of cases[op]!) expect(gradgradcheck(f, inputs())).toBe(true);
    });
  }
});
