import { backendFor } from '../device.js';
import { type DType, isFloating } from '../dtype.js';
import { IndexError, ShapeError, ValueError } from '../errors.js';
import { formatShape, normalizeDim, numel, shapesEqual } from '../shape.js';
import type { StridedView } from '../storage.js';
import { type PyArgs, Signatures, declare, defineFunction } from '../signature/index.js';
import type { Tensor } from '../tensor.js';
import { type Scalar, empty, resultType, sameDevice } from './helpers.js';
import { defineOp } from './table.js';
import { cloneOf, expand, narrowView, reshape, unsqueeze } from './views.js';

// Joining (cat, stack) and reordering (flip, roll, pad). Each table entry allocates its result and
// fills it with backend `copy`s between strided views of the input and of the output, so one
// primitive serves every dtype and layout; copy also converts dtypes for cat's type promotion.

/** A strided view of t's storage (internal to one kernel call: never wrapped as a Tensor). */
function stridedView(t: StridedView, shape: readonly number[], strides: readonly number[], offset: number): StridedView {
  // NOTE: built field by field; spreading a Tensor would drop `dtype`, which is a getter.
  return { storage: t.storage, dtype: t.dtype, shape, strides, offset };
}

/** A window of `t`: `shape` elements from `start` along each dim. */
function window(t: StridedView, start: readonly number[], shape: readonly number[]): StridedView {
  let offset = t.offset;
  for (let d = 0; d < start.length; d++) offset += start[d]! * t.strides[d]!;
  return stridedView(t, shape, t.strides, offset);
}

/** t with `size` elements from `start` along `dim`. */
function band(t: StridedView, dim: number, start: number, size: number): StridedView {
  const shape = t.shape.slice();
  shape[dim] = size;
  return stridedView(t, shape, t.strides, t.offset + start * t.strides[dim]!);
}

// ---------------------------------------------------------------------------------------------
// cat / stack

/** PyTorch's legacy rule: a 1-d tensor of shape [0] may join anything and is skipped. */
const skipped = (t: Tensor) => t.ndim === 1 && t.shape[0] === 0;

const catOp = defineOp<{ dim: number }>('cat', (tensors, { dim }) => {
  const device = sameDevice(tensors);
  const dtype = resultType(...tensors);
  const parts = tensors.filter((t) => !skipped(t));
  if (parts.length === 0) return empty([0], dtype, device);
  const shape = parts[0]!.shape.slice();
  shape[dim] = parts.reduce((n, t) => n + t.shape[dim]!, 0);
  const out = empty(shape, dtype, device);
  const backend = backendFor(device);
  let at = 0;
  for (const t of parts) {
    if (t.numel() > 0) backend.copy(t, band(out, dim, at, t.shape[dim]!));
    at += t.shape[dim]!;
  }
  return out;
});

/** cat's checks and op call (the dim not yet wrapped). */
function catTensors(tensors: readonly Tensor[], dim: number): Tensor {
  if (tensors.length === 0) throw new ValueError('torch.cat(): expected a non-empty list of Tensors', 'ValueError');
  tensors.forEach((t, i) => {
    if (t.ndim === 0) throw new ShapeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const ref = tensors.find((t) => !skipped(t));
  // With only skipped inputs PyTorch never looks at dim.
  if (ref === undefined) return catOp.call(tensors, { dim: 0 });
  const d = normalizeDim(dim, ref.ndim);
  tensors.forEach((t, i) => {
    if (skipped(t)) return;
    if (t.ndim !== ref.ndim) {
      throw new ShapeError(`Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    }
    for (let k = 0; k < t.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new ShapeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list.`,
        );
      }
    }
  });
  return catOp.call(tensors, { dim: d });
}

type TensorList = readonly Tensor[];
export interface CatOptions {
  tensors?: TensorList;
  dim?: number;
}
type CatFn = (...args: PyArgs<[tensors: TensorList, dim?: number], CatOptions>) => Tensor;
const catText = (name: string) => `${name}(Tensor[] tensors, int dim=0)`;

/** torch.cat(tensors, dim=0): joins along an existing dim, promoting dtypes across the inputs. */
export const cat = defineFunction<CatFn>('cat', catText('cat'), (a) => catTensors(a.tensors, a.dim));
/** Another name for cat. */
export const concat = defineFunction<CatFn>('concat', catText('concat'), (a) => catTensors(a.tensors, a.dim));
/** NumPy's name for cat. */
export const concatenate = defineFunction<CatFn>('concatenate', catText('concatenate'), (a) => catTensors(a.tensors, a.dim));

function stackTensors(tensors: TensorList, dim: number): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack expects a non-empty TensorList');
  const first = tensors[0]!;
  const d = normalizeDim(dim, first.ndim + 1);
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(
        `stack expects each tensor to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`,
      );
    }
  });
  return catTensors(tensors.map((t) => unsqueeze(t, d)), d);
}

