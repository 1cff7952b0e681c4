import { describe, it } from 'vitest';
import * as torch from '../src/index.js';
import { fn, call, bad, same, raises } from './recorded.js';

// Each case's expectation is PyTorch 2.13's: the Python expression quoted above it was run in
// PyTorch and its result (shape, dtype, values) or error (type and message) recorded here.

const x = () => torch.arange(6, { dtype: torch.float32 }).view(2, 3); // [[0, 1, 2], [3, 4, 5]]
const idx = () => torch.tensor([[0, 1, 0], [1, 0, 0]]);
const src = () => torch.tensor([[10, 20, 30], [40, 50, 60]], { dtype: torch.float32 });
const w = () => torch.arange(8, { dtype: torch.float32 }).view(4, 2);

describe("index_select", () => {
  // x().index_select(1, torch.tensor([2, 0]))
  it("method: positional", () => same(x().index_select(1, torch.tensor([2, 0])), { shape: [2, 2], values: [[2, 0], [5, 3]], dtype: 'float32' }));
  // x().index_select(dim=0, index=torch.tensor([1]))
  it("method: by name", () => same(x().index_select({ dim: 0, index: torch.tensor([1]) }), { shape: [1, 3], values: [[3, 4, 5]], dtype: 'float32' }));
  // x().index_select(-1, index=torch.tensor([1, 1]))
  it("method: mixed", () => same(x().index_select(-1, { index: torch.tensor([1, 1]) }), { shape: [2, 2], values: [[1, 1], [4, 4]], dtype: 'float32' }));
  // torch.index_select(input=x(), dim=1, index=torch.tensor([0]))
  it("torch: by name", () => same(torch.index_select({ input: x(), dim: 1, index: torch.tensor([0]) }), { shape: [2, 1], values: [[0], [3]], dtype: 'float32' }));
  // x().index_select(0)
  it("missing", () => raises(() => call(x(), 'index_select', 0), 'TypeError', "index_select() missing 1 required positional arguments: \"index\""));
  // x().index_select(0, torch.tensor([0]), foo=1)
  it("unknown name", () => raises(() => call(x(), 'index_select', 0, torch.tensor([0]), { foo: 1 }), 'TypeError', "index_select() got an unexpected keyword argument 'foo'"));
  // x().index_select(0, torch.tensor([0]), dim=1)
  it("given twice", () => raises(() => call(x(), 'index_select', 0, torch.tensor([0]), { dim: 1 }), 'TypeError', "index_select() got multiple values for argument 'dim'"));
  // x().index_select(0, [0])
  it("a list index", () => raises(() => call(x(), 'index_select', 0, [0]), 'TypeError', "index_select(): argument 'index' (position 2) must be Tensor, not list"));
  // x().index_select('a', torch.tensor([0]))
  it("a string dim", () => raises(() => call(x(), 'index_select', 'a', torch.tensor([0])), 'TypeError', "index_select(): argument 'dim' (position 1) must be int, not str"));
});

describe("gather", () => {
  // x().gather(1, torch.tensor([[2], [0]]))
  it("method: positional", () => same(x().gather(1, torch.tensor([[2], [0]])), { shape: [2, 1], values: [[2], [3]], dtype: 'float32' }));
  // x().gather(dim=0, index=idx())
  it("method: by name", () => same(x().gather({ dim: 0, index: idx() }), { shape: [2, 3], values: [[0, 4, 2], [3, 1, 2]], dtype: 'float32' }));
  // torch.gather(x(), 1, index=torch.tensor([[1, 1]]))
  it("torch: mixed", () => same(torch.gather(x(), 1, { index: torch.tensor([[1, 1]]) }), { shape: [1, 2], values: [[1, 1]], dtype: 'float32' }));
  // x().gather(1, torch.tensor([[0]]), sparse_grad=False)
  it("sparse_grad False by name", () => same(x().gather(1, torch.tensor([[0]]), { sparse_grad: false }), { shape: [1, 1], values: [[0]], dtype: 'float32' }));
  // x().gather(1, torch.tensor([[0]]), True)
  it("sparse_grad is keyword-only", () => raises(() => call(x(), 'gather', 1, torch.tensor([[0]]), true), 'TypeError', "gather() takes 2 positional arguments but 3 were given"));
  // x().gather(1)
  it("missing", () => raises(() => call(x(), 'gather', 1), 'TypeError', "gather() missing 1 required positional arguments: \"index\""));
  // x().gather(1, torch.tensor([[0]]), sparse=True)
  it("unknown name", () => raises(() => call(x(), 'gather', 1, torch.tensor([[0]]), { sparse: true }), 'TypeError', "gather() got an unexpected keyword argument 'sparse'"));
  // x().gather(1, torch.tensor([[0]]), sparse_grad=1)
  it("wrong type", () => raises(() => call(x(), 'gather', 1, torch.tensor([[0]]), { sparse_grad: 1 }), 'TypeError', "gather(): argument 'sparse_grad' must be bool, not int"));
  // x().gather(1, torch.tensor([[3]]))
  it("index out of range", () => raises(() => x().gather(1, torch.tensor([[3]])), 'RuntimeError', "index 3 is out of bounds for dimension 1 with size 3"));
});

