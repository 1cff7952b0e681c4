// The call forms PyTorch users write, in wick: the cases of issue 12, every constructor with all its
// arguments by name, each callable called positionally, by name and mixed (the same result), the
// forward hooks' semantics, and how `model(x)` is typed. Expected reprs, values and messages are
// PyTorch 2.13's (the Python is beside each); numbers from runs are in fixtures/nn/calls.msgpack.
import { install } from '@wick/autograd';
import { type FixtureCase, decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/tensor';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import * as nn from '../src/index.js';

const F = nn.functional;
const R = nn.utils.rnn;
type Tensor = torch.Tensor;

beforeAll(() => install());

const values = (t: Tensor): unknown => t.tolist();
const shapes = (m: nn.Module) => [...m.state_dict()].map(([k, v]) => [k, v.shape]);
const thrown = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};
const callsCase = (name: string): FixtureCase => loadFixture('nn/calls.msgpack').cases.find((c) => c.name === name)!;

describe('the calls of issue 12 give PyTorch results', () => {
  it('new nn.LSTM(ninp, nhid, nlayers, { dropout }) has nlayers layers and that dropout', () => {
    // repr(nn.LSTM(4, 5, 2, dropout=0.5))
    const lstm = new nn.LSTM(4, 5, 2, { dropout: 0.5 });
    expect([lstm.num_layers, lstm.dropout]).toEqual([2, 0.5]);
    expect(String(lstm)).toBe('LSTM(4, 5, num_layers=2, dropout=0.5)');
    expect(lstm.state_dict().has('weight_hh_l1')).toBe(true);
  });

  it('new nn.LSTM(64, 64, 1, { batch_first: true }) takes [batch, time, features]', () => {
    const lstm = new nn.LSTM(64, 64, 1, { batch_first: true });
    expect(String(lstm)).toBe('LSTM(64, 64, batch_first=True)');
    const x = torch.randn(2, 5, 64);
    const [out, [h]] = lstm(x);
    expect(out.shape).toEqual([2, 5, 64]);
    // The same weights, time first: the same numbers, transposed.
    const timeFirst = new nn.LSTM(64, 64, 1);
    timeFirst.load_state_dict(lstm.state_dict());
    const [outT, [hT]] = timeFirst(x.transpose(0, 1));
    expect(values(out)).toEqual(values(outT.transpose(0, 1)));
    expect(values(h)).toEqual(values(hT));
  });

  it("RNN's positional nonlinearity: new nn.RNN(10, 20, 2, 'relu')", () => {
    const rnn = new nn.RNN(10, 20, 2, 'relu');
    expect([rnn.nonlinearity, rnn.mode, rnn.num_layers]).toEqual(['relu', 'RNN_RELU', 2]);
    // repr(nn.RNN(10, 20, 2, 'relu'))
    expect(String(rnn)).toBe('RNN(10, 20, num_layers=2)');
    const [out] = rnn(torch.randn(3, 1, 10));
    expect(out.lt(0).any().item()).toBe(false);
  });

  it('new nn.Linear(3, 4, false) has no bias; new nn.Embedding(3, 2, 0) pads index 0; new nn.LayerNorm([5], 1e-3) has eps 1e-3', () => {
    const lin = new nn.Linear(3, 4, false);
    expect(lin.bias).toBeNull();
    expect(shapes(lin)).toEqual([['weight', [4, 3]]]);
    expect(String(lin)).toBe('Linear(in_features=3, out_features=4, bias=False)');
    const emb = new nn.Embedding(3, 2, 0);
    expect(emb.padding_idx).toBe(0);
    expect(values(emb.weight.select(0, 0))).toEqual([0, 0]);
    expect(String(emb)).toBe('Embedding(3, 2, padding_idx=0)');
    const norm = new nn.LayerNorm([5], 1e-3);
    expect(norm.eps).toBe(1e-3);
    expect(String(norm)).toBe('LayerNorm((5,), eps=0.001, elementwise_affine=True, bias=True)');
  });

  it('relu and dropout with inplace false leave their input alone; inplace true writes it, as PyTorch', () => {
    const x = torch.tensor([-1, 2], { dtype: 'float32' });
    expect(values(F.relu(x, { inplace: false }))).toEqual([0, 2]);
    expect(values(new nn.ReLU({ inplace: false })(x))).toEqual([0, 2]);
    expect(values(x)).toEqual([-1, 2]);
    // y = nn.ReLU(True)(x); y is x -> True, x -> tensor([0., 2.])
    const y = new nn.ReLU(true)(x);
    expect(y).toBe(x);
    expect(values(x)).toEqual([0, 2]);
    const z = torch.tensor([-3, 4], { dtype: 'float32' });
    expect(F.relu(z, { inplace: true })).toBe(z);
    expect(values(z)).toEqual([0, 4]);

    // torch.manual_seed(0); F.dropout(torch.ones(4, 5), 0.4): the same mask whether in place or not.
    const k = 1.6666666269302368;
    const mask = [[0, 0, k, 0, 0], [0, k, k, k, k], [k, k, k, 0, k], [k, k, k, 0, 0]];
    const ones = torch.ones(4, 5);
    torch.manual_seed(0);
    expect(values(new nn.Dropout(0.4, { inplace: false })(ones))).toEqual(mask);
    expect(values(ones)).toEqual(torch.ones(4, 5).tolist());
    torch.manual_seed(0);
    const out = new nn.Dropout(0.4, { inplace: true })(ones);
    expect(out).toBe(ones);
    expect(values(ones)).toEqual(mask);
  });

  it('F.dropout(x, 0.5, { training: false }) returns x itself', () => {
    const x = torch.randn(3, 4);
    expect(F.dropout(x, 0.5, { training: false })).toBe(x);
    expect(F.dropout({ input: x, training: false })).toBe(x);
  });

  it("F.layer_norm(x, [3], { eps: 1e-3 }) is PyTorch's layer norm (fixture layer_norm/eps_by_name), the same given positionally", () => {
    const c = callsCase('layer_norm/eps_by_name');
    const [x] = (c.args as unknown[]).map((a) => decodeValue(a).value) as [Tensor];
    const byName = F.layer_norm(x, [3], { eps: 1e-3 });
    expect(byName.isnan().any().item()).toBe(false);
    expect(values(F.layer_norm(x, [3], null, null, 1e-3))).toEqual(values(byName));
    expect(values(F.layer_norm({ input: x, normalized_shape: [3], eps: 1e-3 }))).toEqual(values(byName));
  });

  it('F.embedding(input, weight, { max_norm }) renormalises the rows it looks up, in place, to PyTorch\'s numbers', () => {
    for (const name of ['embedding/max_norm', 'embedding/max_norm_l1', 'embedding/max_norm_inf_padding']) {
      const c = callsCase(name);
      const [idx, weight, padding] = (c.args as unknown[]).map((a) => decodeValue(a).value) as [Tensor, Tensor, number?];
      const before = weight.clone();
      const opts = decodeValue(c.kwargs).value as { max_norm: number; norm_type?: number };
      const out = padding === undefined ? F.embedding(idx, weight, opts) : F.embedding(idx, weight, padding, opts);
      // The output is PyTorch's (fixtures.test.ts); here: the weight rows looked up now hold it.
      expect(values(weight.index_select(0, idx.reshape(-1)))).toEqual(values(out.reshape(-1, weight.shape[1]!)));
      const untouched = [0, 1, 2, 3, 4].filter((i) => !(idx.reshape(-1).tolist() as number[]).includes(i));
      for (const i of untouched) expect(values(weight.select(0, i))).toEqual(values(before.select(0, i)));
    }
  });

  it('{ dim } by name for F.softmax, F.log_softmax, nn.Softmax and nn.LogSoftmax; nn.Dropout({ p })', () => {
    const x = torch.randn(3, 4);
    expect(values(F.softmax(x, { dim: 0 }))).toEqual(values(F.softmax(x, 0)));
    expect(values(F.log_softmax(x, { dim: 0 }))).toEqual(values(F.log_softmax(x, 0)));
    expect(values(new nn.Softmax({ dim: 0 })(x))).toEqual(values(F.softmax(x, 0)));
    expect(values(new nn.LogSoftmax({ dim: 0 })(x))).toEqual(values(F.log_softmax(x, 0)));
    expect(String(new nn.Softmax({ dim: 1 }))).toBe('Softmax(dim=1)');
    expect(new nn.Dropout({ p: 0.2 }).p).toBe(0.2);
    expect(String(new nn.Dropout({ p: 0.2 }))).toBe('Dropout(p=0.2, inplace=False)');
  });

  it('pack_padded_sequence takes integer lengths only (PyTorch refuses NaN; it truncates 2.5, wick refuses it)', () => {
    const x = torch.randn(3, 2, 1);
    // nn.utils.rnn.pack_padded_sequence(x, [float('nan'), 1]) -> RuntimeError
    expect(thrown(() => R.pack_padded_sequence(x, [NaN, 1]))).toBe('value cannot be converted to type int64 without overflow');
    expect(thrown(() => R.pack_padded_sequence(x, [2.5, 1]))).toBe(
      "pack_padded_sequence(): argument 'lengths' must be a tuple of ints, but found element of type float at pos 1",
    );
    expect(thrown(() => R.pack_padded_sequence(x, torch.tensor([2.5, 1])))).toBe(
      "pack_padded_sequence(): argument 'lengths' must be a tuple of ints, but found 2.5 at pos 1",
    );
    expect(values(R.pack_padded_sequence(x, [2n, torch.tensor(1)] as unknown as number[]).batch_sizes)).toEqual([2, 1]);
  });

  it('construction checks: RNN/GRU refuse proj_size; RNNCell refuses a bad nonlinearity when built', () => {
    // nn.GRU(10, 20, proj_size=3) -> ValueError
    expect(thrown(() => Reflect.construct(nn.GRU, [10, 20, { proj_size: 3 }]))).toBe('proj_size argument is only supported for LSTM, not RNN or GRU');
    // NOTE: PyTorch builds nn.RNNCell(10, 20, nonlinearity='foo') and raises this at forward.
    expect(thrown(() => Reflect.construct(nn.RNNCell, [10, 20, { nonlinearity: 'foo' }]))).toBe('Unknown nonlinearity: foo');
  });
});

