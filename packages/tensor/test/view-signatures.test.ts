import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { fn, call, bad, same, sameList, raises } from './recorded.js';

// Each case's expectation is PyTorch 2.13's: the Python expression quoted above it was run in
// PyTorch and its result (shape, dtype, values) or error (type and message) recorded here.

const x = () => torch.arange(6, { dtype: torch.float32 }).view(2, 3); // [[0, 1, 2], [3, 4, 5]]
const x3 = () => torch.arange(24, { dtype: torch.float32 }).view(2, 3, 4);
const v4 = () => torch.arange(4, { dtype: torch.float32 });
const ones3 = () => torch.ones(1, 3, 1);

describe("view, view_as, reshape, reshape_as", () => {
  // x().view(3, 2)
  it("view: ints", () => same(x().view(3, 2), { shape: [3, 2], values: [[0, 1], [2, 3], [4, 5]], dtype: 'float32' }));
  // x().view(6)
  it("view: one int", () => same(x().view(6), { shape: [6], values: [0, 1, 2, 3, 4, 5], dtype: 'float32' }));
  // x().view([3, -1])
  it("view: a list", () => same(x().view([3, -1]), { shape: [3, 2], values: [[0, 1], [2, 3], [4, 5]], dtype: 'float32' }));
  // x().view(size=[6])
  it("view: by name", () => same(x().view({ size: [6] }), { shape: [6], values: [0, 1, 2, 3, 4, 5], dtype: 'float32' }));
  // x().view(3, 2.5)
  it("view: a float", () => raises(() => call(x(), 'view', 3, 2.5), 'TypeError', "view(): argument 'size' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got float\""));
  // x().view(-2, 3)
  it("view: -2", () => raises(() => x().view(-2, 3), 'RuntimeError', "invalid shape dimension -2 at index 0 of shape [-2, 3]"));
  // x().view_as(torch.zeros(3, 2))
  it("view_as: positional", () => same(x().view_as(torch.zeros(3, 2)), { shape: [3, 2], values: [[0, 1], [2, 3], [4, 5]], dtype: 'float32' }));
  // x().view_as(other=torch.zeros(6))
  it("view_as: by name", () => same(x().view_as({ other: torch.zeros(6) }), { shape: [6], values: [0, 1, 2, 3, 4, 5], dtype: 'float32' }));
  // x().view_as()
  it("view_as: missing", () => raises(() => call(x(), 'view_as'), 'TypeError', "view_as() missing 1 required positional arguments: \"other\""));
  // x().view_as(3)
  it("view_as: wrong type", () => raises(() => call(x(), 'view_as', 3), 'TypeError', "view_as(): argument 'other' (position 1) must be Tensor, not int"));
  // x().t().reshape(6)
  it("reshape: ints", () => same(x().t().reshape(6), { shape: [6], values: [0, 3, 1, 4, 2, 5], dtype: 'float32' }));
  // x().reshape([3, 2])
  it("reshape: list", () => same(x().reshape([3, 2]), { shape: [3, 2], values: [[0, 1], [2, 3], [4, 5]], dtype: 'float32' }));
  // x().reshape(shape=[-1])
  it("reshape: by name", () => same(x().reshape({ shape: [-1] }), { shape: [6], values: [0, 1, 2, 3, 4, 5], dtype: 'float32' }));
  // torch.reshape(x(), [3, 2])
  it("torch.reshape: positional", () => same(torch.reshape(x(), [3, 2]), { shape: [3, 2], values: [[0, 1], [2, 3], [4, 5]], dtype: 'float32' }));
  // torch.reshape(input=x(), shape=[1, 6])
  it("torch.reshape: by name", () => same(torch.reshape({ input: x(), shape: [1, 6] }), { shape: [1, 6], values: [[0, 1, 2, 3, 4, 5]], dtype: 'float32' }));
  // torch.reshape(x(), shape=[6, 1])
  it("torch.reshape: mixed", () => same(torch.reshape(x(), { shape: [6, 1] }), { shape: [6, 1], values: [[0], [1], [2], [3], [4], [5]], dtype: 'float32' }));
  // torch.reshape(x(), 3, 2)
  it("torch.reshape: separate ints", () => raises(() => fn(torch.reshape)(x(), 3, 2), 'TypeError', "reshape() takes 2 positional arguments but 3 were given"));
  // torch.reshape(x())
  it("torch.reshape: missing", () => raises(() => fn(torch.reshape)(x()), 'TypeError', "reshape() missing 1 required positional arguments: \"shape\""));
  // torch.reshape(x(), [6], shape=[6])
  it("torch.reshape: given twice", () => raises(() => fn(torch.reshape)(x(), [6], { shape: [6] }), 'TypeError', "reshape() got multiple values for argument 'shape'"));
  // x().reshape(6, size=[6])
  it("reshape: unknown name", () => raises(() => call(x(), 'reshape', 6, { size: [6] }), 'TypeError', "reshape() got an unexpected keyword argument 'size'"));
  // x().reshape_as(torch.zeros(3, 2))
  it("reshape_as: positional", () => same(x().reshape_as(torch.zeros(3, 2)), { shape: [3, 2], values: [[0, 1], [2, 3], [4, 5]], dtype: 'float32' }));
  // x().t().reshape_as(other=torch.zeros(6))
  it("reshape_as: by name", () => same(x().t().reshape_as({ other: torch.zeros(6) }), { shape: [6], values: [0, 3, 1, 4, 2, 5], dtype: 'float32' }));
  // x().reshape_as(input=x())
  it("reshape_as: unknown name", () => raises(() => call(x(), 'reshape_as', { input: x() }), 'TypeError', "reshape_as() missing 1 required positional arguments: \"other\""));
});