/** torch.stack(tensors, dim=0): joins along a new dim (the cat of each input unsqueezed there). */
export const stack = defineFunction<CatFn>('stack', catText('stack'), (a) => stackTensors(a.tensors, a.dim));

function nonEmptyList(name: string, tensors: TensorList): void {
  if (tensors.length === 0) throw new ShapeError(`${name} expects a non-empty TensorList`);
}

/**
 * At least `n` dims (atleast_2d / atleast_3d): 0-d becomes all ones, [k] becomes [1, k] or
 * [1, k, 1], and [a, b] becomes [a, b, 1].
 */
function atLeast(t: Tensor, n: number): Tensor {
  if (t.ndim >= n) return t;
  if (t.ndim === 0) return reshape(t, new Array<number>(n).fill(1));
  if (n === 2) return unsqueeze(t, 0);
  return t.ndim === 1 ? unsqueeze(unsqueeze(t, 0), 2) : unsqueeze(t, 2);
}

export interface TensorsOptions {
  tensors?: TensorList;
}
type StackFn = (...args: PyArgs<[tensors: TensorList], TensorsOptions>) => Tensor;
/** A stacking function of one tensor list, declared under `name`. */
const stacking = (name: string, join: (tensors: TensorList) => Tensor, messageName = name) =>
  defineFunction<StackFn>(name, `${name}(Tensor[] tensors)`, (a) => {
    nonEmptyList(messageName, a.tensors);
    return join(a.tensors);
  });

/** torch.hstack(tensors): joins column-wise, along dim 0 for 1-d inputs, else dim 1. */
export const hstack = stacking('hstack', (tensors) => {
  const parts = tensors.map((t) => atLeast(t, 1));
  return catTensors(parts, parts[0]!.ndim === 1 ? 0 : 1);
});
const rows = (tensors: TensorList) => catTensors(tensors.map((t) => atLeast(t, 2)), 0);
/** torch.vstack(tensors): joins row-wise, treating 1-d inputs as rows. */
export const vstack = stacking('vstack', rows);
/** Another name for vstack. */
export const row_stack = stacking('row_stack', rows, 'vstack');
/** torch.dstack(tensors): joins depth-wise (along dim 2 of at-least-3-d views). */
export const dstack = stacking('dstack', (tensors) => catTensors(tensors.map((t) => atLeast(t, 3)), 2));
/** torch.column_stack(tensors): joins 0-d and 1-d inputs as columns, others along dim 1. */
export const column_stack = stacking('column_stack', (tensors) =>
  catTensors(tensors.map((t) => (t.ndim <= 1 ? reshape(t, [t.numel(), 1]) : t)), 1),
);

// ---------------------------------------------------------------------------------------------
// flip / roll