describe("scatter: every overload", () => {
  // x().scatter(0, idx(), src())
  it("src", () => same(x().scatter(0, idx(), src()), { shape: [2, 3], values: [[10, 50, 60], [40, 20, 5]], dtype: 'float32' }));
  // x().scatter(0, idx(), 2.5)
  it("value", () => same(x().scatter(0, idx(), 2.5), { shape: [2, 3], values: [[2.5, 2.5, 2.5], [2.5, 2.5, 5]], dtype: 'float32' }));
  // x().scatter(0, idx(), src(), reduce='add')
  it("src, reduce add", () => same(x().scatter(0, idx(), src(), { reduce: 'add' }), { shape: [2, 3], values: [[10, 51, 92], [43, 24, 5]], dtype: 'float32' }));
  // x().scatter(0, idx(), src(), reduce='multiply')
  it("src, reduce multiply", () => same(x().scatter(0, idx(), src(), { reduce: 'multiply' }), { shape: [2, 3], values: [[0, 50, 3600], [120, 80, 5]], dtype: 'float32' }));
  // x().scatter(0, idx(), 2.5, reduce='add')
  it("value, reduce add", () => same(x().scatter(0, idx(), 2.5, { reduce: 'add' }), { shape: [2, 3], values: [[2.5, 3.5, 7], [5.5, 6.5, 5]], dtype: 'float32' }));
  // x().scatter(0, idx(), 2.5, reduce='multiply')
  it("value, reduce multiply", () => same(x().scatter(0, idx(), 2.5, { reduce: 'multiply' }), { shape: [2, 3], values: [[0, 2.5, 12.5], [7.5, 10, 5]], dtype: 'float32' }));
  // x().scatter(dim=1, index=torch.tensor([[2], [0]]), src=src(), reduce='add')
  it("all by name, src", () => same(x().scatter({ dim: 1, index: torch.tensor([[2], [0]]), src: src(), reduce: 'add' }), { shape: [2, 3], values: [[0, 1, 12], [43, 4, 5]], dtype: 'float32' }));
  // x().scatter(dim=1, index=torch.tensor([[2], [0]]), value=-1)
  it("all by name, value", () => same(x().scatter({ dim: 1, index: torch.tensor([[2], [0]]), value: -1 }), { shape: [2, 3], values: [[0, 1, -1], [-1, 4, 5]], dtype: 'float32' }));
  // torch.scatter(x(), 0, idx(), src(), reduce='multiply')
  it("torch.scatter: src, reduce", () => same(torch.scatter(x(), 0, idx(), src(), { reduce: 'multiply' }), { shape: [2, 3], values: [[0, 50, 3600], [120, 80, 5]], dtype: 'float32' }));
  // torch.scatter(input=x(), dim=0, index=idx(), value=7, reduce='add')
  it("torch.scatter: by name", () => same(torch.scatter({ input: x(), dim: 0, index: idx(), value: 7, reduce: 'add' }), { shape: [2, 3], values: [[7, 8, 16], [10, 11, 5]], dtype: 'float32' }));
  // x().scatter(0, idx(), torch.tensor(2.))
  it("a 0-d tensor is a src, not a value", () => raises(() => x().scatter(0, idx(), torch.tensor(2, { dtype: torch.float32 })), 'RuntimeError', "Index tensor must have the same number of dimensions as src tensor"));
  // torch.arange(1, 4).scatter(0, torch.tensor([0, 0]), 3, reduce='multiply')
  it("int64: value multiply", () => same(torch.arange(1, 4).scatter(0, torch.tensor([0, 0]), 3, { reduce: 'multiply' }), { shape: [3], values: [9, 2, 3], dtype: 'int64' }));
  // torch.arange(6).view(2, 3).scatter(0, idx(), 2.5, reduce='add')
  it("int64: a float value is truncated", () => same(torch.arange(6).view(2, 3).scatter(0, idx(), 2.5, { reduce: 'add' }), { shape: [2, 3], values: [[2, 3, 6], [5, 6, 5]], dtype: 'int64' }));
  // torch.tensor([65536], dtype=torch.int32).scatter(0, torch.tensor([0, 0]), torch.tensor([65536, 3], dtype=torch.int32), reduce='multiply')
  it("int32: multiply wraps", () => same(torch.tensor([65536], { dtype: torch.int32 }).scatter(0, torch.tensor([0, 0]), torch.tensor([65536, 3], { dtype: torch.int32 }), { reduce: 'multiply' }), { shape: [1], values: [0], dtype: 'int32' }));
  // torch.tensor([2**62]).scatter(0, torch.tensor([0, 0]), torch.tensor([2, 3]), reduce='multiply')
  it("int64: multiply wraps", () => same(torch.tensor([2n ** 62n]).scatter(0, torch.tensor([0, 0]), torch.tensor([2, 3]), { reduce: 'multiply' }), { shape: [1], values: [-9223372036854775808n], dtype: 'int64' }));
  // torch.tensor([True, False, False]).scatter(0, torch.tensor([1, 1]), torch.tensor([True, True]), reduce='add')
  it("bool: add is or", () => same(torch.tensor([true, false, false]).scatter(0, torch.tensor([1, 1]), torch.tensor([true, true]), { reduce: 'add' }), { shape: [3], values: [true, true, false], dtype: 'bool' }));
  // torch.tensor([True, False, True]).scatter(0, torch.tensor([0, 1]), torch.tensor([False, True]), reduce='multiply')
  it("bool: multiply is and", () => same(torch.tensor([true, false, true]).scatter(0, torch.tensor([0, 1]), torch.tensor([false, true]), { reduce: 'multiply' }), { shape: [3], values: [false, false, true], dtype: 'bool' }));
  // torch.zeros(3, dtype=torch.float16).scatter(0, torch.tensor([0, 0, 0]), torch.tensor([1000, 0.3, 0.3]).half(), reduce='add')
  it("float16: add accumulates in float32", () => same(torch.zeros(3, { dtype: torch.float16 }).scatter(0, torch.tensor([0, 0, 0]), torch.tensor([1000, 0.3, 0.3]).half(), { reduce: 'add' }), { shape: [3], values: [1000.5, 0, 0], dtype: 'float16' }));
  // torch.ones(2, dtype=torch.bfloat16).scatter(0, torch.tensor([0, 0, 0]), torch.tensor([1.01, 1.01, 1.01]).bfloat16(), reduce='multiply')
  it("bfloat16: multiply", () => same(torch.ones(2, { dtype: torch.bfloat16 }).scatter(0, torch.tensor([0, 0, 0]), torch.tensor([1.01, 1.01, 1.01]).bfloat16(), { reduce: 'multiply' }), { shape: [2], values: [1.0234375, 1], dtype: 'bfloat16' }));
  // x().scatter(0, idx(), src(), reduce='sum')
  it("a bad reduce", () => raises(() => x().scatter(0, idx(), src(), { reduce: bad('sum') }), 'RuntimeError', "reduce argument must be either add or multiply."));
  // x().scatter(0, idx(), 1., reduce='mean')
  it("a bad reduce with a value", () => raises(() => x().scatter(0, idx(), 1, { reduce: bad('mean') }), 'RuntimeError', "reduce argument must be either add or multiply."));
  // x().scatter(0, torch.zeros(0, 3, dtype=torch.int64), src(), reduce='foo')
  it("a bad reduce with an empty index", () => raises(() => x().scatter(0, torch.zeros([0, 3], { dtype: torch.int64 }), src(), { reduce: bad('foo') }), 'RuntimeError', "reduce argument must be either add or multiply."));
  // x().scatter(0, idx(), src(), 'add')
  it("reduce positional", () => raises(() => call(x(), 'scatter', 0, idx(), src(), 'add'), 'TypeError', "scatter() received an invalid combination of arguments - got (int, Tensor, Tensor, str), but expected one of:\n * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n"));
  // x().scatter(0, idx(), src(), reduce=None)
  it("reduce None", () => raises(() => call(x(), 'scatter', 0, idx(), src(), { reduce: null }), 'TypeError', "scatter() received an invalid combination of arguments - got (int, Tensor, Tensor, reduce=NoneType), but expected one of:\n * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n"));
  // x().scatter(0, idx())
  it("missing", () => raises(() => call(x(), 'scatter', 0, idx()), 'TypeError', "scatter() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n"));
  // x().scatter(0, idx(), src(), foo=1)
  it("unknown name", () => raises(() => call(x(), 'scatter', 0, idx(), src(), { foo: 1 }), 'TypeError', "scatter() received an invalid combination of arguments - got (int, Tensor, Tensor, foo=int), but expected one of:\n * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n"));
  // x().scatter(0, idx(), src(), dim=1)
  it("given twice", () => raises(() => call(x(), 'scatter', 0, idx(), src(), { dim: 1 }), 'TypeError', "scatter() received an invalid combination of arguments - got (int, Tensor, Tensor, dim=int), but expected one of:\n * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n"));
  // x().scatter(0, idx(), 'a')
  it("a string value", () => raises(() => call(x(), 'scatter', 0, idx(), 'a'), 'TypeError', "scatter() received an invalid combination of arguments - got (int, Tensor, str), but expected one of:\n * (int dim, Tensor index, Tensor src)\n      didn't match because some of the arguments have invalid types: (int, Tensor, !str!)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n * (int dim, Tensor index, Number value)\n      didn't match because some of the arguments have invalid types: (int, Tensor, !str!)\n * (int dim, Tensor index, Number value, *, str reduce)\n"));
  // x().scatter(0, torch.tensor([[2]]), 1.)
  it("index out of range", () => raises(() => x().scatter(0, torch.tensor([[2]]), 1), 'RuntimeError', "index 2 is out of bounds for dimension 0 with size 2"));
  // x().scatter(0, torch.tensor([[0.5]]), 1.)
  it("a float index", () => raises(() => x().scatter(0, torch.tensor([[0.5]]), 1), 'RuntimeError', "scatter(): Expected dtype int32/int64 for index"));
});