describe("as_strided, as_strided_", () => {
  // x().as_strided([2, 2], [1, 2], 1)
  it("positional", () => same(x().as_strided([2, 2], [1, 2], 1), { shape: [2, 2], values: [[1, 3], [2, 4]], dtype: 'float32' }));
  // x().as_strided([2, 2], [1, 2], storage_offset=1)
  it("storage_offset by name", () => same(x().as_strided([2, 2], [1, 2], { storage_offset: 1 }), { shape: [2, 2], values: [[1, 3], [2, 4]], dtype: 'float32' }));
  // x().as_strided(size=[3], stride=[2], storage_offset=0)
  it("all by name", () => same(x().as_strided({ size: [3], stride: [2], storage_offset: 0 }), { shape: [3], values: [0, 2, 4], dtype: 'float32' }));
  // x().narrow(1, 1, 2).as_strided([2], [1], None)
  it("storage_offset None keeps the offset", () => same(x().narrow(1, 1, 2).as_strided([2], [1], null), { shape: [2], values: [1, 2], dtype: 'float32' }));
  // torch.as_strided(x(), [2], [3], storage_offset=2)
  it("torch.as_strided", () => same(torch.as_strided(x(), [2], [3], { storage_offset: 2 }), { shape: [2], values: [2, 5], dtype: 'float32' }));
  // torch.arange(6).as_strided([2, 2], [1, 2], storage_offset=1)
  it("int64 storage_offset by name", () => same(torch.arange(6).as_strided([2, 2], [1, 2], { storage_offset: 1 }), { shape: [2, 2], values: [[1, 3], [2, 4]], dtype: 'int64' }));
  // x().as_strided([2, 2], [1, 2], storage_offset=3)
  it("out of bounds", () => raises(() => x().as_strided([2, 2], [1, 2], { storage_offset: 3 }), 'RuntimeError', "setStorage: sizes [2, 2], strides [1, 2], storage offset 3, and itemsize 4 requiring a storage size of 28 are out of bounds for storage of size 24"));
  // torch.arange(4).as_strided([2, 2], [1, 2], storage_offset=3)
  it("int64 out of bounds", () => raises(() => torch.arange(4).as_strided([2, 2], [1, 2], { storage_offset: 3 }), 'RuntimeError', "setStorage: sizes [2, 2], strides [1, 2], storage offset 3, and itemsize 8 requiring a storage size of 56 are out of bounds for storage of size 32"));
  // x().as_strided([2], [-1], 3)
  it("negative stride", () => raises(() => x().as_strided([2], [-1], 3), 'RuntimeError', "as_strided: Negative strides are not supported at the moment, got strides: [-1]"));
  // x().as_strided([2], [1], -1)
  it("negative offset", () => raises(() => x().as_strided([2], [1], -1), 'RuntimeError', "Tensor: invalid storage offset -1"));
  // x().as_strided([-1], [1])
  it("negative size", () => raises(() => x().as_strided([-1], [1]), 'RuntimeError', "Storage size calculation overflowed with sizes=[-1] and strides=[1]"));
  // x().as_strided([2, 2], [1])
  it("lengths differ", () => raises(() => x().as_strided([2, 2], [1]), 'RuntimeError', "mismatch in length of strides and shape"));
  // x().as_strided([0, 2], [1, 1], 10)
  it("an empty view ignores the bounds", () => same(x().as_strided([0, 2], [1, 1], 10), { shape: [0, 2], values: [], dtype: 'float32' }));
  // x().as_strided([2])
  it("missing", () => raises(() => call(x(), 'as_strided', [2]), 'TypeError', "as_strided() missing 1 required positional arguments: \"stride\""));
  // x().as_strided([2], [1], offset=1)
  it("unknown name", () => raises(() => call(x(), 'as_strided', [2], [1], { offset: 1 }), 'TypeError', "as_strided() got an unexpected keyword argument 'offset'"));
  // x().as_strided([2], [1], size=[2])
  it("given twice", () => raises(() => call(x(), 'as_strided', [2], [1], { size: [2] }), 'TypeError', "as_strided() got multiple values for argument 'size'"));
  // x().as_strided([2], [1], 'a')
  it("wrong type", () => raises(() => call(x(), 'as_strided', [2], [1], 'a'), 'TypeError', "as_strided(): argument 'storage_offset' (position 3) must be int, not str"));
  // x().as_strided_([3], [2], storage_offset=1)
  it("as_strided_ by name", () => same(x().as_strided_([3], [2], { storage_offset: 1 }), { shape: [3], values: [1, 3, 5], dtype: 'float32' }));
  // torch.as_strided_(x(), size=[2], stride=[1])
  it("torch.as_strided_", () => same(torch.as_strided_(x(), { size: [2], stride: [1] }), { shape: [2], values: [0, 1], dtype: 'float32' }));
  // x().as_strided_([4], [2])
  it("as_strided_ out of bounds", () => raises(() => x().as_strided_([4], [2]), 'RuntimeError', "setStorage: sizes [4], strides [2], storage offset 0, and itemsize 4 requiring a storage size of 28 are out of bounds for storage of size 24"));
});

