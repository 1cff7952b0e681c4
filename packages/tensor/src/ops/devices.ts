import { TorchDevice, isDevice, parseDevice, registerBackend } from '../device.js';
import type { Backend } from '../backend.js';
import { ValueError } from '../errors.js';
import { defineFunction } from '../signature/declare.js';
import type { PyArgs } from '../signature/py-args.js';

// The public device functions: torch.device(...) and torch.use(backend). (device.ts holds what the
// binder itself needs, so it imports nothing of the binder.)

/** Registers a backend for its device: `torch.use(webgpu())`. The CPU backend is built in. */
export const use = defineFunction<(...args: PyArgs<[backend: Backend], { backend?: Backend }>) => void>(
  'use', 'use(Any backend)',
  ({ backend }) => {
    if (typeof backend !== 'object' || backend === null || !isDevice((backend as Backend).device)) {
      throw new ValueError(`use() expects a backend (an object with a device, 'cpu' or 'webgpu'), but got ${String(backend)}`, 'TypeError');
    }
    registerBackend(backend as Backend);
  },
  { differs: "wick's own: PyTorch builds its backends in, wick registers them (torch.use(await webgpu()))" },
);

export interface DeviceOptions {
  device?: string | TorchDevice;
  type?: string;
  index?: number | bigint | null;
}
export interface DeviceFn {
  (...args: PyArgs<[device: string | TorchDevice], DeviceOptions>): TorchDevice;
  (...args: PyArgs<[type: string, index?: number | bigint | null], DeviceOptions>): TorchDevice;
}

/**
 * torch.device('cpu'), torch.device('cpu', 0), torch.device('cpu:0'), torch.device(other): a
 * device object, with PyTorch's errors for a bad string or index.
 */
export const device: DeviceFn = defineFunction<DeviceFn>(
  'device', ['device(DeviceLike device)', 'device(str type, int? index=None)'],
  (a) => {
    if ('device' in a) return a.device instanceof TorchDevice ? a.device : parseDevice(a.device);
    const parsed = parseDevice(a.type);
    if (parsed.index !== null) {
      throw new ValueError(`type (string) must not include an index because index was passed explicitly: ${a.type}`);
    }
    if (a.index === null) return parsed;
    if (a.index < 0) throw new ValueError('Device index must not be negative');
    return new TorchDevice(parsed.type, a.index);
  },
  {
    differs:
      "PyTorch's torch.device is a class, whose signature its stubs do not record; these are its parser's two " +
      'forms, with None (not -1) as the default index, as an explicit -1 is an error there too',
  },
);