describe('every module built with all arguments by name is the module built positionally', () => {
  // [PyTorch's repr of the module, built by name, built positionally]
  const cases: [string, () => nn.Module, () => nn.Module][] = [
    ['RNN(10, 20)', () => new nn.RNN({ input_size: 10, hidden_size: 20 }), () => new nn.RNN(10, 20)],
    ['RNN(10, 20, num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=True)',
      () => new nn.RNN({ input_size: 10, hidden_size: 20, num_layers: 2, nonlinearity: 'relu', bias: false, batch_first: true, dropout: 0.5, bidirectional: true }),
      () => new nn.RNN(10, 20, 2, 'relu', false, true, 0.5, true)],
    ['GRU(10, 20, num_layers=2, bias=False, batch_first=True, dropout=0.25, bidirectional=True)',
      () => new nn.GRU({ input_size: 10, hidden_size: 20, num_layers: 2, bias: false, batch_first: true, dropout: 0.25, bidirectional: true }),
      () => new nn.GRU(10, 20, 2, false, true, 0.25, true)],
    ['LSTM(10, 20, proj_size=5)',
      () => new nn.LSTM({ input_size: 10, hidden_size: 20, num_layers: 1, bias: true, batch_first: false, dropout: 0, bidirectional: false, proj_size: 5 }),
      () => new nn.LSTM(10, 20, 1, true, false, 0, false, 5)],
    ['RNNCell(3, 4, bias=False, nonlinearity=relu)', () => new nn.RNNCell({ input_size: 3, hidden_size: 4, bias: false, nonlinearity: 'relu' }),
      () => new nn.RNNCell(3, 4, false, 'relu')],
    ['GRUCell(3, 4, bias=False)', () => new nn.GRUCell({ input_size: 3, hidden_size: 4, bias: false }), () => new nn.GRUCell(3, 4, false)],
    ['LSTMCell(3, 4, bias=False)', () => new nn.LSTMCell({ input_size: 3, hidden_size: 4, bias: false }), () => new nn.LSTMCell(3, 4, false)],
    ['Linear(in_features=3, out_features=4, bias=False)', () => new nn.Linear({ in_features: 3, out_features: 4, bias: false }),
      () => new nn.Linear(3, 4, false)],
    ['Bilinear(in1_features=2, in2_features=3, out_features=4, bias=False)',
      () => new nn.Bilinear({ in1_features: 2, in2_features: 3, out_features: 4, bias: false }), () => new nn.Bilinear(2, 3, 4, false)],
    ['Embedding(3, 2, padding_idx=0, max_norm=1.0, norm_type=1.0, scale_grad_by_freq=True)',
      () => new nn.Embedding({ num_embeddings: 3, embedding_dim: 2, padding_idx: 0, max_norm: 1.0, norm_type: 1.0, scale_grad_by_freq: true }),
      () => new nn.Embedding(3, 2, 0, 1.0, 1.0, true)],
    ['LayerNorm((4, 5), eps=0.001, elementwise_affine=True, bias=False)',
      () => new nn.LayerNorm({ normalized_shape: [4, 5], eps: 1e-3, elementwise_affine: true, bias: false }),
      () => new nn.LayerNorm([4, 5], 1e-3, true, false)],
    ['ReLU(inplace=True)', () => new nn.ReLU({ inplace: true }), () => new nn.ReLU(true)],
    ["GELU(approximate='tanh')", () => new nn.GELU({ approximate: 'tanh' }), () => new nn.GELU('tanh')],
    ['Softmax(dim=1)', () => new nn.Softmax({ dim: 1 }), () => new nn.Softmax(1)],
    ['LogSoftmax(dim=-1)', () => new nn.LogSoftmax({ dim: -1 }), () => new nn.LogSoftmax(-1)],
    ['Dropout(p=0.2, inplace=True)', () => new nn.Dropout({ p: 0.2, inplace: true }), () => new nn.Dropout(0.2, true)],
    ['Flatten(start_dim=0, end_dim=1)', () => new nn.Flatten({ start_dim: 0, end_dim: 1 }), () => new nn.Flatten(0, 1)],
  ];
  for (const [repr, byName, positional] of cases) {
    it(repr, () => {
      torch.manual_seed(3);
      const a = byName();
      torch.manual_seed(3);
      const b = positional();
      expect(String(a)).toBe(repr);
      expect(String(b)).toBe(repr);
      // The same parameters, drawn the same way.
      expect([...a.state_dict()].map(([k, v]) => [k, v.tolist()])).toEqual([...b.state_dict()].map(([k, v]) => [k, v.tolist()]));
    });
  }

  it('the losses: reduction by name, or from the deprecated size_average and reduce', () => {
    // nn.MSELoss(size_average=False).reduction, nn.MSELoss(reduce=False).reduction, nn.MSELoss(None, True).reduction
    expect([new nn.MSELoss({ size_average: false }).reduction, new nn.MSELoss({ reduce: false }).reduction, new nn.MSELoss(null, true).reduction])
      .toEqual(['sum', 'none', 'mean']);
    const w = torch.tensor([1, 2, 3], { dtype: 'float32' });
    const nll = new nn.NLLLoss({ weight: w, ignore_index: 1, reduction: 'sum' });
    const positional = new nn.NLLLoss(w, null, 1, null, 'sum');
    expect([nll.ignore_index, nll.reduction, nll.weight]).toEqual([positional.ignore_index, positional.reduction, w]);
    const ce = new nn.CrossEntropyLoss({ label_smoothing: 0.1, reduction: 'none' });
    expect([ce.label_smoothing, ce.reduction, ce.weight]).toEqual([0.1, 'none', null]);
    const bce = new nn.BCEWithLogitsLoss({ pos_weight: w });
    expect(bce.pos_weight).toBe(w);
    expect(new nn.SmoothL1Loss({ beta: 0.5 }).beta).toBe(0.5);
  });
});

