// What the allowlisted torch globals build: tensors from ('storage', ...) persistent ids and the
// _rebuild_* functions, parameters, sparse and quantized tensors (rebuild-special.ts), and the
// refusals for allowlisted kinds wick cannot represent (nested, meta tensors).

import { QDTYPE_BITS, QDTYPE_REPR, type Storage, Tensor, isQDType, packedBytes } from '@wick/tensor';
import { STORAGE_CLASS_DTYPE, elementSize, planFor } from './dtypes.js';
import { CheckpointError, UnpicklingError } from './errors.js';
import type { PickleHooks } from './pickle/unpickler.js';
import { PyGlobal, isTuple } from './pickle/values.js';
import { rebuildQuantized, rebuildSparse } from './rebuild-special.js';

/** A storage named by a persistent id: which record, which dtype (null: untyped bytes), how big. */
export interface StorageRef {
  readonly key: string;
  readonly dtype: string | null;
  readonly numel: number;
  readonly location: string;
}

/**
 * How deep `_rebuild_from_type_v2` may wrap itself: torch.load called from a script's top level
 * rebuilds 987 levels and raises RecursionError at 988 (Python's limit of 1000 frames).
 */
const MAX_REBUILD_DEPTH = 987;

/** Gives the Storage for a ref seen as `dtype` (one Storage per ref and dtype: shared after load). */
export type StorageResolver = (ref: StorageRef, dtype: string) => Storage;

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

/** How many elements of its storage a view reaches (0 when it is empty). */
function viewExtent(shape: number[], strides: number[], offset: number): number {
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
  return numel === 0 ? 0 : last + 1;
}

/**
 * PyTorch's bounds check of a view over its storage (checkInBoundsForStorage): set_ would have to
 * grow the storage, which a storage loaded from a zip record cannot do.
 */
function checkBounds(shape: number[], strides: number[], offset: number, storage: Storage, itemsizeBytes: number): void {
  const extent = viewExtent(shape, strides, offset);
  if (extent > storage.length) {
    throw new CheckpointError(
      `Trying to resize storage that is not resizable: setStorage: sizes [${shape.join(', ')}], strides [${strides.join(', ')}], storage offset ${offset}, and itemsize ` +
        `${itemsizeBytes} requiring a storage size of ${extent * itemsizeBytes} are out of bounds for storage of size ${storage.length * itemsizeBytes}`,
    );
  }
}

/**
 * Hooks for the pickle machine that build wick tensors. With `dry`, tensors are placeholders;
 * `legacy` expects the legacy format's persistent ids (one more field: view_metadata).
 */
