import { type DType, complexOf, componentDType, isComplex, scalarName } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { defineFunction } from '../signature/declare.js';
import type { PyArgs } from '../signature/py-args.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { fromParts } from './complex-math.js';
import { part } from './complex-parts.js';
import { binary, unary } from './elementwise.js';
import { defineOp } from './table.js';

// The complex functions: real/imag and view_as_real/view_as_complex (views of the same memory),
// conj (a copy: wick has no lazy conjugate bit, so is_conj() is always false), angle,
// torch.complex and torch.polar.

export type InputFn<R> = (...args: PyArgs<[input: Tensor], { input?: Tensor }>) => R;
type PairFn = (...args: PyArgs<[a: Tensor, b: Tensor], Record<string, Tensor | undefined>>) => Tensor;

/** t.real / torch.real(t): the real parts as a view (a real tensor is its own real part). */
export function realOf(t: Tensor): Tensor {
  return isComplex(t.dtype) ? part(t, 0) : t;
}

/** t.imag / torch.imag(t): the imaginary parts as a view. */
export function imagOf(t: Tensor): Tensor {
  if (!isComplex(t.dtype)) throw new DTypeError('imag is not implemented for tensors with non-complex dtypes.');
  return part(t, 1);
}

export const real = defineFunction<InputFn<Tensor>>('real', 'real(Tensor input)', (a) => realOf(a.input));
export const imag = defineFunction<InputFn<Tensor>>('imag', 'imag(Tensor input)', (a) => imagOf(a.input));

/** torch.view_as_real: a complex tensor as a real one with a last dim of 2, sharing its memory. */
export const view_as_real = defineFunction<InputFn<Tensor>>('view_as_real', 'view_as_real(Tensor input)', (a) => {
  const t = a.input as Tensor;
  if (!isComplex(t.dtype)) throw new DTypeError('view_as_real is only supported for complex tensors');
  const storage = Storage.cpu(componentDType(t.dtype), t.storage.data!);
  return new Tensor(storage, [...t.shape, 2], [...t.strides.map((s) => 2 * s), 1], 2 * t.offset);
});

/** torch.view_as_complex: a float tensor whose last dim is (real, imaginary) as a complex view. */
export const view_as_complex = defineFunction<InputFn<Tensor>>('view_as_complex', 'view_as_complex(Tensor input)', (a) => {
  const t = a.input as Tensor;
  const dtype = complexOf(t.dtype);
  if (t.dtype === 'float16') throw new DTypeError('view_as_complex of a float16 tensor gives complex32, which wick does not have', 'NotImplementedError');
  if (dtype === null) {
    throw new DTypeError(`view_as_complex is only supported for half, float and double tensors, but got a tensor of scalar type: ${scalarName(t.dtype)}`);
  }
  if (t.ndim === 0) throw new ShapeError('Input tensor must have one or more dimensions');
  if (t.shape[t.ndim - 1] !== 2) throw new ShapeError('Tensor must have a last dimension of size 2');
  if (t.strides[t.ndim - 1] !== 1) throw new ShapeError('Tensor must have a last dimension with stride 1');
  if (t.strides.slice(0, -1).some((s) => s % 2 !== 0)) throw new ShapeError('Tensor must have a stride divisible by 2 for all but last dimension');
  if (t.offset % 2 !== 0) throw new ShapeError('Tensor must have a storage_offset divisible by 2');
  const storage = Storage.cpu(dtype, t.storage.data!);
  return new Tensor(storage, t.shape.slice(0, -1), t.strides.slice(0, -1).map((s) => s / 2), t.offset / 2);
});

const conjOp = defineOp<object>('conj', ([x]) => fromParts(part(x!, 0), unary('neg', part(x!, 1)), x!.dtype));

/**
 * torch.conj: the complex conjugate as a new tensor with the imaginary parts negated (PyTorch's is
 * a lazy view: writes to wick's do not reach the input); a real tensor itself.
 */
export const conj = defineFunction<InputFn<Tensor>>(
  'conj', 'conj(Tensor input)', (a) => (isComplex(a.input.dtype) ? conjOp.call([a.input], {}) : a.input), { method: true },
);
/** torch.resolve_conj: wick's conj is already resolved, so the input itself. */
export const resolve_conj = defineFunction<InputFn<Tensor>>('resolve_conj', 'resolve_conj(Tensor input)', (a) => a.input, { method: true });
/** torch.is_conj: always false, as wick's conj is never lazy. */
export const is_conj = defineFunction<InputFn<boolean>>('is_conj', 'is_conj(Tensor input)', () => false, { method: true });
/** torch.is_complex. */
export const is_complex = defineFunction<InputFn<boolean>>('is_complex', 'is_complex(Tensor input)', (a) => isComplex(a.input.dtype), { method: true });

const angleOp = defineOp<object>('angle', ([x]) => binary('atan2', part(x!, 1), part(x!, 0)));

/** torch.angle of a complex tensor: atan2(imag, real), in the component dtype. */
export const angle = defineFunction<InputFn<Tensor>>('angle', 'angle(Tensor input)', (a) => {
  const t = a.input as Tensor;
  if (!isComplex(t.dtype)) throw new DTypeError(`wick implements angle for complex tensors only, not ${scalarName(t.dtype)}`, 'NotImplementedError');
  return angleOp.call([t], {});
}, { method: true });

/** The float dtype torch.complex and torch.polar take both parts in (PyTorch's checks and messages). */
function checkParts(a: Tensor, b: Tensor): DType {
  const ok = (d: DType) => d === 'float32' || d === 'float64';
  if (!ok(a.dtype) || !ok(b.dtype)) {
    throw new DTypeError(`Expected both inputs to be Half, Float or Double tensors but got ${scalarName(a.dtype)} and ${scalarName(b.dtype)}`);
  }
  if (a.dtype !== b.dtype) {
    throw new DTypeError(`Expected object of scalar type ${scalarName(a.dtype)} but got scalar type ${scalarName(b.dtype)} for second argument`);
  }
  broadcastShapes(a.shape, b.shape);
  return complexOf(a.dtype)!;
}

/** torch.complex(real, imag): a new complex tensor from two float tensors of one dtype. */
export const complex = defineFunction<PairFn>('complex', 'complex(Tensor real, Tensor imag)', (a) => {
  const dtype = checkParts(a.real, a.imag);
  return fromParts(a.real, a.imag, dtype);
});

/** torch.polar(abs, angle): abs * (cos(angle) + i sin(angle)), each part rounded in the float dtype. */
export const polar = defineFunction<PairFn>('polar', 'polar(Tensor abs, Tensor angle)', (a) => {
  const dtype = checkParts(a.abs, a.angle);
  return fromParts(binary('mul', a.abs, unary('cos', a.angle)), binary('mul', a.abs, unary('sin', a.angle)), dtype);
});