describe('each callable called positionally, by name and mixed gives the same result', () => {
  const x = torch.randn(4, 3);
  const y = torch.randn(4, 3);
  const w = torch.randn(2, 3);
  const b = torch.randn(2);
  const same = (...results: Tensor[]) => {
    for (const r of results.slice(1)) expect(values(r)).toEqual(values(results[0]!));
  };

  it('nn.functional', () => {
    same(F.relu(x), F.relu({ input: x }), F.relu(x, false), F.relu(x, { inplace: false }));
    same(F.tanh(x), F.tanh({ input: x }));
    same(F.sigmoid(x), F.sigmoid({ input: x }));
    same(F.gelu(x, { approximate: 'tanh' }), F.gelu({ input: x, approximate: 'tanh' }));
    same(F.softmax(x, 1), F.softmax(x, { dim: 1 }), F.softmax({ input: x, dim: 1 }), F.softmax(x, 1, 3, null));
    same(F.log_softmax(x, 1, 3, 'float64'), F.log_softmax(x, { dim: 1, dtype: 'float64' }));
    same(F.linear(x, w, b), F.linear(x, w, { bias: b }), F.linear({ input: x, weight: w, bias: b }));
    const wb = torch.randn(2, 3, 3);
    same(F.bilinear(x, y, wb, b), F.bilinear(x, y, { weight: wb, bias: b }));
    same(F.dropout(x, 0.5, false), F.dropout(x, { p: 0.5, training: false }));
    same(F.layer_norm(x, [3], w.select(0, 0), b.narrow(0, 0, 1).expand(3), 1e-3),
      F.layer_norm(x, [3], { weight: w.select(0, 0), bias: b.narrow(0, 0, 1).expand(3), eps: 1e-3 }));
    const table = torch.randn(5, 3);
    const idx = torch.tensor([[0, 4], [2, 2]]);
    same(F.embedding(idx, table, 2), F.embedding(idx, table, { padding_idx: 2 }), F.embedding({ input: idx, weight: table, padding_idx: 2 }));
    same(F.mse_loss(x, y, null, null, 'sum'), F.mse_loss(x, y, { reduction: 'sum' }), F.mse_loss(x, y, { size_average: false }));
    same(F.l1_loss(x, y, { reduce: false }), F.l1_loss(x, y, { reduction: 'none' }));
    same(F.smooth_l1_loss(x, y, null, null, 'mean', 0.5), F.smooth_l1_loss(x, y, { beta: 0.5 }));
    const t = torch.tensor([0, 2, 1, 2]);
    const cw = torch.tensor([1, 2, 3], { dtype: 'float32' });
    same(F.nll_loss(x, t, cw, null, 1), F.nll_loss(x, t, { weight: cw, ignore_index: 1 }));
    same(F.cross_entropy(x, t, null, null, -100, null, 'mean', 0.1), F.cross_entropy(x, t, { label_smoothing: 0.1 }));
    const p = torch.rand(4, 3);
    const target = torch.rand(4, 3).gt(0.5).to('float32');
    same(F.binary_cross_entropy(p, target, p), F.binary_cross_entropy(p, target, { weight: p }));
    same(F.binary_cross_entropy_with_logits(x, target, null, null, null, 'sum', cw),
      F.binary_cross_entropy_with_logits(x, target, { reduction: 'sum', pos_weight: cw }));
  });

  it('nn.init draws the same numbers whichever way it is called', () => {
    const draw = (init: (t: Tensor) => unknown): unknown => {
      torch.manual_seed(7);
      const t = torch.empty(3, 4);
      init(t);
      return t.tolist();
    };
    const gen = () => new torch.Generator().manual_seed(5);
    expect(draw((t) => nn.init.uniform_(t, -1, 2))).toEqual(draw((t) => nn.init.uniform_(t, { a: -1, b: 2 })));
    expect(draw((t) => nn.init.uniform_(t, -1, 2, gen()))).toEqual(draw((t) => nn.init.uniform_({ tensor: t, b: 2, a: -1, generator: gen() })));
    expect(draw((t) => nn.init.normal_(t, 1, 0.5))).toEqual(draw((t) => nn.init.normal_(t, { std: 0.5, mean: 1 })));
    expect(draw((t) => nn.init.trunc_normal_(t, 0, 1, -0.5, 0.5))).toEqual(draw((t) => nn.init.trunc_normal_(t, { a: -0.5, b: 0.5 })));
    expect(draw((t) => nn.init.xavier_uniform_(t, 2))).toEqual(draw((t) => nn.init.xavier_uniform_(t, { gain: 2 })));
    expect(draw((t) => nn.init.xavier_normal_(t, 2))).toEqual(draw((t) => nn.init.xavier_normal_({ tensor: t, gain: 2 })));
    expect(draw((t) => nn.init.kaiming_uniform_(t, 0, 'fan_out', 'relu'))).toEqual(draw((t) => nn.init.kaiming_uniform_(t, { mode: 'fan_out', nonlinearity: 'relu' })));
    expect(draw((t) => nn.init.kaiming_normal_(t, 0.2))).toEqual(draw((t) => nn.init.kaiming_normal_(t, { a: 0.2 })));
    expect(draw((t) => nn.init.orthogonal_(t, 2))).toEqual(draw((t) => nn.init.orthogonal_(t, { gain: 2 })));
    expect(draw((t) => nn.init.sparse_(t, 0.5, 0.1))).toEqual(draw((t) => nn.init.sparse_(t, { sparsity: 0.5, std: 0.1 })));
    expect(draw((t) => nn.init.constant_(t, 3))).toEqual(draw((t) => nn.init.constant_(t, { val: 3 })));
    expect(draw((t) => nn.init.eye_(t))).toEqual(draw((t) => nn.init.eye_({ tensor: t })));
    expect(draw((t) => nn.init.zeros_(t))).toEqual(draw((t) => nn.init.zeros_({ tensor: t })));
    expect(draw((t) => nn.init.ones_(t))).toEqual(draw((t) => nn.init.ones_({ tensor: t })));
    const kernel = () => torch.empty(4, 2, 3);
    expect(nn.init.dirac_(kernel(), 2).tolist()).toEqual(nn.init.dirac_(kernel(), { groups: 2 }).tolist());
    expect(nn.init.calculate_gain('leaky_relu', 0.2)).toBe(nn.init.calculate_gain({ nonlinearity: 'leaky_relu', param: 0.2 }));
    // The deprecated names are the functions themselves (PyTorch's pass their arguments on).
    expect(nn.init.uniform).toBe(nn.init.uniform_);
  });

  it("Module's methods", () => {
    const first = new nn.Linear(3, 2);
    const net = new nn.Sequential(first, new nn.Tanh());
    const names = (pairs: [string, unknown][]) => pairs.map(([n]) => n);
    expect(names(net.named_parameters('net', true))).toEqual(names(net.named_parameters({ prefix: 'net' })));
    expect(names(net.named_parameters('net'))).toEqual(['net.0.weight', 'net.0.bias']);
    expect(net.parameters(false)).toEqual(net.parameters({ recurse: false }));
    expect(names(net.named_modules(null, 'm'))).toEqual(names(net.named_modules({ prefix: 'm' })));
    expect(net.modules({ remove_duplicate: false }).length).toBe(3);
    expect([...net.state_dict({ prefix: 'a.' }).keys()]).toEqual(['a.0.weight', 'a.0.bias']);
    const destination = new Map<string, Tensor>();
    expect(net.state_dict({ destination, keep_vars: true })).toBe(destination);
    expect(destination.get('0.weight')).toBe(first.weight);
    const sd = net.state_dict();
    expect(String(net.load_state_dict(sd, false))).toBe(String(net.load_state_dict({ state_dict: sd, strict: false })));
    expect(String(net.load_state_dict(Object.fromEntries(sd)))).toBe('<All keys matched successfully>');
    expect(net.train(false).training).toBe(false);
    expect(net.train({ mode: true }).training).toBe(true);
    net.requires_grad_({ requires_grad: false });
    expect(net.parameters().every((p) => !p.requires_grad)).toBe(true);
    net.requires_grad_(true);
    net.register_buffer('steps', torch.zeros(1), { persistent: false });
    expect(net.state_dict().has('steps')).toBe(false);
    net.register_buffer({ name: 'count', tensor: torch.zeros(1) });
    expect(net.get_buffer('count')).toBe(net._buffers.get('count'));
    expect(net.get_parameter({ target: '0.bias' })).toBe(first.bias);
    expect(net.get_submodule('1')).toBe(net.at({ idx: -1 }));
    const seen: string[] = [];
    net.apply({ fn: (m: nn.Module) => seen.push(m._get_name()) });
    expect(seen).toEqual(['Linear', 'Tanh', 'Sequential']);
    net.to({ dtype: 'float64' });
    expect(first.weight.dtype).toBe('float64');
    net.to('cpu', 'float32');
    expect(first.weight.dtype).toBe('float32');
    net.to(torch.zeros(1, { dtype: 'float64' }));
    expect(first.weight.dtype).toBe('float64');
    net.type('float32');
    expect(net._buffers.get('steps')!.dtype).toBe('float32');
  });

  it('load_state_dict with assign makes the state_dict tensors the parameters (requires_grad kept)', () => {
    const lin = new nn.Linear(2, 2);
    const w = torch.ones(2, 2);
    const result = lin.load_state_dict({ weight: w, bias: torch.zeros(2) }, { assign: true });
    expect(String(result)).toBe('<All keys matched successfully>');
    expect(lin.weight).toBeInstanceOf(nn.Parameter);
    expect(lin.weight.storage).toBe(w.storage);
    expect(lin.weight.requires_grad).toBe(true);
  });

  it('containers', () => {
    const list = new nn.ModuleList({ modules: [new nn.ReLU()] });
    list.insert({ index: 0, module: new nn.Tanh() });
    list.append({ module: new nn.Sigmoid() });
    expect(list.pop({ key: 0 })._get_name()).toBe('Tanh');
    expect([...list].map((m) => m._get_name())).toEqual(['ReLU', 'Sigmoid']);
    const dict = new nn.ModuleDict({ modules: new Map([['a', new nn.ReLU()]]) });
    dict.update([['b', new nn.Tanh()]]);
    dict.update({ c: new nn.Sigmoid() });
    expect(dict.keys()).toEqual(['a', 'b', 'c']);
    expect(dict.pop({ key: 'b' })._get_name()).toBe('Tanh');
    dict.clear();
    expect(dict.length).toBe(0);
    const seq = new nn.Sequential(new Map([['first', new nn.ReLU()]]));
    seq.append({ module: new nn.Tanh() }).extend([new nn.Sigmoid()]).insert(0, new nn.Identity());
    expect(names(seq)).toEqual(['0', '1', '2', '3']);
    expect(seq.pop(-1)._get_name()).toBe('Sigmoid');
    // Sequential calls each module (hooks included) and passes on whatever it returns.
    const x = torch.randn(2, 3);
    expect(new nn.Sequential(new nn.Linear(3, 3), new nn.ReLU())({ input: x }).shape).toEqual([2, 3]);
    function names(m: nn.Module): string[] {
      return m.named_children().map(([n]) => n);
    }
  });

  it('nn.utils and nn.utils.rnn', () => {
    const params = () => {
      const p = new nn.Parameter(torch.ones(3));
      p.grad = torch.tensor([3, 4, 0], { dtype: 'float32' });
      return [p];
    };
    const a = params();
    const b = params();
    expect(nn.utils.clip_grad_norm_(a, 1.0, 2.0).item()).toBe(nn.utils.clip_grad_norm_({ parameters: b, max_norm: 1.0, norm_type: 2.0 }).item());
    expect(values(a[0]!.grad!)).toEqual(values(b[0]!.grad!));
    const c = params();
    const total = nn.utils.get_total_norm(c.map((p) => p.grad!));
    nn.utils.clip_grads_with_norm_(c, 1.0, total);
    expect(values(c[0]!.grad!)).toEqual(values(a[0]!.grad!));
    const d = params();
    nn.utils.clip_grad_value_({ parameters: d, clip_value: 3.5 });
    expect(values(d[0]!.grad!)).toEqual([3, 3.5, 0]);
    expect(values(nn.utils.parameters_to_vector({ parameters: d }))).toEqual([1, 1, 1]);
    nn.utils.vector_to_parameters(torch.tensor([5, 6, 7], { dtype: 'float32' }), { parameters: d });
    expect(values(d[0]!)).toEqual([5, 6, 7]);

    const seqs = [torch.randn(3, 2), torch.randn(1, 2), torch.randn(2, 2)];
    same(R.pad_sequence(seqs, true, 9), R.pad_sequence(seqs, { batch_first: true, padding_value: 9 }));
    const packed = R.pack_sequence(seqs, false);
    const packed2 = R.pack_sequence({ sequences: seqs, enforce_sorted: false });
    same(packed.data, packed2.data);
    const padded = R.pad_sequence(seqs);
    same(R.pack_padded_sequence(padded, [3, 1, 2], false, false).data, R.pack_padded_sequence(padded, { lengths: [3, 1, 2], enforce_sorted: false }).data);
    const [p1, l1] = R.pad_packed_sequence(packed, true, -1);
    const [p2, l2] = R.pad_packed_sequence(packed, { batch_first: true, padding_value: -1 });
    same(p1, p2);
    same(l1, l2);
    // unpack_sequence(pack_sequence(seqs, enforce_sorted=False)) gives the sequences back, in order.
    R.unpack_sequence(packed).forEach((s, i) => same(s, seqs[i]!));
    R.unpad_sequence({ padded_sequences: padded, lengths: torch.tensor([3, 1, 2]) }).forEach((s, i) => same(s, seqs[i]!));
    same(R.invert_permutation({ permutation: torch.tensor([2, 0, 1]) })!, torch.tensor([1, 2, 0]));
    expect(R.invert_permutation(null)).toBeNull();
    // PackedSequence.to: the same object when nothing changes (PyTorch's), converted data otherwise.
    expect(packed.to('float32')).toBe(packed);
    expect(packed.to({ dtype: 'float64' }).data.dtype).toBe('float64');
    expect(packed.double().data.dtype).toBe('float64');
    expect(packed.to(torch.zeros(1, { dtype: 'float64' })).data.dtype).toBe('float64');
    const rebuilt = new R.PackedSequence({ data: packed.data, batch_sizes: packed.batch_sizes, sorted_indices: packed.sorted_indices });
    same(rebuilt.unsorted_indices!, packed.unsorted_indices!);
  });

  it('the recurrent modules and their methods', () => {
    torch.manual_seed(1);
    const gru = new nn.GRU(3, 4);
    const x = torch.randn(5, 2, 3);
    const h0 = torch.randn(1, 2, 4);
    const [o1, h1] = gru(x, h0);
    const [o2, h2] = gru({ input: x, hx: h0 });
    const [o3, h3] = gru(x, { hx: h0 });
    same(o1, o2 as Tensor, o3 as Tensor);
    same(h1, h2, h3);
    const lstm = new nn.LSTM(3, 4);
    expect(lstm.get_expected_cell_size(x, null)).toEqual([1, 2, 4]);
    expect(gru.get_expected_hidden_size({ input: x, batch_sizes: null })).toEqual([1, 2, 4]);
    const perm = torch.tensor([1, 0]);
    same(gru.permute_hidden(h0, perm) as Tensor, h0.index_select(1, perm));
    const [hp, cp] = lstm.permute_hidden([h0, h0], perm);
    same(hp, cp, h0.index_select(1, perm));
    lstm.check_forward_args(x, [torch.zeros(1, 2, 4), torch.zeros(1, 2, 4)], null);
    gru.flatten_parameters();
    const cell = new nn.LSTMCell(3, 4);
    const [hc, cc] = cell(x.select(0, 0));
    const [hn, cn] = cell({ input: x.select(0, 0), hx: null });
    same(hc, hn);
    same(cc, cn);
  });
});

