import { backendFor } from '../device.js';
import { type DType, isComplex, isFloating, scalarName } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { broadcastShapes, formatShape, numel } from '../shape.js';
import type { StridedView } from '../storage.js';
import type { Tensor } from '../tensor.js';
import { type Bound, type PyArgs, defineFunction, defineMethod } from '../signature/index.js';
import { complexProduct } from './complex-product.js';
import * as ew from './elementwise.js';
import { type Scalar, checkOutShape, empty, sameDevice } from './helpers.js';
import { cppName } from './reduce-common.js';
import { defineOp } from './table.js';
import * as views from './views.js';

// Matrix products. Two op-table entries do the arithmetic: 'mm' (2-d x 2-d) and 'bmm' (3-d x 3-d,
// equal batch sizes; an expanded operand with batch stride 0 is read in place). Everything else
// (matmul, mv, dot, outer, addmm, baddbmm, linear) is a composite of those, views and elementwise
// ops, as PyTorch's CompositeImplicitAutograd decompositions are, so autograd needs derivative
// formulas for 'mm' and 'bmm' only.

/** The `beta` and `alpha` keywords of addmm/baddbmm: result = beta * input + alpha * (a @ b). */
export interface BetaAlpha {
  beta?: Scalar;
  alpha?: Scalar;
}

const notForBool = (kernel: string) => new DTypeError(`"${kernel}" not implemented for 'Bool'`, 'NotImplementedError');

/** A 2-d tensor as a one-batch 3-d view for the backend. */
function batchOf(t: Tensor): StridedView {
  if (t.ndim === 3) return t;
  return { storage: t.storage, dtype: t.dtype, shape: [1, ...t.shape], strides: [0, ...t.strides], offset: t.offset };
}

/** Runs the backend product of 3-d-able a and b into a new tensor of `shape` (or into `out`). */
function product(a: Tensor, b: Tensor, shape: number[], out?: Tensor): Tensor {
  const device = sameDevice([a, b]);
  if (out) {
    if (out.dtype !== a.dtype) {
      throw new DTypeError(`Expected out tensor to have dtype ${cppName[a.dtype]}, but got ${cppName[out.dtype]} instead`);
    }
    checkOutShape(shape, out);
  }
  if (isComplex(a.dtype)) {
    const result = complexProduct({ product: (x, y) => product(x, y, shape), add: ew.add, sub: ew.sub }, a, b);
    if (out) backendFor(device).copy(result, out);
    return out ?? result;
  }
  const target = out ?? empty(shape, a.dtype, device);
  if (numel(shape) > 0) backendFor(device).matmul(batchOf(a), batchOf(b), batchOf(target));
  return target;
}

// ---------------------------------------------------------------------------------------------
// The primitives.

function checkMm(a: Tensor, b: Tensor): void {
  if (a.ndim !== 2) throw new ShapeError('self must be a matrix');
  if (b.ndim !== 2) throw new ShapeError('mat2 must be a matrix');
  checkMmShapes(a, b);
  if (a.dtype !== b.dtype) {
    throw new DTypeError(`expected m1 and m2 to have the same dtype, but got: ${cppName[a.dtype]} != ${cppName[b.dtype]}`);
  }
  // NOTE: PyTorch refuses bool only when there is arithmetic to do: an empty result, or K = 0
  // (a result of zeros), is allowed.
  if (a.dtype === 'bool' && a.shape[0]! * b.shape[1]! > 0 && a.shape[1]! > 0) throw notForBool('addmm_impl_cpu_');
}

function checkMmShapes(a: Tensor, b: Tensor): void {
  if (a.shape[1] !== b.shape[0]) {
    throw new ShapeError(
      `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`,
    );
  }
}

const mmOp = defineOp<object>('mm', ([a, b], _attrs, out) => {
  checkMm(a!, b!);
  return product(a!, b!, [a!.shape[0]!, b!.shape[1]!], out);
});

