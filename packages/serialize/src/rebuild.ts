// What the allowlisted torch globals build: tensors from ('storage', ...) persistent ids and the
// _rebuild_* functions, parameters, and the refusals for allowlisted kinds wick cannot represent
// (quantized, sparse, nested, meta tensors).

import { type Storage, Tensor } from '@wick/tensor';
import { STORAGE_CLASS_DTYPE, elementSize, planFor } from './dtypes.js';
import { CheckpointError, UnpicklingError } from './errors.js';
import type { PickleHooks } from './pickle/unpickler.js';
import { PyGlobal, isTuple } from './pickle/values.js';

/** A storage named by a persistent id: which record, which dtype (null: untyped bytes), how big. */
export interface StorageRef {
  readonly key: string;
  readonly dtype: string | null;
  readonly numel: number;
  readonly location: string;
}

/** Gives the Storage for a ref seen as `dtype` (one Storage per ref and dtype: shared after load). */
export type StorageResolver = (ref: StorageRef, dtype: string, numel: number) => Storage;

const parameters = new WeakSet<Tensor>();

/** Whether a loaded tensor was saved as an nn.Parameter (or a tensor is to be saved as one). */
export function isParameter(t: Tensor): boolean {
  return parameters.has(t);
}

/** Marks a tensor so that torch.save writes it as an nn.Parameter. */
export function markParameter(t: Tensor): Tensor {
  parameters.add(t);
  return t;
}

function intList(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isSafeInteger(x) && x >= 0)) {
    throw new UnpicklingError(`${what} must be a tuple of non-negative ints`);
  }
  return v as number[];
}

/** PyTorch's bounds check of a view over its storage (checkInBoundsForStorage). */
function checkBounds(shape: number[], strides: number[], offset: number, storage: Storage, itemsizeBytes: number): void {
  if (shape.length !== strides.length) {
    throw new CheckpointError(`mismatch in length of strides and shape: ${strides.length} != ${shape.length}`);
  }
  let numel = 1;
  let last = offset;
  for (let i = 0; i < shape.length; i++) {
    numel *= shape[i]!;
    last += (shape[i]! - 1) * strides[i]!;
  }
  if (!Number.isSafeInteger(numel) || !Number.isSafeInteger(last)) throw new CheckpointError(`tensor size [${shape.join(', ')}] is too large`);
  if (numel === 0) return;
  const needed = (last + 1) * itemsizeBytes;
  if (last + 1 > storage.length) {
    throw new CheckpointError(
      `setStorage: sizes [${shape.join(', ')}], strides [${strides.join(', ')}], storage offset ${offset}, and itemsize ` +
        `${itemsizeBytes} requiring a storage size of ${needed} are out of bounds for storage of size ${storage.length * itemsizeBytes}`,
    );
  }
}