describe("scatter_ (in place)", () => {
  // x().scatter_(0, idx(), src())
  it("src", () => same(x().scatter_(0, idx(), src()), { shape: [2, 3], values: [[10, 50, 60], [40, 20, 5]], dtype: 'float32' }));
  // x().scatter_(1, torch.tensor([[2], [1]]), -1)
  it("value", () => same(x().scatter_(1, torch.tensor([[2], [1]]), -1), { shape: [2, 3], values: [[0, 1, -1], [3, -1, 5]], dtype: 'float32' }));
  // x().scatter_(0, idx(), src(), reduce='add')
  it("src, reduce add", () => same(x().scatter_(0, idx(), src(), { reduce: 'add' }), { shape: [2, 3], values: [[10, 51, 92], [43, 24, 5]], dtype: 'float32' }));
  // x().scatter_(0, idx(), src(), reduce='multiply')
  it("src, reduce multiply", () => same(x().scatter_(0, idx(), src(), { reduce: 'multiply' }), { shape: [2, 3], values: [[0, 50, 3600], [120, 80, 5]], dtype: 'float32' }));
  // x().scatter_(0, idx(), 3, reduce='add')
  it("value, reduce add", () => same(x().scatter_(0, idx(), 3, { reduce: 'add' }), { shape: [2, 3], values: [[3, 4, 8], [6, 7, 5]], dtype: 'float32' }));
  // x().scatter_(0, idx(), 3, reduce='multiply')
  it("value, reduce multiply", () => same(x().scatter_(0, idx(), 3, { reduce: 'multiply' }), { shape: [2, 3], values: [[0, 3, 18], [9, 12, 5]], dtype: 'float32' }));
  // x().scatter_(dim=0, index=idx(), value=0.5, reduce='multiply')
  it("all by name", () => same(x().scatter_({ dim: 0, index: idx(), value: 0.5, reduce: 'multiply' }), { shape: [2, 3], values: [[0, 0.5, 0.5], [1.5, 2, 5]], dtype: 'float32' }));
  // x().scatter_(0)
  it("missing", () => raises(() => call(x(), 'scatter_', 0), 'TypeError', "scatter_() received an invalid combination of arguments - got (int), but expected one of:\n * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n"));
  // x().scatter_(0, idx(), 1, foo=1)
  it("unknown name", () => raises(() => call(x(), 'scatter_', 0, idx(), 1, { foo: 1 }), 'TypeError', "scatter_() received an invalid combination of arguments - got (int, Tensor, int, foo=int), but expected one of:\n * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n"));
  // x().scatter_(0, idx(), 1, reduce='max')
  it("a bad reduce", () => raises(() => call(x(), 'scatter_', 0, idx(), 1, { reduce: 'max' }), 'RuntimeError', "reduce argument must be either add or multiply."));
});

