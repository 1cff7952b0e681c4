import { type TorchDevice, readDevice } from './device.js';
import { type DType, dtypes, get_default_dtype, legacyConstructorName } from './dtype.js';
import { DTypeError, ValueError } from './errors.js';
import { cTypeNames } from './ops/elementwise.js';
import { empty } from './ops/helpers.js';
import { makeTensor } from './ops/creation.js';
import { isPlainObject, pyTypeName } from './signature/arg-types.js';
import type { Signatures } from './signature/bind.js';
import { declare } from './signature/declare.js';
import { Storage } from './storage.js';
import { Tensor as TensorClass } from './tensor.js';

// PyTorch's legacy constructors: torch.Tensor(...) (the default dtype) and torch.FloatTensor,
// torch.LongTensor, ... (a fixed dtype), each callable with data (a nested list), with sizes
// (torch.Tensor(2, 3)), with another tensor (an alias of it), or with nothing (an empty tensor).

type Int = number | bigint | TensorClass;
interface DeviceOption {
  device?: string | TorchDevice | null;
  size?: readonly Int[];
  other?: TensorClass;
}
/** The call forms of a legacy constructor: data, sizes, another tensor, or nothing. */
export type LegacyArgs =
  | []
  | [options: DeviceOption]
  | [...size: Int[]]
  | [...size: Int[], options: DeviceOption]
  | [data: readonly unknown[], options?: DeviceOption]
  | [other: TensorClass];

// PyTorch's parser's forms (legacy_tensor_generic_ctor_new), in its order.
const TEXTS = [
  'new(*, DeviceLike? device=None)',
  'new(Tensor other)',
  'new(int[] size, *, DeviceLike? device=None)',
  'new(Value data, *, DeviceLike? device=None)',
];
const FORMS =
  "its parser's forms (new(*, device), new(Tensor other), new(int[] size, *, device), new(object data, *, device)); " +
  "new(storage) is left out: wick's Storage is its internal buffer, not PyTorch's typed storage object";

/** PyTorch's C++ spelling of a tensor's options, in the legacy constructors' dtype message. */
const optionsText = (dtype: DType) =>
  `TensorOptions(dtype=${cTypeNames[dtype]}, device=cpu, layout=Strided, requires_grad=false (default), ` +
  'pinned_memory=false (default), memory_format=(nullopt))';

/**
 * One legacy construction (PyTorch's legacy_tensor_generic_ctor_new): `dtype` null for
 * torch.Tensor, which takes another tensor of any dtype; a typed constructor requires its own.
 */
function construct(sig: Signatures, args: readonly unknown[], dtype: DType | null): TensorClass {
  const a = sig.bind(args);
  const target = dtype ?? get_default_dtype();
  if ('other' in a) {
    const other = a.other as TensorClass;
    if (dtype !== null && other.dtype !== dtype) {
      throw new DTypeError(`expected ${optionsText(dtype)} (got ${optionsText(other.dtype)})`, 'TypeError');
    }
    return TensorClass.view(other, other.shape, other.strides, other.offset);
  }
  const device = readDevice(a.device ?? null);
  if (device !== null && device !== 'cpu') {
    throw new ValueError(`legacy constructor expects device type: cpu but device type: ${device} was passed`);
  }
  // The positional arguments: trailing undefineds are omitted ones, a trailing plain object is options.
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  if (n > 0 && isPlainObject(args[n - 1])) n--;
  // NOTE: one list given positionally is data, not sizes (PyTorch's new(sequence) rule).
  const sequence = n === 1 && Array.isArray(args[0]);
  if ('size' in a && !sequence) {
    const size = a.size as number[];
    const bad = size.find((s) => s < 0);
    if (bad !== undefined) throw new ValueError(`Trying to create tensor with negative dimension ${bad}: [${size.join(', ')}]`);
    return empty(size, target);
  }
  if (!('size' in a) && !('data' in a)) return empty([0], target);
  const data = sequence ? args[0] : a.data;
  if (!Array.isArray(data)) {
    if (typeof data === 'string') throw new DTypeError("new(): invalid data type 'str'", 'TypeError');
    throw new DTypeError(`new(): data must be a sequence (got ${pyTypeName(data)})`, 'TypeError');
  }
  return makeTensor(data, target, 'cpu', false);
}

export interface LegacyConstructor {
  (...args: LegacyArgs): TensorClass;
  new (...args: LegacyArgs): TensorClass;
  /** The dtype its tensors have. */
  readonly dtype: DType;
}

/** torch.FloatTensor and friends: `x instanceof torch.FloatTensor` is x's dtype being float32, as in PyTorch. */
function typedConstructor(dtype: DType): LegacyConstructor {
  const name = legacyConstructorName(dtype);
  const sig = declare(`torch.${name}`, TEXTS, {
    differs: `PyTorch's legacy torch.${name} is a C class whose signature its stubs do not record; these are ${FORMS}`,
  });
  const ctor = function (...args: LegacyArgs): TensorClass {
    return construct(sig, args, dtype);
  };
  Object.defineProperties(ctor, {
    name: { value: name },
    dtype: { value: dtype },
    [Symbol.hasInstance]: { value: (x: unknown) => x instanceof TensorClass && x.dtype === dtype },
  });
  return ctor as LegacyConstructor;
}

const constructors = Object.fromEntries(dtypes.map((d) => [d, typedConstructor(d)])) as Record<DType, LegacyConstructor>;
export const FloatTensor = constructors.float32;
export const DoubleTensor = constructors.float64;
export const HalfTensor = constructors.float16;
export const BFloat16Tensor = constructors.bfloat16;
export const LongTensor = constructors.int64;
export const IntTensor = constructors.int32;
export const ShortTensor = constructors.int16;
export const CharTensor = constructors.int8;
export const ByteTensor = constructors.uint8;
export const BoolTensor = constructors.bool;

const tensorInit = declare('Tensor.__init__', TEXTS, { differs: `PyTorch's stub writes (*args, device); these are ${FORMS}` });

/** The Tensor class as users reach it: also PyTorch's legacy constructor, with or without `new`. */
export type TensorConstructor = typeof TensorClass & {
  (...args: LegacyArgs): TensorClass;
  new (...args: LegacyArgs): TensorClass;
};

/**
 * torch.Tensor: the Tensor class (instanceof, subclassing, the internal new Tensor(storage, shape,
 * strides, offset, base)) that is also PyTorch's legacy constructor: torch.Tensor([1, 2]),
 * torch.Tensor(2, 3), torch.Tensor() give float tensors of the default dtype.
 */
export const Tensor = new Proxy(TensorClass, {
  apply: (_target, _this, args: unknown[]) => construct(tensorInit, args, null),
  construct: (target, args: unknown[], newTarget) => {
    if (args[0] instanceof Storage && args.length >= 4) return Reflect.construct(target, args, newTarget);
    const t = construct(tensorInit, args, null);
    return Reflect.construct(target, [t.storage, t.shape, t.strides, t.offset, t._base], newTarget);
  },
}) as TensorConstructor;
/** A tensor (the instance type of torch.Tensor). */
export type Tensor = TensorClass;
