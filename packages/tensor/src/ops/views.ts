import { backendFor } from '../device.js';
import { itemsize, isFloating } from '../dtype.js';
import { IndexError, ShapeError, ValueError } from '../errors.js';
import {
  formatShape,
  inferSize,
  normalizeDim,
  normalizeDims,
  numel,
  sizesArg,
  viewStrides,
} from '../shape.js';
import { type Bound, type PyArgs, Signatures, declare, defineFunction } from '../signature/index.js';
import { Tensor } from '../tensor.js';
import { empty, emptyLike } from './helpers.js';
import { type Op, defineOp } from './table.js';
import { defineTensorMethod, setGeometry } from './tensor-method.js';

// Views share their input's storage: only shape, strides and offset change. Each is an op-table
// entry so that autograd sees it; none of them touches element data. Every public callable
// declares its PyTorch signature (docs/signatures.md) and reads its bound arguments by name.

type IntList = readonly number[];
/** torch.<name>(input, ...P): input first, also by name. */
type Fn<P extends unknown[], O extends object, R = Tensor> = (...args: PyArgs<[input: Tensor, ...P], O & { input?: Tensor }>) => R;
/** A method whose one int-list parameter also takes separate ints: x.view(2, 3), x.view([2, 3]). */
export type IntListArgs<O extends object> = number[] | [IntList] | [IntList, O] | [...number[], O];

function viewOf(t: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return Tensor.view(t, shape, strides, offset);
}

/** "FloatTensor" as PyTorch names a CPU tensor type in messages. */
function typeName(x: Tensor): string {
  const names: Record<string, string> = {
    float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor',
    int64: 'LongTensor', int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
  };
  return names[x.dtype]!;
}

// ---------------------------------------------------------------------------------------------
// as_strided

interface AsStridedAttrs {
  size: number[];
  stride: number[];
  storage_offset: number;
  /** Set by as_strided_ (autograd names its node AsStridedBackward1). */
  inplace?: boolean;
}

const asStridedOp = defineOp<AsStridedAttrs>('as_strided', ([x], { size, stride, storage_offset }) =>
  viewOf(x!, size, stride, storage_offset),
);

/** PyTorch's setStrided checks, in its order: a view that reads outside the storage is refused. */
function asStridedAttrs(x: Tensor, size: IntList, stride: IntList, storageOffset: number | null): AsStridedAttrs {
  const offset = storageOffset ?? x.offset;
  if (size.length !== stride.length) throw new ShapeError('mismatch in length of strides and shape');
  if (stride.some((s) => s < 0)) {
    throw new ShapeError(`as_strided: Negative strides are not supported at the moment, got strides: ${formatShape(stride)}`);
  }
  // A size below zero makes PyTorch's unsigned storage-size arithmetic overflow.
  if (size.some((s, i) => s < 0 && stride[i] !== 0)) {
    throw new ShapeError(`Storage size calculation overflowed with sizes=${formatShape(size)} and strides=${formatShape(stride)}`);
  }
  if (size.some((s) => s < 0)) throw new ShapeError('numel: integer multiplication overflow');
  if (!size.includes(0)) {
    let span = 1;
    for (let i = 0; i < size.length; i++) span += (size[i]! - 1) * stride[i]!;
    const bytes = itemsize(x.dtype);
    const needed = (span + offset) * bytes;
    const have = x.storage.length * bytes;
    if (needed > have) {
      throw new ShapeError(
        `setStorage: sizes ${formatShape(size)}, strides ${formatShape(stride)}, storage offset ${offset}, and itemsize ${bytes} requiring a storage size of ${needed} are out of bounds for storage of size ${have}`,
      );
    }
  }
  if (offset < 0) throw new ShapeError(`Tensor: invalid storage offset ${offset}`);
  return { size: [...size], stride: [...stride], storage_offset: offset };
}

