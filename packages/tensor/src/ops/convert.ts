import { backendFor, isDevice } from '../device.js';
import { type DType, isDType } from '../dtype.js';
import { ValueError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Device } from '../storage.js';
import { Tensor } from '../tensor.js';
import { type TensorOrScalar, asTensor, checkOutShape, empty, emptyLike } from './helpers.js';
import { defineOp } from './table.js';

export interface ToOptions {
  dtype?: DType;
  device?: Device;
  /** Return a new tensor even when dtype and device already match. */
  copy?: boolean;
}

const toCopyOp = defineOp<{ dtype: DType; device: Device }>('_to_copy', ([x], { dtype, device }) => {
  if (device === x!.device) {
    const out = emptyLike(x!, dtype);
    backendFor(device).copy(x!, out);
    return out;
  }
  // Across devices the values travel through the host in logical order; reading another device
  // is asynchronous, so only CPU -> device moves are synchronous.
  if (x!.device !== 'cpu') {
    throw new ValueError(`moving a '${x!.device}' tensor to '${device}' synchronously is not possible: read it with await tensor.data()`);
  }
  const out = empty(x!.shape, dtype, device);
  const staged = dtype === x!.dtype ? x! : to(x!, dtype);
  backendFor(device).write(out, backendFor('cpu').readSync!(staged));
  return out;
});

/** x.to(dtype), x.to(device), x.to({dtype, device, copy}); returns x itself when nothing changes. */
export function to(x: Tensor, target: DType | Device | ToOptions, options: ToOptions = {}): Tensor {
  const opts: ToOptions =
    typeof target === 'string'
      ? isDType(target)
        ? { ...options, dtype: target }
        : isDevice(target)
          ? { ...options, device: target }
          : invalid(target)
      : target;
  const dtype = opts.dtype ?? x.dtype;
  const device = opts.device ?? x.device;
  if (dtype === x.dtype && device === x.device && !opts.copy) return x;
  return toCopyOp.call([x], { dtype, device });
}

function invalid(target: string): never {
  throw new ValueError(`to() received an invalid combination of arguments: expected a dtype or a device, got '${target}'`, 'TypeError');
}

const copyOp = defineOp<object>('copy_', ([self, src], _attrs, out) => {
  const target = out ?? empty(self!.shape, self!.dtype, self!.device);
  checkOutShape(broadcastShapes(self!.shape, src!.shape), self!);
  backendFor(self!.device).copy(src!.device === self!.device ? src! : to(src!, self!.device), target);
  return target;
});

/** self.copy_(src): src broadcast to self's shape and converted to self's dtype, in place. */
export function copy_(self: Tensor, src: Tensor): Tensor {
  return copyOp.callInplace([self, src], {});
}

const fillOp = defineOp<object>('fill_', ([self, value], _attrs, out) => {
  const target = out ?? empty(self!.shape, self!.dtype, self!.device);
  backendFor(self!.device).copy(value!, target);
  return target;
});

export function fill_(self: Tensor, value: TensorOrScalar): Tensor {
  const v = asTensor(value, self.device);
  if (v.dim() !== 0) {
    throw new ValueError(`fill_ only supports 0-dimension value tensor but got tensor with ${v.dim()} dimensions.`);
  }
  return fillOp.callInplace([self, v], {});
}
