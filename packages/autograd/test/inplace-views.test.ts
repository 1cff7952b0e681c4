// In-place view ops (t_, squeeze_, as_strided_, ...), embedding's gradient options and scatter
// with reduce, against PyTorch: every expected name, number and message below was printed by
// PyTorch 2.13 running the same code (the Python is quoted beside each case).
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { install, no_grad } from '../src/index.js';
import { expectClose, expectThrows, fn } from './helpers.js';

beforeAll(() => install());

const arange = (n: number) => torch.arange(n, { dtype: torch.float32 });

// w = torch.arange(6., requires_grad=True); y = w.view(2, 3) * 1 (or (w * 1).view(2, 3), a view);
// op(y); ((torch.arange(y.numel()) + 1).view(y.shape) * y).sum().backward(); y.grad_fn, w.grad
const cases: [string, (y: Tensor) => unknown, string, string, number[], number[]][] = [
  ['t_', (y) => y.t_(), 'TBackward1', 'MulBackward0', [3, 2], [1, 3, 5, 2, 4, 6]],
  ['transpose_', (y) => y.transpose_(0, 1), 'TransposeBackward1', 'MulBackward0', [3, 2], [1, 3, 5, 2, 4, 6]],
  ['swapaxes_', (y) => y.swapaxes_(1, 0), 'TransposeBackward1', 'MulBackward0', [3, 2], [1, 3, 5, 2, 4, 6]],
  ['swapdims_', (y) => y.swapdims_(0, 1), 'TransposeBackward1', 'MulBackward0', [3, 2], [1, 3, 5, 2, 4, 6]],
  ['unsqueeze_', (y) => y.unsqueeze_(1), 'UnsqueezeBackward1', 'MulBackward0', [2, 1, 3], [1, 2, 3, 4, 5, 6]],
  ['squeeze_()', (y) => y.unsqueeze_(0).squeeze_(), 'SqueezeBackward3', 'UnsqueezeBackward1', [2, 3], [1, 2, 3, 4, 5, 6]],
  ['squeeze_(dim)', (y) => y.unsqueeze_(2).squeeze_(2), 'SqueezeBackward4', 'UnsqueezeBackward1', [2, 3], [1, 2, 3, 4, 5, 6]],
  ['squeeze_(dims)', (y) => y.unsqueeze_(0).squeeze_([0]), 'SqueezeBackward5', 'UnsqueezeBackward1', [2, 3], [1, 2, 3, 4, 5, 6]],
  ['as_strided_', (y) => y.as_strided_([2, 2], [1, 3], 1), 'AsStridedBackward1', 'MulBackward0', [2, 2], [0, 1, 3, 0, 2, 4]],
];

function run(view: boolean, op: (y: Tensor) => unknown): { y: Tensor; w: Tensor } {
  const w = arange(6).requires_grad_();
  const y = view ? w.mul(1).view(2, 3) : w.view(2, 3).mul(1);
  op(y);
  y.mul(arange(y.numel()).add(1).view(y.shape)).sum().backward();
  return { y, w };
}