export type AsStridedParams = [size: IntList, stride: IntList, storage_offset?: number | null];
export interface AsStridedOptions {
  size?: IntList;
  stride?: IntList;
  storage_offset?: number | null;
}
const AS_STRIDED = 'as_strided(Tensor input, int[] size, int[] stride, int? storage_offset=None)';

/** x.as_strided(size, stride, storage_offset): a view of x's storage with the given geometry. */
export const as_strided = defineFunction<Fn<AsStridedParams, AsStridedOptions>>(
  'as_strided', AS_STRIDED,
  (a) => asStridedOp.call([a.input], asStridedAttrs(a.input, a.size, a.stride, a.storage_offset)),
  { method: true },
);

/** x.as_strided_(size, stride, storage_offset): x itself takes that geometry. */
export const as_strided_ = defineFunction<Fn<AsStridedParams, AsStridedOptions>>(
  'as_strided_', AS_STRIDED.replace('as_strided', 'as_strided_'),
  (a) => inplaceView(asStridedOp, a.input, { ...asStridedAttrs(a.input, a.size, a.stride, a.storage_offset), inplace: true }),
  { method: true },
);

// ---------------------------------------------------------------------------------------------
// view, reshape

const viewOp = defineOp<{ size: number[] }>('view', ([x], { size }) => {
  const shape = inferSize(size, x!.numel());
  const strides = viewStrides(x!.shape, x!.strides, shape);
  if (!strides) {
    throw new ShapeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return viewOf(x!, shape, strides, x!.offset);
});

/** x viewed with another shape (one -1 is inferred); for the modules of this package. */
export function view(x: Tensor, ...size: (number | IntList)[]): Tensor {
  return viewOp.call([x], { size: sizesArg(size) });
}

/** A view when the strides allow one, otherwise a contiguous copy (PyTorch's reshape). */
function reshapeTo(x: Tensor, requested: IntList): Tensor {
  const shape = inferSize(requested, x.numel());
  if (viewStrides(x.shape, x.strides, shape)) return viewOp.call([x], { size: shape });
  return viewOp.call([cloneOp.call([x], { memory_format: 'contiguous_format' })], { size: shape });
}

export interface ViewOptions {
  size?: IntList;
}
export const viewMethod = defineTensorMethod('view', 'view(Tensor self, int[] size)', (a) => view(a.self, a.size), {
  leftOut:
    "view(dtype) reinterprets the bytes as another dtype; wick's storages hold one element type (Storage.dtype), so a view with another type would need storages that share bytes and a version counter across types",
});
export const viewAsMethod = defineTensorMethod('view_as', 'view_as(Tensor self, Tensor other)', (a) => view(a.self, a.other.shape));

export interface ReshapeOptions {
  shape?: IntList;
}
/** torch.reshape(x, shape): a view when possible, else a copy; one -1 is inferred. */
export const reshape = defineFunction<Fn<[shape: IntList], ReshapeOptions>>(
  'reshape', 'reshape(Tensor input, int[] shape)', (a) => reshapeTo(a.input, a.shape), { method: true },
);
export const reshapeAsMethod = defineTensorMethod(
  'reshape_as', 'reshape_as(Tensor self, Tensor other)', (a) => reshapeTo(a.self, a.other.shape),
);

// ---------------------------------------------------------------------------------------------
// transpose, t, permute, movedim

interface TransposeAttrs {
  dim0: number;
  dim1: number;
  inplace?: boolean;
}

const transposeOp = defineOp<TransposeAttrs>('transpose', ([x], { dim0, dim1 }) => {
  if (dim0 === dim1) return viewOf(x!, x!.shape, x!.strides, x!.offset);
  const shape = x!.shape.slice();
  const strides = x!.strides.slice();
  [shape[dim0], shape[dim1]] = [shape[dim1]!, shape[dim0]!];
  [strides[dim0], strides[dim1]] = [strides[dim1]!, strides[dim0]!];
  return viewOf(x!, shape, strides, x!.offset);
});

function transposeAttrs(x: Tensor, dim0: number, dim1: number): TransposeAttrs {
  const n = x.ndim;
  return { dim0: normalizeDim(dim0, n), dim1: normalizeDim(dim1, n) };
}

/** x with dims d0 and d1 swapped (a view). */
export function transposeView(x: Tensor, dim0: number, dim1: number): Tensor {
  return transposeOp.call([x], transposeAttrs(x, dim0, dim1));
}

export type TransposeParams = [dim0: number, dim1: number];
export interface TransposeOptions {
  dim0?: number;
  dim1?: number;
}
export type AxesParams = [axis0: number, axis1: number];
export interface AxesOptions {
  axis0?: number;
  axis1?: number;
}

/** torch.transpose(x, dim0, dim1): a view with the two dims swapped. */
export const transpose = defineFunction<Fn<TransposeParams, TransposeOptions>>(
  'transpose', 'transpose(Tensor input, int dim0, int dim1)', (a) => transposeView(a.input, a.dim0, a.dim1), { method: true },
);
/** NumPy's name for transpose. */
export const swapaxes = defineFunction<Fn<AxesParams, AxesOptions>>(
  'swapaxes', 'swapaxes(Tensor input, int axis0, int axis1)', (a) => transposeView(a.input, a.axis0, a.axis1), { method: true },
);
export const swapdims = defineFunction<Fn<TransposeParams, TransposeOptions>>(
  'swapdims', 'swapdims(Tensor input, int dim0, int dim1)', (a) => transposeView(a.input, a.dim0, a.dim1), { method: true },
);

const transposeInplace = (self: Tensor, dim0: number, dim1: number) =>
  inplaceView(transposeOp, self, { ...transposeAttrs(self, dim0, dim1), inplace: true });
export const transposeInplaceMethod = defineTensorMethod(
  'transpose_', 'transpose_(Tensor self, int dim0, int dim1)', (a) => transposeInplace(a.self, a.dim0, a.dim1),
);
export const swapaxesInplaceMethod = defineTensorMethod(
  'swapaxes_', 'swapaxes_(Tensor self, int axis0, int axis1)', (a) => transposeInplace(a.self, a.axis0, a.axis1),
);
export const swapdimsInplaceMethod = defineTensorMethod(
  'swapdims_', 'swapdims_(Tensor self, int dim0, int dim1)', (a) => transposeInplace(a.self, a.dim0, a.dim1),
);

// t() is its own entry (not transpose) so autograd names its node TBackward0, as PyTorch does.
const tOp = defineOp<{ inplace?: boolean }>('t', ([x]) =>
  x!.dim() < 2 ? viewOf(x!, x!.shape, x!.strides, x!.offset) : viewOf(x!, [...x!.shape].reverse(), [...x!.strides].reverse(), x!.offset),
);

function checkT(x: Tensor, name: string): void {
  if (x.dim() > 2) throw new ShapeError(`${name}() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
}

/** x.t() without binding, for wick's own code (F.linear's weight.T). */
export function tView(x: Tensor): Tensor {
  checkT(x, 't');
  return tOp.call([x], {});
}

/** x.t(): a 2-d tensor transposed; 0-d and 1-d tensors as they are. */
export const t = defineFunction<Fn<[], object>>('t', 't(Tensor input)', (a) => tView(a.input), { method: true });
export const tInplaceMethod = defineTensorMethod('t_', 't_(Tensor self)', (a) => {
  checkT(a.self, 't_');
  return inplaceView(tOp, a.self, { inplace: true });
});

const permuteOp = defineOp<{ dims: number[] }>('permute', ([x], { dims }) =>
  viewOf(x!, dims.map((d) => x!.shape[d]!), dims.map((d) => x!.strides[d]!), x!.offset),
);

/** x with its dims in the order `dims`. */
export function permuteView(x: Tensor, order: IntList): Tensor {
  if (order.length !== x.dim()) {
    throw new ShapeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${order.length}`,
    );
  }
  const normalized = order.map((d) => normalizeDim(d, x.dim()));
  if (new Set(normalized).size !== normalized.length) throw new ShapeError('permute(): duplicate dims are not allowed.');
  return permuteOp.call([x], { dims: normalized });
}