describe("scatter_add, scatter_add_", () => {
  // x().scatter_add(0, idx(), src())
  it("positional", () => same(x().scatter_add(0, idx(), src()), { shape: [2, 3], values: [[10, 51, 92], [43, 24, 5]], dtype: 'float32' }));
  // x().scatter_add(dim=0, index=idx(), src=src())
  it("by name", () => same(x().scatter_add({ dim: 0, index: idx(), src: src() }), { shape: [2, 3], values: [[10, 51, 92], [43, 24, 5]], dtype: 'float32' }));
  // torch.scatter_add(x(), 0, idx(), src=src())
  it("torch: mixed", () => same(torch.scatter_add(x(), 0, idx(), { src: src() }), { shape: [2, 3], values: [[10, 51, 92], [43, 24, 5]], dtype: 'float32' }));
  // x().scatter_add(0, idx())
  it("missing", () => raises(() => call(x(), 'scatter_add', 0, idx()), 'TypeError', "scatter_add() missing 1 required positional arguments: \"src\""));
  // x().scatter_add(0, idx(), 1)
  it("a value is not a src", () => raises(() => call(x(), 'scatter_add', 0, idx(), 1), 'TypeError', "scatter_add(): argument 'src' (position 3) must be Tensor, not int"));
  // x().scatter_add(0, idx(), src(), reduce='add')
  it("unknown name", () => raises(() => call(x(), 'scatter_add', 0, idx(), src(), { reduce: 'add' }), 'TypeError', "scatter_add() got an unexpected keyword argument 'reduce'"));
  // x().scatter_add_(0, idx(), src())
  it("in place: positional", () => same(x().scatter_add_(0, idx(), src()), { shape: [2, 3], values: [[10, 51, 92], [43, 24, 5]], dtype: 'float32' }));
  // x().scatter_add_(1, index=torch.tensor([[0, 0]]), src=src())
  it("in place: by name", () => same(x().scatter_add_(1, { index: torch.tensor([[0, 0]]), src: src() }), { shape: [2, 3], values: [[30, 1, 2], [3, 4, 5]], dtype: 'float32' }));
  // x().scatter_add_(0, idx(), src(), index=idx())
  it("in place: given twice", () => raises(() => call(x(), 'scatter_add_', 0, idx(), src(), { index: idx() }), 'TypeError', "scatter_add_() got multiple values for argument 'index'"));
});