describe('in-place view ops record PyTorch history', () => {
  it.each(cases)('%s on a tensor', (_name, op, node, next, shape, grad) => {
    const { y, w } = run(false, op);
    expect(fn(y).name()).toBe(node);
    expect(fn(y).next_functions[0]![0]!.name()).toBe(next);
    expect(y.shape).toEqual(shape);
    expect(w.grad!.tolist()).toEqual(grad);
  });

  it.each(cases)('%s on a view (the base keeps its history)', (_name, op, node, next, shape, grad) => {
    const { y, w } = run(true, op);
    expect(fn(y).name()).toBe(node);
    // A view's own chain: the in-place view op's node follows the view's ViewBackward0.
    expect(fn(y).next_functions[0]![0]!.name()).toBe(next === 'MulBackward0' ? 'ViewBackward0' : next);
    expect(y.shape).toEqual(shape);
    expect(w.grad!.tolist()).toEqual(grad);
  });

  it('an in-place write after it rewrites the base through the new geometry', () => {
    // b = w * 1; y = b.view(2, 3); y.t_(); y.mul_(torch.arange(6.).view(3, 2))
    // -> y.grad_fn AsStridedBackward0, b.grad_fn CopySlices; (b * torch.arange(6.)).sum().backward()
    const w = arange(6).requires_grad_();
    const b = w.mul(1);
    const y = b.view(2, 3);
    y.t_();
    y.mul_(arange(6).view(3, 2));
    expect(fn(y).name()).toBe('AsStridedBackward0');
    expect(fn(b).name()).toBe('torch::autograd::CopySlices');
    expect(y.tolist()).toEqual([[0, 3], [2, 12], [8, 25]]);
    b.mul(arange(6)).sum().backward();
    expect(w.grad!.tolist()).toEqual([0, 2, 8, 3, 12, 25]);
  });

  it('refuses leaves that require grad, as every in-place op does', () => {
    // torch.ones(2, 3, requires_grad=True).t_() and .view(6).unsqueeze_(0)
    expectThrows(() => torch.ones(2, 3, { requires_grad: true }).t_(), 'a leaf Variable that requires grad is being used in an in-place operation.');
    expectThrows(
      () => torch.ones(2, 3, { requires_grad: true }).view(6).unsqueeze_(0),
      'a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
  });

  it('under no_grad: a leaf is allowed and a non-leaf keeps its history', () => {
    // with torch.no_grad(): torch.ones(2, 3, requires_grad=True).t_() -> shape [3, 2], requires_grad, no grad_fn
    const leaf = no_grad(() => torch.ones(2, 3, { requires_grad: true }).t_());
    expect(leaf.shape).toEqual([3, 2]);
    expect(leaf.requires_grad).toBe(true);
    expect(leaf.grad_fn).toBeNull();
    // y = torch.ones(1, 2, 1, requires_grad=True) * 2; with torch.no_grad(): y.squeeze_() -> grad_fn MulBackward0
    const y = torch.ones(1, 2, 1, { requires_grad: true }).mul(2);
    no_grad(() => y.squeeze_());
    expect(fn(y).name()).toBe('MulBackward0');
    expect(y.shape).toEqual([2]);
  });
});

describe("torch.embedding's gradient", () => {
  // W = torch.arange(8., requires_grad=True); out = torch.embedding(W.view(4, 2), idx, *args)
  // (out * (torch.arange(12.).view(2, 3, 2) + 1) / 7).sum().backward(); W.grad
  const cases: [string, unknown[], number[]][] = [
    ['plain', [], [1.7142858505249023, 2.000000238418579, 0, 0, 2.4285717010498047, 2.857142925262451, 1, 1.1428571939468384]],
    ['padding_idx 2', [2], [1.7142858505249023, 2.000000238418579, 0, 0, 0, 0, 1, 1.1428571939468384]],
    ['scale_grad_by_freq', [-1, true], [0.8571429252624512, 1.0000001192092896, 0, 0, 0.80952388048172, 0.9523810148239136, 1, 1.1428571939468384]],
    ['both', [0, true], [0, 0, 0, 0, 0.80952388048172, 0.9523810148239136, 1, 1.1428571939468384]],
    ['another negative padding_idx names no row', [-3, false], [1.7142858505249023, 2.000000238418579, 0, 0, 2.4285717010498047, 2.857142925262451, 1, 1.1428571939468384]],
  ];
  it.each(cases)('%s', (_name, args, grad) => {
    const W = arange(8).requires_grad_();
    const idx = torch.tensor([[0, 2, 2], [3, 2, 0]]);
    const out = Reflect.apply(torch.embedding, undefined, [W.view(4, 2), idx, ...args]) as Tensor;
    expect(fn(out).name()).toBe('EmbeddingBackward0');
    out.mul(arange(12).view(2, 3, 2).add(1)).div(7).sum().backward();
    // NOTE: float32; PyTorch scales each row by a fused multiply-add (add_ with alpha), so the
    // scaled cases may differ from wick's multiply-then-add in the last bit.
    expectClose(W.grad, grad, 2 ** -22);
  });

  it('sparse gradients are refused (wick has no sparse tensors)', () => {
    expectThrows(() => torch.embedding(torch.ones(3, 2), torch.tensor([0]), -1, false, true), 'embedding(sparse=True): sparse gradients need sparse tensors, which wick does not have');
    expectThrows(() => torch.ones(2, 2).gather(1, torch.tensor([[0]]), { sparse_grad: true }), 'gather(sparse_grad=True): sparse gradients need sparse tensors, which wick does not have');
  });
});

describe('scatter with reduce', () => {
  it('has no derivative: the forward runs, the backward raises, as in PyTorch', () => {
    // x = torch.arange(6., requires_grad=True); y = (x * 1).view(2, 3).scatter(0, torch.tensor([[0, 1, 0]]), torch.ones(1, 3), reduce='add')
    const x = arange(6).requires_grad_();
    const y = x.mul(1).view(2, 3).scatter(0, torch.tensor([[0, 1, 0]]), torch.ones(1, 3), { reduce: 'add' });
    expect(y.tolist()).toEqual([[1, 1, 3], [3, 5, 5]]);
    expect(fn(y).name()).toBe('NotImplemented');
    expectThrows(() => y.sum().backward(), 'derivative for aten::scatter is not implemented');
    const z = x.mul(1).view(2, 3).scatter(0, torch.tensor([[0, 1, 0]]), 2, { reduce: 'multiply' });
    expectThrows(() => z.sum().backward(), 'derivative for aten::scatter is not implemented');
  });
});
