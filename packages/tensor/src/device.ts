import type { Backend } from './backend.js';
import { DeviceError } from './errors.js';
import type { Device } from './storage.js';

const backends = new Map<Device, Backend>();

/** Registers a backend for its device: `torch.use(webgpu())`. The CPU backend is built in. */
export function use(backend: Backend): void {
  backends.set(backend.device, backend);
}

export function backendFor(device: Device): Backend {
  const b = backends.get(device);
  if (!b) throw new DeviceError(`no backend is registered for device '${device}' (register one with torch.use(...))`);
  return b;
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

/** The device a value names ('cpu', 'cpu:0', a TorchDevice), or null when it names none. */
export function deviceOf(value: unknown): Device | null {
  if (value instanceof TorchDevice) return value.type;
  if (typeof value !== 'string') return null;
  const match = /^(cpu|webgpu)(?::(\d+))?$/.exec(value);
  return match ? (match[1] as Device) : null;
}