/** Checks shared by bmm and baddbmm once both are known to be 3-d. */
function checkBmmShapes(a: Tensor, b: Tensor): void {
  const [batch, , k] = a.shape as [number, number, number];
  if (b.shape[0] !== batch || b.shape[1] !== k) {
    throw new ShapeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
    );
  }
  if (a.dtype !== b.dtype) throw new DTypeError(`expected scalar type ${scalarName(a.dtype)} but found ${scalarName(b.dtype)}`);
}

const bmmOp = defineOp<object>('bmm', ([a, b], _attrs, out) => {
  if (a!.ndim !== 3) throw new ShapeError('batch1 must be a 3D tensor');
  if (b!.ndim !== 3) throw new ShapeError('batch2 must be a 3D tensor');
  checkBmmShapes(a!, b!);
  const shape = [a!.shape[0]!, a!.shape[1]!, b!.shape[2]!];
  if (a!.dtype === 'bool' && numel(shape) > 0 && a!.shape[2]! > 0) throw notForBool('bmm');
  return product(a!, b!, shape, out);
});

/** torch.mm: [n, m] @ [m, p] -> [n, p], no broadcasting, equal dtypes. */
function mmOf(input: Tensor, mat2: Tensor): Tensor {
  return mmOp.call([input, mat2], {});
}

/** torch.bmm: [b, n, m] @ [b, m, p] -> [b, n, p], equal batch sizes, equal dtypes. */
function bmmOf(input: Tensor, mat2: Tensor): Tensor {
  return bmmOp.call([input, mat2], {});
}

// ---------------------------------------------------------------------------------------------
// Vector forms.

/** torch.dot: the inner product of two 1-d tensors of one dtype, as a 0-dim tensor. */
function dotOf(input: Tensor, other: Tensor): Tensor {
  if (input.ndim !== 1 || other.ndim !== 1) {
    throw new ShapeError(`1D tensors expected, but got ${input.ndim}D and ${other.ndim}D tensors`);
  }
  if (input.dtype !== other.dtype) {
    throw new DTypeError(
      `dot : expected both vectors to have same dtype, but found ${scalarName(input.dtype)} and ${scalarName(other.dtype)}`,
    );
  }
  const n = input.shape[0]!;
  if (other.shape[0] !== n) {
    throw new ShapeError(
      `inconsistent tensor size, expected tensor [${n}] and src [${other.shape[0]}] to have the same number of elements, but got ${n} and ${other.shape[0]} elements respectively`,
    );
  }
  if (input.dtype === 'bool') throw notForBool('dot');
  return views.view(mmOf(views.unsqueeze(input, 0), views.unsqueeze(other, 1)), []);
}

/** torch.mv: [n, m] @ [m] -> [n]. */
function mvOf(input: Tensor, vec: Tensor): Tensor {
  if (input.ndim !== 2 || vec.ndim !== 1) {
    throw new ShapeError(`vector + matrix @ vector expected, got 1, ${input.ndim}, ${vec.ndim}`);
  }
  const [n, m] = input.shape as [number, number];
  if (vec.shape[0] !== m) throw new ShapeError(`size mismatch, got input (${n}), mat (${n}x${m}), vec (${vec.shape[0]})`);
  if (input.dtype !== vec.dtype) {
    // PyTorch names the result (created with vec's dtype) first, then mat and vec.
    const v = scalarName(vec.dtype);
    throw new DTypeError(`addmv input tensors must have the same dtype, but got ${v}, ${scalarName(input.dtype)}, and ${v}`);
  }
  if (input.dtype === 'bool' && n > 0 && m > 0) throw notForBool('addmv_impl_cpu');
  return views.squeeze(mmOf(input, views.unsqueeze(vec, 1)), 1);
}

/** torch.outer: a[i] * b[j], with type promotion (it is an elementwise product). */
function outerOf(input: Tensor, vec2: Tensor): Tensor {
  if (input.ndim !== 1) throw new ShapeError(`outer: Expected 1-D argument self, but got ${input.ndim}-D`);
  if (vec2.ndim !== 1) throw new ShapeError(`outer: Expected 1-D argument vec2, but got ${vec2.ndim}-D`);
  return ew.mul(views.unsqueeze(input, 1), vec2);
}