export interface PermuteOptions {
  dims?: IntList;
}
/** torch.permute(x, dims): a view with the dims reordered. */
export const permute = defineFunction<Fn<[dims: IntList], PermuteOptions>>(
  'permute', 'permute(Tensor input, int[] dims)', (a) => permuteView(a.input, a.dims), { method: true },
);

function movedimView(x: Tensor, src: IntList, dst: IntList): Tensor {
  if (src.length !== dst.length) {
    throw new ShapeError(
      `movedim: Invalid source or destination dims: source (${formatShape(src)} dims) should contain the same number of dims as destination (${formatShape(dst)} dims)`,
    );
  }
  const n = x.dim();
  const s = src.map((d) => normalizeDim(d, n));
  const d = dst.map((v) => normalizeDim(v, n));
  if (new Set(s).size !== s.length) throw new ShapeError(`movedim: repeated dim in \`source\` (${formatShape(src)})`);
  if (new Set(d).size !== d.length) throw new ShapeError(`movedim: repeated dim in \`destination\` (${formatShape(dst)})`);
  const order = new Array<number>(n).fill(-1);
  s.forEach((from, i) => (order[d[i]!] = from));
  const rest = [...Array(n).keys()].filter((i) => !s.includes(i));
  for (let i = 0, k = 0; i < n; i++) if (order[i] === -1) order[i] = rest[k++]!;
  return permuteOp.call([x], { dims: order });
}

