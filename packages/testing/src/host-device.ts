import { type Backend, Storage, type StridedView, cpuBackend, use } from '@wick/tensor';

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

/** Registers `hostDevice()` as the 'webgpu' backend (torch.use). */
export function useHostDevice(): Backend {
  const backend = hostDevice();
  use(backend);
  return backend;
}