// ---------------------------------------------------------------------------------------------
// matmul: torch.matmul's rank rules over mm and bmm.

/**
 * Whether a >=3-d by <=2-d product can fold the big operand's batch dims into matrix rows and
 * run as one mm/mv without copying (PyTorch's should_fold). When b is the big one it is folded
 * transposed, which only works without a copy in rare layouts; a 2-d `a` never folds that way.
 */
function shouldFold(a: Tensor, b: Tensor): boolean {
  const aBig = a.ndim >= b.ndim;
  const big = aBig ? a : views.transpose(b, -1, -2);
  const smallDims = aBig ? b.ndim : a.ndim;
  if (big.ndim < 3 || smallDims > 2) return false;
  if (a.ndim === 2) return false;
  if (big.numel() === 0) return true;
  for (let i = 0; i < big.ndim - 2; i++) {
    if (big.strides[i] !== big.strides[i + 1]! * big.shape[i + 1]!) return false;
  }
  return true;
}

/** torch.matmul: dot, mv, mm, or a broadcast batched product, by the ranks of a and b. */
function matmulOf(input: Tensor, other: Tensor): Tensor {
  const da = input.ndim;
  const db = other.ndim;
  if (da === 0 || db === 0) {
    throw new ShapeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return dotOf(input, other);
  if (da === 2 && db === 1) return mvOf(input, other);
  if (da === 1 && db === 2) return views.squeeze(mmOf(views.unsqueeze(input, 0), other), 0);
  if (da === 2 && db === 2) return mmOf(input, other);
  if (shouldFold(input, other)) return folded(input, other);
  return batched(input, other);
}

/** A >=3-d operand's leading dims folded into rows: one mm (or mv), then a view back. */
function folded(input: Tensor, other: Tensor): Tensor {
  const transposed = other.ndim > input.ndim;
  // With the big operand second, (a @ B) = (B^T @ a) for 1-d a: fold B^T.
  const big = transposed ? views.transpose(other, -1, -2) : input;
  const small = transposed ? input : other;
  const k = big.shape[big.ndim - 1]!;
  const shape = big.shape.slice(0, -1);
  const rows = views.reshape(big, [numel(shape), k]);
  if (small.ndim === 2) {
    shape.push(small.shape[1]!);
    return views.view(mmOf(rows, small), shape);
  }
  return views.view(mvOf(rows, small), shape);
}

/** The general case: batch dims broadcast, operands expanded and flattened to 3-d, one bmm. */
function batched(input: Tensor, other: Tensor): Tensor {
  const da = input.ndim;
  const db = other.ndim;
  const n = da > 1 ? input.shape[da - 2]! : 1;
  const m1 = input.shape[da - 1]!;
  const m2 = db > 1 ? other.shape[db - 2]! : other.shape[0]!;
  const p = db > 1 ? other.shape[db - 1]! : 1;
  const batch = broadcastShapes(input.shape.slice(0, Math.max(da - 2, 0)), other.shape.slice(0, Math.max(db - 2, 0)));
  const b = numel(batch);
  const a3 = views.reshape(views.expand(da === 1 ? views.unsqueeze(input, 0) : input, [...batch, n, m1]), [b, n, m1]);
  const b3 = views.reshape(views.expand(db === 1 ? views.unsqueeze(other, 1) : other, [...batch, m2, p]), [b, m2, p]);
  const shape = [...batch];
  if (da > 1) shape.push(n);
  if (db > 1) shape.push(p);
  return views.view(bmmOf(a3, b3), shape);
}

// ---------------------------------------------------------------------------------------------
// addmm, baddbmm, linear.

/** beta and alpha as the kernel uses them: truncated to integers for integer dtypes (not for float or complex). */
function coefficient(v: Scalar, dtype: DType): number {
  const x = Number(v);
  return isFloating(dtype) || isComplex(dtype) ? x : Math.trunc(x);
}

/**
 * beta * input + alpha * prod(), where input was already checked to expand to `shape` and the
 * product's operands to be valid. `kernel` names the op in PyTorch's bool error.
 */
function scaledSum(input: Tensor, shape: number[], k: number, opts: BetaAlpha, prod: () => Tensor, kernel: string): Tensor {
  const beta = opts.beta ?? 1;
  const alpha = opts.alpha ?? 1;
  const dtype = input.dtype;
  const expanded = views.expand(input, shape);
  if (numel(shape) === 0) return empty(shape, dtype, input.device);
  if (k === 0) {
    // No products: PyTorch copies input and multiplies the copy in place by beta (or zero-fills
    // when beta is 0), so beta must be castable to input's dtype even when it is 1: bool input
    // with the default beta raises "result type Long can't be cast to ... Bool".
    if (Number(beta) === 0) return empty(shape, dtype, input.device);
    return ew.binaryInplace('mul', views.clone(expanded), beta);
  }
  if (dtype === 'bool') throw notForBool(kernel);
  const b = coefficient(beta, dtype);
  const a = coefficient(alpha, dtype);
  // NOTE: a zero coefficient drops its term entirely, so NaN or inf there does not propagate
  // (0 * NaN would), as PyTorch documents for beta and its BLAS path does for alpha.
  if (a === 0) return b === 0 ? empty(shape, dtype, input.device) : ew.mul(expanded, b);
  const p = a === 1 ? prod() : ew.mul(prod(), a);
  if (b === 0) return p;
  return ew.add(b === 1 ? expanded : ew.mul(expanded, b), p);
}

/** torch.addmm: beta * input + alpha * (mat1 @ mat2), input broadcast to the product's shape. */
function addmmOf(input: Tensor, mat1: Tensor, mat2: Tensor, opts: BetaAlpha = {}): Tensor {
  if (mat1.ndim !== 2) throw new ShapeError(`mat1 must be a matrix, got ${mat1.ndim}-D tensor`);
  if (mat2.ndim !== 2) throw new ShapeError(`mat2 must be a matrix, got ${mat2.ndim}-D tensor`);
  if (input.dtype !== mat2.dtype) {
    throw new DTypeError(`self and mat2 must have the same dtype, but got ${scalarName(input.dtype)} and ${scalarName(mat2.dtype)}`);
  }
  if (mat1.dtype !== mat2.dtype) {
    throw new DTypeError(`mat1 and mat2 must have the same dtype, but got ${scalarName(mat1.dtype)} and ${scalarName(mat2.dtype)}`);
  }
  checkMmShapes(mat1, mat2);
  const shape = [mat1.shape[0]!, mat2.shape[1]!];
  return scaledSum(input, shape, mat1.shape[1]!, opts, () => mmOf(mat1, mat2), 'addmm_impl_cpu_');
}

/** torch.baddbmm: beta * input + alpha * (batch1 @ batch2), input broadcast to [b, n, p]. */
function baddbmmOf(input: Tensor, batch1: Tensor, batch2: Tensor, opts: BetaAlpha = {}): Tensor {
  // PyTorch sizes the result before checking ranks, so a 2-d batch raises the size() IndexError.
  const shape = [batch1.size(0), batch1.size(1), batch2.size(2)];
  views.expand(input, shape);
  if (batch1.ndim !== 3) throw new ShapeError('batch1 must be a 3D tensor');
  if (batch2.ndim !== 3) throw new ShapeError('batch2 must be a 3D tensor');
  if (input.dtype !== batch1.dtype) {
    throw new DTypeError(
      `Input dtypes must be the same, got: input ${cppName[input.dtype]}, batch1: ${cppName[batch1.dtype]}, batch2: ${cppName[batch2.dtype]}`,
    );
  }
  checkBmmShapes(batch1, batch2);
  return scaledSum(input, shape, batch1.shape[2]!, opts, () => bmmOf(batch1, batch2), 'baddbmm');
}

/**
 * F.linear: input @ weight.T + bias. Like PyTorch, a 2-d input (or a contiguous input flattened to
 * 2-d, when bias is vector-like) goes through addmm; otherwise matmul and an in-place add of bias,
 * so bias keeps the output's dtype. The paths differ only in which errors bad shapes or dtypes
 * raise, and those are PyTorch's.
 */
function linearOf(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (input.ndim === 0 || weight.ndim === 0) {
    throw new ShapeError(`both arguments to linear need to be at least 1D, but they are ${input.ndim}D and ${weight.ndim}D`);
  }
  const wt = views.tView(weight);
  if (bias && input.ndim === 2) return addmmOf(bias, input, wt);
  if (bias && vectorLike(bias) && input.is_contiguous()) {
    const lead = input.shape.slice(0, -1);
    const rows = views.reshape(input, [numel(lead), input.shape[input.ndim - 1]!]);
    const out = addmmOf(bias, rows, wt);
    return views.view(out, [...lead, out.shape[1]!]);
  }
  const out = matmulOf(input, wt);
  return bias ? ew.binaryInplace('add', out, bias) : out;
}

/**
 * Which biases PyTorch 2.13's linear sends down the flattened addmm path, found by probing it:
 * any 1-d bias, or one with exactly one dim of size other than 1 ([1, 4] and [4, 1, 1] do;
 * [], [1, 1] and [2, 2] do not).
 */
function vectorLike(bias: Tensor): boolean {
  return bias.ndim === 1 || bias.shape.filter((s) => s !== 1).length === 1;
}

// ---------------------------------------------------------------------------------------------
// The public functions and methods: PyTorch's signatures, bound by the shared binder.

type Binary<P extends string, Q extends string> = (
  ...args: PyArgs<[input: Tensor, other: Tensor], { [K in P | Q]?: Tensor }>
) => Tensor;

/** torch.matmul(input, other): dot, mv, mm, or a broadcast batched product, by the ranks of the two. */
export const matmul = defineFunction<Binary<'input', 'other'>>(
  'matmul', 'matmul(Tensor input, Tensor other)', ({ input, other }) => matmulOf(input, other), { method: true },
);

/** torch.mv(input, vec): [n, m] @ [m] -> [n]. */
export const mv = defineFunction<Binary<'input', 'vec'>>(
  'mv', 'mv(Tensor input, Tensor vec)', ({ input, vec }) => mvOf(input, vec), { method: true },
);

/** torch.dot(input, tensor): the inner product of two 1-d tensors of one dtype, as a 0-dim tensor. */
export const dot = defineFunction<Binary<'input', 'tensor'>>(
  'dot', 'dot(Tensor input, Tensor tensor)', ({ input, tensor }) => dotOf(input, tensor), { method: true },
);

/** torch.outer(input, vec2): a[i] * b[j], with type promotion (it is an elementwise product). */
export const outer = defineFunction<Binary<'input', 'vec2'>>(
  'outer', 'outer(Tensor input, Tensor vec2)', ({ input, vec2 }) => outerOf(input, vec2), { method: true },
);

/** torch.ger: outer's old name. */
export const ger = defineFunction<Binary<'input', 'vec2'>>(
  'ger', 'ger(Tensor input, Tensor vec2)', ({ input, vec2 }) => outerOf(input, vec2), { method: true },
);

/**
 * PyTorch's out_dtype overloads (mm, bmm, addmm, baddbmm with a result dtype) bind, and fail as
 * PyTorch 2.13 fails on the CPU: it has no CPU kernel for them (they are for CUDA).
 */
function noCpuKernel(op: string): DTypeError {
  const message = `Could not run 'aten::${op}.dtype' with arguments from the 'CPU' backend.`;
  return new DTypeError(message, 'NotImplementedError');
}

// PyTorch's parser also takes the old positional forms addmm(beta, input, alpha, mat1, mat2) and
// addmm(beta, input, mat1, mat2) (and the same for baddbmm and the methods), deprecated: tried
// after the others and never named in messages. They bind to the same names (alpha 1 when absent).
const deprecatedReason =
  "also takes PyTorch's deprecated positional forms (beta, input, alpha, mat1, mat2) and (beta, input, mat1, mat2), " +
  "hidden from messages as PyTorch's parser hides them; its type stubs call their input 'self' (torch.*) or leave them out (methods)";
const deprecatedForms = (name: string, a: string, b: string, method: boolean): string[] => [
  method ? `${name}(Tensor input, Scalar beta, Scalar alpha, Tensor ${a}, Tensor ${b})|deprecated` : `${name}(Scalar beta, Tensor input, Scalar alpha, Tensor ${a}, Tensor ${b})|deprecated`,
  method ? `${name}(Tensor input, Scalar beta, Tensor ${a}, Tensor ${b})|deprecated` : `${name}(Scalar beta, Tensor input, Tensor ${a}, Tensor ${b})|deprecated`,
];

// NOTE: PyTorch's Tensor methods mm, bmm, addmm and baddbmm have no out_dtype overload, so each is
// declared apart from its torch.* function.
const methodSignatures = {
  mm: defineMethod('mm', 'mm(Tensor input, Tensor mat2)'),
  bmm: defineMethod('bmm', 'bmm(Tensor input, Tensor mat2)'),
  addmm: defineMethod('addmm', [
    'addmm(Tensor input, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)', ...deprecatedForms('addmm', 'mat1', 'mat2', true),
  ], { differs: deprecatedReason }),
  addmm_: defineMethod('addmm_', [
    'addmm_(Tensor input, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)', ...deprecatedForms('addmm_', 'mat1', 'mat2', true),
  ], { differs: deprecatedReason }),
  baddbmm: defineMethod('baddbmm', [
    'baddbmm(Tensor input, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
    ...deprecatedForms('baddbmm', 'batch1', 'batch2', true),
  ], { differs: deprecatedReason }),
  baddbmm_: defineMethod('baddbmm_', [
    'baddbmm_(Tensor input, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
    ...deprecatedForms('baddbmm_', 'batch1', 'batch2', true),
  ], { differs: deprecatedReason }),
};

/** torch.mm(input, mat2): [n, m] @ [m, p] -> [n, p], no broadcasting, equal dtypes. */
export const mm = defineFunction<Binary<'input', 'mat2'>>(
  'mm',
  ['mm(Tensor input, Tensor mat2)', 'mm(Tensor input, Tensor mat2, ScalarType out_dtype)'],
  ({ input, mat2, out_dtype }) => {
    if (out_dtype !== undefined) throw noCpuKernel('mm');
    return mmOf(input, mat2);
  },
);

/** torch.bmm(input, mat2): [b, n, m] @ [b, m, p] -> [b, n, p], equal batch sizes, equal dtypes. */
export const bmm = defineFunction<Binary<'input', 'mat2'>>(
  'bmm',
  ['bmm(Tensor input, Tensor mat2)', 'bmm(Tensor input, Tensor mat2, ScalarType out_dtype)'],
  ({ input, mat2, out_dtype }) => {
    if (out_dtype !== undefined) throw noCpuKernel('bmm');
    return bmmOf(input, mat2);
  },
);

export interface AddmmOptions extends BetaAlpha {
  input?: Tensor;
  mat1?: Tensor;
  mat2?: Tensor;
}
export interface BaddbmmOptions extends BetaAlpha {
  input?: Tensor;
  batch1?: Tensor;
  batch2?: Tensor;
}
type AddmmFn = (...args: PyArgs<[input: Tensor, mat1: Tensor, mat2: Tensor], AddmmOptions>) => Tensor;
type BaddbmmFn = (...args: PyArgs<[input: Tensor, batch1: Tensor, batch2: Tensor], BaddbmmOptions>) => Tensor;

/** torch.addmm(input, mat1, mat2, *, beta=1, alpha=1): beta * input + alpha * (mat1 @ mat2), input broadcast. */
export const addmm = defineFunction<AddmmFn>(
  'addmm',
  [
    'addmm(Tensor input, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)',
    'addmm(Tensor input, Tensor mat1, Tensor mat2, ScalarType out_dtype, *, Scalar beta=1, Scalar alpha=1)',
    ...deprecatedForms('addmm', 'mat1', 'mat2', false),
  ],
  ({ input, mat1, mat2, out_dtype, beta, alpha }) => {
    if (out_dtype !== undefined) throw noCpuKernel('addmm');
    return addmmOf(input, mat1, mat2, { beta, alpha: alpha ?? 1 });
  },
  { differs: deprecatedReason },
);

/** torch.baddbmm(input, batch1, batch2, *, beta=1, alpha=1): beta * input + alpha * (batch1 @ batch2). */
export const baddbmm = defineFunction<BaddbmmFn>(
  'baddbmm',
  [
    'baddbmm(Tensor input, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
    'baddbmm(Tensor input, Tensor batch1, Tensor batch2, ScalarType out_dtype, *, Scalar beta=1, Scalar alpha=1)',
    ...deprecatedForms('baddbmm', 'batch1', 'batch2', false),
  ],
  ({ input, batch1, batch2, out_dtype, beta, alpha }) => {
    if (out_dtype !== undefined) throw noCpuKernel('baddbmm');
    return baddbmmOf(input, batch1, batch2, { beta, alpha: alpha ?? 1 });
  },
  { differs: deprecatedReason },
);

/**
 * An in-place product (addmm_, baddbmm_): the result must have self's shape, as PyTorch checks
 * after validating the operands; then it is copied into self (so autograd sees a copy_ of a
 * composite that read self's old value).
 */
function intoSelf(self: Tensor, result: Tensor): Tensor {
  if (result.shape.length !== self.shape.length || result.shape.some((s, i) => s !== self.shape[i])) {
    const sizes = `input tensor size ${formatShape(self.shape)} and output tensor size ${formatShape(result.shape)}`;
    throw new ShapeError(`Bad in-place call: ${sizes} should match`);
  }
  return self.copy_(result);
}

const addmmBound = ({ input, mat1, mat2, beta, alpha }: Bound) => addmmOf(input, mat1, mat2, { beta, alpha: alpha ?? 1 });
const baddbmmBound = ({ input, batch1, batch2, beta, alpha }: Bound) =>
  baddbmmOf(input, batch1, batch2, { beta, alpha: alpha ?? 1 });

/** The Tensor methods of this file whose signatures differ from their torch.* functions' (tensor.ts calls these). */
export const productMethods = {
  mm: (self: Tensor, args: readonly unknown[]) => {
    const { input, mat2 } = methodSignatures.mm.bind(args, self);
    return mmOf(input, mat2);
  },
  bmm: (self: Tensor, args: readonly unknown[]) => {
    const { input, mat2 } = methodSignatures.bmm.bind(args, self);
    return bmmOf(input, mat2);
  },
  addmm: (self: Tensor, args: readonly unknown[]) => addmmBound(methodSignatures.addmm.bind(args, self)),
  baddbmm: (self: Tensor, args: readonly unknown[]) => baddbmmBound(methodSignatures.baddbmm.bind(args, self)),
  addmm_: (self: Tensor, args: readonly unknown[]) =>
    intoSelf(self, addmmBound(methodSignatures.addmm_.bind(args, self))),
  baddbmm_: (self: Tensor, args: readonly unknown[]) =>
    intoSelf(self, baddbmmBound(methodSignatures.baddbmm_.bind(args, self))),
};

export interface LinearOptions {
  input?: Tensor;
  weight?: Tensor;
  bias?: Tensor | null;
}
type LinearFn = (...args: PyArgs<[input: Tensor, weight: Tensor, bias?: Tensor | null], LinearOptions>) => Tensor;

/** F.linear(input, weight, bias=None): input @ weight.T + bias (also torch.linear, which PyTorch keeps private). */
export const linear = defineFunction<LinearFn>(
  'linear',
  'linear(Tensor input, Tensor weight, Tensor? bias=None)',
  ({ input, weight, bias }) => linearOf(input, weight, bias),
  { namespace: 'nn.functional' },
);