describe("embedding", () => {
  // torch.embedding(w(), torch.tensor([[0, 3], [1, 1]]))
  it("positional", () => same(torch.embedding(w(), torch.tensor([[0, 3], [1, 1]])), { shape: [2, 2, 2], values: [[[0, 1], [6, 7]], [[2, 3], [2, 3]]], dtype: 'float32' }));
  // torch.embedding(w(), torch.tensor([2]), 0, True, False)
  it("all positional", () => same(torch.embedding(w(), torch.tensor([2]), 0, true, false), { shape: [1, 2], values: [[4, 5]], dtype: 'float32' }));
  // torch.embedding(weight=w(), indices=torch.tensor([3, 0]), padding_idx=0)
  it("by name", () => same(torch.embedding({ weight: w(), indices: torch.tensor([3, 0]), padding_idx: 0 }), { shape: [2, 2], values: [[6, 7], [0, 1]], dtype: 'float32' }));
  // torch.embedding(w(), torch.tensor([1]), scale_grad_by_freq=True)
  it("mixed", () => same(torch.embedding(w(), torch.tensor([1]), { scale_grad_by_freq: true }), { shape: [1, 2], values: [[2, 3]], dtype: 'float32' }));
  // torch.embedding(w())
  it("missing", () => raises(() => fn(torch.embedding)(w()), 'TypeError', "embedding() missing 1 required positional arguments: \"indices\""));
  // torch.embedding(w(), torch.tensor([1]), max_norm=1)
  it("unknown name", () => raises(() => fn(torch.embedding)(w(), torch.tensor([1]), { max_norm: 1 }), 'TypeError', "embedding() got an unexpected keyword argument 'max_norm'"));
  // torch.embedding(w(), torch.tensor([1]), weight=w())
  it("given twice", () => raises(() => fn(torch.embedding)(w(), torch.tensor([1]), { weight: w() }), 'TypeError', "embedding() got multiple values for argument 'weight'"));
  // torch.embedding(w(), torch.tensor([1]), 0.5)
  it("a bad padding_idx", () => raises(() => fn(torch.embedding)(w(), torch.tensor([1]), 0.5), 'TypeError', "embedding(): argument 'padding_idx' (position 3) must be int, not float"));
  // torch.embedding(w(), torch.tensor([1.0]))
  it("float indices", () => raises(() => torch.embedding(w(), torch.tensor([1], { dtype: torch.float32 })), 'RuntimeError', "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)"));
  // torch.embedding(w(), torch.tensor([4]))
  it("index out of range", () => raises(() => torch.embedding(w(), torch.tensor([4])), 'IndexError', "index out of range in self"));
});