const flipOp = defineOp<{ dims: number[] }>('flip', ([x], { dims }) => {
  const out = empty(x!.shape, x!.dtype, x!.device);
  // NOTE: the input is read through negative strides; that view stays inside this kernel call.
  const strides = x!.strides.slice();
  let offset = x!.offset;
  for (const d of dims) {
    const size = x!.shape[d]!;
    if (size > 1) {
      offset += (size - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
  }
  if (out.numel() > 0) backendFor(x!.device).copy(stridedView(x!, x!.shape, strides, offset), out);
  return out;
});

function flipDims(x: Tensor, dims: readonly number[]): Tensor {
  // NOTE: each dim is wrapped and checked for repeats in turn, so flip(x, [0, 0, 5]) reports the
  // repeat, not the range (as PyTorch's dim_list_to_bitset does).
  const normalized: number[] = [];
  for (const dim of dims) {
    const d = normalizeDim(dim, x.ndim);
    if (normalized.includes(d)) throw new ShapeError(`dim ${d} appears multiple times in the list of dims`);
    normalized.push(d);
  }
  // A 0-d tensor accepts dim 0 / -1 but has nothing to reverse.
  return flipOp.call([x], { dims: x.ndim === 0 ? [] : normalized });
}

export interface FlipOptions {
  dims?: readonly number[];
}
/** torch.flip(x, dims): a copy with the order of elements reversed along each given dim. */
export const flip = defineFunction<(...args: PyArgs<[input: Tensor, dims: readonly number[]], FlipOptions & { input?: Tensor }>) => Tensor>(
  'flip', 'flip(Tensor input, int[] dims)', (a) => flipDims(a.input, a.dims), { method: true },
);

const rollOp = defineOp<{ shifts: number[]; dims: number[] }>('roll', ([x], { shifts, dims }) => {
  const out = empty(x!.shape, x!.dtype, x!.device);
  if (out.numel() === 0) return out;
  const backend = backendFor(x!.device);
  const copy = (src: StridedView, dst: StridedView) => backend.copy(src, dst);
  if (dims.length === 0) {
    // Rolls the elements in logical (flattened) order, then restores the shape.
    const n = out.numel();
    const flat = (t: StridedView) => stridedView(t, [n], [1], t.offset);
    let src: StridedView = x!;
    if (!x!.is_contiguous()) {
      const tmp = empty(x!.shape, x!.dtype, x!.device);
      backend.copy(x!, tmp);
      src = tmp;
    }
    rollInto(copy, flat(src), flat(out), [mod(shifts[0]!, n)], [0]);
    return out;
  }
  // Shifts along the same dim add up, as applying them one after another would.
  const net = new Map<number, number>();
  dims.forEach((d, i) => net.set(d, (net.get(d) ?? 0) + shifts[i]!));
  const rolled = [...net.keys()];
  rollInto(copy, x!, out, rolled.map((d) => mod(net.get(d)!, x!.shape[d]!)), rolled);
  return out;
});

const mod = (a: number, n: number) => ((a % n) + n) % n;

/**
 * out = x rolled by shift[k] along dims[k]. Along one dim the result is two blocks:
 * out[s:] = x[:n-s] and out[:s] = x[n-s:]; over k dims, every combination of those blocks.
 */
function rollInto(
  copy: (src: StridedView, dst: StridedView) => void,
  x: StridedView,
  out: StridedView,
  shifts: readonly number[],
  dims: readonly number[],
): void {
  const k = dims.length;
  for (let mask = 0; mask < 1 << k; mask++) {
    const srcStart = new Array<number>(x.shape.length).fill(0);
    const dstStart = new Array<number>(x.shape.length).fill(0);
    const shape = x.shape.slice();
    for (let j = 0; j < k; j++) {
      const d = dims[j]!;
      const n = x.shape[d]!;
      const s = shifts[j]!;
      const tail = (mask >> j) & 1; // 1: the last s elements, which wrap to the front
      srcStart[d] = tail ? n - s : 0;
      dstStart[d] = tail ? 0 : s;
      shape[d] = tail ? s : n - s;
    }
    if (numel(shape) > 0) copy(window(x, srcStart, shape), window(out, dstStart, shape));
  }
}

function rollBy(x: Tensor, s: readonly number[], d: readonly number[]): Tensor {
  if (s.length === 0) throw new ShapeError('`shifts` required');
  if (d.length === 0 && s.length === 1) return rollOp.call([x], { shifts: [...s], dims: [] });
  if (s.length !== d.length) throw new ShapeError(`shifts and dimensions must align. shifts: ${s.length}, dims:${d.length}`);
  // An empty tensor is returned (as a copy) before its dims are looked at, as in PyTorch.
  if (x.numel() === 0) return cloneOf(x);
  if (x.ndim === 0) throw new IndexError(`Dimension specified as ${d[0]} but tensor has no dimensions`);
  return rollOp.call([x], { shifts: [...s], dims: d.map((v) => normalizeDim(v, x.ndim)) });
}

export interface RollOptions {
  shifts?: number | readonly number[];
  dims?: number | readonly number[];
}
export type RollParams = [shifts: number | readonly number[], dims?: number | readonly number[]];
type RollFn = (...args: PyArgs<[input: Tensor, ...RollParams], RollOptions & { input?: Tensor }>) => Tensor;
/** torch.roll(x, shifts, dims=()): elements shifted along dims, wrapping around; without dims, over the flattened tensor. */
export const roll = defineFunction<RollFn>(
  // NOTE: dims takes None as its default in PyTorch (x.roll(1, None)), unlike other int lists.
  'roll', 'roll(Tensor input, int[1] shifts, int[1]? dims=[])', (a) => rollBy(a.input, a.shifts, a.dims ?? []), { method: true },
);

// ---------------------------------------------------------------------------------------------
// constant padding

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

const constantPadOp = defineOp<{ pad: number[]; value: Scalar }>('constant_pad_nd', ([x], { pad, value }) => {
  const n = x!.ndim;
  const outShape = x!.shape.slice();
  // The input region that survives cropping, and where it lands in the output.
  const srcStart = new Array<number>(n).fill(0);
  const dstStart = new Array<number>(n).fill(0);
  const inner = x!.shape.slice();
  for (let i = 0; i < pad.length / 2; i++) {
    const d = n - 1 - i; // pad lists the last dim first
    const before = pad[2 * i]!;
    const after = pad[2 * i + 1]!;
    outShape[d] = x!.shape[d]! + before + after;
    srcStart[d] = Math.max(0, -before);
    dstStart[d] = Math.max(0, before);
    inner[d] = x!.shape[d]! - Math.max(0, -before) - Math.max(0, -after);
  }
  const out = empty(outShape, x!.dtype, x!.device);
  const backend = backendFor(x!.device);
  // NOTE: storage starts zeroed, but -0.0 is a value to write, so only +0, 0n and false skip the fill.
  const zero = Object.is(value, 0) || value === 0n || value === false;
  if (!zero && pad.some((p) => p > 0)) backend.fill(out, value);
  if (numel(inner) > 0) backend.copy(window(x!, srcStart, inner), window(out, dstStart, inner));
  return out;
});

/** PyTorch crops before it pads (with narrow), so no dim may be cropped below zero. */
function checkCrop(x: Tensor, pad: readonly number[]): void {
  for (let i = 0; i < pad.length; i += 2) {
    const size = x.shape[x.ndim - 1 - i / 2]!;
    if (size + Math.min(pad[i]!, 0) + Math.min(pad[i + 1]!, 0) < 0) {
      throw new ShapeError('narrow(): length must be non-negative.');
    }
  }
}

function constantPad(x: Tensor, pad: readonly number[], value: Scalar): Tensor {
  if (pad.length % 2 !== 0) throw new ShapeError(`Length of pad must be even but instead it equals ${pad.length}`);
  if (pad.length > 2 * x.ndim) {
    // NOTE: PyTorch's message has no space before "while" and "dimensions".
    throw new ShapeError(
      `Length of pad should be no more than twice the number of dimensions of the input. Pad length is ${pad.length}while the input has ${x.ndim}dimensions.`,
    );
  }
  checkCrop(x, pad);
  const asInt = typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
  return constantPadOp.call([x], { pad: [...pad], value: fillValue(pad, value, x.dtype, asInt) });
}

export interface ConstantPadOptions {
  input?: Tensor;
  pad?: readonly number[];
  /** A number, or a one-element tensor's value. */
  value?: Scalar | Tensor;
}
type ConstantPadFn = (...args: PyArgs<[input: Tensor, pad: readonly number[], value?: Scalar | Tensor], ConstantPadOptions>) => Tensor;
/** torch.constant_pad_nd(x, pad, value=0): pads (or, for negative entries, crops) the last dims. */
export const constant_pad_nd = defineFunction<ConstantPadFn>(
  'constant_pad_nd', 'constant_pad_nd(Tensor input, int[] pad, Scalar value=0)', (a) => constantPad(a.input, a.pad, a.value),
);

/** The value is only converted (and checked) when some border is actually filled. */
function fillValue(pad: readonly number[], value: Scalar, dtype: DType, asInt: boolean): Scalar {
  return pad.some((p) => p > 0) ? checkedFill(value, dtype, asInt) : value;
}

/** The C++ type names PyTorch uses in "value cannot be converted to type ... without overflow". */
const cppName: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16',
  int64: 'int64_t', int32: 'int', int16: 'int16_t', int8: 'int8_t', uint8: 'uint8_t', bool: 'bool',
  complex64: 'c10::complex<float>', complex128: 'c10::complex<double>', uint16: 'uint16_t', uint32: 'uint32_t',
  uint64: 'uint64_t', float8_e4m3fn: 'c10::Float8_e4m3fn', float8_e5m2: 'c10::Float8_e5m2',
  float8_e4m3fnuz: 'c10::Float8_e4m3fnuz', float8_e5m2fnuz: 'c10::Float8_e5m2fnuz', float8_e8m0fnu: 'c10::Float8_e8m0fnu',
};

const floatMax: Partial<Record<DType, number>> = {
  float32: 3.4028234663852886e38,
  float16: 65504,
  bfloat16: 3.3895313892515355e38,
};
const intRange: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int16: [-32768n, 32767n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
};

/**
 * A fill value checked as PyTorch's checked_convert does: bool and float64 take anything, other
 * floats anything up to their largest finite value (inf and nan included). A Python int (asInt)
 * must fit the integer dtype, except that an unsigned dtype takes negatives down to -max, which
 * wrap; a Python float must lie within the integer range, compared as doubles.
 */
function checkedFill(value: Scalar, dtype: DType, asInt: boolean): Scalar {
  if (typeof value === 'boolean' || dtype === 'bool' || dtype === 'float64') return value;
  const overflow = () => new ValueError(`value cannot be converted to type ${cppName[dtype]} without overflow`);
  if (isFloating(dtype)) {
    const v = Number(value);
    if (Number.isFinite(v) && Math.abs(v) > floatMax[dtype]!) throw overflow();
    return v;
  }
  const [lo, hi] = intRange[dtype]!;
  if (asInt) {
    const v = BigInt(value);
    if (v < (dtype === 'uint8' ? -hi : lo) || v > hi) throw overflow();
    return dtype === 'int64' ? v : Number(v);
  }
  const v = Number(value);
  // NOTE: as doubles, 2^63 equals INT64_MAX, so C++ lets it through (and it converts to INT64_MIN).
  if (Number.isNaN(v) || v < Number(lo) || v > Number(hi)) throw overflow();
  return v;
}

// ---------------------------------------------------------------------------------------------
// F.pad

export interface PadOptions {
  input?: Tensor;
  pad?: readonly number[];
  mode?: PadMode;
  value?: number | null;
}
type PadFn = (...args: PyArgs<[input: Tensor, pad: readonly number[], mode?: PadMode, value?: number | null], PadOptions>) => Tensor;

const padModes: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

function padBy(input: Tensor, pad: readonly number[], m: string, v: number | null): Tensor {
  // NotImplementedError in PyTorch, a subclass of RuntimeError.
  if (!padModes.includes(m)) throw new ValueError(`Unrecognised padding mode ${m}`);
  if (m !== 'constant' && v !== null && v !== 0) {
    throw new ValueError(`Padding mode "${m}" doesn't take in value argument`);
  }
  if (pad.length % 2 !== 0) throw new ShapeError('Padding length must be divisible by 2');
  if (pad.length > 2 * input.ndim) {
    throw new ShapeError(
      `Padding length should be less than or equal to two times the input dimension but got padding length ${pad.length} and input of dimension ${input.ndim}`,
    );
  }
  if (m === 'constant') {
    checkCrop(input, pad);
    // value is a Python float here, so an integer dtype checks it as a float.
    const value = fillValue(pad, v ?? 0, input.dtype, false);
    return constantPadOp.call([input], { pad: [...pad], value });
  }
  return padBorder(input, pad, m as Exclude<PadMode, 'constant'>);
}

/**
 * torch.nn.functional.pad(input, pad, mode='constant', value=None): `pad` lists (before, after)
 * pairs starting from the last dim; negative entries crop. A Python function in PyTorch (Python's
 * argument messages), whose builtin torch._C._nn.pad checks the types. @wick/nn exports it as F.pad.
 */
const padSig = declare('nn.functional.pad', "pad(Value input, Value pad, Value mode='constant', Value value=None)", {
  style: 'python',
});
const builtinPad = new Signatures(["pad(Tensor input, int[] pad, str mode='constant', float? value=None)"]);
export function functionalPad(...args: Parameters<PadFn>): Tensor {
  // Python binds the names; torch._C._nn.pad then gets them positionally and checks the types.
  const { input, pad, mode, value } = padSig.bind(args);
  const a = builtinPad.bind([input, pad, mode, value]);
  return padBy(a.input, a.pad, a.mode, a.value);
}

// ---------------------------------------------------------------------------------------------
// reflect / replicate / circular: composites of narrow, flip, expand and cat, one dim at a time.

function padBorder(x: Tensor, p: readonly number[], mode: Exclude<PadMode, 'constant'>): Tensor {
  const k = p.length / 2;
  const n = x.ndim;
  if (k < 1 || k > 3 || (n !== k + 1 && n !== k + 2)) {
    throw new ValueError(`Padding size ${p.length} is not supported for ${n}D input tensor.`);
  }
  // Padded dims, last first, with their (before, after) pads.
  const dims = Array.from({ length: k }, (_, i) => ({ d: n - 1 - i, before: p[2 * i]!, after: p[2 * i + 1]! }));
  const outShape = x.shape.slice();
  for (const { d, before, after } of dims) outShape[d] = x.shape[d]! + before + after;
  if (mode === 'circular') checkCircular(x, dims, outShape);
  else checkReflectReplicate(x, dims, outShape, mode, k);

  if (mode === 'circular' && numel(outShape) === 0) {
    // Nothing is copied into an empty result, so wrapping limits on the other dims don't apply.
    const emptyDim = outShape.indexOf(0);
    return reshape(narrowView(x, emptyDim, 0, 0), outShape);
  }
  let r = x;
  for (const { d, before, after } of dims) {
    if (mode === 'circular') r = circularDim(r, d, before, after);
    else r = mode === 'reflect' ? reflectDim(r, d, before, after) : replicateDim(r, d, before, after);
  }
  return r;
}

type PaddedDim = { d: number; before: number; after: number };

function checkReflectReplicate(
  x: Tensor,
  dims: readonly PaddedDim[],
  outShape: readonly number[],
  mode: 'reflect' | 'replicate',
  k: number,
): void {
  const firstChecked = x.ndim === k + 2 ? 1 : 0; // a batch dim may be empty; no other may
  if (x.shape.slice(firstChecked).includes(0)) {
    throw new ShapeError(
      `Expected ${k + 1}D or ${k + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${formatShape(x.shape)}`,
    );
  }
  if (mode === 'reflect') {
    dims.forEach(({ d, before, after }, i) => {
      const size = x.shape[d]!;
      if (before >= size || after >= size) {
        throw new ShapeError(
          `Argument #${4 + 2 * i}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${d} of input ${formatShape(x.shape)}`,
        );
      }
    });
  }
  // Too small only when every padded dim comes out below 1; a negative size alone fails later.
  const [w, h, dd] = dims.map(({ d }) => ({ size: x.shape[d]!, out: outShape[d]! }));
  if (dims.every(({ d }) => outShape[d]! < 1)) {
    // NOTE: these are PyTorch's three messages verbatim, stray spaces and missing commas included.
    const message =
      k === 1
        ? `input (W: ${w!.size}) is too small. Calculated output W: ${w!.out}`
        : k === 2
          ? `input (H: ${h!.size}, W: ${w!.size}${mode === 'replicate' ? ' ' : ''}) is too small. Calculated output H: ${h!.out} W: ${w!.out}`
          : `input (D: ${dd!.size} H: ${h!.size}, W: ${w!.size}) is too small. Calculated output D: ${dd!.out} H: ${h!.out} W: ${w!.out}`;
    throw new ShapeError(message);
  }
  const negative = outShape.find((s) => s < 0);
  if (negative !== undefined) {
    throw new ShapeError(`Trying to create tensor with negative dimension ${negative}: ${formatShape(outShape)}`);
  }
  if (x.dtype === 'bool') {
    throw new ValueError(`"${mode === 'reflect' ? 'reflection' : 'replication'}_pad${k}d" not implemented for 'Bool'`);
  }
}

function checkCircular(x: Tensor, dims: readonly PaddedDim[], outShape: readonly number[]): void {
  for (const { d, before, after } of [...dims].reverse()) {
    if (before > x.shape[d]! || after > x.shape[d]!) {
      throw new ShapeError('Padding value causes wrapping around more than once.');
    }
    if (outShape[d]! < 0) throw new ShapeError('Negative padding value is resulting in an empty dimension');
  }
}

/** Negative pads crop, measured against the uncropped borders: narrow the positively padded result. */
function cropTo(padded: Tensor, d: number, before: number, size: number): Tensor {
  return narrowView(padded, d, Math.max(0, -before), size);
}


/** out[j] = x[|j - before|] mirrored at both ends (the edge element is not repeated). */
function reflectDim(x: Tensor, d: number, before: number, after: number): Tensor {
  const size = x.shape[d]!;
  const parts: Tensor[] = [];
  if (before > 0) parts.push(flipDims(narrowView(x, d, 1, before), [d]));
  parts.push(x);
  if (after > 0) parts.push(flipDims(narrowView(x, d, size - 1 - after, after), [d]));
  const padded = parts.length === 1 ? x : catTensors(parts, d);
  return cropTo(padded, d, before, size + before + after);
}

/** out[j] = x[clamp(j - before, 0, size - 1)]. */
function replicateDim(x: Tensor, d: number, before: number, after: number): Tensor {
  const size = x.shape[d]!;
  const edge = (start: number, count: number) => {
    const shape = x.shape.slice();
    shape[d] = count;
    return expand(narrowView(x, d, start, 1), shape);
  };
  const parts: Tensor[] = [];
  if (before > 0) parts.push(edge(0, before));
  parts.push(x);
  if (after > 0) parts.push(edge(size - 1, after));
  const padded = parts.length === 1 ? x : catTensors(parts, d);
  return cropTo(padded, d, before, size + before + after);
}

/**
 * PyTorch's circular padding crops first and then wraps around what is left, so
 * pad([0, 1, 2, 3], [-1, 1]) is [1, 2, 3, 1].
 */
function circularDim(x: Tensor, d: number, before: number, after: number): Tensor {
  const size = x.shape[d]!;
  const outSize = size + before + after;
  if (outSize === 0) return narrowView(x, d, 0, 0);
  const start = Math.max(0, -before);
  const keptLength = size - start - Math.max(0, -after);
  if (keptLength < 0) throw new ShapeError('Negative padding value is resulting in an empty dimension');
  const kept = narrowView(x, d, start, keptLength);
  const keptSize = kept.shape[d]!;
  if (before > keptSize || after > keptSize) throw new ShapeError('Padding value causes wrapping around more than once.');
  const parts: Tensor[] = [];
  if (before > 0) parts.push(narrowView(kept, d, keptSize - before, before));
  parts.push(kept);
  if (after > 0) parts.push(narrowView(kept, d, 0, after));
  return parts.length === 1 ? kept : catTensors(parts, d);
}
