import { describe, it } from 'vitest';
import * as torch from '../src/index.js';
import { fn, call, same, raises } from './recorded.js';

// Each case's expectation is PyTorch 2.13's: the Python expression quoted above it was run in
// PyTorch and its result (shape, dtype, values) or error (type and message) recorded here.

const x = () => torch.arange(6, { dtype: torch.float32 }).view(2, 3); // [[0, 1, 2], [3, 4, 5]]
const y = () => torch.arange(6, 12, { dtype: torch.float32 }).view(2, 3);
const v3 = () => torch.arange(3, { dtype: torch.float32 });
const F = { pad: torch.functionalPad };

describe("cat", () => {
  // torch.cat([x(), y()], 1)
  it("positional", () => same(torch.cat([x(), y()], 1), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.cat([x(), y()])
  it("default dim", () => same(torch.cat([x(), y()]), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.cat([x(), y()], dim=-1)
  it("dim by name", () => same(torch.cat([x(), y()], { dim: -1 }), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.cat(tensors=[x(), y()], dim=0)
  it("all by name", () => same(torch.cat({ tensors: [x(), y()], dim: 0 }), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.cat((x(),))
  it("a tuple-like list of one", () => same(torch.cat([x()]), { shape: [2, 3], values: [[0, 1, 2], [3, 4, 5]], dtype: 'float32' }));
  // torch.cat()
  it("missing", () => raises(() => fn(torch.cat)(), 'TypeError', "cat() missing 1 required positional arguments: \"tensors\""));
  // torch.cat([x()], foo=1)
  it("unknown name", () => raises(() => fn(torch.cat)([x()], { foo: 1 }), 'TypeError', "cat() got an unexpected keyword argument 'foo'"));
  // torch.cat([x()], 0, dim=1)
  it("given twice", () => raises(() => fn(torch.cat)([x()], 0, { dim: 1 }), 'TypeError', "cat() got multiple values for argument 'dim'"));
  // torch.cat([x()], 0, 1)
  it("too many", () => raises(() => fn(torch.cat)([x()], 0, 1), 'TypeError', "cat() takes from 1 to 2 positional arguments but 3 were given"));
  // torch.cat([x()], 'a')
  it("a bad dim", () => raises(() => fn(torch.cat)([x()], 'a'), 'TypeError', "cat(): argument 'dim' (position 2) must be int, not str"));
  // torch.cat(x())
  it("not a list", () => raises(() => fn(torch.cat)(x()), 'TypeError', "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"));
  // torch.cat([x(), 1])
  it("a bad element", () => raises(() => fn(torch.cat)([x(), 1]), 'TypeError', "expected Tensor as element 1 in argument 0, but got int"));
  // torch.cat([x(), torch.ones(2, 4)])
  it("sizes differ", () => raises(() => torch.cat([x(), torch.ones(2, 4)]), 'RuntimeError', "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list."));
});

describe("concat", () => {
  // torch.concat([x(), y()], 1)
  it("positional", () => same(torch.concat([x(), y()], 1), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.concat([x(), y()])
  it("default dim", () => same(torch.concat([x(), y()]), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.concat([x(), y()], dim=-1)
  it("dim by name", () => same(torch.concat([x(), y()], { dim: -1 }), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.concat(tensors=[x(), y()], dim=0)
  it("all by name", () => same(torch.concat({ tensors: [x(), y()], dim: 0 }), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.concat((x(),))
  it("a tuple-like list of one", () => same(torch.concat([x()]), { shape: [2, 3], values: [[0, 1, 2], [3, 4, 5]], dtype: 'float32' }));
  // torch.concat()
  it("missing", () => raises(() => fn(torch.concat)(), 'TypeError', "concat() missing 1 required positional arguments: \"tensors\""));
  // torch.concat([x()], foo=1)
  it("unknown name", () => raises(() => fn(torch.concat)([x()], { foo: 1 }), 'TypeError', "concat() got an unexpected keyword argument 'foo'"));
  // torch.concat([x()], 0, dim=1)
  it("given twice", () => raises(() => fn(torch.concat)([x()], 0, { dim: 1 }), 'TypeError', "concat() got multiple values for argument 'dim'"));
  // torch.concat([x()], 0, 1)
  it("too many", () => raises(() => fn(torch.concat)([x()], 0, 1), 'TypeError', "concat() takes from 1 to 2 positional arguments but 3 were given"));
  // torch.concat([x()], 'a')
  it("a bad dim", () => raises(() => fn(torch.concat)([x()], 'a'), 'TypeError', "concat(): argument 'dim' (position 2) must be int, not str"));
  // torch.concat(x())
  it("not a list", () => raises(() => fn(torch.concat)(x()), 'TypeError', "concat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"));
  // torch.concat([x(), 1])
  it("a bad element", () => raises(() => fn(torch.concat)([x(), 1]), 'TypeError', "expected Tensor as element 1 in argument 0, but got int"));
  // torch.concat([x(), torch.ones(2, 4)])
  it("sizes differ", () => raises(() => torch.concat([x(), torch.ones(2, 4)]), 'RuntimeError', "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list."));
});

describe("concatenate", () => {
  // torch.concatenate([x(), y()], 1)
  it("positional", () => same(torch.concatenate([x(), y()], 1), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.concatenate([x(), y()])
  it("default dim", () => same(torch.concatenate([x(), y()]), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.concatenate([x(), y()], dim=-1)
  it("dim by name", () => same(torch.concatenate([x(), y()], { dim: -1 }), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.concatenate(tensors=[x(), y()], dim=0)
  it("all by name", () => same(torch.concatenate({ tensors: [x(), y()], dim: 0 }), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.concatenate((x(),))
  it("a tuple-like list of one", () => same(torch.concatenate([x()]), { shape: [2, 3], values: [[0, 1, 2], [3, 4, 5]], dtype: 'float32' }));
  // torch.concatenate()
  it("missing", () => raises(() => fn(torch.concatenate)(), 'TypeError', "concatenate() missing 1 required positional arguments: \"tensors\""));
  // torch.concatenate([x()], foo=1)
  it("unknown name", () => raises(() => fn(torch.concatenate)([x()], { foo: 1 }), 'TypeError', "concatenate() got an unexpected keyword argument 'foo'"));
  // torch.concatenate([x()], 0, dim=1)
  it("given twice", () => raises(() => fn(torch.concatenate)([x()], 0, { dim: 1 }), 'TypeError', "concatenate() got multiple values for argument 'dim'"));
  // torch.concatenate([x()], 0, 1)
  it("too many", () => raises(() => fn(torch.concatenate)([x()], 0, 1), 'TypeError', "concatenate() takes from 1 to 2 positional arguments but 3 were given"));
  // torch.concatenate([x()], 'a')
  it("a bad dim", () => raises(() => fn(torch.concatenate)([x()], 'a'), 'TypeError', "concatenate(): argument 'dim' (position 2) must be int, not str"));
  // torch.concatenate(x())
  it("not a list", () => raises(() => fn(torch.concatenate)(x()), 'TypeError', "concatenate(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"));
  // torch.concatenate([x(), 1])
  it("a bad element", () => raises(() => fn(torch.concatenate)([x(), 1]), 'TypeError', "expected Tensor as element 1 in argument 0, but got int"));
  // torch.concatenate([x(), torch.ones(2, 4)])
  it("sizes differ", () => raises(() => torch.concatenate([x(), torch.ones(2, 4)]), 'RuntimeError', "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list."));
});

describe("stack", () => {
  // torch.stack([x(), y()], 1)
  it("positional", () => same(torch.stack([x(), y()], 1), { shape: [2, 2, 3], values: [[[0, 1, 2], [6, 7, 8]], [[3, 4, 5], [9, 10, 11]]], dtype: 'float32' }));
  // torch.stack([x(), y()], dim=2)
  it("dim by name", () => same(torch.stack([x(), y()], { dim: 2 }), { shape: [2, 3, 2], values: [[[0, 6], [1, 7], [2, 8]], [[3, 9], [4, 10], [5, 11]]], dtype: 'float32' }));
  // torch.stack(tensors=[v3(), v3()], dim=-1)
  it("all by name", () => same(torch.stack({ tensors: [v3(), v3()], dim: -1 }), { shape: [3, 2], values: [[0, 0], [1, 1], [2, 2]], dtype: 'float32' }));
  // torch.stack()
  it("missing", () => raises(() => fn(torch.stack)(), 'TypeError', "stack() missing 1 required positional arguments: \"tensors\""));
  // torch.stack([x()], foo=0)
  it("unknown name", () => raises(() => fn(torch.stack)([x()], { foo: 0 }), 'TypeError', "stack() got an unexpected keyword argument 'foo'"));
  // torch.stack([x()], 0, tensors=[x()])
  it("given twice", () => raises(() => fn(torch.stack)([x()], 0, { tensors: [x()] }), 'TypeError', "stack() got multiple values for argument 'tensors'"));
  // torch.stack([x(), 'a'])
  it("a bad element", () => raises(() => fn(torch.stack)([x(), 'a']), 'TypeError', "expected Tensor as element 1 in argument 0, but got str"));
  // torch.stack([x()], 1.5)
  it("a bad dim", () => raises(() => fn(torch.stack)([x()], 1.5), 'TypeError', "stack(): argument 'dim' (position 2) must be int, not float"));
  // torch.stack([x(), v3()])
  it("shapes differ", () => raises(() => torch.stack([x(), v3()]), 'RuntimeError', "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3] at entry 1"));
  // torch.stack([])
  it("empty list", () => raises(() => torch.stack([]), 'RuntimeError', "stack expects a non-empty TensorList"));
});

describe("hstack", () => {
  // torch.hstack([x(), y()])
  it("positional", () => same(torch.hstack([x(), y()]), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.hstack([v3(), v3()])
  it("1-d inputs", () => same(torch.hstack([v3(), v3()]), { shape: [6], values: [0, 1, 2, 0, 1, 2], dtype: 'float32' }));
  // torch.hstack(tensors=[x(), y()])
  it("by name", () => same(torch.hstack({ tensors: [x(), y()] }), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.hstack()
  it("missing", () => raises(() => fn(torch.hstack)(), 'TypeError', "hstack() missing 1 required positional arguments: \"tensors\""));
  // torch.hstack([x()], dim=0)
  it("unknown name", () => raises(() => fn(torch.hstack)([x()], { dim: 0 }), 'TypeError', "hstack() got an unexpected keyword argument 'dim'"));
  // torch.hstack([x()], 1)
  it("too many", () => raises(() => fn(torch.hstack)([x()], 1), 'TypeError', "hstack() takes 1 positional argument but 2 were given"));
  // torch.hstack([x()], tensors=[x()])
  it("given twice", () => raises(() => fn(torch.hstack)([x()], { tensors: [x()] }), 'TypeError', "hstack() got multiple values for argument 'tensors'"));
  // torch.hstack([])
  it("empty list", () => raises(() => torch.hstack([]), 'RuntimeError', "hstack expects a non-empty TensorList"));
});

describe("vstack", () => {
  // torch.vstack([x(), y()])
  it("positional", () => same(torch.vstack([x(), y()]), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.vstack([v3(), v3()])
  it("1-d inputs", () => same(torch.vstack([v3(), v3()]), { shape: [2, 3], values: [[0, 1, 2], [0, 1, 2]], dtype: 'float32' }));
  // torch.vstack(tensors=[x(), y()])
  it("by name", () => same(torch.vstack({ tensors: [x(), y()] }), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.vstack()
  it("missing", () => raises(() => fn(torch.vstack)(), 'TypeError', "vstack() missing 1 required positional arguments: \"tensors\""));
  // torch.vstack([x()], dim=0)
  it("unknown name", () => raises(() => fn(torch.vstack)([x()], { dim: 0 }), 'TypeError', "vstack() got an unexpected keyword argument 'dim'"));
  // torch.vstack([x()], 1)
  it("too many", () => raises(() => fn(torch.vstack)([x()], 1), 'TypeError', "vstack() takes 1 positional argument but 2 were given"));
  // torch.vstack([x()], tensors=[x()])
  it("given twice", () => raises(() => fn(torch.vstack)([x()], { tensors: [x()] }), 'TypeError', "vstack() got multiple values for argument 'tensors'"));
  // torch.vstack([])
  it("empty list", () => raises(() => torch.vstack([]), 'RuntimeError', "vstack expects a non-empty TensorList"));
});

describe("row_stack", () => {
  // torch.row_stack([x(), y()])
  it("positional", () => same(torch.row_stack([x(), y()]), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.row_stack([v3(), v3()])
  it("1-d inputs", () => same(torch.row_stack([v3(), v3()]), { shape: [2, 3], values: [[0, 1, 2], [0, 1, 2]], dtype: 'float32' }));
  // torch.row_stack(tensors=[x(), y()])
  it("by name", () => same(torch.row_stack({ tensors: [x(), y()] }), { shape: [4, 3], values: [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype: 'float32' }));
  // torch.row_stack()
  it("missing", () => raises(() => fn(torch.row_stack)(), 'TypeError', "row_stack() missing 1 required positional arguments: \"tensors\""));
  // torch.row_stack([x()], dim=0)
  it("unknown name", () => raises(() => fn(torch.row_stack)([x()], { dim: 0 }), 'TypeError', "row_stack() got an unexpected keyword argument 'dim'"));
  // torch.row_stack([x()], 1)
  it("too many", () => raises(() => fn(torch.row_stack)([x()], 1), 'TypeError', "row_stack() takes 1 positional argument but 2 were given"));
  // torch.row_stack([x()], tensors=[x()])
  it("given twice", () => raises(() => fn(torch.row_stack)([x()], { tensors: [x()] }), 'TypeError', "row_stack() got multiple values for argument 'tensors'"));
  // torch.row_stack([])
  it("empty list", () => raises(() => torch.row_stack([]), 'RuntimeError', "vstack expects a non-empty TensorList"));
});

describe("dstack", () => {
  // torch.dstack([x(), y()])
  it("positional", () => same(torch.dstack([x(), y()]), { shape: [2, 3, 2], values: [[[0, 6], [1, 7], [2, 8]], [[3, 9], [4, 10], [5, 11]]], dtype: 'float32' }));
  // torch.dstack([v3(), v3()])
  it("1-d inputs", () => same(torch.dstack([v3(), v3()]), { shape: [1, 3, 2], values: [[[0, 0], [1, 1], [2, 2]]], dtype: 'float32' }));
  // torch.dstack(tensors=[x(), y()])
  it("by name", () => same(torch.dstack({ tensors: [x(), y()] }), { shape: [2, 3, 2], values: [[[0, 6], [1, 7], [2, 8]], [[3, 9], [4, 10], [5, 11]]], dtype: 'float32' }));
  // torch.dstack()
  it("missing", () => raises(() => fn(torch.dstack)(), 'TypeError', "dstack() missing 1 required positional arguments: \"tensors\""));
  // torch.dstack([x()], dim=0)
  it("unknown name", () => raises(() => fn(torch.dstack)([x()], { dim: 0 }), 'TypeError', "dstack() got an unexpected keyword argument 'dim'"));
  // torch.dstack([x()], 1)
  it("too many", () => raises(() => fn(torch.dstack)([x()], 1), 'TypeError', "dstack() takes 1 positional argument but 2 were given"));
  // torch.dstack([x()], tensors=[x()])
  it("given twice", () => raises(() => fn(torch.dstack)([x()], { tensors: [x()] }), 'TypeError', "dstack() got multiple values for argument 'tensors'"));
  // torch.dstack([])
  it("empty list", () => raises(() => torch.dstack([]), 'RuntimeError', "dstack expects a non-empty TensorList"));
});

describe("column_stack", () => {
  // torch.column_stack([x(), y()])
  it("positional", () => same(torch.column_stack([x(), y()]), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.column_stack([v3(), v3()])
  it("1-d inputs", () => same(torch.column_stack([v3(), v3()]), { shape: [3, 2], values: [[0, 0], [1, 1], [2, 2]], dtype: 'float32' }));
  // torch.column_stack(tensors=[x(), y()])
  it("by name", () => same(torch.column_stack({ tensors: [x(), y()] }), { shape: [2, 6], values: [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]], dtype: 'float32' }));
  // torch.column_stack()
  it("missing", () => raises(() => fn(torch.column_stack)(), 'TypeError', "column_stack() missing 1 required positional arguments: \"tensors\""));
  // torch.column_stack([x()], dim=0)
  it("unknown name", () => raises(() => fn(torch.column_stack)([x()], { dim: 0 }), 'TypeError', "column_stack() got an unexpected keyword argument 'dim'"));
  // torch.column_stack([x()], 1)
  it("too many", () => raises(() => fn(torch.column_stack)([x()], 1), 'TypeError', "column_stack() takes 1 positional argument but 2 were given"));
  // torch.column_stack([x()], tensors=[x()])
  it("given twice", () => raises(() => fn(torch.column_stack)([x()], { tensors: [x()] }), 'TypeError', "column_stack() got multiple values for argument 'tensors'"));
  // torch.column_stack([])
  it("empty list", () => raises(() => torch.column_stack([]), 'RuntimeError', "column_stack expects a non-empty TensorList"));
});

describe("flip", () => {
  // x().flip(0, 1)
  it("method: ints", () => same(x().flip(0, 1), { shape: [2, 3], values: [[5, 4, 3], [2, 1, 0]], dtype: 'float32' }));
  // x().flip(1)
  it("method: one int", () => same(x().flip(1), { shape: [2, 3], values: [[2, 1, 0], [5, 4, 3]], dtype: 'float32' }));
  // x().flip([-1])
  it("method: list", () => same(x().flip([-1]), { shape: [2, 3], values: [[2, 1, 0], [5, 4, 3]], dtype: 'float32' }));
  // x().flip(dims=[0])
  it("method: by name", () => same(x().flip({ dims: [0] }), { shape: [2, 3], values: [[3, 4, 5], [0, 1, 2]], dtype: 'float32' }));
  // x().flip([])
  it("method: empty list", () => same(x().flip([]), { shape: [2, 3], values: [[0, 1, 2], [3, 4, 5]], dtype: 'float32' }));
  // torch.flip(x(), [0, 1])
  it("torch.flip: positional", () => same(torch.flip(x(), [0, 1]), { shape: [2, 3], values: [[5, 4, 3], [2, 1, 0]], dtype: 'float32' }));
  // torch.flip(input=x(), dims=[1])
  it("torch.flip: by name", () => same(torch.flip({ input: x(), dims: [1] }), { shape: [2, 3], values: [[2, 1, 0], [5, 4, 3]], dtype: 'float32' }));
  // torch.flip(x(), dims=[0])
  it("torch.flip: mixed", () => same(torch.flip(x(), { dims: [0] }), { shape: [2, 3], values: [[3, 4, 5], [0, 1, 2]], dtype: 'float32' }));
  // torch.flip(x(), 0)
  it("torch.flip: an int is not a list", () => raises(() => fn(torch.flip)(x(), 0), 'TypeError', "flip(): argument 'dims' (position 2) must be tuple of ints, not int"));
  // x().flip(dims=0)
  it("method: an int by name is not a list", () => raises(() => call(x(), 'flip', { dims: 0 }), 'TypeError', "flip(): argument 'dims' must be tuple of ints, not int"));
  // x().flip()
  it("method: missing", () => raises(() => call(x(), 'flip'), 'TypeError', "flip() missing 1 required positional arguments: \"dims\""));
  // x().flip(0, None)
  it("method: a bad later element", () => raises(() => call(x(), 'flip', 0, null), 'TypeError', "flip(): argument 'dims' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got NoneType\""));
  // torch.flip(x())
  it("torch.flip: missing", () => raises(() => fn(torch.flip)(x()), 'TypeError', "flip() missing 1 required positional arguments: \"dims\""));
  // torch.flip(x(), [0], dim=0)
  it("torch.flip: unknown name", () => raises(() => fn(torch.flip)(x(), [0], { dim: 0 }), 'TypeError', "flip() got an unexpected keyword argument 'dim'"));
  // x().flip(0, 0)
  it("repeated dim", () => raises(() => x().flip(0, 0), 'RuntimeError', "dim 0 appears multiple times in the list of dims"));
});

describe("roll", () => {
  // x().roll(1, 1)
  it("method: positional", () => same(x().roll(1, 1), { shape: [2, 3], values: [[2, 0, 1], [5, 3, 4]], dtype: 'float32' }));
  // x().roll(2)
  it("method: no dims", () => same(x().roll(2), { shape: [2, 3], values: [[4, 5, 0], [1, 2, 3]], dtype: 'float32' }));
  // x().roll([1, -1], [0, 1])
  it("method: lists", () => same(x().roll([1, -1], [0, 1]), { shape: [2, 3], values: [[4, 5, 3], [1, 2, 0]], dtype: 'float32' }));
  // x().roll(shifts=1, dims=0)
  it("method: by name", () => same(x().roll({ shifts: 1, dims: 0 }), { shape: [2, 3], values: [[3, 4, 5], [0, 1, 2]], dtype: 'float32' }));
  // torch.roll(input=x(), shifts=[1], dims=[1])
  it("torch.roll: by name", () => same(torch.roll({ input: x(), shifts: [1], dims: [1] }), { shape: [2, 3], values: [[2, 0, 1], [5, 3, 4]], dtype: 'float32' }));
  // torch.roll(x(), -1, dims=1)
  it("torch.roll: mixed", () => same(torch.roll(x(), -1, { dims: 1 }), { shape: [2, 3], values: [[1, 2, 0], [4, 5, 3]], dtype: 'float32' }));
  // x().roll()
  it("method: missing", () => raises(() => call(x(), 'roll'), 'TypeError', "roll() missing 1 required positional arguments: \"shifts\""));
  // x().roll('a')
  it("method: wrong type", () => raises(() => call(x(), 'roll', 'a'), 'TypeError', "roll(): argument 'shifts' (position 1) must be tuple of ints, not str"));
  // x().roll([1, 'a'], 0)
  it("method: a bad later element", () => raises(() => call(x(), 'roll', [1, 'a'], 0), 'TypeError', "roll(): argument 'shifts' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got str\""));
  // x().roll(1, None)
  it("method: None dims", () => same(call(x(), 'roll', 1, null), { shape: [2, 3], values: [[5, 0, 1], [2, 3, 4]], dtype: 'float32' }));
  // x().roll(1, dim=0)
  it("method: unknown name", () => raises(() => call(x(), 'roll', 1, { dim: 0 }), 'TypeError', "roll() got an unexpected keyword argument 'dim'"));
  // x().roll([1, 1], [0])
  it("lengths differ", () => raises(() => x().roll([1, 1], [0]), 'RuntimeError', "shifts and dimensions must align. shifts: 2, dims:1"));
});

describe("constant_pad_nd", () => {
  // torch.constant_pad_nd(x(), [1, 0], 9)
  it("positional", () => same(torch.constant_pad_nd(x(), [1, 0], 9), { shape: [2, 4], values: [[9, 0, 1, 2], [9, 3, 4, 5]], dtype: 'float32' }));
  // torch.constant_pad_nd(x(), [0, 1, 1, 0])
  it("default value", () => same(torch.constant_pad_nd(x(), [0, 1, 1, 0]), { shape: [3, 4], values: [[0, 0, 0, 0], [0, 1, 2, 0], [3, 4, 5, 0]], dtype: 'float32' }));
  // torch.constant_pad_nd(input=x(), pad=[1, 1], value=-1)
  it("by name", () => same(torch.constant_pad_nd({ input: x(), pad: [1, 1], value: -1 }), { shape: [2, 5], values: [[-1, 0, 1, 2, -1], [-1, 3, 4, 5, -1]], dtype: 'float32' }));
  // torch.constant_pad_nd(x(), [-1, 1], value=2.5)
  it("mixed", () => same(torch.constant_pad_nd(x(), [-1, 1], { value: 2.5 }), { shape: [2, 3], values: [[1, 2, 2.5], [4, 5, 2.5]], dtype: 'float32' }));
  // torch.constant_pad_nd(x(), [1, 0], torch.tensor(7))
  it("a 0-d tensor value", () => same(torch.constant_pad_nd(x(), [1, 0], torch.tensor(7)), { shape: [2, 4], values: [[7, 0, 1, 2], [7, 3, 4, 5]], dtype: 'float32' }));
  // torch.constant_pad_nd(x())
  it("missing", () => raises(() => fn(torch.constant_pad_nd)(x()), 'TypeError', "constant_pad_nd() missing 1 required positional arguments: \"pad\""));
  // torch.constant_pad_nd(x(), [1, 1], mode=1)
  it("unknown name", () => raises(() => fn(torch.constant_pad_nd)(x(), [1, 1], { mode: 1 }), 'TypeError', "constant_pad_nd() got an unexpected keyword argument 'mode'"));
  // torch.constant_pad_nd(x(), [1.5, 1])
  it("a bad first element", () => raises(() => fn(torch.constant_pad_nd)(x(), [1.5, 1]), 'TypeError', "constant_pad_nd(): argument 'pad' (position 2) must be tuple of ints, but found element of type float at pos 0"));
  // torch.constant_pad_nd(x(), [1, 1.5])
  it("a bad later element", () => raises(() => fn(torch.constant_pad_nd)(x(), [1, 1.5]), 'TypeError', "constant_pad_nd(): argument 'pad' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got float\""));
  // torch.constant_pad_nd(x(), [1, 1], 'a')
  it("a bad value", () => raises(() => fn(torch.constant_pad_nd)(x(), [1, 1], 'a'), 'TypeError', "constant_pad_nd(): argument 'value' (position 3) must be Number, not str"));
});

describe("F.pad", () => {
  // torch.nn.functional.pad(x(), [1, 1], 'constant', 3)
  it("positional", () => same(F.pad(x(), [1, 1], 'constant', 3), { shape: [2, 5], values: [[3, 0, 1, 2, 3], [3, 3, 4, 5, 3]], dtype: 'float32' }));
  // torch.nn.functional.pad(x(), [1, 0, 0, 1], value=-2)
  it("value by name", () => same(F.pad(x(), [1, 0, 0, 1], { value: -2 }), { shape: [3, 4], values: [[-2, 0, 1, 2], [-2, 3, 4, 5], [-2, -2, -2, -2]], dtype: 'float32' }));
  // torch.nn.functional.pad(input=x().unsqueeze(0), pad=[2, 1], mode='reflect')
  it("all by name", () => same(F.pad({ input: x().unsqueeze(0), pad: [2, 1], mode: 'reflect' }), { shape: [1, 2, 6], values: [[[2, 1, 0, 1, 2, 1], [5, 4, 3, 4, 5, 4]]], dtype: 'float32' }));
  // torch.nn.functional.pad(x().unsqueeze(0), [1, 1], mode='circular')
  it("mode by name", () => same(F.pad(x().unsqueeze(0), [1, 1], { mode: 'circular' }), { shape: [1, 2, 5], values: [[[2, 0, 1, 2, 0], [5, 3, 4, 5, 3]]], dtype: 'float32' }));
  // torch.nn.functional.pad(x())
  it("missing", () => raises(() => fn(F.pad)(x()), 'TypeError', "pad() missing 1 required positional argument: 'pad'"));
  // torch.nn.functional.pad(x(), [1, 1], foo=1)
  it("unknown name", () => raises(() => fn(F.pad)(x(), [1, 1], { foo: 1 }), 'TypeError', "pad() got an unexpected keyword argument 'foo'"));
  // torch.nn.functional.pad(x(), [1, 1], 'constant', mode='reflect')
  it("given twice", () => raises(() => fn(F.pad)(x(), [1, 1], 'constant', { mode: 'reflect' }), 'TypeError', "pad() got multiple values for argument 'mode'"));
  // torch.nn.functional.pad(x(), [1, 1], 'constant', 0, 1)
  it("too many", () => raises(() => fn(F.pad)(x(), [1, 1], 'constant', 0, 1), 'TypeError', "pad() takes from 2 to 4 positional arguments but 5 were given"));
  // torch.nn.functional.pad(x(), [1, 1], 3)
  it("a bad mode type", () => raises(() => fn(F.pad)(x(), [1, 1], 3), 'TypeError', "pad(): argument 'mode' (position 3) must be str, not int"));
  // torch.nn.functional.pad(x(), [1, 1], value='a')
  it("a bad value type", () => raises(() => fn(F.pad)(x(), [1, 1], { value: 'a' }), 'TypeError', "pad(): argument 'value' (position 4) must be float, not str"));
  // torch.nn.functional.pad(x(), [1, 1], value=None)
  it("value None", () => same(F.pad(x(), [1, 1], { value: null }), { shape: [2, 5], values: [[0, 0, 1, 2, 0], [0, 3, 4, 5, 0]], dtype: 'float32' }));
});