describe("transpose, swapaxes, swapdims, t (and their in-place forms)", () => {
  // x3().transpose(0, 2)
  it("transpose: positional", () => same(x3().transpose(0, 2), { shape: [4, 3, 2], values: [[[0, 12], [4, 16], [8, 20]], [[1, 13], [5, 17], [9, 21]], [[2, 14], [6, 18], [10, 22]], [[3, 15], [7, 19], [11, 23]]], dtype: 'float32' }));
  // x3().transpose(dim0=-1, dim1=1)
  it("transpose: by name", () => same(x3().transpose({ dim0: -1, dim1: 1 }), { shape: [2, 4, 3], values: [[[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]], [[12, 16, 20], [13, 17, 21], [14, 18, 22], [15, 19, 23]]], dtype: 'float32' }));
  // x().transpose(0, dim1=1)
  it("transpose: mixed", () => same(x().transpose(0, { dim1: 1 }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // torch.transpose(input=x(), dim0=1, dim1=0)
  it("torch.transpose: by name", () => same(torch.transpose({ input: x(), dim0: 1, dim1: 0 }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // torch.tensor(2).transpose(0, -1)
  it("transpose: 0-d", () => same(torch.tensor(2).transpose(0, -1), { shape: [], values: 2, dtype: 'int64' }));
  // x().transpose(0, 1, foo=1)
  it("transpose: unknown name", () => raises(() => call(x(), 'transpose', 0, 1, { foo: 1 }), 'TypeError', "transpose() got an unexpected keyword argument 'foo'"));
  // x().transpose(0, 1, dim0=1)
  it("transpose: given twice", () => raises(() => call(x(), 'transpose', 0, 1, { dim0: 1 }), 'TypeError', "transpose() got multiple values for argument 'dim0'"));
  // x().transpose(0)
  it("transpose: missing", () => raises(() => call(x(), 'transpose', 0), 'TypeError', "transpose() missing 1 required positional arguments: \"dim1\""));
  // x().transpose()
  it("transpose: missing both", () => raises(() => call(x(), 'transpose'), 'TypeError', "transpose() missing 2 required positional argument: \"dim0\", \"dim1\""));
  // x().transpose(0, 'a')
  it("transpose: wrong type", () => raises(() => call(x(), 'transpose', 0, 'a'), 'TypeError', "transpose(): argument 'dim1' (position 2) must be int, not str"));
  // x().transpose(0, 0.5)
  it("transpose: a fraction", () => raises(() => call(x(), 'transpose', 0, 0.5), 'TypeError', "transpose(): argument 'dim1' (position 2) must be int, not float"));
  // x().transpose(0, 2)
  it("transpose: dim out of range", () => raises(() => x().transpose(0, 2), 'IndexError', "Dimension out of range (expected to be in range of [-2, 1], but got 2)"));
  // torch.transpose(x(), 0)
  it("torch.transpose: missing", () => raises(() => fn(torch.transpose)(x(), 0), 'TypeError', "transpose() missing 1 required positional arguments: \"dim1\""));
  // x().swapaxes(0, 1)
  it("swapaxes: positional", () => same(x().swapaxes(0, 1), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // torch.swapaxes(x(), axis0=1, axis1=0)
  it("swapaxes: by name", () => same(torch.swapaxes(x(), { axis0: 1, axis1: 0 }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // x().swapaxes(dim0=0, dim1=1)
  it("swapaxes: dim names are not its names", () => raises(() => call(x(), 'swapaxes', { dim0: 0, dim1: 1 }), 'TypeError', "swapaxes() missing 2 required positional argument: \"axis0\", \"axis1\""));
  // x().swapdims(dim0=0, dim1=1)
  it("swapdims: by name", () => same(x().swapdims({ dim0: 0, dim1: 1 }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // torch.swapdims(x3(), 2, 0)
  it("torch.swapdims: positional", () => same(torch.swapdims(x3(), 2, 0), { shape: [4, 3, 2], values: [[[0, 12], [4, 16], [8, 20]], [[1, 13], [5, 17], [9, 21]], [[2, 14], [6, 18], [10, 22]], [[3, 15], [7, 19], [11, 23]]], dtype: 'float32' }));
  // x3().transpose_(0, 2)
  it("transpose_: positional", () => same(x3().transpose_(0, 2), { shape: [4, 3, 2], values: [[[0, 12], [4, 16], [8, 20]], [[1, 13], [5, 17], [9, 21]], [[2, 14], [6, 18], [10, 22]], [[3, 15], [7, 19], [11, 23]]], dtype: 'float32' }));
  // x().transpose_(dim0=1, dim1=0)
  it("transpose_: by name", () => same(x().transpose_({ dim0: 1, dim1: 0 }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // x().transpose_(1)
  it("transpose_: missing", () => raises(() => call(x(), 'transpose_', 1), 'TypeError', "transpose_() missing 1 required positional arguments: \"dim1\""));
  // x().swapaxes_(axis0=1, axis1=0)
  it("swapaxes_: by name", () => same(x().swapaxes_({ axis0: 1, axis1: 0 }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // x().swapdims_(1, dim1=0)
  it("swapdims_: mixed", () => same(x().swapdims_(1, { dim1: 0 }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // x().swapdims_(1, 0, axis0=1)
  it("swapdims_: unknown name", () => raises(() => call(x(), 'swapdims_', 1, 0, { axis0: 1 }), 'TypeError', "swapdims_() got an unexpected keyword argument 'axis0'"));
  // x().t()
  it("t", () => same(x().t(), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // torch.t(input=v4())
  it("torch.t: by name", () => same(torch.t({ input: v4() }), { shape: [4], values: [0, 1, 2, 3], dtype: 'float32' }));
  // x3().t()
  it("t: 3-d", () => raises(() => x3().t(), 'RuntimeError', "t() expects a tensor with <= 2 dimensions, but self is 3D"));
  // torch.t(x(), dim=0)
  it("torch.t: unknown name", () => raises(() => fn(torch.t)(x(), { dim: 0 }), 'TypeError', "t() got an unexpected keyword argument 'dim'"));
  // x().t_()
  it("t_", () => same(x().t_(), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // x3().t_()
  it("t_: 3-d", () => raises(() => x3().t_(), 'RuntimeError', "t_() expects a tensor with <= 2 dimensions, but self is 3D"));
});

describe("permute, movedim, moveaxis", () => {
  // x3().permute(2, 0, 1)
  it("permute: ints", () => same(x3().permute(2, 0, 1), { shape: [4, 2, 3], values: [[[0, 4, 8], [12, 16, 20]], [[1, 5, 9], [13, 17, 21]], [[2, 6, 10], [14, 18, 22]], [[3, 7, 11], [15, 19, 23]]], dtype: 'float32' }));
  // x3().permute([-1, 0, 1])
  it("permute: list", () => same(x3().permute([-1, 0, 1]), { shape: [4, 2, 3], values: [[[0, 4, 8], [12, 16, 20]], [[1, 5, 9], [13, 17, 21]], [[2, 6, 10], [14, 18, 22]], [[3, 7, 11], [15, 19, 23]]], dtype: 'float32' }));
  // x().permute(dims=[1, 0])
  it("permute: by name", () => same(x().permute({ dims: [1, 0] }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // torch.permute(x(), [1, 0])
  it("torch.permute: positional", () => same(torch.permute(x(), [1, 0]), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // torch.permute(input=x(), dims=[1, 0])
  it("torch.permute: by name", () => same(torch.permute({ input: x(), dims: [1, 0] }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // x().permute()
  it("permute: missing", () => raises(() => call(x(), 'permute'), 'TypeError', "permute() missing 1 required positional arguments: \"dims\""));
  // x().permute(0, 'a')
  it("permute: a bad second element", () => raises(() => call(x(), 'permute', 0, 'a'), 'TypeError', "permute(): argument 'dims' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got str\""));
  // x().permute(['a', 0])
  it("permute: a bad first element", () => raises(() => call(x(), 'permute', ['a', 0]), 'TypeError', "permute(): argument 'dims' (position 1) must be tuple of ints, but found element of type str at pos 0"));
  // x().permute(0)
  it("permute: too few dims", () => raises(() => x().permute(0), 'RuntimeError', "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1"));
  // x().permute(0, 0)
  it("permute: repeated dim", () => raises(() => x().permute(0, 0), 'RuntimeError', "permute(): duplicate dims are not allowed."));
  // x3().movedim(0, -1)
  it("movedim: ints", () => same(x3().movedim(0, -1), { shape: [3, 4, 2], values: [[[0, 12], [1, 13], [2, 14], [3, 15]], [[4, 16], [5, 17], [6, 18], [7, 19]], [[8, 20], [9, 21], [10, 22], [11, 23]]], dtype: 'float32' }));
  // x3().movedim([0, 1], [2, 0])
  it("movedim: lists", () => same(x3().movedim([0, 1], [2, 0]), { shape: [3, 4, 2], values: [[[0, 12], [1, 13], [2, 14], [3, 15]], [[4, 16], [5, 17], [6, 18], [7, 19]], [[8, 20], [9, 21], [10, 22], [11, 23]]], dtype: 'float32' }));
  // x3().movedim(source=2, destination=0)
  it("movedim: by name", () => same(x3().movedim({ source: 2, destination: 0 }), { shape: [4, 2, 3], values: [[[0, 4, 8], [12, 16, 20]], [[1, 5, 9], [13, 17, 21]], [[2, 6, 10], [14, 18, 22]], [[3, 7, 11], [15, 19, 23]]], dtype: 'float32' }));
  // torch.movedim(x3(), [2], destination=[0])
  it("torch.movedim: mixed", () => same(torch.movedim(x3(), [2], { destination: [0] }), { shape: [4, 2, 3], values: [[[0, 4, 8], [12, 16, 20]], [[1, 5, 9], [13, 17, 21]], [[2, 6, 10], [14, 18, 22]], [[3, 7, 11], [15, 19, 23]]], dtype: 'float32' }));
  // x().movedim(0, [1])
  it("movedim: an int and a list", () => raises(() => call(x(), 'movedim', 0, [1]), 'TypeError', "movedim() received an invalid combination of arguments - got (int, list), but expected one of:\n * (int source, int destination)\n      didn't match because some of the arguments have invalid types: (int, !list of [int]!)\n * (tuple of ints source, tuple of ints destination)\n      didn't match because some of the arguments have invalid types: (!int!, !list of [int]!)\n"));
  // x3().movedim([0, 0], [1, 2])
  it("movedim: repeated source", () => raises(() => x3().movedim([0, 0], [1, 2]), 'RuntimeError', "movedim: repeated dim in `source` ([0, 0])"));
  // x3().movedim([0, 1], [2])
  it("movedim: lengths differ", () => raises(() => x3().movedim([0, 1], [2]), 'RuntimeError', "movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the same number of dims as destination ([2] dims)"));
  // torch.moveaxis(input=x(), source=0, destination=1)
  it("moveaxis: by name", () => same(torch.moveaxis({ input: x(), source: 0, destination: 1 }), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // x().moveaxis(0, 1, foo=1)
  it("moveaxis: unknown name", () => raises(() => call(x(), 'moveaxis', 0, 1, { foo: 1 }), 'TypeError', "moveaxis() received an invalid combination of arguments - got (int, int, foo=int), but expected one of:\n * (int source, int destination)\n * (tuple of ints source, tuple of ints destination)\n"));
});

describe("expand, expand_as", () => {
  // torch.arange(3.).expand(2, 3)
  it("ints", () => same(torch.arange(3, { dtype: torch.float32 }).expand(2, 3), { shape: [2, 3], values: [[0, 1, 2], [0, 1, 2]], dtype: 'float32' }));
  // torch.tensor([7]).expand(3)
  it("one int", () => same(torch.tensor([7]).expand(3), { shape: [3], values: [7, 7, 7], dtype: 'int64' }));
  // ones3().expand([2, -1, -1, 4])
  it("list with -1", () => same(ones3().expand([2, -1, -1, 4]), { shape: [2, 1, 3, 4], values: [[[[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]], [[[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]]], dtype: 'float32' }));
  // ones3().expand(size=[1, 3, 2])
  it("by name", () => same(ones3().expand({ size: [1, 3, 2] }), { shape: [1, 3, 2], values: [[[1, 1], [1, 1], [1, 1]]], dtype: 'float32' }));
  // ones3().expand(2, 1, 3, 1, implicit=True)
  it("implicit by name", () => same(ones3().expand(2, 1, 3, 1, { implicit: true }), { shape: [2, 1, 3, 1], values: [[[[1], [1], [1]]], [[[1], [1], [1]]]], dtype: 'float32' }));
  // x().expand(-2, 3)
  it("-2 on a non-singleton dim", () => raises(() => x().expand(-2, 3), 'RuntimeError', "The expanded size of the tensor (-2) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [-2, 3].  Tensor sizes: [2, 3]"));
  // torch.zeros(1, 3).expand(-2, 3)
  it("-2 on a singleton dim", () => raises(() => torch.zeros(1, 3).expand(-2, 3), 'RuntimeError', "numel: integer multiplication overflow"));
  // x().expand(-1, 2, 3)
  it("-1 in a new leading dim", () => raises(() => x().expand(-1, 2, 3), 'RuntimeError', "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0"));
  // x().expand(3)
  it("too few sizes", () => raises(() => x().expand(3), 'RuntimeError', "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)"));
  // x().expand([2, 3], True)
  it("implicit positional", () => raises(() => call(x(), 'expand', [2, 3], true), 'TypeError', "expand() takes 1 positional argument but 2 were given"));
  // x().expand(2, 1.5)
  it("a fraction", () => raises(() => call(x(), 'expand', 2, 1.5), 'TypeError', "expand(): argument 'size' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got float\""));
  // x().expand()
  it("missing", () => raises(() => call(x(), 'expand'), 'TypeError', "expand() missing 1 required positional arguments: \"size\""));
  // x().expand(2, 3, foo=1)
  it("unknown name", () => raises(() => call(x(), 'expand', 2, 3, { foo: 1 }), 'TypeError', "expand() got an unexpected keyword argument 'foo'"));
  // torch.ones(3, 1).expand_as(torch.zeros(2, 3, 4))
  it("expand_as", () => same(torch.ones(3, 1).expand_as(torch.zeros(2, 3, 4)), { shape: [2, 3, 4], values: [[[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]], [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]], dtype: 'float32' }));
  // torch.ones(3, 1).expand_as(other=torch.zeros(3, 2))
  it("expand_as: by name", () => same(torch.ones(3, 1).expand_as({ other: torch.zeros(3, 2) }), { shape: [3, 2], values: [[1, 1], [1, 1], [1, 1]], dtype: 'float32' }));
  // x().expand_as(3)
  it("expand_as: wrong type", () => raises(() => call(x(), 'expand_as', 3), 'TypeError', "expand_as(): argument 'other' (position 1) must be Tensor, not int"));
});

describe("narrow, select", () => {
  // x().narrow(1, 1, 2)
  it("narrow: positional", () => same(x().narrow(1, 1, 2), { shape: [2, 2], values: [[1, 2], [4, 5]], dtype: 'float32' }));
  // x().narrow(dim=0, start=1, length=1)
  it("narrow: by name", () => same(x().narrow({ dim: 0, start: 1, length: 1 }), { shape: [1, 3], values: [[3, 4, 5]], dtype: 'float32' }));
  // x().narrow(1, start=-2, length=2)
  it("narrow: mixed", () => same(x().narrow(1, { start: -2, length: 2 }), { shape: [2, 2], values: [[1, 2], [4, 5]], dtype: 'float32' }));
  // torch.arange(4.).narrow(0, torch.tensor(1), 2)
  it("narrow: 0-d integer tensor start", () => same(v4().narrow(0, torch.tensor(1), 2), { shape: [2], values: [1, 2], dtype: 'float32' }));
  // torch.narrow(torch.arange(4.), 0, torch.tensor(1), 2)
  it("torch.narrow: 0-d tensor start", () => same(torch.narrow(v4(), 0, torch.tensor(1), 2), { shape: [2], values: [1, 2], dtype: 'float32' }));
  // torch.arange(4.).narrow(0, start=torch.tensor(2), length=2)
  it("narrow: tensor start by name", () => same(v4().narrow(0, { start: torch.tensor(2), length: 2 }), { shape: [2], values: [2, 3], dtype: 'float32' }));
  // torch.arange(4.).narrow(0, 1, 3)
  it("narrow: bigint start", () => same(v4().narrow(0, bad(1n), 3), { shape: [3], values: [1, 2, 3], dtype: 'float32' }));
  // torch.arange(4.).narrow(0, torch.tensor(1.5), 2)
  it("narrow: float tensor start", () => raises(() => v4().narrow(0, torch.tensor(1.5), 2), 'RuntimeError', "start must be an 0-dim integral Tensor."));
  // torch.arange(4.).narrow(0, torch.tensor([1]), 2)
  it("narrow: 1-d tensor start", () => raises(() => v4().narrow(0, torch.tensor([1]), 2), 'RuntimeError', "start must be an 0-dim integral Tensor."));
  // x().narrow(0, 1.5, 2)
  it("narrow: a fraction", () => raises(() => x().narrow(0, bad(1.5), 2), 'TypeError', "narrow() received an invalid combination of arguments - got (int, float, int), but expected one of:\n * (int dim, Tensor start, int length)\n      didn't match because some of the arguments have invalid types: (int, !float!, int)\n * (int dim, int start, int length)\n      didn't match because some of the arguments have invalid types: (int, !float!, int)\n"));
  // torch.narrow(x(), 0, 1.5, 2)
  it("torch.narrow: a fraction", () => raises(() => torch.narrow(x(), 0, bad(1.5), 2), 'TypeError', "narrow() received an invalid combination of arguments - got (Tensor, int, float, int), but expected one of:\n * (Tensor input, int dim, Tensor start, int length)\n      didn't match because some of the arguments have invalid types: (Tensor, int, !float!, int)\n * (Tensor input, int dim, int start, int length)\n      didn't match because some of the arguments have invalid types: (Tensor, int, !float!, int)\n"));
  // x().narrow(0, 1)
  it("narrow: missing", () => raises(() => call(x(), 'narrow', 0, 1), 'TypeError', "narrow() received an invalid combination of arguments - got (int, int), but expected one of:\n * (int dim, Tensor start, int length)\n * (int dim, int start, int length)\n"));
  // x().narrow(0, 1, 1, foo=1)
  it("narrow: unknown name", () => raises(() => call(x(), 'narrow', 0, 1, 1, { foo: 1 }), 'TypeError', "narrow() received an invalid combination of arguments - got (int, int, int, foo=int), but expected one of:\n * (int dim, Tensor start, int length)\n * (int dim, int start, int length)\n"));
  // x().narrow(0, 3, 0)
  it("narrow: start out of range", () => raises(() => x().narrow(0, 3, 0), 'IndexError', "start out of range (expected to be in range of [-2, 2], but got 3)"));
  // x().narrow(1, 2, 2)
  it("narrow: too long", () => raises(() => x().narrow(1, 2, 2), 'RuntimeError', "start (2) + length (2) exceeds dimension size (3)."));
  // torch.tensor(1).narrow(0, 0, 1)
  it("narrow: 0-d", () => raises(() => torch.tensor(1).narrow(0, 0, 1), 'RuntimeError', "narrow() cannot be applied to a 0-dim tensor."));
  // x().select(1, -1)
  it("select: positional", () => same(x().select(1, -1), { shape: [2], values: [2, 5], dtype: 'float32' }));
  // x().select(dim=0, index=1)
  it("select: by name", () => same(x().select({ dim: 0, index: 1 }), { shape: [3], values: [3, 4, 5], dtype: 'float32' }));
  // torch.select(x(), 1, index=0)
  it("torch.select: mixed", () => same(torch.select(x(), 1, { index: 0 }), { shape: [2], values: [0, 3], dtype: 'float32' }));
  // x().select(0, torch.tensor(1))
  it("select: 0-d tensor index", () => same(x().select(0, torch.tensor(1)), { shape: [3], values: [3, 4, 5], dtype: 'float32' }));
  // x().select(0, 'a')
  it("select: a string", () => raises(() => x().select(0, bad('a')), 'TypeError', "select(): argument 'index' (position 2) must be int, not str"));
  // torch.select(x(), 0, 'a')
  it("torch.select: a string", () => raises(() => torch.select(x(), 0, bad('a')), 'TypeError', "select(): argument 'index' (position 3) must be int, not str"));
  // x().select(0, True)
  it("select: a bool", () => raises(() => x().select(0, bad(true)), 'TypeError', "select(): argument 'index' (position 2) must be int, not bool"));
  // x().select(0)
  it("select: missing", () => raises(() => call(x(), 'select', 0), 'TypeError', "select() missing 1 required positional arguments: \"index\""));
  // x().select(0, 1, dim=1)
  it("select: given twice", () => raises(() => call(x(), 'select', 0, 1, { dim: 1 }), 'TypeError', "select() got multiple values for argument 'dim'"));
  // x().select(0, -3)
  it("select: out of range", () => raises(() => x().select(0, -3), 'IndexError', "select(): index -3 out of range for tensor of size [2, 3] at dimension 0"));
  // torch.tensor(1).select(0, 0)
  it("select: 0-d", () => raises(() => torch.tensor(1).select(0, 0), 'IndexError', "select() cannot be applied to a 0-dim tensor."));
});

describe("unsqueeze, squeeze (and in place)", () => {
  // x().unsqueeze(1)
  it("unsqueeze: positional", () => same(x().unsqueeze(1), { shape: [2, 1, 3], values: [[[0, 1, 2]], [[3, 4, 5]]], dtype: 'float32' }));
  // x().unsqueeze(dim=-1)
  it("unsqueeze: by name", () => same(x().unsqueeze({ dim: -1 }), { shape: [2, 3, 1], values: [[[0], [1], [2]], [[3], [4], [5]]], dtype: 'float32' }));
  // torch.unsqueeze(input=x(), dim=0)
  it("torch.unsqueeze: by name", () => same(torch.unsqueeze({ input: x(), dim: 0 }), { shape: [1, 2, 3], values: [[[0, 1, 2], [3, 4, 5]]], dtype: 'float32' }));
  // x().unsqueeze(3)
  it("unsqueeze: out of range", () => raises(() => x().unsqueeze(3), 'IndexError', "Dimension out of range (expected to be in range of [-3, 2], but got 3)"));
  // x().unsqueeze()
  it("unsqueeze: missing", () => raises(() => call(x(), 'unsqueeze'), 'TypeError', "unsqueeze() missing 1 required positional arguments: \"dim\""));
  // x().unsqueeze([0])
  it("unsqueeze: wrong type", () => raises(() => call(x(), 'unsqueeze', [0]), 'TypeError', "unsqueeze(): argument 'dim' (position 1) must be int, not list"));
  // x().unsqueeze_(dim=0)
  it("unsqueeze_: by name", () => same(x().unsqueeze_({ dim: 0 }), { shape: [1, 2, 3], values: [[[0, 1, 2], [3, 4, 5]]], dtype: 'float32' }));
  // x().unsqueeze_(-4)
  it("unsqueeze_: out of range", () => raises(() => x().unsqueeze_(-4), 'IndexError', "Dimension out of range (expected to be in range of [-3, 2], but got -4)"));
  // ones3().squeeze()
  it("squeeze: all", () => same(ones3().squeeze(), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // ones3().squeeze(0)
  it("squeeze: one dim", () => same(ones3().squeeze(0), { shape: [3, 1], values: [[1], [1], [1]], dtype: 'float32' }));
  // ones3().squeeze(1)
  it("squeeze: a non-singleton dim stays", () => same(ones3().squeeze(1), { shape: [1, 3, 1], values: [[[1], [1], [1]]], dtype: 'float32' }));
  // ones3().squeeze([0, -1])
  it("squeeze: a list", () => same(ones3().squeeze([0, -1]), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // ones3().squeeze(0, 2)
  it("squeeze: separate ints", () => same(ones3().squeeze(0, 2), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // ones3().squeeze(dim=2)
  it("squeeze: by name", () => same(ones3().squeeze({ dim: 2 }), { shape: [1, 3], values: [[1, 1, 1]], dtype: 'float32' }));
  // ones3().squeeze(dim=[0, 2])
  it("squeeze: list by name", () => same(ones3().squeeze({ dim: [0, 2] }), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // torch.squeeze(input=ones3(), dim=0)
  it("torch.squeeze: by name", () => same(torch.squeeze({ input: ones3(), dim: 0 }), { shape: [3, 1], values: [[1], [1], [1]], dtype: 'float32' }));
  // torch.squeeze(ones3(), 0, 2)
  it("torch.squeeze: separate ints", () => raises(() => fn(torch.squeeze)(ones3(), 0, 2), 'TypeError', "squeeze() received an invalid combination of arguments - got (Tensor, int, int), but expected one of:\n * (Tensor input)\n * (Tensor input, int dim)\n * (Tensor input, tuple of ints dim)\n"));
  // ones3().squeeze([0, 0])
  it("squeeze: repeated dim", () => raises(() => ones3().squeeze([0, 0]), 'RuntimeError', "dim 0 appears multiple times in the list of dims"));
  // ones3().squeeze(3)
  it("squeeze: out of range", () => raises(() => ones3().squeeze(3), 'IndexError', "Dimension out of range (expected to be in range of [-3, 2], but got 3)"));
  // ones3().squeeze('a')
  it("squeeze: a string", () => raises(() => call(ones3(), 'squeeze', 'a'), 'TypeError', "squeeze() received an invalid combination of arguments - got (str), but expected one of:\n * ()\n      didn't match because some of the arguments have invalid types: (!str!)\n * (int dim)\n      didn't match because some of the arguments have invalid types: (!str!)\n * (tuple of ints dim)\n      didn't match because some of the arguments have invalid types: (!str!)\n"));
  // ones3().squeeze(0, foo=1)
  it("squeeze: unknown name", () => raises(() => call(ones3(), 'squeeze', 0, { foo: 1 }), 'TypeError', "squeeze() received an invalid combination of arguments - got (int, foo=int), but expected one of:\n * ()\n * (int dim)\n * (tuple of ints dim)\n"));
  // ones3().squeeze_()
  it("squeeze_: all", () => same(ones3().squeeze_(), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // ones3().squeeze_(dim=[0, 2])
  it("squeeze_: a list by name", () => same(ones3().squeeze_({ dim: [0, 2] }), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // ones3().squeeze_(2, 0)
  it("squeeze_: separate ints", () => same(ones3().squeeze_(2, 0), { shape: [3], values: [1, 1, 1], dtype: 'float32' }));
  // torch.tensor(1).squeeze_(0)
  it("squeeze_: 0-d with dim 0", () => same(torch.tensor(1).squeeze_(0), { shape: [], values: 1, dtype: 'int64' }));
});

describe("flatten, unflatten", () => {
  // x3().flatten()
  it("flatten: default", () => same(x3().flatten(), { shape: [24], values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], dtype: 'float32' }));
  // x3().flatten(1)
  it("flatten: positional", () => same(x3().flatten(1), { shape: [2, 12], values: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]], dtype: 'float32' }));
  // x3().flatten(start_dim=0, end_dim=1)
  it("flatten: by name", () => same(x3().flatten({ start_dim: 0, end_dim: 1 }), { shape: [6, 4], values: [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]], dtype: 'float32' }));
  // x3().flatten(1, end_dim=-1)
  it("flatten: mixed", () => same(x3().flatten(1, { end_dim: -1 }), { shape: [2, 12], values: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]], dtype: 'float32' }));
  // torch.flatten(input=x3(), end_dim=1)
  it("torch.flatten: by name", () => same(torch.flatten({ input: x3(), end_dim: 1 }), { shape: [6, 4], values: [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]], dtype: 'float32' }));
  // torch.tensor(5).flatten()
  it("flatten: 0-d", () => same(torch.tensor(5).flatten(), { shape: [1], values: [5], dtype: 'int64' }));
  // torch.tensor(5).flatten(1)
  it("flatten: 0-d, bad dim", () => raises(() => torch.tensor(5).flatten(1), 'IndexError', "Dimension out of range (expected to be in range of [-1, 0], but got 1)"));
  // x3().flatten(2, 1)
  it("flatten: start after end", () => raises(() => x3().flatten(2, 1), 'RuntimeError', "flatten() has invalid args: start_dim cannot come after end_dim"));
  // x3().flatten('a')
  it("flatten: wrong type", () => raises(() => call(x3(), 'flatten', 'a'), 'TypeError', "flatten(): argument 'start_dim' (position 1) must be int, not str"));
  // x3().flatten(dim=0)
  it("flatten: unknown name", () => raises(() => call(x3(), 'flatten', { dim: 0 }), 'TypeError', "flatten() got an unexpected keyword argument 'dim'"));
  // x3().unflatten(2, [2, 2])
  it("unflatten: positional", () => same(x3().unflatten(2, [2, 2]), { shape: [2, 3, 2, 2], values: [[[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [10, 11]]], [[[12, 13], [14, 15]], [[16, 17], [18, 19]], [[20, 21], [22, 23]]]], dtype: 'float32' }));
  // x3().unflatten(dim=1, sizes=[-1, 1])
  it("unflatten: by name", () => same(x3().unflatten({ dim: 1, sizes: [-1, 1] }), { shape: [2, 3, 1, 4], values: [[[[0, 1, 2, 3]], [[4, 5, 6, 7]], [[8, 9, 10, 11]]], [[[12, 13, 14, 15]], [[16, 17, 18, 19]], [[20, 21, 22, 23]]]], dtype: 'float32' }));
  // torch.unflatten(x(), 1, sizes=[3, 1])
  it("torch.unflatten: mixed", () => same(torch.unflatten(x(), 1, { sizes: [3, 1] }), { shape: [2, 3, 1], values: [[[0], [1], [2]], [[3], [4], [5]]], dtype: 'float32' }));
  // x().unflatten(1, [2, 2])
  it("unflatten: sizes do not multiply up", () => raises(() => x().unflatten(1, [2, 2]), 'RuntimeError', "unflatten: Provided sizes [2, 2] don't multiply up to the size of dim 1 (3) in the input tensor"));
  // x().unflatten(1, [])
  it("unflatten: empty sizes", () => raises(() => x().unflatten(1, []), 'RuntimeError', "unflatten: sizes must be non-empty"));
  // x().unflatten(1)
  it("unflatten: missing", () => raises(() => call(x(), 'unflatten', 1), 'TypeError', "Tensor.unflatten() missing 1 required positional argument: 'sizes'"));
  // x().unflatten(1, None)
  it("unflatten: sizes None", () => raises(() => call(x(), 'unflatten', 1, null), 'RuntimeError', "unflatten: sizes must be non-empty"));
  // x().unflatten('a', [3])
  it("unflatten: a bad dim", () => raises(() => call(x(), 'unflatten', 'a', [3]), 'TypeError', "unflatten(): argument 'dim' (position 1) must be int, not str"));
  // torch.unflatten(x(), 1)
  it("torch.unflatten: missing", () => raises(() => fn(torch.unflatten)(x(), 1), 'TypeError', "unflatten() missing 1 required positional arguments: \"sizes\""));
  // x().unflatten(1, [3, 1], foo=1)
  it("unflatten: unknown name", () => raises(() => call(x(), 'unflatten', 1, [3, 1], { foo: 1 }), 'TypeError', "Tensor.unflatten() got an unexpected keyword argument 'foo'"));
});

describe("unbind, split, split_with_sizes, chunk", () => {
  // x().unbind()
  it("unbind: default", () => sameList(x().unbind(), [{ shape: [3], values: [0, 1, 2], dtype: 'float32' }, { shape: [3], values: [3, 4, 5], dtype: 'float32' }]));
  // x().unbind(1)
  it("unbind: positional", () => sameList(x().unbind(1), [{ shape: [2], values: [0, 3], dtype: 'float32' }, { shape: [2], values: [1, 4], dtype: 'float32' }, { shape: [2], values: [2, 5], dtype: 'float32' }]));
  // torch.unbind(x(), dim=-1)
  it("unbind: by name", () => sameList(torch.unbind(x(), { dim: -1 }), [{ shape: [2], values: [0, 3], dtype: 'float32' }, { shape: [2], values: [1, 4], dtype: 'float32' }, { shape: [2], values: [2, 5], dtype: 'float32' }]));
  // torch.tensor(1).unbind()
  it("unbind: 0-d", () => raises(() => torch.tensor(1).unbind(), 'IndexError', "Dimension specified as 0 but tensor has no dimensions"));
  // x().unbind('a')
  it("unbind: wrong type", () => raises(() => call(x(), 'unbind', 'a'), 'TypeError', "unbind(): argument 'dim' (position 1) must be int, not str"));
  // x3().split(2, 2)
  it("split: size", () => sameList(x3().split(2, 2), [{ shape: [2, 3, 2], values: [[[0, 1], [4, 5], [8, 9]], [[12, 13], [16, 17], [20, 21]]], dtype: 'float32' }, { shape: [2, 3, 2], values: [[[2, 3], [6, 7], [10, 11]], [[14, 15], [18, 19], [22, 23]]], dtype: 'float32' }]));
  // x3().split([1, 2], 1)
  it("split: sizes", () => sameList(x3().split([1, 2], 1), [{ shape: [2, 1, 4], values: [[[0, 1, 2, 3]], [[12, 13, 14, 15]]], dtype: 'float32' }, { shape: [2, 2, 4], values: [[[4, 5, 6, 7], [8, 9, 10, 11]], [[16, 17, 18, 19], [20, 21, 22, 23]]], dtype: 'float32' }]));
  // x3().split(split_size=3, dim=-1)
  it("split: by name", () => sameList(x3().split({ split_size: 3, dim: -1 }), [{ shape: [2, 3, 3], values: [[[0, 1, 2], [4, 5, 6], [8, 9, 10]], [[12, 13, 14], [16, 17, 18], [20, 21, 22]]], dtype: 'float32' }, { shape: [2, 3, 1], values: [[[3], [7], [11]], [[15], [19], [23]]], dtype: 'float32' }]));
  // x3().split(1, dim=1)
  it("split: mixed", () => sameList(x3().split(1, { dim: 1 }), [{ shape: [2, 1, 4], values: [[[0, 1, 2, 3]], [[12, 13, 14, 15]]], dtype: 'float32' }, { shape: [2, 1, 4], values: [[[4, 5, 6, 7]], [[16, 17, 18, 19]]], dtype: 'float32' }, { shape: [2, 1, 4], values: [[[8, 9, 10, 11]], [[20, 21, 22, 23]]], dtype: 'float32' }]));
  // x().split(torch.tensor(2), 1)
  it("split: a 0-d tensor size", () => sameList(x().split(torch.tensor(2), 1), [{ shape: [2, 2], values: [[0, 1], [3, 4]], dtype: 'float32' }, { shape: [2, 1], values: [[2], [5]], dtype: 'float32' }]));
  // torch.split(x(), 1)
  it("torch.split: positional", () => sameList(torch.split(x(), 1), [{ shape: [1, 3], values: [[0, 1, 2]], dtype: 'float32' }, { shape: [1, 3], values: [[3, 4, 5]], dtype: 'float32' }]));
  // torch.split(tensor=x(), split_size_or_sections=[2, 1], dim=1)
  it("torch.split: by name", () => sameList(torch.split({ tensor: x(), split_size_or_sections: [2, 1], dim: 1 }), [{ shape: [2, 2], values: [[0, 1], [3, 4]], dtype: 'float32' }, { shape: [2, 1], values: [[2], [5]], dtype: 'float32' }]));
  // torch.split(x(), 2, dim=1)
  it("torch.split: mixed", () => sameList(torch.split(x(), 2, { dim: 1 }), [{ shape: [2, 2], values: [[0, 1], [3, 4]], dtype: 'float32' }, { shape: [2, 1], values: [[2], [5]], dtype: 'float32' }]));
  // torch.split(x())
  it("torch.split: missing", () => raises(() => fn(torch.split)(x()), 'TypeError', "split() missing 1 required positional argument: 'split_size_or_sections'"));
  // torch.split(x(), 1, foo=2)
  it("torch.split: unknown name", () => raises(() => fn(torch.split)(x(), 1, { foo: 2 }), 'TypeError', "split() got an unexpected keyword argument 'foo'"));
  // torch.split(x(), 1, tensor=x())
  it("torch.split: given twice", () => raises(() => fn(torch.split)(x(), 1, { tensor: x() }), 'TypeError', "split() got multiple values for argument 'tensor'"));
  // torch.split(x(), 1.5)
  it("torch.split: a fraction", () => raises(() => torch.split(x(), 1.5), 'TypeError', "split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not float"));
  // torch.split(x(), 1, 'a')
  it("torch.split: a bad dim", () => raises(() => fn(torch.split)(x(), 1, 'a'), 'TypeError', "split() received an invalid combination of arguments - got (Tensor, int, str), but expected one of:\n * (Tensor input, int split_size, int dim = 0)\n      didn't match because some of the arguments have invalid types: (Tensor, int, !str!)\n * (Tensor input, tuple of ints split_size, int dim = 0)\n      didn't match because some of the arguments have invalid types: (Tensor, !int!, !str!)\n"));
  // x().split()
  it("split: missing", () => raises(() => call(x(), 'split'), 'TypeError', "Tensor.split() missing 1 required positional argument: 'split_size'"));
  // x().split(1, foo=2)
  it("split: unknown name", () => raises(() => call(x(), 'split', 1, { foo: 2 }), 'TypeError', "Tensor.split() got an unexpected keyword argument 'foo'"));
  // x().split(1, 0, 3)
  it("split: too many", () => raises(() => call(x(), 'split', 1, 0, 3), 'TypeError', "Tensor.split() takes from 2 to 3 positional arguments but 4 were given"));
  // x().split([1, 2])
  it("split: sizes do not add up", () => raises(() => x().split([1, 2]), 'RuntimeError', "split_with_sizes expects split_sizes to sum exactly to 2 (input tensor's size at dimension 0), but got split_sizes=[1, 2]"));
  // x().split([1, 1.5])
  it("split: a bad later size", () => raises(() => call(x(), 'split', [1, 1.5]), 'TypeError', "split_with_sizes(): argument 'split_sizes' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got float\""));
  // x().split(-1)
  it("split: negative size", () => raises(() => x().split(-1), 'RuntimeError', "split expects split_size be non-negative, but got split_size=-1"));
  // torch.tensor(1).split(1)
  it("split: 0-d", () => raises(() => torch.tensor(1).split(1), 'RuntimeError', "split expects at least a 1-dimensional tensor"));
  // x().split_with_sizes([1, 2], 1)
  it("split_with_sizes", () => sameList(x().split_with_sizes([1, 2], 1), [{ shape: [2, 1], values: [[0], [3]], dtype: 'float32' }, { shape: [2, 2], values: [[1, 2], [4, 5]], dtype: 'float32' }]));
  // torch.split_with_sizes(x(), split_sizes=[1, 1])
  it("torch.split_with_sizes: by name", () => sameList(torch.split_with_sizes(x(), { split_sizes: [1, 1] }), [{ shape: [1, 3], values: [[0, 1, 2]], dtype: 'float32' }, { shape: [1, 3], values: [[3, 4, 5]], dtype: 'float32' }]));
  // x().split_with_sizes([4, -1], 1)
  it("split_with_sizes: negative", () => raises(() => x().split_with_sizes([4, -1], 1), 'RuntimeError', "split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[4, -1]"));
  // x().chunk(2, 1)
  it("chunk: positional", () => sameList(x().chunk(2, 1), [{ shape: [2, 2], values: [[0, 1], [3, 4]], dtype: 'float32' }, { shape: [2, 1], values: [[2], [5]], dtype: 'float32' }]));
  // x().chunk(chunks=3, dim=1)
  it("chunk: by name", () => sameList(x().chunk({ chunks: 3, dim: 1 }), [{ shape: [2, 1], values: [[0], [3]], dtype: 'float32' }, { shape: [2, 1], values: [[1], [4]], dtype: 'float32' }, { shape: [2, 1], values: [[2], [5]], dtype: 'float32' }]));
  // torch.chunk(x3(), 3, dim=2)
  it("torch.chunk: mixed", () => sameList(torch.chunk(x3(), 3, { dim: 2 }), [{ shape: [2, 3, 2], values: [[[0, 1], [4, 5], [8, 9]], [[12, 13], [16, 17], [20, 21]]], dtype: 'float32' }, { shape: [2, 3, 2], values: [[[2, 3], [6, 7], [10, 11]], [[14, 15], [18, 19], [22, 23]]], dtype: 'float32' }]));
  // torch.zeros(0, 2).chunk(3)
  it("chunk: empty dim", () => sameList(torch.zeros(0, 2).chunk(3), [{ shape: [0, 2], values: [], dtype: 'float32' }, { shape: [0, 2], values: [], dtype: 'float32' }, { shape: [0, 2], values: [], dtype: 'float32' }]));
  // x().chunk(0)
  it("chunk: zero chunks", () => raises(() => x().chunk(0), 'RuntimeError', "chunk expects `chunks` to be greater than 0, got: 0"));
  // torch.tensor(1).chunk(1)
  it("chunk: 0-d", () => raises(() => torch.tensor(1).chunk(1), 'RuntimeError', "chunk expects at least a 1-dimensional tensor"));
  // x().chunk()
  it("chunk: missing", () => raises(() => call(x(), 'chunk'), 'TypeError', "chunk() missing 1 required positional arguments: \"chunks\""));
  // x().chunk(2, 'a')
  it("chunk: wrong type", () => raises(() => call(x(), 'chunk', 2, 'a'), 'TypeError', "chunk(): argument 'dim' (position 2) must be int, not str"));
});

describe("contiguous, clone, detach", () => {
  // x().t().contiguous()
  it("contiguous", () => same(x().t().contiguous(), { shape: [3, 2], values: [[0, 3], [1, 4], [2, 5]], dtype: 'float32' }));
  // x().t().contiguous().stride()
  it("contiguous: strides", () => expect(x().t().contiguous().stride()).toEqual([2, 1]));
  // x().t().contiguous(memory_format=torch.contiguous_format).stride()
  it("contiguous: by name", () => expect(x().t().contiguous({ memory_format: torch.contiguous_format }).stride()).toEqual([2, 1]));
  // x().contiguous(torch.contiguous_format)
  it("contiguous: positional", () => raises(() => call(x(), 'contiguous', torch.contiguous_format), 'TypeError', "contiguous() takes 0 positional arguments but 1 was given"));
  // x().t().contiguous(memory_format=torch.preserve_format)
  it("contiguous: preserve_format", () => raises(() => x().t().contiguous({ memory_format: torch.preserve_format }), 'RuntimeError', "preserve memory format is unsupported by the contiguous operator"));
  // x().t().clone().stride()
  it("clone: keeps the strides", () => expect(x().t().clone().stride()).toEqual([1, 3]));
  // x().t().clone(memory_format=torch.contiguous_format).stride()
  it("clone: contiguous_format by name", () => expect(x().t().clone({ memory_format: torch.contiguous_format }).stride()).toEqual([2, 1]));
  // x().t().clone(memory_format=None).stride()
  it("clone: None", () => expect(x().t().clone({ memory_format: null }).stride()).toEqual([1, 3]));
  // torch.clone(input=x().t(), memory_format=torch.preserve_format).stride()
  it("torch.clone: by name", () => expect(torch.clone({ input: x().t(), memory_format: torch.preserve_format }).stride()).toEqual([1, 3]));
  // x().clone(torch.contiguous_format)
  it("clone: positional memory_format", () => raises(() => call(x(), 'clone', torch.contiguous_format), 'TypeError', "clone() takes 0 positional arguments but 1 was given"));
  // x().clone(format=1)
  it("clone: unknown name", () => raises(() => call(x(), 'clone', { format: 1 }), 'TypeError', "clone() got an unexpected keyword argument 'format'"));
  // x().detach()
  it("detach", () => same(x().detach(), { shape: [2, 3], values: [[0, 1, 2], [3, 4, 5]], dtype: 'float32' }));
  // torch.detach(input=x())
  it("torch.detach: by name", () => same(torch.detach({ input: x() }), { shape: [2, 3], values: [[0, 1, 2], [3, 4, 5]], dtype: 'float32' }));
  // torch.detach(x(), foo=1)
  it("torch.detach: unknown name", () => raises(() => fn(torch.detach)(x(), { foo: 1 }), 'TypeError', "detach() got an unexpected keyword argument 'foo'"));
});
