import { backendFor } from '../device.js';
import { scalarName } from '../dtype.js';
import { ArgumentError, DTypeError, DeviceError, IndexError, ShapeError, ValueError } from '../errors.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, formatShape, numel } from '../shape.js';
import { NO_MATCH, type PyArgs, defineArgType, defineFunction, defineMethod, pyTypeName } from '../signature/index.js';
import { Storage, type StridedView } from '../storage.js';
import { Tensor, realItem } from '../tensor.js';
import { checkedScalar } from './checked-scalar.js';
import { onDevice } from './convert.js';
import { devicesMessage } from './device-check.js';
import { emptyLike } from './helpers.js';
import { checkNoInternalOverlap, checkNoOverlap } from './overlap.js';
import {
  type AdvancedIndex,
  type Indices,
  checkMaskShape,
  expandableTo,
  indexOffsets,
  makeInfo,
  nonzeroCoordinates,
  restride,
  resultStrides,
} from './index-geometry.js';
import { defineOp } from './table.js';
import { unbind } from './split.js';
import * as views from './views.js';

export type { Indices } from './index-geometry.js';

// Advanced indexing as ATen declares it: index (x[indices]), index_put / index_put_ (x[indices]
// = values), and the ops built on the same machinery: nonzero, argwhere, masked_select,
// masked_scatter. Op entries take their index tensors as trailing inputs; `indexed` says which
// entries of ATen's Tensor?[] list they fill (the rest are None).

interface IndexAttrs {
  indexed: boolean[];
}
interface IndexPutAttrs extends IndexAttrs {
  accumulate: boolean;
}

const present = (indices: Indices): Tensor[] => indices.filter((t): t is Tensor => t !== null);
const pattern = (indices: Indices): boolean[] => indices.map((t) => t !== null);

/** The Tensor?[] list back from an entry's trailing inputs. */
function rebuild(indexed: readonly boolean[], tensors: readonly Tensor[]): (Tensor | null)[] {
  let k = 0;
  return indexed.map((has) => (has ? tensors[k++]! : null));
}

function checkRank(self: Tensor, indices: Indices, put: boolean): void {
  if (indices.length > self.ndim) {
    throw new IndexError(`too many indices for tensor of dimension ${self.ndim} (got ${indices.length})`);
  }
  if (present(indices).length === 0) {
    // NOTE: index_put(_) without an index fails in PyTorch on an internal assert (a RuntimeError such
    // as "sym_strides() called on an undefined Tensor"); wick says what index says.
    throw new IndexError('at least one index must be provided', put ? 'RuntimeError' : 'IndexError');
  }
}

/** A view of a tensor as the kernel sees it, shaped and strided as given. */
const viewAs = (t: Tensor, shape: readonly number[], strides: readonly number[], offset = t.offset): StridedView => ({
  storage: t.storage, dtype: t.dtype, shape, strides, offset,
});

// ---------------------------------------------------------------------------------------------
// index: x[indices]

// Index tensors are read on the host (they decide the result's shape), so they may be CPU tensors
// beside a device self, as PyTorch allows; a device index is refused where it is read.
const indexOp = defineOp<IndexAttrs>('index', ([self, ...tensors], { indexed }) => {
  const info = makeInfo(self!, rebuild(indexed, tensors));
  const offsets = indexOffsets(info, self!.device, 'index');
  return gatherInto(self!, info, offsets);
}, { devices: 'own' });

function gatherInto(self: Tensor, info: AdvancedIndex, offsets: StridedView): Tensor {
  const n = numel(info.shape);
  const storage = backendFor(self.device).allocate(self.dtype, n);
  const out = new Tensor(storage, info.shape, resultStrides(info), 0);
  if (n > 0) backendFor(self.device).index(viewAs(self, info.src.shape, info.src.strides), offsets, out);
  return out;
}

/** ATen's index(self, indices): a new tensor (advanced indexing copies). Internal: x.__getitem__ spells it. */
export function advancedIndex(self: Tensor, indices: Indices): Tensor {
  checkRank(self, indices, false);
  return indexOp.call([self, ...present(indices)], { indexed: pattern(indices) });
}

// ---------------------------------------------------------------------------------------------
// index_put, index_put_: x[indices] = values

/** Where one value is written under a single mask, PyTorch runs masked_fill_ instead, converting the value. */
function maskedFillValue(self: Tensor, indices: Indices, values: Tensor): Tensor | null {
  if (values.numel() !== 1 || values.device !== 'cpu') return null;
  const masks = present(indices);
  if (masks.length !== 1 || (masks[0]!.dtype !== 'bool' && masks[0]!.dtype !== 'uint8')) return null;
  checkMaskShape(self, masks[0]!, indices.indexOf(masks[0]!));
  const v = new Tensor(backendFor(self.device).allocate(self.dtype, 1), [], [], 0);
  backendFor(self.device).fill(v, checkedScalar(realItem(values), self.dtype));
  return v;
}

