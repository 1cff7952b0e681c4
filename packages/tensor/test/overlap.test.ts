import { describe, it } from 'vitest';
import * as torch from '../src/index.js';
import { same, raises } from './recorded.js';

// Each case's expectation is PyTorch 2.13's: the Python expression quoted above it was run in
// PyTorch and its result (shape, dtype, values) or error (type and message) recorded here.

// In-place writes and PyTorch's memory-overlap checks (ops/overlap.ts).
const E = () => torch.ones(1).expand(3); // three elements, one memory location
const v4 = () => torch.arange(4, { dtype: torch.float32 });
const sq = () => torch.arange(4, { dtype: torch.float32 }).view(2, 2);

describe("an expanded tensor is refused as the target of an in-place write", () => {
  // E().add_(1)
  it("add_", () => raises(() => E().add_(1), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // (lambda e: e.add_(e))(E())
  it("add_ of itself", () => raises(() => ((e) => e.add_(e))(E()), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().sub_(torch.ones(3))
  it("sub_", () => raises(() => E().sub_(torch.ones(3)), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().mul_(2)
  it("mul_", () => raises(() => E().mul_(2), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().div_(2)
  it("div_", () => raises(() => E().div_(2), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().pow_(2)
  it("pow_", () => raises(() => E().pow_(2), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().neg_()
  it("neg_", () => raises(() => E().neg_(), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().exp_()
  it("exp_", () => raises(() => E().exp_(), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().sigmoid_()
  it("sigmoid_", () => raises(() => E().sigmoid_(), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().clamp_(0, 0.5)
  it("clamp_", () => raises(() => E().clamp_(0, 0.5), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().copy_(torch.tensor([1, 2, 3]))
  it("copy_", () => raises(() => E().copy_(torch.tensor([1, 2, 3])), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().fill_(torch.tensor(2))
  it("fill_ with a tensor", () => raises(() => E().fill_(torch.tensor(2)), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().uniform_()
  it("uniform_", () => raises(() => E().uniform_(), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().normal_()
  it("normal_", () => raises(() => E().normal_(), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().random_()
  it("random_", () => raises(() => E().random_(), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().bernoulli_()
  it("bernoulli_", () => raises(() => E().bernoulli_(), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().exponential_()
  it("exponential_", () => raises(() => E().exponential_(), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().scatter_(0, torch.tensor([0]), torch.tensor([5.]))
  it("scatter_ src", () => raises(() => E().scatter_(0, torch.tensor([0]), torch.tensor([5], { dtype: torch.float32 })), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().scatter_(0, torch.tensor([0]), 5.)
  it("scatter_ value", () => raises(() => E().scatter_(0, torch.tensor([0]), 5), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().scatter_(0, torch.zeros(0, dtype=torch.int64), 5.)
  it("scatter_ with an empty index", () => raises(() => E().scatter_(0, torch.zeros(0, { dtype: torch.int64 }), 5), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().scatter_add_(0, torch.tensor([0]), torch.tensor([5.]))
  it("scatter_add_", () => raises(() => E().scatter_add_(0, torch.tensor([0]), torch.tensor([5], { dtype: torch.float32 })), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // torch.ones(3, 1).expand(3, 3).add_(1)
  it("2-d expand", () => raises(() => torch.ones(3, 1).expand(3, 3).add_(1), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // torch.arange(4.).as_strided([3], [0]).add_(1)
  it("as_strided with stride 0", () => raises(() => v4().as_strided([3], [0]).add_(1), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
});

describe("the overlap check comes where PyTorch makes it", () => {
  // E().clamp_()
  it("after autograd-free argument checks (clamp_ without bounds)", () => raises(() => E().clamp_(), 'RuntimeError', "torch.clamp: At least one of 'min' or 'max' must not be None"));
  // E().uniform_(2, 1)
  it("after uniform_ checks its range", () => raises(() => E().uniform_(2, 1), 'RuntimeError', "uniform_ expects to return a [from, to) range, but found from=2 > to=1"));
  // E().add_(torch.ones(4))
  it("before a broadcast error", () => raises(() => E().add_(torch.ones(4)), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
  // E().scatter_(0, torch.tensor([0.5]), 1.)
  it("after scatter checks the index dtype", () => raises(() => E().scatter_(0, torch.tensor([0.5]), 1), 'RuntimeError', "scatter(): Expected dtype int32/int64 for index"));
  // E().scatter_(0, torch.tensor([[0]]), 1.)
  it("after scatter checks the index rank", () => raises(() => E().scatter_(0, torch.tensor([[0]]), 1), 'RuntimeError', "Index tensor must have the same number of dimensions as self tensor"));
  // E().scatter_(0, torch.tensor([7]), 1.)
  it("before scatter checks the index values", () => raises(() => E().scatter_(0, torch.tensor([7]), 1), 'RuntimeError', "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
});

describe("what PyTorch allows", () => {
  // E().fill_(2)
  it("fill_ with a number (filling is idempotent)", () => same(E().fill_(2), { shape: [3], values: [2, 2, 2], dtype: 'float32' }));
  // E().zero_()
  it("zero_", () => same(E().zero_(), { shape: [3], values: [0, 0, 0], dtype: 'float32' }));
  // E().masked_fill_(torch.tensor([True, False, True]), 2)
  it("masked_fill_ (PyTorch only warns)", () => same(E().masked_fill_(torch.tensor([true, false, true]), 2), { shape: [3], values: [2, 2, 2], dtype: 'float32' }));
  // torch.ones(1).expand(1).add_(1)
  it("a size-1 dim with stride 0", () => same(torch.ones(1).expand(1).add_(1), { shape: [1], values: [2], dtype: 'float32' }));
  // torch.ones(1).expand(0).add_(1)
  it("an empty expanded tensor", () => same(torch.ones(1).expand(0).add_(1), { shape: [0], values: [], dtype: 'float32' }));
  // (lambda x: (x.as_strided([2, 2], [1, 1]).add_(1), x)[1])(torch.arange(4.))
  it("overlapping strides PyTorch cannot decide (\"too hard\")", () => same(((x) => (x.as_strided([2, 2], [1, 1]).add_(1), x))(v4()), { shape: [4], values: [1, 3, 3, 3], dtype: 'float32' }));
  // E().unsqueeze_(0).t_()
  it("in-place view ops (nothing is written)", () => same(E().unsqueeze_(0).t_(), { shape: [3, 1], values: [[1], [1], [1]], dtype: 'float32' }));
  // torch.zeros(3).copy_(E())
  it("copy_ from an expanded source", () => same(torch.zeros(3).copy_(E()), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // (lambda x: x.copy_(x))(torch.arange(4.))
  it("copy_ of itself", () => same(((x) => x.copy_(x))(v4()), { shape: [4], values: [0, 1, 2, 3], dtype: 'float32' }));
  // (lambda x: x.view(4).copy_(x.view(4)))(torch.arange(4.))
  it("copy_ of the same elements through another view", () => same(((x) => x.view(4).copy_(x.view(4)))(v4()), { shape: [4], values: [0, 1, 2, 3], dtype: 'float32' }));
  // (lambda x: x.expand(3).copy_(x.expand(3)))(torch.ones(1))
  it("copy_ of an expanded tensor onto itself", () => same(((x) => x.expand(3).copy_(x.expand(3)))(torch.ones(1)), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // (lambda x: (x[:2].copy_(x[2:]), x)[1])(torch.arange(4.))
  it("copy_ between disjoint halves", () => same(((x) => (x.narrow(0, 0, 2).copy_(x.narrow(0, 2, 2)), x))(v4()), { shape: [4], values: [2, 3, 2, 3], dtype: 'float32' }));
  // (lambda x: (x[::2].copy_(x[1::2]), x)[1])(torch.arange(4.))
  it("copy_ between interleaved strided views", () => same(((x) => (x.slice(0, 0, null, 2).copy_(x.slice(0, 1, null, 2)), x))(v4()), { shape: [4], values: [1, 1, 3, 3], dtype: 'float32' }));
  // (lambda x: x.add_(x))(torch.arange(4.))
  it("add_ of itself", () => same(((x) => x.add_(x))(v4()), { shape: [4], values: [0, 2, 4, 6], dtype: 'float32' }));
  // (lambda x: x.view(2, 2).add_(x.view(2, 2)))(torch.arange(4.))
  it("add_ of the same elements through another view", () => same(((x) => x.view(2, 2).add_(x.view(2, 2)))(v4()), { shape: [2, 2], values: [[0, 2], [4, 6]], dtype: 'float32' }));
  // (lambda m: m[1:].masked_fill_(m[:1].clone(), True))(torch.tensor([False, False, True]))
  it("masked_fill_ with a mask elsewhere in memory", () => same(((m) => m.narrow(0, 1, 2).masked_fill_(m.narrow(0, 0, 1).clone(), true))(torch.tensor([false, false, true])), { shape: [2], values: [false, true], dtype: 'bool' }));
});

describe("an input that partially overlaps the target is refused", () => {
  // (lambda x: x[1:].copy_(x[:-1]))(torch.arange(4.))
  it("copy_ shifted by one", () => raises(() => ((x) => x.narrow(0, 1, 3).copy_(x.narrow(0, 0, 3)))(v4()), 'RuntimeError', "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
  // (lambda x: x.copy_(x.t()))(torch.arange(4.).view(2, 2))
  it("copy_ of the transpose", () => raises(() => ((x) => x.copy_(x.t()))(sq()), 'RuntimeError', "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
  // (lambda x: x[1:].mul_(x[:-1]))(torch.arange(4.))
  it("mul_ shifted by one", () => raises(() => ((x) => x.narrow(0, 1, 3).mul_(x.narrow(0, 0, 3)))(v4()), 'RuntimeError', "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
  // (lambda x: x.add_(x.t()))(torch.arange(4.).view(2, 2))
  it("add_ of its transpose", () => raises(() => ((x) => x.add_(x.t()))(sq()), 'RuntimeError', "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
  // (lambda m: m[1:].masked_fill_(m[:-1], True))(torch.tensor([True, False, True, False]))
  it("masked_fill_ with an overlapping mask", () => raises(() => ((m) => m.narrow(0, 1, 3).masked_fill_(m.narrow(0, 0, 3), true))(torch.tensor([true, false, true, false])), 'RuntimeError', "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
  // (lambda x: x.scatter_(0, torch.tensor([0]), x))(torch.arange(4.))
  it("scatter_ from itself (even fully)", () => raises(() => ((x) => x.scatter_(0, torch.tensor([0]), x))(v4()), 'RuntimeError', "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
  // (lambda x: x.scatter_add_(0, torch.tensor([0]), x))(torch.arange(4.))
  it("scatter_add_ from itself", () => raises(() => ((x) => x.scatter_add_(0, torch.tensor([0]), x))(v4()), 'RuntimeError', "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
  // (lambda x: x[1:].scatter_(0, x[:-1], 1))(torch.tensor([0, 0, 1, 0]))
  it("scatter_ with an index in its own memory", () => raises(() => ((x) => x.narrow(0, 1, 3).scatter_(0, x.narrow(0, 0, 3), 1))(torch.tensor([0, 0, 1, 0])), 'RuntimeError', "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
});