describe("forward hooks run as PyTorch's __call__ runs them", () => {
  class Add extends nn.Module {
    override forward(a: Tensor, b: Tensor): Tensor {
      return a.add(b);
    }
  }
  class Scale extends nn.Module {
    override forward(x: Tensor, opts: { scale?: number } = {}): Tensor {
      return x.mul(opts.scale ?? 1);
    }
  }
  class Boom extends nn.Module {
    override forward(_input: Tensor): Tensor {
      throw new torch.ValueError('boom', 'ValueError');
    }
  }
  const x = torch.tensor([1, 2], { dtype: 'float32' });

  it('a pre-hook that returns a value replaces the arguments (one value is one argument)', () => {
    // m = nn.Identity(); m.register_forward_pre_hook(lambda mod, args: args[0] * 2); m(x) -> tensor([2., 4.])
    const id = new nn.Identity();
    id.register_forward_pre_hook((_m, args) => (args[0] as Tensor).mul(2));
    expect(values(id(x))).toEqual([2, 4]);
    // m = Add(); m.register_forward_pre_hook(lambda mod, args: (args[1], args[0] * 10)); m(x, [5., 5.]) -> tensor([15., 25.])
    const add = new Add();
    add.register_forward_pre_hook((_m, args) => [args[1], (args[0] as Tensor).mul(10)]);
    expect(values(add(x, torch.tensor([5, 5], { dtype: 'float32' })))).toEqual([15, 25]);
  });

  it('with_kwargs, a pre-hook sees and replaces the keyword arguments', () => {
    // pre(mod, args, kwargs) returns (args, {**kwargs, 'scale': 3}); m(x, scale=2) -> tensor([3., 6.]), saw (1, {'scale': 2})
    const m = new Scale();
    const seen: unknown[] = [];
    m.register_forward_pre_hook((_m, args, kwargs) => {
      seen.push([args.length, kwargs]);
      return [args, { ...kwargs, scale: 3 }];
    }, { with_kwargs: true });
    expect(values(m(x, { scale: 2 }))).toEqual([3, 6]);
    expect(seen).toEqual([[1, { scale: 2 }]]);
    const bad = new Scale();
    bad.register_forward_pre_hook(() => 5, { with_kwargs: true });
    expect(thrown(() => bad(x))).toBe('forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got 5.');
  });

  it('a forward hook replaces the output; with_kwargs it also sees the keyword arguments', () => {
    // fh(mod, args, kwargs, out) returns out + 1; m(x, scale=2) -> tensor([3., 5.]), saw (1, {'scale': 2}, [2.0, 4.0])
    const m = new Scale();
    const seen: unknown[] = [];
    m.register_forward_hook((_m, args, kwargs, out) => {
      seen.push([args.length, kwargs, (out as Tensor).tolist()]);
      return (out as Tensor).add(1);
    }, { with_kwargs: true });
    expect(values(m(x, { scale: 2 }))).toEqual([3, 5]);
    expect(seen).toEqual([[1, { scale: 2 }, [2, 4]]]);
  });

  it('prepend puts a hook first', () => {
    // ['pb', 'pa', 'b', 'a']
    const m = new nn.Identity();
    const log: string[] = [];
    m.register_forward_hook(() => void log.push('a'));
    m.register_forward_hook(() => void log.push('b'), { prepend: true });
    m.register_forward_pre_hook(() => void log.push('pa'));
    m.register_forward_pre_hook(() => void log.push('pb'), { prepend: true });
    m(x);
    expect(log).toEqual(['pb', 'pa', 'b', 'a']);
  });

  it('always_call hooks run when forward, a pre-hook or a hook raises, once, with output None', () => {
    // Boom: [('always', None), ('always_kw', {}, None)], and ValueError('boom') goes on.
    const boom = new Boom();
    const log: unknown[] = [];
    boom.register_forward_hook((_m, _a, out) => void log.push(['plain', out]));
    boom.register_forward_hook((_m, _a, out) => void log.push(['always', out]), { always_call: true });
    boom.register_forward_hook((_m, _a, kwargs, out) => void log.push(['always_kw', kwargs, out]), { always_call: true, with_kwargs: true });
    expect(thrown(() => boom(x))).toBe('boom');
    expect(log).toEqual([['always', null], ['always_kw', {}, null]]);

    // An always_call hook that already ran is not run again when a later hook raises: ['always'].
    const id = new nn.Identity();
    const ran: string[] = [];
    id.register_forward_hook(() => void ran.push('always'), { always_call: true });
    id.register_forward_hook(() => {
      throw new torch.WickError('hook failed');
    });
    expect(thrown(() => id(x))).toBe('hook failed');
    expect(ran).toEqual(['always']);

    // A pre-hook that raises: [('always', None)].
    const pre = new nn.Identity();
    const after: unknown[] = [];
    pre.register_forward_pre_hook(() => {
      throw new torch.WickError('pre failed');
    });
    pre.register_forward_hook((_m, _a, out) => void after.push(['always', out]), { always_call: true });
    expect(thrown(() => pre(x))).toBe('pre failed');
    expect(after).toEqual([['always', null]]);

    // An always_call hook that raises after forward's error is silenced: ['bad2', ('always2', None)], ValueError('boom').
    const boom2 = new Boom();
    const log2: unknown[] = [];
    boom2.register_forward_hook(() => {
      log2.push('bad2');
      throw new torch.WickError('hook failed too');
    }, { always_call: true });
    boom2.register_forward_hook((_m, _a, out) => void log2.push(['always2', out]), { always_call: true });
    expect(thrown(() => boom2(x))).toBe('boom');
    expect(log2).toEqual(['bad2', ['always2', null]]);
  });

  it('handle.remove() takes a hook off (twice is harmless); forward() skips the hooks, call() and module() run them', () => {
    const m = new nn.Identity();
    const log: string[] = [];
    const handle = m.register_forward_hook(() => void log.push('h'));
    m(x);
    handle.remove();
    m(x);
    handle.remove();
    expect(log).toEqual(['h']);
    // m.register_forward_hook(lambda mod, a, o: o * 2); m.forward(x), m(x) -> tensor([1., 2.]), tensor([2., 4.])
    const doubled = new nn.Identity();
    doubled.register_forward_hook((_m, _a, out) => (out as Tensor).mul(2));
    expect(values(doubled.forward(x))).toEqual([1, 2]);
    expect(values(doubled(x))).toEqual([2, 4]);
    expect(values(doubled.call(x))).toEqual([2, 4]);
  });
});