const indexPutOp = defineOp<IndexPutAttrs>('index_put', ([self, values, ...tensors], { indexed, accumulate }, out) => {
  const indices = rebuild(indexed, tensors);
  const filled = accumulate ? null : maskedFillValue(self!, indices, values!);
  const v = filled ?? values!;
  if (filled === null) {
    checkNoOverlap(self!, v);
    for (const t of tensors) checkNoOverlap(self!, t);
  }
  // Every check runs on self's geometry before anything is copied or written.
  const info = makeInfo(self!, indices);
  if (!expandableTo(v.shape, info.shape)) {
    throw new ShapeError(
      `shape mismatch: value tensor of shape ${formatShape(v.shape)} cannot be broadcast to indexing result of shape ${formatShape(info.shape)}`,
    );
  }
  if (v.dtype !== self!.dtype) {
    throw new DTypeError(
      `Index put requires the source and destination dtypes match, got ${scalarName(self!.dtype)} for the destination and ${scalarName(v.dtype)} for the source.`,
    );
  }
  const offsets = indexOffsets(info, self!.device, 'index_put_');
  const target = out ?? copyOf(self!);
  const onSelf = onDevice(v, self!.device);
  // A copy keeps self's strides only where self is dense, so it is restrided by its own strides.
  const dst = restride(info, target);
  const source = viewAs(onSelf, info.shape, broadcastStrides(v.shape, v.strides, info.shape));
  if (numel(info.shape) > 0) {
    backendFor(self!.device).indexPut(viewAs(target, dst.shape, dst.strides), offsets, source, accumulate);
  }
  return target;
}, { check: ([self, values]) => checkValuesDevice(self!, values!), devices: 'own' });

/** index_put_'s values on self's device, or a 0-dim CPU tensor (which PyTorch takes as a scalar). */
function checkValuesDevice(self: Tensor, values: Tensor): void {
  if (values.device !== self.device && !(values.device === 'cpu' && values.ndim === 0)) {
    throw new DeviceError(devicesMessage(self.device, values.device));
  }
}

/** A copy of x with x's memory order (clone's preserve_format), made without recording an op. */
function copyOf(x: Tensor): Tensor {
  const out = emptyLike(x);
  backendFor(x.device).copy(x, out);
  return out;
}

/** ATen's index_put_(self, indices, values, accumulate): x[indices] = values in place. Internal form (None allowed). */
export function indexPut_(self: Tensor, indices: Indices, values: Tensor, accumulate = false): Tensor {
  checkRank(self, indices, true);
  return indexPutOp.callInplace([self, values, ...present(indices)], { indexed: pattern(indices), accumulate });
}

/** ATen's index_put: a copy of self with values written at indices. Internal form (None allowed). */
export function indexPut(self: Tensor, indices: Indices, values: Tensor, accumulate = false): Tensor {
  checkRank(self, indices, true);
  return indexPutOp.call([self, values, ...present(indices)], { indexed: pattern(indices), accumulate });
}

// The public index_put / index_put_ take a tuple or list of Tensors (PyTorch's Python binding
// refuses None entries, which only its indexing uses) and check its elements in PyTorch's words.
defineArgType('TensorTuple', { label: 'tuple of Tensors', coerce: (v) => (Array.isArray(v) ? v : NO_MATCH) });

function indexTensors(indices: readonly unknown[], argument: number): Tensor[] {
  indices.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new ArgumentError(`expected Tensor as element ${i} in argument ${argument}, but got ${pyTypeName(t)}`);
    }
  });
  return indices as Tensor[];
}

export interface IndexPutOptions {
  input?: Tensor;
  indices?: readonly Tensor[];
  values?: Tensor;
  accumulate?: boolean;
}
export type IndexPutParams = [indices: readonly Tensor[], values: Tensor, accumulate?: boolean];
type IndexPutFn = (...args: PyArgs<[input: Tensor, ...IndexPutParams], IndexPutOptions>) => Tensor;

const indexPutText = 'index_put(Tensor input, TensorTuple indices, Tensor values, bool accumulate=False)';
const indexPutInplaceText = 'index_put_(Tensor input, TensorTuple indices, Tensor values, bool accumulate=False)';

