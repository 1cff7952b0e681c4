import type { Backend } from './backend.js';
import type { DType } from './dtype.js';
import { DeviceError, ValueError } from './errors.js';
import type { Device } from './storage.js';

const backends = new Map<Device, Backend>();

/** Registers a backend for its device (internal form of torch.use). */
export function registerBackend(backend: Backend): void {
  backends.set(backend.device, backend);
}

export function backendFor(device: Device): Backend {
  const b = backends.get(device);
  if (!b) throw new DeviceError(`no backend is registered for device '${device}' (register one with torch.use(...))`);
  return b;
}

/** Whether the backend of `device` holds tensors of `dtype`. */
export function deviceHolds(device: Device, dtype: DType): boolean {
  return backendFor(device).holds?.(dtype) ?? true;
}

export function isDevice(value: unknown): value is Device {
  return value === 'cpu' || value === 'webgpu';
}

/**
 * PyTorch's torch.device: a device type and an optional index. wick's tensors report their device
 * as the plain string (`x.device === 'cpu'`); a device object is accepted wherever a device is,
 * prints as PyTorch's does, and turns into its string where JS wants one (`${dev}`).
 */
export class TorchDevice {
  constructor(
    readonly type: Device,
    readonly index: number | null = null,
  ) {
    Object.freeze(this);
  }

  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
  [Symbol.toPrimitive](): string {
    return this.toString();
  }
  toJSON(): string {
    return this.toString();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `device(type='${this.type}'${this.index === null ? '' : `, index=${this.index}`})`;
  }
}

/** The device types PyTorch knows, in the order its message lists them (c10/core/DeviceType.cpp). */
const PYTORCH_TYPES = [
  'cpu', 'cuda', 'ipu', 'xpu', 'mkldnn', 'opengl', 'opencl', 'ideep', 'hip', 've', 'fpga', 'maia', 'xla', 'lazy',
  'vulkan', 'mps', 'meta', 'hpu', 'mtia', 'privateuseone',
];

/**
 * A device string read as PyTorch reads it (c10::Device's parser): a type of letters and '_', then
 * optionally ':' and an index without leading zeros. Types PyTorch has but wick lacks (cuda, mps)
 * are a DeviceError naming wick's devices.
 */
export function parseDevice(text: string): TorchDevice {
  if (text === '') throw new ValueError('Device string must not be empty');
  const match = /^([A-Za-z_]+)(?::(0|[1-9][0-9]*))?$/.exec(text);
  if (!match) throw new ValueError(`Invalid device string: '${text}'`);
  const type = match[1]!;
  const index = match[2] === undefined ? null : Number(match[2]);
  if (index !== null && index > 2 ** 31 - 1) {
    throw new ValueError(`Could not parse device index '${match[2]}' in device string '${text}'`);
  }
  if (isDevice(type)) return new TorchDevice(type, index);
  if (PYTORCH_TYPES.includes(type)) {
    throw new DeviceError(`wick has no '${type}' device: its devices are 'cpu' and 'webgpu' (register one with torch.use(...))`);
  }
  throw new ValueError(`Expected one of ${PYTORCH_TYPES.join(', ')} device type at start of device string: ${type}`);
}

/** A DeviceLike argument (a string or a torch.device, see ops/scalars.ts) as wick's device, or null for None. */
export function readDevice(value: string | TorchDevice | null): Device | null {
  if (value === null) return null;
  return value instanceof TorchDevice ? value.type : parseDevice(value).type;
}

/** The device a value names ('cpu', 'cpu:0', a TorchDevice), or null when it names none. */
export function deviceOf(value: unknown): Device | null {
  if (value instanceof TorchDevice) return value.type;
  if (typeof value !== 'string') return null;
  const match = /^(cpu|webgpu)(?::(\d+))?$/.exec(value);
  return match ? (match[1] as Device) : null;
}
