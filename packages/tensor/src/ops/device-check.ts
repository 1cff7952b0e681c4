import { DeviceError } from '../errors.js';
import type { Device } from '../storage.js';
import type { Tensor } from '../tensor.js';

// PyTorch's device checks, in its words (TensorIterator's compute_types and the generated
// wrappers' check_and_update_common_device). wick's devices have no index, so they print as
// 'cpu' and 'webgpu' where PyTorch prints 'cpu' and 'cuda:0'.

/** PyTorch's message for tensors of one op on two devices. */
export function devicesMessage(a: Device, b: Device): string {
  return `Expected all tensors to be on the same device, but found at least two devices, ${a} and ${b}!`;
}

/** The one device of an op's tensors (a DeviceError in PyTorch's words when they are on two). */
export function sameDevice(tensors: readonly Tensor[]): Device {
  const device = tensors[0]!.device;
  for (const t of tensors) {
    if (t.device !== device) throw new DeviceError(devicesMessage(device, t.device));
  }
  return device;
}

/**
 * A CPU tensor PyTorch's elementwise ops accept beside tensors of another device: a Python
 * number wrapped as a tensor, or a 0-dim CPU tensor (TensorIterator's is_cpu_scalar).
 */
export function isCpuScalar(t: Tensor): boolean {
  return t.device === 'cpu' && (t.wrappedNumber || t.ndim === 0);
}

/**
 * The device of an elementwise op's operands (TensorIterator's common device): that of the first
 * operand that is not a CPU scalar, or the CPU when all are. A DeviceError when two differ.
 */
export function commonDevice(operands: readonly Tensor[]): Device {
  let device: Device | null = null;
  for (const t of operands) {
    if (isCpuScalar(t)) continue;
    if (device === null) device = t.device;
    else if (t.device !== device) throw new DeviceError(devicesMessage(device, t.device));
  }
  return device ?? operands[0]?.device ?? 'cpu';
}