export function torchHooks(
  resolve: StorageResolver,
  dry = false,
  legacy = false,
): PickleHooks & { refs: StorageRef[]; reach: Map<string, number> } {
  const refs: StorageRef[] = [];
  // With `dry`: the bytes of each storage key that its tensors reach (the legacy loader compares
  // them with the storage table, as PyTorch's resizable legacy storages make it do).
  const reach = new Map<string, number>();
  const byKey = new Map<string, StorageRef>();
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
    if (dry) {
      const bytes = viewExtent(shape, strides, offset as number) * size1;
      reach.set(ref.key, Math.max(reach.get(ref.key) ?? 0, bytes));
      return placeholder;
    }
    // An untyped storage counts bytes; a typed one elements of its own dtype.
    const bytes = ref.dtype === null ? ref.numel : ref.numel * (elementSize(ref.dtype) ?? 1);
    if (bytes % size1 !== 0) throw new CheckpointError(`storage of ${bytes} bytes does not hold whole elements of torch.${dtype}`);
    const storage = resolve(ref, dtype);
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
      case 'torch._utils._rebuild_sparse_tensor':
        return dry ? placeholder : rebuildSparse(a[0], a[1]);
      case 'torch._utils._rebuild_qtensor': {
        // (storage, storage_offset, size, stride, quantizer_params, requires_grad, backward_hooks):
        // the stored integers are a tensor of the quantized dtype's integer type over the storage.
        const qdtype = typeof a[0] === 'object' && a[0] !== null && 'dtype' in a[0] ? (a[0] as StorageRef).dtype : null;
        if (!isQDType(qdtype)) throw new CheckpointError(`quantized tensors of torch.${String(qdtype)} storages are not supported by wick (only qint8, quint8, qint32, quint4x2 and quint2x4)`);
        // NOTE: PyTorch sets requires_grad on the rebuilt tensor, which a quantized one refuses.
        if (a[5] === true) throw new CheckpointError('only Tensors of floating point and complex dtype can require gradients');
        const bits = QDTYPE_BITS[qdtype];
        if (bits === undefined) {
          const ints = tensor(a[0], a[1], a[2], a[3], false, QDTYPE_REPR[qdtype]);
          return dry ? placeholder : rebuildQuantized(qdtype, ints as Tensor, a[4]);
        }
        // Packed values: the storage counts bytes and the offset is in bytes; PyTorch reads the
        // ceil(numel * bits / 8) bytes from the offset, which must lie in the storage.
        const shape = intList(a[2], 'size');
        const packed = tensor(a[0], a[1], [packedBytes(shape.reduce((n, d) => n * d, 1), bits)], [1], false, 'uint8');
        return dry ? placeholder : rebuildQuantized(qdtype, packed as Tensor, a[4], { size: shape, stride: intList(a[3], 'stride') });
      }
      case 'torch._tensor._rebuild_from_type_v2': {
        // (func, new_type, args, state). NOTE: func may be _rebuild_from_type_v2 again, to any
        // depth; Python recurses and raises RecursionError. Here the layers are peeled in a loop
        // and refused at the depth where PyTorch stops.
        const types: unknown[] = [];
        let func: unknown = fn;
        let args: unknown = a;
        while (func instanceof PyGlobal && func.name === 'torch._tensor._rebuild_from_type_v2') {
          if (types.length === MAX_REBUILD_DEPTH) {
            throw new UnpicklingError(
              `maximum recursion depth exceeded: _rebuild_from_type_v2 nested more than ${MAX_REBUILD_DEPTH} deep ` +
                "(where Python's recursion limit stops torch.load)",
              'RuntimeError',
            );
          }
          const layer = args as readonly unknown[];
          if (!(layer[0] instanceof PyGlobal) || !isTuple(layer[2])) throw new UnpicklingError('_rebuild_from_type_v2 expects a function and a tuple');
          types.push(layer[1]);
          func = layer[0];
          args = layer[2];
        }
        const inner = func as PyGlobal;
        let result = call(inner, args as readonly unknown[]);
        if (result === undefined) throw new UnpicklingError(`Trying to call reduce for unrecognized function ${inner.name}`);
        for (let i = types.length - 1; i >= 0; i--) {
          const newType = types[i];
          if (newType instanceof PyGlobal && newType.name === 'torch.nn.parameter.Parameter') result = parameter(result, true);
        }
        return result;
      }
      default:
        if (fn.name.startsWith('torch._utils._rebuild_') || /^torch\.(cuda\.)?(sparse\.)?\w+Tensor$/.test(fn.name) || fn.name.endsWith('Storage')) {
          throw new CheckpointError(`${fn.name} (nested, meta or legacy tensors) is not supported by wick`);
        }
        return undefined;
    }
  };

  const persistentLoad = (pid: readonly unknown[]): unknown => {
    // PyTorch unpacks the fields after 'storage' into exactly 4 names (zip) or 5 (legacy).
    const fields = legacy ? 5 : 4;
    if (pid.length - 1 > fields) throw new UnpicklingError(`too many values to unpack (expected ${fields})`, 'ValueError');
    if (pid.length - 1 < fields) throw new UnpicklingError(`not enough values to unpack (expected ${fields}, got ${pid.length - 1})`, 'ValueError');
    const [, cls, key, location, numel] = pid;
    if (!(cls instanceof PyGlobal) || typeof key !== 'string' || typeof location !== 'string' || !Number.isSafeInteger(numel) || (numel as number) < 0) {
      throw new UnpicklingError("persistent id must be ('storage', storage_type, key, location, numel)");
    }
    if (pid.length > 5 && pid[5] !== null) throw new CheckpointError('legacy storage views (view_metadata) are not supported by wick');
    const className = cls.name.slice(cls.name.lastIndexOf('.') + 1);
    const dtype = className === 'UntypedStorage' ? null : (STORAGE_CLASS_DTYPE[className] ?? undefined);
    if (dtype === undefined) throw new UnpicklingError(`${cls.name} is not a storage type`);
    // As PyTorch's persistent_load (both formats): the first reference of a key makes the storage,
    // with its dtype and size; later ones reuse it, and each tensor's bounds are checked against it.
    const seen = byKey.get(key);
    if (seen) return seen;
    const ref: StorageRef = { key, dtype, numel: numel as number, location };
    byKey.set(key, ref);
    refs.push(ref);
    return ref;
  };

  // BUILD on a tensor (legacy `set_` state) is not something torch.save has written since 0.4.
  const build = (): boolean => false;

  return { refs, reach, call, persistentLoad, build };
}