export type MovedimParams = [source: number | IntList, destination: number | IntList];
export interface MovedimOptions {
  source?: number | IntList;
  destination?: number | IntList;
}
const movedimTexts = (name: string) => [
  `${name}(Tensor input, int source, int destination)`,
  `${name}(Tensor input, int[] source, int[] destination)`,
];
const movedimImpl = (a: Bound) => movedimView(a.input, [a.source].flat(), [a.destination].flat());
/** torch.movedim(x, source, destination): dims moved to new positions, the others keeping their order. */
export const movedim = defineFunction<Fn<MovedimParams, MovedimOptions>>('movedim', movedimTexts('movedim'), movedimImpl, { method: true });
/** NumPy's name for movedim. */
export const moveaxis = defineFunction<Fn<MovedimParams, MovedimOptions>>('moveaxis', movedimTexts('moveaxis'), movedimImpl, { method: true });

// ---------------------------------------------------------------------------------------------
// expand

const expandOp = defineOp<{ size: number[] }>('expand', ([x], { size }) => {
  const lead = size.length - x!.dim();
  const strides = size.map((s, i) => {
    if (i < lead) return 0;
    return x!.shape[i - lead] === s ? x!.strides[i - lead]! : 0;
  });
  return viewOf(x!, size, strides, x!.offset);
});

/** x broadcast to `sizes` (-1 keeps a dim) as a view with stride 0 on the new dims; for this package. */
export function expand(x: Tensor, ...sizes: (number | IntList)[]): Tensor {
  const size = sizesArg(sizes);
  const n = x.dim();
  if (size.length < n) {
    throw new ShapeError(
      `expand(torch.${typeName(x)}{${formatShape(x.shape)}}, size=${formatShape(size)}): the number of sizes provided (${size.length}) must be greater or equal to the number of dimensions in the tensor (${n})`,
    );
  }
  const lead = size.length - n;
  const target = size.map((s, i) => {
    if (i < lead) {
      if (s === -1) throw new ShapeError(`The expanded size of the tensor (${s}) isn't allowed in a leading, non-existing dimension ${i}`);
      return s;
    }
    const have = x.shape[i - lead]!;
    if (s === -1) return have;
    if (have !== s && have !== 1) {
      throw new ShapeError(
        `The expanded size of the tensor (${s}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(size)}.  Tensor sizes: ${formatShape(x.shape)}`,
      );
    }
    return s;
  });
  // NOTE: a negative size left over (other than -1) fails where PyTorch counts the elements.
  if (target.some((s) => s < 0)) throw new ShapeError('numel: integer multiplication overflow');
  return expandOp.call([x], { size: target });
}

