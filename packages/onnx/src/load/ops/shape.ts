// ONNX's shape and data-movement operators: the graph plumbing around the layers. Their
// shape-like inputs (a Reshape's shape, a Slice's starts) are read on the host (see intsOf).
import { type Tensor, arange, broadcastShapes, cat, full, split, tensor } from '@wick/tensor';
import { dtypeOfOnnx, onnxTypeName } from '../../dtypes.js';
import { OnnxError } from '../../errors.js';
import { type NodeRun, type Operator, axisOf, intsOf, need, onOneDevice, op, scalarOf } from './operator.js';

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

function constant(n: NodeRun): Tensor {
  const value = n.attrs.tensor('value');
  if (value) return value;
  if (n.attrs.has('value_float')) return tensor(n.attrs.float('value_float', 0), { dtype: 'float32' });
  if (n.attrs.has('value_floats')) return tensor(n.attrs.floats('value_floats')!, { dtype: 'float32' });
  if (n.attrs.has('value_int')) return tensor(n.attrs.int('value_int', 0), { dtype: 'int64' });
  if (n.attrs.has('value_ints')) return tensor(n.attrs.ints('value_ints')!, { dtype: 'int64' });
  throw new OnnxError(`${n.label}: a Constant needs one of value, value_float(s), value_int(s) (string and sparse values are not supported)`);
}

function constantOfShape(n: NodeRun): Tensor {
  const shape = intsOf(need(n, 0, 'input'));
  const value = n.attrs.tensor('value');
  if (value && value.numel() !== 1) throw new OnnxError(`${n.label}: value must hold one element, found ${value.numel()}`);
  return full(shape, value ? scalarOf(value) : 0, { dtype: value?.dtype ?? 'float32' });
}

function cast(n: NodeRun): Tensor {
  const to = n.attrs.int('to', 0);
  const dtype = dtypeOfOnnx(to);
  if (dtype === undefined) throw new OnnxError(`${n.label}: Cast to ${onnxTypeName(to)}, which wick has no dtype for`);
  n.attrs.expect('saturate', [1], 1);
  return need(n, 0, 'input').to(dtype);
}

function shapeOf(n: NodeRun): Tensor {
  const dims = need(n, 0, 'data').shape;
  const clampEdge = (v: number) => Math.min(Math.max(v < 0 ? v + dims.length : v, 0), dims.length);
  const start = clampEdge(n.attrs.int('start', 0));
  const end = clampEdge(n.attrs.int('end', dims.length));
  return tensor(dims.slice(start, end), { dtype: 'int64' });
}

function reshape(n: NodeRun): Tensor {
  const x = need(n, 0, 'data');
  const allowzero = n.attrs.int('allowzero', 0);
  // A 0 copies the input's size at that position unless allowzero=1 (then it is a real 0).
  const shape = intsOf(need(n, 1, 'shape')).map((d, i) => (d === 0 && allowzero === 0 ? x.shape[i]! : d));
  return x.reshape(shape);
}

function flatten(n: NodeRun): Tensor {
  const x = need(n, 0, 'input');
  const axis = n.attrs.int('axis', 1);
  const at = axis < 0 ? axis + x.ndim : axis;
  if (at < 0 || at > x.ndim) throw new OnnxError(`${n.label}: axis ${axis} is out of range for a tensor of rank ${x.ndim}`);
  return x.reshape(product(x.shape.slice(0, at)), product(x.shape.slice(at)));
}

function transpose(n: NodeRun): Tensor {
  const x = need(n, 0, 'data');
  const perm = n.attrs.ints('perm') ?? x.shape.map((_, i) => x.ndim - 1 - i);
  return x.permute(perm);
}

/** Unsqueeze's and Squeeze's axes: an attribute before opset 13, an input from it. */
function axesOf(n: NodeRun): number[] | undefined {
  if (n.opset >= 13) return n.inputs[1] === undefined ? undefined : intsOf(n.inputs[1]);
  return n.attrs.ints('axes');
}

function unsqueeze(n: NodeRun): Tensor {
  const x = need(n, 0, 'data');
  const given = axesOf(n);
  if (given === undefined) throw new OnnxError(`${n.label}: Unsqueeze needs axes`);
  const rank = x.ndim + given.length;
  const axes = given.map((a) => axisOf(n, a, rank)).sort((a, b) => a - b);
  if (new Set(axes).size !== axes.length) throw new OnnxError(`${n.label}: axes [${given.join(', ')}] repeat an axis`);
  return axes.reduce((t, a) => t.unsqueeze(a), x);
}

function squeeze(n: NodeRun): Tensor {
  const x = need(n, 0, 'data');
  const given = axesOf(n);
  if (given === undefined) return x.reshape(x.shape.filter((d) => d !== 1));
  const axes = given.map((a) => axisOf(n, a, x.ndim)).sort((a, b) => b - a);
  for (const a of axes) if (x.shape[a] !== 1) throw new OnnxError(`${n.label}: cannot squeeze axis ${a} of size ${x.shape[a]} (shape [${x.shape.join(', ')}])`);
  return axes.reduce((t, a) => t.squeeze(a), x);
}

/** Expand broadcasts both ways: the result's shape is the broadcast of the input's and `shape`. */
function expand(n: NodeRun): Tensor {
  const x = need(n, 0, 'input');
  return x.expand(broadcastShapes(x.shape, intsOf(need(n, 1, 'shape'))));
}