describe('calling a module is typed like its forward', () => {
  it('gru(x) is [Tensor, Tensor], gru(packed) [PackedSequence, Tensor], lstm(x) [Tensor, [Tensor, Tensor]]', () => {
    const gru = new nn.GRU(3, 4);
    const lstm = new nn.LSTM(3, 4);
    const x = torch.randn(2, 1, 3);
    const packed = R.pack_sequence([torch.randn(2, 3)]);
    expectTypeOf(gru(x)).toEqualTypeOf<[Tensor, Tensor]>();
    expectTypeOf(gru(packed)).toEqualTypeOf<[nn.PackedSequence, Tensor]>();
    expectTypeOf(new nn.RNN(3, 4)(x)).toEqualTypeOf<[Tensor, Tensor]>();
    expectTypeOf(lstm(x)).toEqualTypeOf<[Tensor, [Tensor, Tensor]]>();
    expectTypeOf(lstm(packed)).toEqualTypeOf<[nn.PackedSequence, [Tensor, Tensor]]>();
    expectTypeOf(new nn.Linear(3, 4)(x)).toEqualTypeOf<Tensor>();
    expectTypeOf(new nn.MSELoss()(x, x)).toEqualTypeOf<Tensor>();
    expectTypeOf(new nn.LSTMCell(3, 4)(x.select(0, 0))).toEqualTypeOf<[Tensor, Tensor]>();
    expect(gru(packed)[0]).toBeInstanceOf(nn.PackedSequence);
  });
});

