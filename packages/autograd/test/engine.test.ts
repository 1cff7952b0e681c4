// Engine behaviour against PyTorch: every expected number and message below was printed by
// PyTorch 2.13 running the same code (float64, so agreement is to the last few bits).
import * as torch from '@wick/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, install, is_grad_enabled, no_grad, enable_grad, set_grad_enabled } from '../src/index.js';
import { expectClose, expectThrows, f64, fn } from './helpers.js';

beforeAll(() => install());

const x23 = () => f64([[1, 2, 3], [4, 5, 6]]);

describe('graph', () => {
  it('names nodes as PyTorch does and links them with next_functions', () => {
    const x = f64([1, 2, 3]);
    const y = x.exp();
    expect(fn(y).name()).toBe('ExpBackward0');
    const [next, nr] = fn(y).next_functions[0]!;
    expect(next!.name()).toBe('torch::autograd::AccumulateGrad');
    expect(nr).toBe(0);
    const m = f64([[1, 2], [3, 4]]);
    const names = [
      m.add(1), m.mul(2), m.div(2), m.sub(1), m.pow(2), m.pow(m), torch.pow(2, m), m.sum(), m.sum(0), m.mean(), m.mean(0),
      m.max(), m.max(0).values, m.amax(0), m.clamp(0, 1), torch.where(m.gt(0), m, m), m.masked_fill(m.gt(0), 1),
      m.view(4), m.transpose(0, 1), m.t(), m.permute(1, 0), m.expand(2, 2, 2), m.slice(0, 1), m.select(0, 1), m.unsqueeze(0),
      m.clone(), m.float(), m.mm(m), m.softmax(0), m.log_softmax(0), m.cumsum(0), m.prod(), m.prod(0), m.var(), m.std(0),
      m.logsumexp(0), torch.cat([m, m]), m.flip(0), m.roll(1, 0), m.neg(), m.relu(), m.abs(), m.floor(), m.square(),
      m.remainder(2), m.remainder(m), m.atan2(m), m.maximum(m), m.div(m, { rounding_mode: 'floor' }),
    ].map((t) => fn(t).name());
    expect(names).toEqual([
      'AddBackward0', 'MulBackward0', 'DivBackward0', 'SubBackward0', 'PowBackward0', 'PowBackward1', 'PowBackward2',
      'SumBackward0', 'SumBackward1', 'MeanBackward0', 'MeanBackward1', 'MaxBackward1', 'MaxBackward0', 'AmaxBackward0',
      'ClampBackward1', 'WhereBackward0', 'MaskedFillBackward0', 'ViewBackward0', 'TransposeBackward0', 'TBackward0', 'PermuteBackward0',
      'ExpandBackward0', 'SliceBackward0', 'SelectBackward0', 'UnsqueezeBackward0', 'CloneBackward0', 'ToCopyBackward0',
      'MmBackward0', 'SoftmaxBackward0', 'LogSoftmaxBackward0', 'CumsumBackward0', 'ProdBackward0', 'ProdBackward1',
      'VarBackward0', 'StdBackward0', 'LogsumexpBackward0', 'CatBackward0', 'FlipBackward0', 'RollBackward0',
      'NegBackward0', 'ReluBackward0', 'AbsBackward0', 'FloorBackward0', 'PowBackward0', 'RemainderBackward0',
      'RemainderBackward1', 'Atan2Backward0', 'MaximumBackward0', 'DivBackward2',
    ]);
  });

  it('tracks leaves, requires_grad and detach', () => {
    const m = x23();
    expect(m.is_leaf).toBe(true);
    expect(m.mul(2).is_leaf).toBe(false);
    expect(m.detach().requires_grad).toBe(false);
    expect(m.detach().is_leaf).toBe(true);
    const y = m.mul(2);
    y.detach_();
    expect(y.requires_grad).toBe(false);
    expect(y.grad_fn).toBeNull();
  });

  it('gives integer and bool results no gradient', () => {
    const m = x23();
    expect(m.argmax().requires_grad).toBe(false);
    expect(m.gt(1).requires_grad).toBe(false);
    expect(m.long().requires_grad).toBe(false);
    expect(m.long().grad_fn).toBeNull();
    expect(m.max(1).indices.requires_grad).toBe(false);
  });
});