export interface ExpandOptions {
  size?: IntList;
  /** Whether the expansion was implicit (a broadcast); PyTorch records it for tracing only. */
  implicit?: boolean;
}
// NOTE: `implicit` changes nothing in eager PyTorch (it marks broadcasts for the JIT tracer), so
// accepting it and computing the same view is PyTorch's behaviour, not an ignored argument.
export const expandMethod = defineTensorMethod(
  'expand', 'expand(Tensor self, int[] size, *, bool implicit=False)', (a) => expand(a.self, a.size),
);
export const expandAsMethod = defineTensorMethod('expand_as', 'expand_as(Tensor self, Tensor other)', (a) => expand(a.self, a.other.shape));

// ---------------------------------------------------------------------------------------------
// slice, narrow, select

const sliceOp = defineOp<{ dim: number; start: number; end: number; step: number }>('slice', ([x], { dim, start, end, step }) => {
  const shape = x!.shape.slice();
  const strides = x!.strides.slice();
  shape[dim] = end > start ? Math.ceil((end - start) / step) : 0;
  strides[dim] = strides[dim]! * step;
  return viewOf(x!, shape, strides, x!.offset + start * x!.strides[dim]!);
});

/** x[..., start:end:step, ...] along one dim, with Python's slice clamping. */
export function slice(x: Tensor, dim = 0, start: number | null = null, end: number | null = null, step = 1): Tensor {
  if (x.dim() === 0) throw new IndexError('slice() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  if (step <= 0) throw new ValueError('slice step must be positive');
  const size = x.shape[d]!;
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = start === null ? 0 : clampIndex(start);
  const e = end === null ? size : clampIndex(end);
  return sliceOp.call([x], { dim: d, start: s, end: Math.max(e, s), step });
}

export interface SliceOptions {
  dim?: number;
  start?: number | null;
  end?: number | null;
  step?: number;
}
export type SliceParams = [dim?: number, start?: number | null, end?: number | null, step?: number];
export const sliceMethod = defineTensorMethod(
  'slice', 'slice(Tensor self, int dim=0, int? start=None, int? end=None, int step=1)',
  (a) => slice(a.self, a.dim, a.start, a.end, a.step),
  {
    differs:
      "PyTorch has no Tensor.slice: this is its aten::slice.Tensor, the op behind x[:, a:b:c], spelled as a method because JS has no slice syntax",
  },
);

/** narrow's checks and view; `start` already an int. */
export function narrowView(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.dim() === 0) throw new ShapeError('narrow() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x.shape[d]!;
  if (length < 0) throw new ShapeError('narrow(): length must be non-negative.');
  if (start < -size || start > size) {
    throw new IndexError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  }
  const s = start < 0 ? start + size : start;
  if (s + length > size) throw new ShapeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  return sliceOp.call([x], { dim: d, start: s, end: s + length, step: 1 });
}

/** narrow's Tensor-start overload: the start must be a 0-dim integer tensor. */
function tensorStart(start: Tensor): number {
  if (start.dim() !== 0 || isFloating(start.dtype) || start.dtype === 'bool') {
    throw new ValueError('start must be an 0-dim integral Tensor.');
  }
  return Number(start.item());
}

export type NarrowParams = [dim: number, start: number | Tensor, length: number];
export interface NarrowOptions {
  dim?: number;
  start?: number | Tensor;
  length?: number;
}
/** torch.narrow(x, dim, start, length): `length` elements from `start` along dim, as a view. */
export const narrow = defineFunction<Fn<NarrowParams, NarrowOptions>>(
  'narrow',
  ['narrow(Tensor input, int dim, Tensor start, int length)', 'narrow(Tensor input, int dim, int start, int length)'],
  (a) => narrowView(a.input, a.dim, a.start instanceof Tensor ? tensorStart(a.start) : a.start, a.length),
  { method: true },
);

const selectOp = defineOp<{ dim: number; index: number }>('select', ([x], { dim, index }) => {
  const shape = x!.shape.filter((_, i) => i !== dim);
  const strides = x!.strides.filter((_, i) => i !== dim);
  return viewOf(x!, shape, strides, x!.offset + index * x!.strides[dim]!);
});

/** x's slice `index` (already checked) along dim `d` (already wrapped), with that dim removed. */
export const selectAt = (x: Tensor, d: number, index: number): Tensor => selectOp.call([x], { dim: d, index });

/** x's slice `index` along dim, with that dim removed. */
export function selectView(x: Tensor, dim: number, index: number): Tensor {
  if (x.dim() === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x.shape[d]!;
  if (index < -size || index >= size) {
    throw new IndexError(`select(): index ${index} out of range for tensor of size ${formatShape(x.shape)} at dimension ${dim}`);
  }
  return selectOp.call([x], { dim: d, index: index < 0 ? index + size : index });
}

export interface SelectOptions {
  dim?: number;
  index?: number | Tensor;
}
export type SelectParams = [dim: number, index: number | Tensor];
/** torch.select(x, dim, index): the slice at `index` along dim, without that dim (x[:, index]). */
export const select = defineFunction<Fn<SelectParams, SelectOptions>>(
  'select', 'select(Tensor input, int dim, SymInt index)', (a) => selectView(a.input, a.dim, Number(a.index)), { method: true },
);

// ---------------------------------------------------------------------------------------------
// unsqueeze, squeeze, flatten, unflatten

const unsqueezeOp = defineOp<{ dim: number; inplace?: boolean }>('unsqueeze', ([x], { dim }) => {
  const shape = x!.shape.slice();
  const strides = x!.strides.slice();
  const stride = dim < x!.dim() ? shape[dim]! * strides[dim]! : 1;
  shape.splice(dim, 0, 1);
  strides.splice(dim, 0, stride);
  return viewOf(x!, shape, strides, x!.offset);
});

export interface DimOptions {
  dim?: number;
}
/** torch.unsqueeze(x, dim): a view with a size-1 dim inserted at dim. */
export const unsqueeze = defineFunction<Fn<[dim: number], DimOptions>>(
  'unsqueeze', 'unsqueeze(Tensor input, int dim)',
  (a) => unsqueezeOp.call([a.input], { dim: normalizeDim(a.dim, a.input.ndim + 1) }),
  { method: true },
);
export const unsqueezeInplaceMethod = defineTensorMethod('unsqueeze_', 'unsqueeze_(Tensor self, int dim)', (a) =>
  inplaceView(unsqueezeOp, a.self, { dim: normalizeDim(a.dim, a.self.ndim + 1), inplace: true }),
);

interface SqueezeAttrs {
  dims: number[];
  /** Which overload: squeeze() 'all', squeeze(dim) 'dim', squeeze(dims) 'dims' (autograd's node names). */
  form: 'all' | 'dim' | 'dims';
  inplace?: boolean;
}

const squeezeOp = defineOp<SqueezeAttrs>('squeeze', ([x], { dims }) => {
  const keep = (i: number) => !(dims.includes(i) && x!.shape[i] === 1);
  const shape = x!.shape.filter((_, i) => keep(i));
  const strides = x!.strides.filter((_, i) => keep(i));
  return viewOf(x!, shape, strides, x!.offset);
});

/** Which dims squeeze may remove (only those of size 1 are): all, one, or a list without repeats. */
function squeezeAttrs(x: Tensor, dim: number | IntList | null | undefined): SqueezeAttrs {
  const n = x.dim();
  if (dim === undefined || dim === null) return { dims: [...Array(n).keys()], form: 'all' };
  if (typeof dim === 'number') return { dims: [normalizeDim(dim, n)], form: 'dim' };
  return { dims: normalizeDims(dim, n), form: 'dims' };
}

/** squeeze(), squeeze(dim) or squeeze(dims) for already-bound arguments. */
export function squeezeView(x: Tensor, dim?: number | IntList | null): Tensor {
  return squeezeOp.call([x], squeezeAttrs(x, dim));
}

export interface SqueezeOptions {
  dim?: number | IntList;
}
/** x.squeeze(), x.squeeze(dim), x.squeeze([dims]) and x.squeeze(0, 2) (PyTorch's squeeze(*dim)). */
export type SqueezeArgs = PyArgs<[dim?: number | IntList], SqueezeOptions> | number[];
const squeezeTexts = (name: string, self: string) => [`${name}(Tensor ${self})`, `${name}(Tensor ${self}, int dim)`, `${name}(Tensor ${self}, int[] dim)`];
/** torch.squeeze(x, dim?): a view without the size-1 dims among those given (all dims by default). */
export const squeeze = defineFunction<Fn<[dim?: number | IntList], SqueezeOptions>>(
  'squeeze', squeezeTexts('squeeze', 'input'), (a) => squeezeView(a.input, a.dim), { method: true },
);
export const squeezeInplaceMethod = defineTensorMethod('squeeze_', squeezeTexts('squeeze_', 'self'), (a) =>
  inplaceView(squeezeOp, a.self, { ...squeezeAttrs(a.self, a.dim), inplace: true }),
);

function flattenView(x: Tensor, startDim: number, endDim: number): Tensor {
  if (x.dim() === 0) {
    normalizeDim(startDim, 0);
    normalizeDim(endDim, 0);
    return reshapeTo(x, [1]);
  }
  const s = normalizeDim(startDim, x.dim());
  const e = normalizeDim(endDim, x.dim());
  if (s > e) throw new ShapeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return viewOp.call([x], { size: x.shape.slice() });
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshapeTo(x, shape);
}

export interface FlattenOptions {
  start_dim?: number;
  end_dim?: number;
}
/** torch.flatten(x, start_dim=0, end_dim=-1): dims start_dim..end_dim merged into one (a view when possible). */
export const flatten = defineFunction<Fn<[start_dim?: number, end_dim?: number], FlattenOptions>>(
  'flatten', 'flatten(Tensor input, int start_dim=0, int end_dim=-1)', (a) => flattenView(a.input, a.start_dim, a.end_dim),
  { method: true },
);

function unflattenView(x: Tensor, dim: number, sizes: IntList): Tensor {
  const d = normalizeDim(dim, x.dim());
  if (sizes.length === 0) throw new ShapeError('unflatten: sizes must be non-empty');
  const size = x.shape[d]!;
  if (sizes.filter((s) => s === -1).length > 1) {
    // NOTE: PyTorch wraps this one in a generic message that also carries a C++ stack trace.
    throw new ShapeError('unflatten got an unexpected error:\nonly one dimension can be inferred');
  }
  let inferred: number[];
  try {
    inferred = inferSize(sizes, size);
  } catch {
    throw new ShapeError(
      `unflatten: Provided sizes ${formatShape(sizes)} don't multiply up to the size of dim ${dim} (${size}) in the input tensor`,
    );
  }
  return view(x, [...x.shape.slice(0, d), ...inferred, ...x.shape.slice(d + 1)]);
}

export interface UnflattenOptions {
  dim?: number;
  sizes?: IntList;
}
/** torch.unflatten(x, dim, sizes): dim split into `sizes` (one -1 is inferred). */
export const unflatten = defineFunction<Fn<[dim: number, sizes: IntList], UnflattenOptions>>(
  'unflatten', 'unflatten(Tensor input, int dim, int[] sizes)', (a) => unflattenView(a.input, a.dim, a.sizes),
);

// Tensor.unflatten is a Python method in PyTorch: Python binds its arguments and refuses empty
// sizes (anything Python counts as false), then the builtin method checks the types.
const tensorUnflattenSig = declare('Tensor.unflatten', 'Tensor.unflatten(Value dim, Value sizes)', { style: 'python', pythonMethod: true });
const builtinUnflatten = new Signatures(['unflatten(Tensor self, int dim, int[] sizes)'], { self: true });
const pyFalse = (v: unknown) => v === null || v === 0 || v === false || v === '' || (Array.isArray(v) && v.length === 0);
export function unflattenMethod(self: Tensor, args: readonly unknown[]): Tensor {
  const { dim, sizes } = tensorUnflattenSig.bind(args);
  if (pyFalse(sizes)) throw new ShapeError('unflatten: sizes must be non-empty');
  const a = builtinUnflatten.bind([dim, sizes], self);
  return unflattenView(self, a.dim, a.sizes);
}

// ---------------------------------------------------------------------------------------------
// Copies.

/** PyTorch's memory formats that wick has (channels_last needs 4-d images, which wick does not lay out). */
export type MemoryFormat = 'preserve_format' | 'contiguous_format';
export const preserve_format: MemoryFormat = 'preserve_format';
export const contiguous_format: MemoryFormat = 'contiguous_format';

const cloneOp = defineOp<{ memory_format: MemoryFormat }>('clone', ([x], { memory_format }) => {
  const out = memory_format === 'contiguous_format' ? empty(x!.shape, x!.dtype, x!.device) : emptyLike(x!);
  backendFor(x!.device).copy(x!, out);
  return out;
});

/** A copy of x in x's memory order (preserve_format); for the modules of this package. */
export function cloneOf(x: Tensor, memoryFormat: MemoryFormat = 'preserve_format'): Tensor {
  return cloneOp.call([x], { memory_format: memoryFormat });
}

export interface CloneOptions {
  memory_format?: MemoryFormat | null;
}
/** torch.clone(x, { memory_format }): a copy; by default it keeps x's memory order (strides). */
export const clone = defineFunction<Fn<[], CloneOptions>>(
  'clone', 'clone(Tensor input, *, MemoryFormat? memory_format=None)', (a) => cloneOf(a.input, a.memory_format ?? 'preserve_format'),
  { method: true },
);

/** x itself when already contiguous, otherwise a row-major copy. */
export function contiguous(x: Tensor): Tensor {
  return x.is_contiguous() ? x : cloneOp.call([x], { memory_format: 'contiguous_format' });
}

export interface ContiguousOptions {
  memory_format?: MemoryFormat;
}
export const contiguousMethod = defineTensorMethod(
  'contiguous', 'contiguous(Tensor self, *, MemoryFormat memory_format=contiguous_format)',
  (a) => {
    if (a.memory_format === 'preserve_format') throw new ValueError('preserve memory format is unsupported by the contiguous operator');
    return contiguous(a.self);
  },
  {
    differs:
      "PyTorch's type stub lists memory_format as positional, but PyTorch 2.13 takes it by name only: x.contiguous(torch.contiguous_format) raises 'contiguous() takes 0 positional arguments but 1 was given'",
  },
);

/** torch.detach(x): a tensor sharing x's data but outside any autograd graph. */
export const detach = defineFunction<Fn<[], object>>(
  'detach', 'detach(Tensor input)', (a) => new Tensor(a.input.storage, a.input.shape, a.input.strides, a.input.offset),
  { method: true },
);

// ---------------------------------------------------------------------------------------------
// In-place view ops.

/**
 * self.op_(...): self becomes the view `op` makes of it (same storage, new geometry), and takes
 * over that view's autograd history (PyTorch's TBackward1, SqueezeBackward3, ...).
 */
function inplaceView<A extends object>(op: Op<A>, self: Tensor, attrs: A): Tensor {
  return op.callInplaceView(self, attrs, setGeometry);
}