/** Hooks for the pickle machine that build wick tensors. With `dry`, tensors are placeholders. */
export function torchHooks(resolve: StorageResolver, dry = false): PickleHooks & { refs: StorageRef[] } {
  const refs: StorageRef[] = [];
  const placeholder = Object.freeze({});

  const tensor = (storageRef: unknown, offset: unknown, size: unknown, stride: unknown, requiresGrad: unknown, dtypeArg?: unknown): unknown => {
    if (!(typeof storageRef === 'object' && storageRef !== null && 'key' in storageRef)) {
      throw new UnpicklingError('a tensor must be rebuilt from a storage persistent id');
    }
    const ref = storageRef as StorageRef;
    const shape = intList(size, 'size');
    const strides = intList(stride, 'stride');
    if (!Number.isSafeInteger(offset) || (offset as number) < 0) throw new UnpicklingError('storage_offset must be a non-negative int');
    const dtype = typeof dtypeArg === 'string' ? dtypeArg : (ref.dtype ?? 'uint8');
    const size1 = elementSize(dtype);
    const plan = planFor(dtype);
    if (size1 === undefined || plan === null) throw new CheckpointError(`dtype torch.${dtype} is not supported by wick`);
    if (dry) return placeholder;
    // An untyped storage counts bytes; a typed one elements of its own dtype.
    const bytes = ref.dtype === null ? ref.numel : ref.numel * (elementSize(ref.dtype) ?? 1);
    if (bytes % size1 !== 0) throw new CheckpointError(`storage of ${bytes} bytes does not hold whole elements of torch.${dtype}`);
    const storage = resolve(ref, dtype, bytes / size1);
    checkBounds(shape, strides, offset as number, storage, size1);
    const t = new Tensor(storage, shape, strides, offset as number);
    if (requiresGrad === true) t.requires_grad = true;
    return t;
  };

  const parameter = (data: unknown, requiresGrad: unknown): unknown => {
    if (dry) return placeholder;
    if (!(data instanceof Tensor)) throw new UnpicklingError('Parameter data must be a tensor');
    data.requires_grad = requiresGrad !== false;
    return markParameter(data);
  };

  const call = (fn: PyGlobal, a: readonly unknown[]): unknown => {
    switch (fn.name) {
      case 'torch._utils._rebuild_tensor_v2':
        return tensor(a[0], a[1], a[2], a[3], a[4]);
      case 'torch._utils._rebuild_tensor_v3':
        return tensor(a[0], a[1], a[2], a[3], a[4], a[6]);
      case 'torch._utils._rebuild_tensor':
        return tensor(a[0], a[1], a[2], a[3], false);
      case 'torch._utils._rebuild_parameter':
      case 'torch._utils._rebuild_parameter_with_state':
      case 'torch.nn.parameter.Parameter':
        return parameter(a[0], a.length > 1 ? a[1] : true);
      case 'torch._tensor._rebuild_from_type_v2': {
        // (func, new_type, args, state): func is itself an allowlisted rebuild function.
        const [func, newType, args] = a;
        if (!(func instanceof PyGlobal) || !isTuple(args)) throw new UnpicklingError('_rebuild_from_type_v2 expects a function and a tuple');
        const result = call(func, args);
        if (result === undefined) throw new UnpicklingError(`Trying to call reduce for unrecognized function ${func.name}`);
        if (newType instanceof PyGlobal && newType.name === 'torch.nn.parameter.Parameter') return parameter(result, true);
        return result;
      }
      default:
        if (fn.name.startsWith('torch._utils._rebuild_') || /^torch\.(cuda\.)?(sparse\.)?\w+Tensor$/.test(fn.name) || fn.name.endsWith('Storage')) {
          throw new CheckpointError(`${fn.name} (quantized, sparse, nested, meta or legacy tensors) is not supported by wick`);
        }
        return undefined;
    }
  };

  const persistentLoad = (pid: readonly unknown[]): unknown => {
    const [, cls, key, location, numel] = pid;
    if (!(cls instanceof PyGlobal) || typeof key !== 'string' || typeof location !== 'string' || !Number.isSafeInteger(numel) || (numel as number) < 0) {
      throw new UnpicklingError("persistent id must be ('storage', storage_type, key, location, numel)");
    }
    if (pid.length > 5 && pid[5] !== null) throw new CheckpointError('legacy storage views (view_metadata) are not supported by wick');
    const className = cls.name.slice(cls.name.lastIndexOf('.') + 1);
    const dtype = className === 'UntypedStorage' ? null : (STORAGE_CLASS_DTYPE[className] ?? undefined);
    if (dtype === undefined) throw new UnpicklingError(`${cls.name} is not a storage type`);
    const ref: StorageRef = { key, dtype, numel: numel as number, location };
    refs.push(ref);
    return ref;
  };

  // BUILD on a tensor (legacy `set_` state) is not something torch.save has written since 0.4.
  const build = (): boolean => false;

  return { refs, call, persistentLoad, build };
}
