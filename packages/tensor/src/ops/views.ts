import { backendFor } from '../device.js';
import { IndexError, ShapeError, ValueError } from '../errors.js';
import {
  formatShape,
  inferSize,
  isContiguous,
  normalizeDim,
  numel,
  sizesArg,
  viewStrides,
} from '../shape.js';
import { Tensor } from '../tensor.js';
import { empty, emptyLike } from './helpers.js';
import { defineOp } from './table.js';

// Views share their input's storage: only shape, strides and offset change. Each is an op-table
// entry so that autograd sees it; none of them touches element data.

function viewOf(t: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return Tensor.view(t, shape, strides, offset);
}

const asStridedOp = defineOp<{ size: number[]; stride: number[]; storage_offset: number }>(
  'as_strided',
  ([x], { size, stride, storage_offset }) => viewOf(x!, size, stride, storage_offset),
);

export function as_strided(x: Tensor, size: readonly number[], stride: readonly number[], storage_offset?: number): Tensor {
  if (size.length !== stride.length) {
    throw new ShapeError(`mismatch in length of strides and shape`);
  }
  const offset = storage_offset ?? x.offset;
  let last = offset;
  for (let i = 0; i < size.length; i++) if (size[i]! > 0) last += (size[i]! - 1) * stride[i]!;
  if (numel(size) > 0 && last >= x.storage.length) {
    throw new ShapeError(
      `setStorage: sizes ${formatShape(size)}, strides ${formatShape(stride)}, storage offset ${offset}, and itemsize ${itemBytes(x)} requiring a storage size of ${(last + 1) * itemBytes(x)} are out of bounds for storage of size ${x.storage.length * itemBytes(x)}`,
    );
  }
  return asStridedOp.call([x], { size: [...size], stride: [...stride], storage_offset: offset });
}

const itemBytes = (x: Tensor) => (x.storage.data ? x.storage.data.BYTES_PER_ELEMENT : 1);

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

export function view(x: Tensor, ...size: (number | readonly number[])[]): Tensor {
  return viewOp.call([x], { size: sizesArg(size) });
}

/** A view when the strides allow one, otherwise a contiguous copy (PyTorch's reshape). */
export function reshape(x: Tensor, ...size: (number | readonly number[])[]): Tensor {
  const requested = sizesArg(size);
  const shape = inferSize(requested, x.numel());
  if (viewStrides(x.shape, x.strides, shape)) return viewOp.call([x], { size: shape });
  return viewOp.call([cloneOp.call([x], { memory_format: 'contiguous_format' })], { size: shape });
}

const transposeOp = defineOp<{ dim0: number; dim1: number }>('transpose', ([x], { dim0, dim1 }) => {
  if (dim0 === dim1) return viewOf(x!, x!.shape, x!.strides, x!.offset);
  const shape = x!.shape.slice();
  const strides = x!.strides.slice();
  [shape[dim0], shape[dim1]] = [shape[dim1]!, shape[dim0]!];
  [strides[dim0], strides[dim1]] = [strides[dim1]!, strides[dim0]!];
  return viewOf(x!, shape, strides, x!.offset);
});

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const n = x.dim();
  if (n === 0) return transposeOp.call([x], { dim0: 0, dim1: 0 });
  return transposeOp.call([x], { dim0: normalizeDim(dim0, n), dim1: normalizeDim(dim1, n) });
}
export const swapaxes = transpose;
export const swapdims = transpose;

// t() is its own entry (not transpose) so autograd names its node TBackward0, as PyTorch does.
const tOp = defineOp<object>('t', ([x]) =>
  x!.dim() < 2 ? viewOf(x!, x!.shape, x!.strides, x!.offset) : viewOf(x!, [...x!.shape].reverse(), [...x!.strides].reverse(), x!.offset),
);

export function t(x: Tensor): Tensor {
  if (x.dim() > 2) throw new ShapeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  return tOp.call([x], {});
}

const permuteOp = defineOp<{ dims: number[] }>('permute', ([x], { dims }) =>
  viewOf(x!, dims.map((d) => x!.shape[d]!), dims.map((d) => x!.strides[d]!), x!.offset),
);