describe('where wick deliberately differs from PyTorch', () => {
  it('refuses what PyTorch would silently ignore or get wrong', () => {
    // PyTorch's Identity also swallows keyword arguments; wick takes no options (they would do nothing).
    expect(thrown(() => Reflect.construct(nn.Identity, [54, { unused_argument1: 0.1 }]))).toBe(
      "Identity.__init__() got an unexpected keyword argument 'unused_argument1'",
    );
    expect(String(new nn.Identity(54, 'x'))).toBe('Identity()');
    // PyTorch packs a length past the padded batch from memory beyond it; wick refuses.
    expect(thrown(() => R.pack_padded_sequence(torch.randn(4, 2, 3), [5, 2]))).toBe(
      'pack_padded_sequence: the longest length 5 exceeds the padded length 4',
    );
    // Sparse gradients need sparse tensors, which wick does not have.
    expect(thrown(() => new nn.Embedding(3, 2, { sparse: true }))).toBe(
      'sparse=True asks for a sparse gradient of the weight; wick has no sparse tensors',
    );
    // Where PyTorch's Python code does not check a type (the error comes from deeper inside), the binder's words.
    expect(thrown(() => Reflect.construct(nn.Linear, [3.5, 4]))).toBe("Linear.__init__(): argument 'in_features' (position 1) must be int, not float");
    // Module.to binds with the C++ parser's words (PyTorch's lists two more parameters per overload).
    expect(thrown(() => Reflect.apply(nn.Linear.prototype.to, new nn.Linear(2, 2), [{ bogus: 1 }]))).toMatch(
      /^to\(\) received an invalid combination of arguments - got \(bogus=int, \), but expected one of:/,
    );
  });
});
