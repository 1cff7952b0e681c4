import { IndexError, ShapeError, ValueError } from './errors.js';

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i]!, 1);
  }
  return strides;
}

/** "[3, 4]", as PyTorch prints sizes in messages. */
export const formatShape = (shape: Shape): string => `[${shape.join(', ')}]`;

/** Wraps a possibly negative dim into [0, ndim), with PyTorch's IndexError. 0-d tensors take dim 0 / -1. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalizes a dim list, rejecting repeats as PyTorch does. */
/**
 * size(dim=None) and stride(dim=None): the whole per-dimension list, or its entry at `dim`
 * (negative counts from the end). A 0-dim tensor has no entry, as PyTorch says.
 */
export function perDimension(values: readonly number[], dim: number | null): number | number[] {
  if (dim === null) return [...values];
  if (values.length === 0) throw new IndexError(`Dimension specified as ${dim} but tensor has no dimensions`);
  return values[normalizeDim(dim, values.length)]!;
}

export function normalizeDims(dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new ShapeError(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return out;
}

export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // NOTE: PyTorch walks from the last dim, so a message names the last mismatching dim.
  for (let i = n - 1; i >= 0; i--) {
    const sa = a[a.length - n + i] ?? 1;
    const sb = b[b.length - n + i] ?? 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new ShapeError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

export function broadcastAll(shapes: readonly Shape[]): number[] {
  return shapes.reduce<number[]>((acc, s) => broadcastShapes(acc, s), []);
}

/** Strides that read a tensor of `shape`/`strides` as if it had `target` shape (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i]!;
  return out;
}

/** Resolves one -1 in a requested shape against a number of elements (view/reshape). */
export function inferSize(requested: readonly number[], total: number): number[] {
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < requested.length; i++) {
    const s = requested[i]!;
    if (s === -1) {
      if (inferred >= 0) throw new ShapeError('only one dimension can be inferred');
      inferred = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new ValueError(`invalid shape dimension ${s} at index ${i} of shape ${formatShape(requested)}`);
    } else {
      known *= s;
    }
  }
  const out = requested.slice();
  if (inferred >= 0) {
    if (known === 0 && total === 0) {
      throw new ShapeError(
        `cannot reshape tensor of 0 elements into shape ${formatShape(requested)} because the unspecified dimension size -1 can be any value and is ambiguous`,
      );
    }
    if (known === 0 || total % known !== 0) {
      throw new ShapeError(`shape '${formatShape(requested)}' is invalid for input of size ${total}`);
    }
    out[inferred] = total / known;
  } else if (known !== total) {
    throw new ShapeError(`shape '${formatShape(requested)}' is invalid for input of size ${total}`);
  }
  return out;
}

/**
 * Strides for viewing (shape, strides) as newShape without a copy, or null when impossible.
 * The same chunking rule as PyTorch's computeStride: dims may merge only where they are contiguous
 * with each other.
 */
export function viewStrides(shape: Shape, strides: readonly number[], newShape: Shape): number[] | null {
  const out = new Array<number>(newShape.length);
  if (shape.length === 0) return out.fill(1);
  if (numel(shape) === 0) {
    return shapesEqual(shape, newShape) ? strides.slice() : contiguousStrides(newShape);
  }
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}

export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const s = shape[i]!;
    if (s === 0) return true;
    if (s !== 1 && strides[i] !== expected) return false;
    expected *= s;
  }
  return true;
}

/** Accepts f(2, 3) and f([2, 3]) alike, as PyTorch's varargs sizes do. */
export function sizesArg(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly number[])];
  return args as number[];
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * TensorIterator's reorder_dimensions: the dims of an n-dim shape from the fastest-moving to the
 * slowest, found by PyTorch's insertion sort, which starts from the reversed order and moves a dim
 * past the ones it compares equal (0) to, stopping at the first that sorts before it (-1).
 */
export function reorderDims(n: number, compare: (d0: number, d1: number) => number): number[] {
  const perm = [...Array(n).keys()].reverse();
  for (let i = 1; i < n; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = compare(perm[d0]!, perm[d1]!);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1]!, perm[d0]!];
        d1 = d0;
      } else if (c < 0) {
        break;
      }
    }
  }
  return perm;
}