function concat(n: NodeRun): Tensor {
  const tensors = onOneDevice(n.inputs.map((t, i) => t ?? need(n, i, `inputs[${i}]`)));
  if (!n.attrs.has('axis')) throw new OnnxError(`${n.label}: Concat needs its axis attribute`);
  return cat(tensors, axisOf(n, n.attrs.int('axis', 0), tensors[0]!.ndim));
}

function splitOp(n: NodeRun): Tensor[] {
  const x = need(n, 0, 'input');
  const axis = axisOf(n, n.attrs.int('axis', 0), x.ndim);
  const size = x.shape[axis]!;
  const given = n.opset >= 13 ? (n.inputs[1] === undefined ? undefined : intsOf(n.inputs[1])) : n.attrs.ints('split');
  if (given !== undefined) {
    if (given.reduce((a, b) => a + b, 0) !== size) throw new OnnxError(`${n.label}: split sizes [${given.join(', ')}] do not add up to ${size}`);
    return split(x, given, axis);
  }
  const parts = n.attrs.has('num_outputs') ? n.attrs.int('num_outputs', 0) : n.outputs;
  // num_outputs (opset 18) allows a smaller last part; without it the parts must be equal.
  if (!n.attrs.has('num_outputs') && size % parts !== 0) throw new OnnxError(`${n.label}: axis of size ${size} does not split into ${parts} equal parts`);
  return split(x, Math.ceil(size / parts), axis);
}

/** A slice's [start, end) clamped as ONNX clamps it, per the step's sign. */
function sliceBounds(start: number, end: number, step: number, dim: number): number[] {
  const wrap = (v: number) => (v < 0 ? v + dim : v);
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  if (step > 0) return [clamp(wrap(start), 0, dim), clamp(wrap(end), 0, dim)];
  return [clamp(wrap(start), 0, dim - 1), clamp(wrap(end), -1, dim - 1)];
}

function slice(n: NodeRun): Tensor {
  const x = need(n, 0, 'data');
  const fromInput = (i: number) => (n.inputs[i] === undefined ? undefined : intsOf(n.inputs[i]));
  const starts = n.opset >= 10 ? intsOf(need(n, 1, 'starts')) : n.attrs.ints('starts') ?? [];
  const ends = n.opset >= 10 ? intsOf(need(n, 2, 'ends')) : n.attrs.ints('ends') ?? [];
  const axes = (n.opset >= 10 ? fromInput(3) : n.attrs.ints('axes')) ?? starts.map((_, i) => i);
  const steps = (n.opset >= 10 ? fromInput(4) : undefined) ?? starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) {
    throw new OnnxError(`${n.label}: starts, ends, axes and steps differ in length (${starts.length}, ${ends.length}, ${axes.length}, ${steps.length})`);
  }
  let out = x;
  starts.forEach((s, i) => {
    const axis = axisOf(n, axes[i]!, x.ndim);
    const step = steps[i]!;
    if (step === 0) throw new OnnxError(`${n.label}: a slice step is 0`);
    const [b, e] = sliceBounds(s, ends[i]!, step, x.shape[axis]!);
    const count = Math.max(0, Math.ceil((e! - b!) / step));
    if (step === 1) out = out.narrow(axis, b!, count);
    else out = out.index_select(axis, arange(count, { device: x.device }).mul(step).add(b!));
  });
  return out;
}

/** Gather along an axis; negative indices count from the end, as ONNX allows. */
function gather(n: NodeRun): Tensor {
  const data = need(n, 0, 'data');
  // Indices that are graph constants live on the CPU; data moved to a device takes them along.
  const indices = need(n, 1, 'indices').to(data.device);
  const axis = axisOf(n, n.attrs.int('axis', 0), data.ndim);
  const size = data.shape[axis]!;
  // Built from ops, not by reading the indices, so that token ids on any device stay there.
  const index = indices.add(size).where(indices.lt(0), indices);
  const picked = data.index_select(axis, index.reshape(-1));
  return picked.reshape([...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)]);
}

function range(n: NodeRun): Tensor {
  const start = need(n, 0, 'start');
  return arange(scalarOf(start), scalarOf(need(n, 1, 'limit')), scalarOf(need(n, 2, 'delta')), { dtype: start.dtype, device: start.device });
}

function dropout(n: NodeRun): Tensor[] {
  const x = need(n, 0, 'data');
  const training = n.inputs[2];
  if (training !== undefined && scalarOf(training) !== 0) throw new OnnxError(`${n.label}: training_mode=true is not supported (wick runs ONNX graphs for inference)`);
  return n.outputs > 1 ? [x, full(x.shape, true, { dtype: 'bool', device: x.device })] : [x];
}

export const SHAPE: Record<string, Operator> = {
  Constant: op(['value', 'value_float', 'value_floats', 'value_int', 'value_ints'], constant),
  ConstantOfShape: op(['value'], constantOfShape),
  Cast: op(['to', 'saturate'], cast),
  Shape: op(['start', 'end'], shapeOf),
  Reshape: op(['allowzero'], reshape),
  Flatten: op(['axis'], flatten),
  Transpose: op(['perm'], transpose),
  Unsqueeze: op(['axes'], unsqueeze),
  Squeeze: op(['axes'], squeeze),
  Expand: op([], expand),
  Concat: op(['axis'], concat),
  Split: op(['axis', 'split', 'num_outputs'], splitOp),
  Slice: op(['starts', 'ends', 'axes'], slice),
  Gather: op(['axis'], gather),
  Range: op([], range),
  Identity: op([], (n) => need(n, 0, 'input')),
  Dropout: op(['seed', 'ratio'], dropout),
};