export function permute(x: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  const order = sizesArg(dims);
  if (order.length !== x.dim()) {
    throw new ShapeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${order.length}`,
    );
  }
  const normalized = order.map((d) => normalizeDim(d, x.dim()));
  if (new Set(normalized).size !== normalized.length) throw new ShapeError('permute(): duplicate dims are not allowed.');
  return permuteOp.call([x], { dims: normalized });
}

export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const src = typeof source === 'number' ? [source] : [...source];
  const dst = typeof destination === 'number' ? [destination] : [...destination];
  if (src.length !== dst.length) {
    throw new ShapeError(
      `movedim: Invalid source or destination dims: source (${formatShape(src)} dims) should contain the same number of dims as destination (${formatShape(dst)} dims)`,
    );
  }
  const n = x.dim();
  const s = src.map((d) => normalizeDim(d, n));
  const d = dst.map((v) => normalizeDim(v, n));
  const order = new Array<number>(n).fill(-1);
  s.forEach((from, i) => (order[d[i]!] = from));
  const rest = [...Array(n).keys()].filter((i) => !s.includes(i));
  for (let i = 0, k = 0; i < n; i++) if (order[i] === -1) order[i] = rest[k++]!;
  return permute(x, order);
}
export const moveaxis = movedim;

const expandOp = defineOp<{ size: number[] }>('expand', ([x], { size }) => {
  const lead = size.length - x!.dim();
  const strides = size.map((s, i) => {
    if (i < lead) return 0;
    return x!.shape[i - lead] === s ? x!.strides[i - lead]! : 0;
  });
  return viewOf(x!, size, strides, x!.offset);
});

export function expand(x: Tensor, ...sizes: (number | readonly number[])[]): Tensor {
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
      if (s < 0) throw new ShapeError(`The expanded size of the tensor (${s}) isn't allowed in a leading, non-existing dimension ${i}`);
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
  return expandOp.call([x], { size: target });
}

export const expand_as = (x: Tensor, other: Tensor) => expand(x, other.shape);

/** "FloatTensor" as PyTorch names a CPU tensor type in messages. */
function typeName(x: Tensor): string {
  const names: Record<string, string> = {
    float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor',
    int64: 'LongTensor', int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
  };
  return names[x.dtype]!;
}

const sliceOp = defineOp<{ dim: number; start: number; end: number; step: number }>('slice', ([x], { dim, start, end, step }) => {
  const shape = x!.shape.slice();
  const strides = x!.strides.slice();
  shape[dim] = end > start ? Math.ceil((end - start) / step) : 0;
  strides[dim] = strides[dim]! * step;
  return viewOf(x!, shape, strides, x!.offset + start * x!.strides[dim]!);
});

/**
 * x[..., start:end:step, ...] along one dim, with Python's slice clamping. The JS spelling of
 * PyTorch's basic slicing (JS has no x[a:b] syntax).
 */
export function slice(x: Tensor, dim: number, start: number | null = null, end: number | null = null, step = 1): Tensor {
  const d = normalizeDim(dim, x.dim());
  if (step <= 0) throw new ValueError('slice step must be positive');
  const size = x.shape[d]!;
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = start === null ? 0 : clampIndex(start);
  const e = end === null ? size : clampIndex(end);
  return sliceOp.call([x], { dim: d, start: s, end: Math.max(e, s), step });
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
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

const selectOp = defineOp<{ dim: number; index: number }>('select', ([x], { dim, index }) => {
  const shape = x!.shape.filter((_, i) => i !== dim);
  const strides = x!.strides.filter((_, i) => i !== dim);
  return viewOf(x!, shape, strides, x!.offset + index * x!.strides[dim]!);
});

export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.dim() === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x.shape[d]!;
  if (index < -size || index >= size) {
    throw new IndexError(`select(): index ${index} out of range for tensor of size ${formatShape(x.shape)} at dimension ${dim}`);
  }
  return selectOp.call([x], { dim: d, index: index < 0 ? index + size : index });
}

const unsqueezeOp = defineOp<{ dim: number }>('unsqueeze', ([x], { dim }) => {
  const shape = x!.shape.slice();
  const strides = x!.strides.slice();
  const stride = dim < x!.dim() ? shape[dim]! * strides[dim]! : 1;
  shape.splice(dim, 0, 1);
  strides.splice(dim, 0, stride);
  return viewOf(x!, shape, strides, x!.offset);
});

export function unsqueeze(x: Tensor, dim: number): Tensor {
  return unsqueezeOp.call([x], { dim: normalizeDim(dim, x.dim() + 1) });
}

const squeezeOp = defineOp<{ dims: number[] }>('squeeze', ([x], { dims }) => {
  const keep = (i: number) => !(dims.includes(i) && x!.shape[i] === 1);
  const shape = x!.shape.filter((_, i) => keep(i));
  const strides = x!.strides.filter((_, i) => keep(i));
  return viewOf(x!, shape, strides, x!.offset);
});

/** squeeze(), squeeze(dim) or squeeze([dims]): only size-1 dims among those named are removed. */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const n = x.dim();
  const dims =
    dim === undefined ? [...Array(n).keys()] : (typeof dim === 'number' ? [dim] : [...dim]).map((d) => normalizeDim(d, n));
  return squeezeOp.call([x], { dims });
}