/** torch.index_put(input, indices, values, accumulate=False): a copy with values written at indices. */
export const index_put = defineFunction<IndexPutFn>(
  'index_put', indexPutText, (a) => indexPut(a.input, indexTensors(a.indices, 1), a.values, a.accumulate),
);
/** torch.index_put_(input, indices, values, accumulate=False): values written into input at indices. */
export const index_put_ = defineFunction<IndexPutFn>(
  'index_put_', indexPutInplaceText, (a) => indexPut_(a.input, indexTensors(a.indices, 1), a.values, a.accumulate),
);
/** Tensor.index_put and Tensor.index_put_ (there `indices` is argument 0, as PyTorch counts). */
const asMethod = (text: string) => text.replace('Tensor input', 'Tensor self');
export const indexPutMethod = defineMethod('index_put', asMethod(indexPutText));
export const indexPutInplaceMethod = defineMethod('index_put_', asMethod(indexPutInplaceText));

export function indexPutMethodCall(self: Tensor, args: readonly unknown[], inplace: boolean): Tensor {
  const a = (inplace ? indexPutInplaceMethod : indexPutMethod).bind(args, self);
  const run = inplace ? indexPut_ : indexPut;
  return run(a.self, indexTensors(a.indices, 0), a.values, a.accumulate);
}

// ---------------------------------------------------------------------------------------------
// nonzero, argwhere

const nonzeroOp = defineOp<object>('nonzero', ([x]) => {
  const { data, count } = nonzeroCoordinates(x!);
  // Laid out [ndim, count], returned transposed: PyTorch's strides (1, count).
  return new Tensor(Storage.cpu('int64', data), [count, x!.ndim], [1, count], 0);
});

export interface NonzeroOptions {
  input?: Tensor;
  as_tuple?: boolean;
}
type NonzeroFn = {
  (input: Tensor, options?: { as_tuple?: false }): Tensor;
  (input: Tensor, options: { as_tuple: true }): Tensor[];
  (options: { input: Tensor; as_tuple?: false }): Tensor;
  (options: { input: Tensor; as_tuple: true }): Tensor[];
  (input: Tensor | { input: Tensor; as_tuple?: boolean }, options?: { as_tuple?: boolean }): Tensor | Tensor[];
};

function nonzeroOf(x: Tensor, asTuple: boolean): Tensor | Tensor[] {
  if (!asTuple) return nonzeroOp.call([x], {});
  // PyTorch's nonzero_numpy: a 0-dim input counts as one element of a 1-d tensor.
  return unbind(nonzeroOp.call([x.ndim === 0 ? views.unsqueeze(x, 0) : x], {}), 1);
}

/** torch.nonzero(input, *, as_tuple=False): the nonzero elements' indices, [n, ndim] int64 (or one tensor per dim). */
export const nonzero = defineFunction<NonzeroFn>(
  'nonzero', 'nonzero(Tensor input, *, bool as_tuple=False)', (a) => nonzeroOf(a.input, a.as_tuple), {
    leftOut: "PyTorch's stubs split as_tuple=True into a second overload for its return type; its argument parser has this one signature, which takes both",
  },
);
/** Tensor.nonzero, declared as PyTorch's argument parser declares it (its two forms), for its messages. */
export const nonzeroMethod = defineMethod('nonzero', ['nonzero(Tensor self)', 'nonzero(Tensor self, *, bool as_tuple)'], {
  differs:
    "declared as PyTorch's C++ argument parser declares Tensor.nonzero (nonzero() and nonzero(*, bool as_tuple)), so that wrong calls get its words; PyTorch's stubs write the same as as_tuple=False",
});

/** Tensor.nonzero() and Tensor.nonzero({ as_tuple }). */
export function nonzeroMethodCall(self: Tensor, args: readonly unknown[]): Tensor | Tensor[] {
  const a = nonzeroMethod.bind(args, self);
  return nonzeroOf(a.self, a.as_tuple ?? false);
}

/** torch.argwhere(input): nonzero(input). */
export const argwhere = defineFunction<(...args: PyArgs<[input: Tensor], { input?: Tensor }>) => Tensor>(
  'argwhere', 'argwhere(Tensor input)', (a) => nonzeroOp.call([a.input], {}), { method: true },
);

// ---------------------------------------------------------------------------------------------
// masked_select, masked_scatter

/** x (a 0-dim x as 1-d) seen with `shape`, broadcasting. */
function broadcastView(x: Tensor, shape: readonly number[]): Tensor {
  const [s, st] = x.ndim === 0 ? [[1], [0]] : [x.shape, x.strides];
  return new Tensor(x.storage, shape, broadcastStrides(s, st, shape), x.offset);
}

const maskedSelectOp = defineOp<object>('masked_select', ([self, mask]) => {
  if (mask!.dtype !== 'bool') throw new DTypeError('masked_select: expected BoolTensor for mask');
  // PyTorch's masked_select is index(self, [mask]) after both broadcast (mask named first).
  const atLeast1d = (t: Tensor) => (t.ndim === 0 ? [1] : t.shape);
  const shape = broadcastShapes(atLeast1d(mask!), atLeast1d(self!));
  const x = broadcastView(self!, shape);
  const info = makeInfo(x, [broadcastView(mask!, shape)]);
  return gatherInto(x, info, indexOffsets(info, self!.device, 'masked_select'));
});

