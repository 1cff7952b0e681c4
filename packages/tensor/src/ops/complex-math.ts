import { backendFor } from '../device.js';
import type { DType } from '../dtype.js';
import { fma32, fma64 } from '../rng/fma.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { castTo, checkCastable, checkOutShape, empty } from './helpers.js';
import { part } from './complex-parts.js';

// Complex elementwise arithmetic, computed a component at a time with the real ops (each step
// rounded in the component dtype, as PyTorch's complex kernels round). The formulas are the ones
// PyTorch's CPU kernels use: mul is (ac - bd) + (ad + bc)i with no fused multiply-add.

/** The real ops the formulas are written with (elementwise.ts hands its own in, to avoid an import cycle). */
export interface RealOps {
  binary(name: 'add' | 'sub' | 'mul' | 'atan2', a: Tensor, b: Tensor): Tensor;
  neg(a: Tensor): Tensor;
}

/** A complex tensor of dtype from its two parts (real tensors of the component dtype). */
export function fromParts(re: Tensor, im: Tensor, dtype: DType): Tensor {
  const out = empty(broadcastShapes(re.shape, im.shape), dtype, re.device);
  const backend = backendFor(re.device);
  backend.copy(re, part(out, 0));
  backend.copy(im, part(out, 1));
  return out;
}

/** out (when given) takes the result, cast as PyTorch's out= does; otherwise the result itself. */
function finish(result: Tensor, out?: Tensor): Tensor {
  if (!out) return result;
  checkCastable(result.dtype, out);
  checkOutShape(result.shape, out);
  backendFor(out.device).copy(result, out);
  return out;
}

/** a op b for add, sub, mul, div with at least one complex operand, in the promoted complex dtype. */
export function complexBinary(ops: RealOps, name: 'add' | 'sub' | 'mul' | 'div', a: Tensor, b: Tensor, dtype: DType, out?: Tensor): Tensor {
  const [x, y] = [castTo(a, dtype), castTo(b, dtype)];
  const [ar, ai, br, bi] = [part(x, 0), part(x, 1), part(y, 0), part(y, 1)];
  const r = ops.binary;
  let re: Tensor;
  let im: Tensor;
  if (name === 'add' || name === 'sub') {
    re = r(name, ar, br);
    im = r(name, ai, bi);
  } else if (name === 'mul') {
    [re, im] = complexMultiply(x, y, ar, ai, br, bi);
  } else {
    [re, im] = complexDivide(ar, ai, br, bi);
  }
  return finish(fromParts(re, im, dtype), out);
}

/**
 * How many leading elements PyTorch's AVX2 loop computes for an elementwise op over contiguous
 * operands of n elements (whole blocks of two vectors: 8 complex64 or 4 complex128 elements); the
 * rest, and every element of other layouts, goes through its scalar loop. Where the two loops
 * round differently (mul, neg), wick follows the same split.
 */
function vectorized(x: Tensor, y: Tensor | null, n: number): number {
  const dense = (t: Tensor) => t.numel() === 1 || (t.numel() === n && t.is_contiguous());
  if (!dense(x) || (y !== null && !dense(y))) return 0;
  const block = x.dtype === 'complex64' ? 8 : 4;
  return n - (n % block);
}

/**
 * (a + bi)(c + di): the AVX2 loop rounds each product, then (ac - bd) and (ad + bc); the scalar
 * loop (c10::complex's operator*, compiled with contraction) computes the real part as
 * fma(a, c, -(bd)) and the imaginary part as the AVX2 loop does.
 */
function complexMultiply(x: Tensor, y: Tensor, a: Tensor, b: Tensor, c: Tensor, d: Tensor): [Tensor, Tensor] {
  const n = broadcastShapes(a.shape, c.shape);
  const values = (t: Tensor) => backendFor('cpu').readSync!(t.expand(n).contiguous()) as Float32Array | Float64Array;
  const [av, bv, cv, dv] = [values(a), values(b), values(c), values(d)];
  const dtype = a.dtype;
  const re = empty(n, dtype);
  const im = empty(n, dtype);
  const rd = re.storage.data as Float32Array | Float64Array;
  const id = im.storage.data as Float32Array | Float64Array;
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const fma = dtype === 'float32' ? fma32 : fma64;
  const split = vectorized(x, y, rd.length);
  for (let i = 0; i < rd.length; i++) {
    const [p, q, u, v] = [av[i]!, bv[i]!, cv[i]!, dv[i]!];
    rd[i] = i < split ? round(p * u) - round(q * v) : fma(p, u, -round(q * v));
    id[i] = round(p * v) + round(q * u);
  }
  return [re, im];
}

