// The seam between the device suite and the backend it tests. Every file in test/suite/ runs
// PyTorch's recorded fixtures (ops, autograd, nn, optim, training) on the device that
// `suiteDevice()` returns: inputs are moved there with `.to('webgpu')`, results come back with
// `await t.read()` and are compared with PyTorch's numbers by @wick/testing's comparators.
//
// For now the body registers @wick/testing's host stand-in (`useHostDevice()`: CPU kernels on host
// memory, registered as 'webgpu', with no synchronous reads), so the suite checks device discipline
// and its own plumbing on a machine without a GPU. The backend author swaps the body for the real
// backend (`use(await webgpu())`, with `webgpu` from '../../src/index.js') and adjusts `holds` to
// what its kernels support; nothing else in the suite changes. Cases that fail because of library
// code, or cannot hold on an asynchronous device at all, are listed with reasons in
// known-failures.ts.
//
// - `holds`: dtypes the device keeps. Cases that touch any other dtype (float64, complex, ...) are
//   skipped and listed after each file, which is the path this stand-in exercises.
// - `maxElements`: cases with a bigger tensor are skipped: the suite runs in CI on a software GPU
//   about 100x slower than the CPU, so it keeps to small shapes.
// - `tolerance`: the float32 bounds per fixture family, in FLOAT32_TOLERANCE below.
// - `batchSizesOnCpu`: arguments PyTorch keeps on the CPU whatever the device (a packed sequence's
//   batch_sizes), which the runners leave there; `createOnDevice`: factory calls made with
//   device='webgpu', so creation runs on the device too.
import type { DType } from '@wick/tensor';
import { type DeviceUnderTest, type FixtureCase, type OnCpu, type Tolerance, isEncodedTensor, useHostDevice } from '@wick/testing';
import { useWebGpu } from '../gpu.js';

export type { DeviceUnderTest };

const HOLDS: readonly DType[] = ['float32', 'int32', 'int64', 'bool', 'uint8', 'int8', 'int16', 'float16', 'bfloat16'];

/**
 * The least tolerance a float32 case is held to per family, on top of the fixture's own `tol`
 * (PyTorch's CPU error budget for the op). Empty means exactly the fixture's tolerance, which the
 * host stand-in meets since it runs the CPU kernels.
 *
 * NOTE: a GPU will need more for transcendental ops (WGSL's exp, log, tanh, sin, pow are allowed
 * several ULP, or an absolute error, by the WGSL spec), for sums it orders differently, and where
 * it flushes float32 subnormals to zero. State each widening here with the measured worst error
 * and the reason; never widen to make a case pass without knowing why it differs.
 */
const FLOAT32_TOLERANCE: Record<string, Tolerance> = {
  'tensor/creation': {},
  'tensor/unary': {},
  'tensor/binary': {},
  'tensor/promotion': {},
  'tensor/reduce': {},
  'tensor/matmul': {},
  'tensor/index': {},
  'tensor/shape': {},
  'tensor/getitem': {},
  'tensor/elementwise_args': {},
  'tensor/factory_args': {},
  'tensor/sort': {},
  'tensor/simd_math': {},
  'tensor/einsum': {},
  'autograd/ops': {},
  'autograd/graphs': {},
  'autograd/getitem': {},
  'autograd/rnn': {},
  'autograd/sort': {},
  'autograd/einsum': {},
  'nn/layers': {},
  'nn/rnn': {},
  'nn/calls': {},
  'nn/losses': {},
  'nn/activations': {},
  'nn/norm': {},
  'nn/embedding': {},
  'nn/conv': {},
  'nn/pool': {},
  'nn/attention': {},
  'optim/optim': {},
  'training/gru': {},
};

/** The fixture's tolerance, raised to the family's float32 floor when the case's float results are float32. */
function tolerance(family: string, c: FixtureCase): Tolerance {
  // Every family: a float32 subnormal result may come back as zero (the software adapter flushes
  // them, as GPUs commonly do and WGSL allows); measured: exp(-103.5) and the exp sweep's tail.
  const own = { ...(c.tol ?? {}), flushedSubnormals: true };
  const floor = FLOAT32_TOLERANCE[family];
  if (floor === undefined || !floatResultsAreFloat32(c)) return own;
  const ulp = Math.max(own.ulp ?? 0, floor.ulp ?? 0);
  const atol = own.atol === undefined && floor.atol === undefined ? undefined : Math.max(own.atol ?? 0, floor.atol ?? 0);
  return atol === undefined ? { ...own, ulp } : { ...own, ulp, atol };
}

const FLOATS = new Set(['float64', 'float32', 'float16', 'bfloat16']);

/** Whether the floating tensors among the case's results (out, grads) are all float32. */
function floatResultsAreFloat32(c: FixtureCase): boolean {
  const dtypes = new Set<string>();
  const visit = (v: unknown): void => {
    if (isEncodedTensor(v)) {
      if (FLOATS.has(v.dtype)) dtypes.add(v.dtype);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
      Object.values(v).forEach(visit);
    }
  };
  visit(c.out);
  visit(c.grads);
  return dtypes.size === 1 && dtypes.has('float32');
}

/**
 * PyTorch keeps a packed sequence's batch_sizes on the CPU: the int64 second argument of the packed
 * forms of torch.gru/lstm/rnn_tanh/rnn_relu stays there on a device run.
 */
export const batchSizesOnCpu: OnCpu = (c, position) => {
  const arg = c.args?.[position - (c.method ? 1 : 0)];
  return ['gru', 'lstm', 'rnn_tanh', 'rnn_relu'].includes(c.fn) && position === 1 && isEncodedTensor(arg) && arg.dtype === 'int64';
};

const FACTORIES = new Set(['tensor', 'zeros', 'ones', 'full', 'empty', 'arange', 'linspace', 'eye']);

/**
 * Factory calls run with device= the device, so creation (the backend's write and fill) is tested
 * there; calls that name a device already, and error cases (whose messages list the arguments
 * given), run as recorded.
 */
export const createOnDevice = (c: FixtureCase): boolean =>
  !c.method && FACTORIES.has(c.fn) && c.error === undefined && !(c.kwargs !== undefined && 'device' in c.kwargs);

let registered = false;

/** The device the suite runs on; registers its backend once per test file. */
export async function suiteDevice(): Promise<DeviceUnderTest> {
  if (!registered) {
    // WICK_DEVICE_SUITE=host runs the suite on the host stand-in (device discipline alone).
    if (process.env.WICK_DEVICE_SUITE === 'host') useHostDevice();
    else await useWebGpu();
    registered = true;
  }
  return { name: 'webgpu', holds: HOLDS, tolerance, maxElements: 1 << 16 };
}