export interface MaskedSelectOptions {
  input?: Tensor;
  mask?: Tensor;
}
/** torch.masked_select(input, mask): the elements where the (broadcast) mask is True, as a 1-d tensor. */
type MaskedSelectFn = (...args: PyArgs<[input: Tensor, mask: Tensor], MaskedSelectOptions>) => Tensor;
export const masked_select = defineFunction<MaskedSelectFn>(
  'masked_select', 'masked_select(Tensor input, Tensor mask)',
  (a) => maskedSelectOp.call([a.input, a.mask], {}), { method: true },
);

/**
 * masked_scatter(_): source's leading elements, in order, written where the mask is True. In
 * place the mask broadcasts to self; out of place self and mask broadcast together.
 */
const maskedScatterOp = defineOp<object>('masked_scatter', ([self, mask, source], _attrs, out) => {
  const shape = out ? self!.shape : broadcastShapes(mask!.shape, self!.shape);
  const target = out ?? contiguousCopy(broadcastView(self!, shape));
  // A 0-dim target is written as one element of a 1-d view (a mask needs a dim to select along).
  const dims = shape.length === 0 ? [1] : shape;
  const t = shape.length === 0 ? new Tensor(target.storage, [1], [1], target.offset) : target;
  const info = makeInfo(t, [broadcastView(mask!, dims)]);
  const count = numel(info.indexShape);
  if (source!.numel() < count) throw new ValueError('Number of elements of source < number of ones in mask');
  const offsets = indexOffsets(info, target.device, 'masked_scatter_');
  const flat = views.reshape(views.detach(source!), [-1]);
  const taken = viewAs(flat, [count], [flat.strides[0] ?? 1]);
  if (count > 0) backendFor(target.device).indexPut(viewAs(t, info.src.shape, info.src.strides), offsets, taken, false);
  return target;
});

/** A row-major copy of x, made without recording an op (clone's contiguous_format). */
function contiguousCopy(x: Tensor): Tensor {
  const out = new Tensor(backendFor(x.device).allocate(x.dtype, x.numel()), x.shape, contiguousStrides(x.shape), 0);
  backendFor(x.device).copy(x, out);
  return out;
}

const cpuTypeName = (t: Tensor) => `CPU${scalarName(t.dtype)}Type`;

function maskedScatter(self: Tensor, mask: Tensor, source: Tensor, inplace: boolean): Tensor {
  if (inplace) checkNoInternalOverlap(self);
  if (self.dtype !== source.dtype) {
    // NOTE: no space after "got": PyTorch's message runs the words together.
    throw new DTypeError(
      `masked_scatter: expected self and source to have same dtypes but got${scalarName(self.dtype)} and ${scalarName(source.dtype)}`,
    );
  }
  if (mask.dtype !== 'bool') {
    throw new DTypeError(`masked_scatter_ only supports boolean masks, but got mask with dtype ${scalarName(mask.dtype)}`);
  }
  if (!inplace) return maskedScatterOp.call([self, mask, source], {});
  // The mask must broadcast to self (PyTorch's expand_inplace, which names the type its own way).
  if (mask.ndim > self.ndim) {
    throw new ShapeError(
      `expand(${cpuTypeName(mask)}{${formatShape(mask.shape)}}, size=${formatShape(self.shape)}): the number of sizes provided (${self.ndim}) must be greater or equal to the number of dimensions in the tensor (${mask.ndim})`,
    );
  }
  return maskedScatterOp.callInplace([self, views.expand(mask, self.shape), source], {});
}


export interface MaskedScatterOptions {
  input?: Tensor;
  mask?: Tensor;
  source?: Tensor;
}
type MaskedScatterFn = (...args: PyArgs<[input: Tensor, mask: Tensor, source: Tensor], MaskedScatterOptions>) => Tensor;

/** torch.masked_scatter(input, mask, source): a copy with source's leading elements written where mask is True. */
export const masked_scatter = defineFunction<MaskedScatterFn>(
  'masked_scatter', 'masked_scatter(Tensor input, Tensor mask, Tensor source)',
  (a) => maskedScatter(a.input, a.mask, a.source, false), { method: true },
);
export const maskedScatterInplaceMethod = defineMethod(
  'masked_scatter_', 'masked_scatter_(Tensor self, Tensor mask, Tensor source)',
);

/** Tensor.masked_scatter_(mask, source). */
export function maskedScatterInplace(self: Tensor, args: readonly unknown[]): Tensor {
  const a = maskedScatterInplaceMethod.bind(args, self);
  return maskedScatter(a.self, a.mask, a.source, true);
}