export function flatten(x: Tensor, start_dim = 0, end_dim = -1): Tensor {
  if (x.dim() === 0) return reshape(x, [1]);
  const s = normalizeDim(start_dim, x.dim());
  const e = normalizeDim(end_dim, x.dim());
  if (s > e) throw new ShapeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x.dim() === 0 ? reshape(x, [1]) : viewOp.call([x], { size: x.shape.slice() });
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.dim());
  if (sizes.length === 0) throw new ShapeError('unflatten: sizes must be non-empty');
  const size = x.shape[d]!;
  let inferred: number[];
  try {
    inferred = inferSize(sizes, size);
  } catch (e) {
    if (sizes.filter((s) => s === -1).length > 1) throw e;
    throw new ShapeError(
      `unflatten: Provided sizes ${formatShape(sizes)} don't multiply up to the size of dim ${dim} (${size}) in the input tensor`,
    );
  }
  return view(x, [...x.shape.slice(0, d), ...inferred, ...x.shape.slice(d + 1)]);
}

export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.dim());
  return Array.from({ length: x.shape[d]! }, (_, i) => select(x, d, i));
}

export function split(x: Tensor, split_size_or_sections: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.dim());
  const size = x.shape[d]!;
  if (typeof split_size_or_sections !== 'number') {
    const sections = split_size_or_sections;
    const total = sections.reduce((a, b) => a + b, 0);
    if (total !== size) {
      throw new ShapeError(
        `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${dim}), but got split_sizes=${formatShape(sections)}`,
      );
    }
    let start = 0;
    return sections.map((len) => {
      const part = narrow(x, d, start, len);
      start += len;
      return part;
    });
  }
  const chunk = split_size_or_sections;
  if (chunk < 0) throw new ShapeError(`split expects split_size be non-negative, but got split_size=${chunk}`);
  if (chunk === 0 && size !== 0) {
    throw new ShapeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
  }
  const parts = chunk === 0 ? 1 : Math.max(Math.ceil(size / chunk), 1);
  return Array.from({ length: parts }, (_, i) => narrow(x, d, i * chunk, Math.min(chunk, size - i * chunk)));
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (chunks <= 0) throw new ShapeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim(dim, x.dim());
  const each = Math.ceil(x.shape[d]! / chunks);
  // An empty dim gives `chunks` empty pieces, as PyTorch does.
  if (each === 0) return Array.from({ length: chunks }, () => narrow(x, d, 0, 0));
  return split(x, each, d);
}

// ---------------------------------------------------------------------------------------------
// Copies.

type MemoryFormat = 'preserve_format' | 'contiguous_format';

const cloneOp = defineOp<{ memory_format: MemoryFormat }>('clone', ([x], { memory_format }) => {
  const out = memory_format === 'contiguous_format' ? empty(x!.shape, x!.dtype, x!.device) : emptyLike(x!);
  backendFor(x!.device).copy(x!, out);
  return out;
});

/** A copy; by default it keeps x's memory order (strides), as PyTorch's preserve_format does. */
export function clone(x: Tensor, opts: { memory_format?: MemoryFormat } = {}): Tensor {
  return cloneOp.call([x], { memory_format: opts.memory_format ?? 'preserve_format' });
}

/** x itself when already contiguous, otherwise a row-major copy. */
export function contiguous(x: Tensor): Tensor {
  return x.is_contiguous() ? x : cloneOp.call([x], { memory_format: 'contiguous_format' });
}

/** A tensor sharing x's data but outside any autograd graph. */
export function detach(x: Tensor): Tensor {
  return new Tensor(x.storage, x.shape, x.strides, x.offset);
}

export function isContiguousView(x: Tensor): boolean {
  return isContiguous(x.shape, x.strides);
}