describe('backward', () => {
  it('reduces broadcast gradients to each input shape', () => {
    const a = f64([[0.5], [-1.25], [2.0]]);
    const b = f64([1.5, -0.75, 0.25, 3.0]);
    a.mul(b).add(a.div(b)).sum().backward();
    expectClose(a.grad, [[7.666666666666667], [7.666666666666667], [7.666666666666667]]);
    expectClose(b.grad, [0.6944444444444445, -0.9722222222222219, -18.75, 1.1111111111111112]);
  });

  it('sums gradients arriving at one input without touching a sum passed on to two nodes', () => {
    // w's two gradients are summed by the engine; AddBackward hands that sum to both p and q,
    // each of which then receives one more gradient (PyTorch: x.grad = [41, 41]).
    // r and s come before w, so their gradients reach p and q after the sum did.
    const x = f64([1, 2]);
    const p = x.mul(2);
    const q = x.mul(3);
    const r = p.mul(5);
    const s = q.mul(7);
    const w = p.add(q);
    w.add(w).sum().add(r.sum()).add(s.sum()).backward();
    expectClose(x.grad, [41, 41]);
  });

  it('sends gradients of views of a leaf to the leaf', () => {
    const x = x23();
    const v = x.t().select(0, 1);
    v.mul(v).sum().backward();
    expectClose(x.grad, [[0, 4, 0], [0, 10, 0]]);
  });

  it('accumulates into .grad, and retain_graph allows a second pass', () => {
    const x = x23();
    const y = x.mul(x).sum();
    y.backward(null, { retain_graph: true });
    y.backward();
    expectClose(x.grad, [[4, 8, 12], [16, 20, 24]]);
  });

  it('retains non-leaf gradients on request', () => {
    const x = x23();
    const h = x.exp();
    h.retain_grad();
    expect(h.retains_grad).toBe(true);
    h.sum().backward();
    expectClose(h.grad, [[1, 1, 1], [1, 1, 1]]);
    expectClose(x.grad, [[2.718281828459045, 7.38905609893065, 20.085536923187668], [54.598150033144236, 148.4131591025766, 403.4287934927351]]);
  });

  it('runs hooks on leaf and non-leaf gradients', () => {
    const x = x23();
    const handle = x.register_hook((g) => g.mul(2));
    x.mul(3).sum().backward();
    expectClose(x.grad, [[6, 6, 6], [6, 6, 6]]);
    handle.remove();
    x.grad = null;
    const u = x.mul(2);
    u.register_hook((g) => g.add(1));
    u.mul(u).sum().backward();
    expectClose(x.grad, [[10, 18, 26], [34, 42, 50]]);
  });

  it('runs hooks on gradients that autograd.grad returns', () => {
    const x = f64([1, 1]);
    x.register_hook((g) => g.mul(2));
    expectClose(grad(x.mul(3).sum(), x)[0]!, [6, 6]);
    const y = x.mul(1);
    y.register_hook((g) => g.mul(5));
    expectClose(grad(y.mul(3).sum(), y)[0]!, [15, 15]);
  });

  it('accumulates only into the given inputs', () => {
    const x = x23();
    const p = x.mul(2);
    p.exp().sum().backward(null, { inputs: [p] });
    expectClose(p.grad, [[7.38905609893065, 54.598150033144236, 403.4287934927351], [2980.9579870417283, 22026.465794806718, 162754.79141900392]]);
    expect(x.grad).toBeNull();
  });

  it('splits gradients among ties as PyTorch does', () => {
    const m = () => f64([[1, 5, 3], [7, 2, 7]]);
    const cases: [(t: torch.Tensor) => torch.Tensor, number[][]][] = [
      [(t) => t.max(), [[0, 0, 0], [0.5, 0, 0.5]]],
      [(t) => t.max(1).values.sum(), [[0, 1, 0], [1, 0, 0]]],
      [(t) => t.amax(1).sum(), [[0, 1, 0], [0.5, 0, 0.5]]],
      [(t) => t.maximum(f64([5, 5, 7], false)).sum(), [[0, 0.5, 0], [1, 0, 0.5]]],
    ];
    for (const [f, expected] of cases) {
      const t = m();
      f(t).backward();
      expectClose(t.grad, expected);
    }
  });
});

