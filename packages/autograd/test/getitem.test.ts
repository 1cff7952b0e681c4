// Autograd through Python indexing, by hand: the nodes PyTorch records for x[index] and
// x[index] = value (names and links recorded by running the same code in PyTorch 2.13), in-place
// writes refused on leaves, and index tensors changed after use caught by the version check.
// Gradient values are in fixtures/autograd/getitem.msgpack (test/fixtures.test.ts).
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { expectWickError } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Node, install } from '../src/index.js';

beforeAll(() => install());

const fn = (t: Tensor) => t.grad_fn as Node;
const nextName = (t: Tensor, i = 0) => fn(t).next_functions[i]![0]?.name() ?? null;
const leaf = () => torch.randn([3, 4], { requires_grad: true });

describe('the nodes PyTorch records', () => {
  it('x[index]', () => {
    const w = leaf();
    expect(fn(w.__getitem__(torch.tensor([0, 2]))).name()).toBe('IndexBackward0');
    expect(fn(w.__getitem__(w.gt(0))).name()).toBe('IndexBackward0');
    expect(fn(w.__getitem__('...')).name()).toBe('AliasBackward0');
    expect(fn(w.__getitem__([])).name()).toBe('AliasBackward0');
    expect(fn(w.__getitem__([':', ':'])).name()).toBe('AliasBackward0');
    expect(fn(w.__getitem__(null)).name()).toBe('UnsqueezeBackward0');
    // A whole-dim slice inside a tuple is skipped; alone it still slices (PyTorch's slice optimization).
    expect(nextName(w.__getitem__([':', torch.tensor([0, 2])]))).toBe('torch::autograd::AccumulateGrad');
    expect(nextName(w.__getitem__([':', 0]))).toBe('torch::autograd::AccumulateGrad');
    expect(nextName(w.__getitem__(['0:100', 0]))).toBe('torch::autograd::AccumulateGrad');
    expect(nextName(w.__getitem__(['0:2', 0]))).toBe('SliceBackward0');
    expect(nextName(w.__getitem__(['-3:', 0]))).toBe('SliceBackward0');
    expect(fn(w.__getitem__(':')).name()).toBe('SliceBackward0');
    expect(nextName(w.__getitem__([0, torch.tensor([0, 2])]))).toBe('SelectBackward0');
    expect(nextName(w.__getitem__(['1:', torch.tensor([0, 2])]))).toBe('SliceBackward0');
    // x[True] indexes an unsqueezed view.
    expect(fn(w.__getitem__(true)).name()).toBe('IndexBackward0');
    expect(nextName(w.__getitem__(true))).toBe('UnsqueezeBackward0');
    expect(fn(w.masked_select(w.gt(0))).name()).toBe('MaskedSelectBackward0');
  });

  it('x[index] = value', () => {
    const w = leaf();
    const assign = (index: torch.Index, value: Tensor | number) => {
      const y = w.clone();
      y.__setitem__(index, value);
      return y;
    };
    for (const [index, value] of [[torch.tensor([0, 2]), torch.ones(4)], [torch.tensor([0, 2]), 1], [torch.tensor([true, false, true]), 1]] as const) {
      const y = assign(index, value);
      expect(fn(y).name()).toBe('IndexPutBackward0');
      expect(nextName(y, 0)).toBe('CloneBackward0');
      expect(nextName(y, 1)).toBe(null);
    }
    expect(fn(assign(0, 1)).name()).toBe('torch::autograd::CopySlices');
    expect(fn(assign(0, torch.ones(4))).name()).toBe('torch::autograd::CopySlices');
    expect(fn(assign(0, torch.tensor(3, { dtype: torch.float32 }))).name()).toBe('torch::autograd::CopySlices');
    expect(fn(w.mul(1).masked_scatter(w.gt(0), torch.ones(12))).name()).toBe('MaskedScatterBackward0');
  });
});

describe('what autograd refuses', () => {
  it('writing into a leaf that requires grad, directly or through a view', () => {
    const w = leaf();
    expectWickError(() => w.__setitem__(0, 1), 'a view of a leaf Variable that requires grad is being used in an in-place operation.');
    expectWickError(() => w.__setitem__(torch.tensor([0]), 1), 'a leaf Variable that requires grad is being used in an in-place operation.');
    expectWickError(() => w.index_put_([torch.tensor([0])], torch.ones(4)), 'a leaf Variable that requires grad is being used in an in-place operation.');
  });

  it('an index tensor changed in place after use', () => {
    const message =
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.LongTensor [2]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).';
    const w = leaf();
    const i = torch.tensor([0, 2]);
    const y = w.mul(2).__getitem__(i);
    i.add_(1);
    expectWickError(() => y.sum().backward(), message);
    const j = torch.tensor([0, 2]);
    const h = w.mul(2);
    h.__setitem__(j, torch.ones(4));
    j.add_(1);
    expectWickError(() => h.sum().backward(), message);
  });
});
