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