describe('autograd.grad', () => {
  it('differentiates twice with create_graph', () => {
    const x = x23();
    const [g] = grad(x.sigmoid().sum(), x, { create_graph: true });
    const [gg] = grad(g!.sum(), x);
    expectClose(gg!, [
      [-0.09085774767294841, -0.07996250105615312, -0.040891574660943376],
      [-0.01702733592838912, -0.006559067766322445, -0.0024543117953801886],
    ], 1e-14);
  });

  it('returns gradients without touching .grad', () => {
    const x = x23();
    const [g] = grad(x.pow(3).sum(), [x]);
    expectClose(g!, [[3, 12, 27], [48, 75, 108]]);
    expect(x.grad).toBeNull();
  });

  it('refuses unused inputs unless allow_unused', () => {
    const x = x23();
    const unused = f64([1, 2]);
    expectThrows(
      () => grad(x.mul(2).sum(), [x, unused]),
      'The differentiated Tensor at index 1 appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    );
    const [, none] = grad(x.mul(2).sum(), [x, unused], { allow_unused: true });
    expect(none).toBeNull();
    expectThrows(() => grad(x.mul(2).sum(), [f64([1, 2], false)]), 'One of the differentiated Tensors does not require grad');
  });
});

describe('in-place', () => {
  it('rewrites a base history when a view is modified (CopySlices)', () => {
    const x = x23();
    const b2 = x.mul(1);
    const v = b2.slice(1, 1);
    v.mul_(3);
    expect(fn(b2).name()).toBe('torch::autograd::CopySlices');
    expect(fn(v).name()).toBe('AsStridedBackward0');
    b2.pow(2).sum().backward();
    expectClose(x.grad, [[2, 36, 54], [8, 90, 108]]);
  });

  it('records writes into a buffer that does not require grad', () => {
    const x = x23();
    const z = torch.zeros([2, 3], { dtype: 'float64' });
    z.select(0, 1).copy_(x.select(0, 0).mul(x.select(0, 1)));
    z.select(0, 0).add_(x.select(0, 1));
    z.mul(z).sum().backward();
    expectClose(x.grad, [[32, 100, 216], [16, 50, 120]]);
  });

  it('regenerates the history of views whose base was modified afterwards', () => {
    const x = f64([[1, 2], [3, 4]]);
    const b = x.mul(1);
    const v = b.select(0, 0);
    b.mul_(2);
    v.mul(v).sum().backward();
    expect(fn(v).name()).toBe('AsStridedBackward0');
    expectClose(x.grad, [[8, 16], [0, 0]]);
    x.grad = null;
    const b2 = x.mul(1);
    const v0 = b2.select(0, 0);
    b2.select(0, 1).mul_(3);
    v0.exp().add(b2.sum()).sum().backward();
    expectClose(x.grad, [[4.718281828459045, 9.38905609893065], [6, 6]]);
  });

  it('detects saved tensors modified in place', () => {
    const x = torch.tensor([0.5, -1, 2], { dtype: 'float32', requires_grad: true });
    const y = x.exp();
    y.add_(1);
    expectThrows(
      () => y.sum().backward(),
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).',
    );
    const a = f64([[0.5, -1, 2], [1, 3, -0.25]]);
    const a2 = a.mul(1);
    const c = a2.sin();
    a2.mul_(2);
    expectThrows(
      () => c.sum().backward(),
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [2, 3]], which is output 0 of Mul, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).',
    );
  });

  it('detects a saved view result modified through its base', () => {
    const x = f64([[1, 2], [3, 4]]);
    const h = x.mul(1);
    h.add_(1);
    h.narrow(1, 0, 1).sigmoid_();
    h.mul_(2);
    expectThrows(
      () => h.sum().backward(),
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [2, 1]], which is output 0 of Sigmoid, is at version 3; expected version 2 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).',
    );
  });

  it('allows in-place changes of tensors backward does not need', () => {
    const x = torch.tensor([0.5, -1, 2], { dtype: 'float32', requires_grad: true });
    const y = x.mul(2);
    no_grad(() => x.add_(1));
    y.sum().backward();
    expectClose(x.grad, [2, 2, 2]);
  });

  it('refuses in-place ops on leaves that require grad and on their views', () => {
    const x = torch.tensor([0.5, -1, 2], { dtype: 'float32', requires_grad: true });
    expectThrows(() => x.add_(1), 'a leaf Variable that requires grad is being used in an in-place operation.');
    expectThrows(() => x.select(0, 0).mul_(1), 'a view of a leaf Variable that requires grad is being used in an in-place operation.');
    // Refused before anything is written.
    expect(x.detach().tolist()).toEqual([0.5, -1, 2]);
    expect(x._version).toBe(0);
  });
});

describe('errors', () => {
  it('gives PyTorch messages for misuse', () => {
    const x = torch.tensor([0.5, -1, 2], { dtype: 'float32', requires_grad: true });
    expectThrows(() => x.mul(2).backward(), 'grad can be implicitly created only for scalar outputs');
    expectThrows(() => torch.ones([3]).sum().backward(), 'element 0 of tensors does not require grad and does not have a grad_fn');
    const s = x.exp().sum();
    s.backward();
    expectThrows(
      () => s.backward(),
      'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
    );
    expectThrows(
      () => x.mul(2).backward(torch.ones([4])),
      'Mismatch in shape: grad_output[0] has a shape of torch.Size([4]) and output[0] has a shape of torch.Size([3]).',
    );
    expectThrows(
      () => x.mul(2).requires_grad_(false),
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    );
    expectThrows(() => torch.arange(3).requires_grad_(), 'only Tensors of floating point dtype can require gradients');
    expectThrows(() => torch.ones([3]).retain_grad(), "can't retain_grad on Tensor that has requires_grad=False");
    expectThrows(() => torch.ones([3]).register_hook((g) => g), "cannot register a hook on a tensor that doesn't require gradient");
    expectThrows(
      () => x.mul(2).slice(0, 1).detach_(),
      "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.",
    );
  });
});

describe('grad modes', () => {
  it('records nothing under no_grad, and enable_grad turns it back on', () => {
    const m = x23();
    const r = no_grad(() => m.mul(2));
    expect([r.requires_grad, r.grad_fn, r.is_leaf]).toEqual([false, null, true]);
    expect(no_grad(() => enable_grad(() => m.mul(2))).requires_grad).toBe(true);
    expect(no_grad(() => is_grad_enabled())).toBe(false);
    set_grad_enabled(false);
    expect(m.mul(2).requires_grad).toBe(false);
    set_grad_enabled(true);
    expect(m.mul(2).requires_grad).toBe(true);
    expect(set_grad_enabled(false, () => m.mul(2)).requires_grad).toBe(false);
  });
});
