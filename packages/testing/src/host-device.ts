import {
  type Backend, type Kernel, type OpResult, Storage, type StridedView, Tensor, cpuBackend, kernelFor, opNames, registerKernel, use,
} from '@wick/tensor';

/**
 * A stand-in for a GPU backend, registered as device 'webgpu': it keeps each storage's elements in
 * a CPU storage held as the opaque `handle` (its `data` is null, as a GPU storage's is) and runs
 * the CPU kernels on them. Nothing can read its values synchronously: `readSync` is absent and
 * `storage.data` is null, so any code that reads a device tensor's values to decide something
 * fails here just as it would on a real GPU. Tests use it to check device discipline (autograd,
 * nn, optim) and the device-aware fixture runner on a machine without a GPU adapter.
 */
export function hostDevice(): Backend {
  const host = (v: StridedView): StridedView => {
    const inner = v.storage.handle;
    if (!(inner instanceof Storage)) throw new Error(`hostDevice: a '${v.storage.device}' storage without a host handle`);
    return { storage: inner, dtype: v.dtype, shape: v.shape, strides: v.strides, offset: v.offset };
  };
  const maybe = (v: StridedView | null): StridedView | null => (v === null ? null : host(v));
  return {
    device: 'webgpu',
    allocate: (dtype, n) => new Storage('webgpu', dtype, n, null, cpuBackend.allocate(dtype, n)),
    read: async (v) => cpuBackend.readSync!(host(v)),
    write: (v, values) => cpuBackend.write(host(v), values),
    copy: (src, dst) => cpuBackend.copy(host(src), host(dst)),
    fill: (dst, value) => cpuBackend.fill(host(dst), value),
    unary: (op, x, out) => cpuBackend.unary(op, host(x), host(out)),
    binary: (op, a, b, out) => cpuBackend.binary(op, host(a), host(b), host(out)),
    where: (c, a, b, out) => cpuBackend.where(host(c), host(a), host(b), host(out)),
    clamp: (x, lo, hi, out) => cpuBackend.clamp(host(x), lo, hi, host(out)),
    reduce: (op, x, inner, out, indices, correction) => cpuBackend.reduce(op, host(x), inner, host(out), maybe(indices), correction),
    scan: (op, x, dim, out) => cpuBackend.scan(op, host(x), dim, host(out)),
    softmax: (x, dim, out, log) => cpuBackend.softmax(host(x), dim, host(out), log),
    sort: (x, dim, values, indices, request) => cpuBackend.sort(host(x), dim, host(values), host(indices), request),
    matmul: (a, b, out) => cpuBackend.matmul(host(a), host(b), host(out)),
    indexSelect: (x, dim, index, out) => cpuBackend.indexSelect(host(x), dim, host(index), host(out)),
    gather: (x, dim, index, out) => cpuBackend.gather(host(x), dim, host(index), host(out)),
    scatter: (out, dim, index, src, reduce) => cpuBackend.scatter(host(out), dim, host(index), host(src), reduce),
    index: (src, offsets, out) => cpuBackend.index(host(src), host(offsets), host(out)),
    indexPut: (dst, offsets, values, acc) => cpuBackend.indexPut(host(dst), host(offsets), host(values), acc),
  };
}

/**
 * Registers `hostDevice()` as the 'webgpu' backend (torch.use), and every op kernel the CPU has
 * (the fused recurrent layer and cells) as the same op's kernel there, so that the device runs
 * exactly the CPU's code and gives the CPU's numbers bit for bit.
 */
export function useHostDevice(): Backend {
  const backend = hostDevice();
  use(backend);
  for (const name of opNames()) {
    const kernel = kernelFor(name, 'cpu');
    if (kernel !== undefined) registerKernel(name, 'webgpu', onHost(kernel));
  }
  return backend;
}

/** A CPU kernel run on the host tensors behind 'webgpu' tensors, its results handed back as 'webgpu' tensors. */
function onHost(kernel: Kernel): Kernel {
  return (inputs, attrs) => {
    const result = kernel(inputs.map(toHost), attrs);
    return (Array.isArray(result) ? result.map(fromHost) : fromHost(result as Tensor)) as OpResult;
  };
}

/** The host tensor behind a 'webgpu' tensor (same geometry), requiring grad where it does, as kernels ask autograd whether it would record. */
function toHost(t: Tensor): Tensor {
  if (t.device !== 'webgpu') return t;
  const inner = t.storage.handle;
  if (!(inner instanceof Storage)) throw new Error(`hostDevice: a '${t.device}' storage without a host handle`);
  const host = new Tensor(inner, t.shape, t.strides, t.offset);
  host.requires_grad = t.requires_grad;
  return host;
}

/** A CPU result as a 'webgpu' tensor holding its storage. */
function fromHost(t: Tensor): Tensor {
  const s = t.storage;
  return new Tensor(new Storage('webgpu', s.dtype, s.length, null, s), t.shape, t.strides, t.offset);
}