/**
 * c10::complex's division (Smith's algorithm, scaled by the larger of |c| and |d|): what PyTorch's
 * scalar loop computes. NOTE: PyTorch's AVX2 loop (8+ complex64 elements) uses an approximate
 * reciprocal and can differ in the last bits.
 */
function complexDivide(a: Tensor, b: Tensor, c: Tensor, d: Tensor): [Tensor, Tensor] {
  const n = broadcastShapes(a.shape, c.shape);
  const dtype = a.dtype;
  const get = (t: Tensor) => backendFor('cpu').readSync!(t.expand(n).contiguous());
  const [av, bv, cv, dv] = [get(a), get(b), get(c), get(d)] as Float64Array[];
  const re = empty(n, dtype);
  const im = empty(n, dtype);
  const rd = re.storage.data as Float32Array | Float64Array;
  const id = im.storage.data as Float32Array | Float64Array;
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  for (let i = 0; i < rd.length; i++) {
    const [x, y, u, v] = [av[i]!, bv[i]!, cv[i]!, dv[i]!];
    const [au, av2] = [Math.abs(u), Math.abs(v)];
    if (au >= av2) {
      if (au === 0 && av2 === 0) {
        rd[i] = x / au;
        id[i] = y / av2;
      } else {
        const rat = round(v / u);
        const scl = round(1 / round(u + round(v * rat)));
        rd[i] = round(round(x + round(y * rat)) * scl);
        id[i] = round(round(y - round(x * rat)) * scl);
      }
    } else {
      const rat = round(u / v);
      const scl = round(1 / round(v + round(u * rat)));
      rd[i] = round(round(round(x * rat) + y) * scl);
      id[i] = round(round(round(y * rat) - x) * scl);
    }
  }
  return [re, im];
}

/** -z, conj(z) (a copy with the imaginary part negated), |z| and angle(z) of a complex tensor. */
export function complexUnary(ops: RealOps, name: 'neg' | 'conj' | 'abs' | 'angle', z: Tensor): Tensor {
  const [re, im] = [part(z, 0), part(z, 1)];
  if (name === 'neg') return negate(z);
  if (name === 'conj') return fromParts(re, ops.neg(im), z.dtype);
  if (name === 'angle') return ops.binary('atan2', im, re);
  return hypot(re, im);
}

/** -z: PyTorch's AVX2 loop computes 0 - z (so -(0+0j) is 0+0j), its scalar loop -z. */
function negate(z: Tensor): Tensor {
  const v = backendFor('cpu').readSync!(z) as Float32Array | Float64Array;
  const out = empty(z.shape, z.dtype);
  const o = out.storage.data as Float32Array | Float64Array;
  const split = 2 * vectorized(z, null, z.numel());
  for (let k = 0; k < o.length; k++) o[k] = k < split ? 0 - v[k]! : -v[k]!;
  return out;
}

/**
 * |re + im i| as std::abs computes it: hypot, correctly rounded (glibc's): complex64 in double
 * rounded once to float32; complex128 with the square root corrected by the exact residual.
 * NOTE: PyTorch's AVX2 loop uses Sleef's hypot for complex128, which can differ in the last bit.
 */
function hypot(re: Tensor, im: Tensor): Tensor {
  const dtype = re.dtype;
  const r = backendFor('cpu').readSync!(re) as Float32Array | Float64Array;
  const i = backendFor('cpu').readSync!(im) as Float32Array | Float64Array;
  const out = empty(re.shape, dtype);
  const o = out.storage.data as Float32Array | Float64Array;
  for (let k = 0; k < o.length; k++) o[k] = dtype === 'float32' ? Math.hypot(r[k]!, i[k]!) : hypot64(r[k]!, i[k]!);
  return out;
}

/** sqrt(x^2 + y^2) in double, correctly rounded but for rare ties: one Newton step on the exact residual. */
function hypot64(x: number, y: number): number {
  const h0 = Math.hypot(x, y);
  if (!Number.isFinite(h0) || h0 === 0) return h0;
  // Scaled so the squares neither overflow nor lose bits to underflow.
  const e = Math.max(-1000, Math.min(1000, Math.floor(Math.log2(h0))));
  const [a, b, h] = [Math.abs(x) * 2 ** -e, Math.abs(y) * 2 ** -e, h0 * 2 ** -e];
  const residual = fma64(b, b, fma64(a, a, -h * h));
  return (h + residual / (2 * h)) * 2 ** e;
}
