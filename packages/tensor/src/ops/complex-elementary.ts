import { backendFor } from '../device.js';
import { fma64 } from '../rng/fma.js';
import type { Tensor } from '../tensor.js';
import { part } from './complex-parts.js';
import { empty } from './helpers.js';

// exp, log and sqrt of complex tensors. PyTorch's CPU kernels call std::exp/log/sqrt of
// c10::complex, i.e. glibc's cexp/clog/csqrt: their special values (C99 Annex G: infinities, NaNs,
// signed zeros, the branch cut along the negative reals) are reproduced case by case below. The
// finite cases are computed in double (complex64 rounded once to float32 at the end), so they are
// within a few ULP of glibc's but not always the same bits (DESIGN.md, "Bit-for-bit-close").

export type ElementaryName = 'exp' | 'log' | 'sqrt';

const LN2 = Math.LN2;
const isNaN = (v: number) => v !== v;
const isInf = (v: number) => v === Infinity || v === -Infinity;
const signbit = (v: number) => v < 0 || Object.is(v, -0);
const copysign = (magnitude: number, sign: number) => (signbit(sign) ? -Math.abs(magnitude) : Math.abs(magnitude));

/** e^x (cos y + i sin y), with glibc cexp's special values. */
export function cexp(x: number, y: number): [number, number] {
  if (Number.isFinite(x)) {
    if (!Number.isFinite(y)) return [NaN, NaN];
    const [c, s] = y === 0 ? [1, y] : [Math.cos(y), Math.sin(y)];
    // Past exp's overflow the product can still be finite (cos y small): two half-size factors.
    if (x > 709) {
      const h = Math.exp(x / 2);
      return [c * h * h, y === 0 ? y : s * h * h];
    }
    const e = Math.exp(x);
    return [e * c, y === 0 ? y : e * s];
  }
  if (isInf(x)) {
    if (Number.isFinite(y)) {
      const value = x > 0 ? Infinity : 0;
      if (y === 0) return [value, y];
      return [copysign(value, Math.cos(y)), copysign(value, Math.sin(y))];
    }
    return x > 0 ? [Infinity, NaN] : [0, isNaN(y) ? 0 : copysign(0, y)];
  }
  return y === 0 ? [NaN, y] : [NaN, NaN];
}

/** Two-sum: a + b = s + t exactly. */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/**
 * log|x + iy|. Near |z| = 1 the log of a rounded hypot loses the small result's bits, so there
 * it is log1p(x^2 + y^2 - 1) / 2 with the squares and the sum kept exact in double-double.
 */
function logAbs(x: number, y: number): number {
  const a = Math.max(Math.abs(x), Math.abs(y));
  const b = Math.min(Math.abs(x), Math.abs(y));
  // Scaled by powers of two (exact) where the squares would overflow or lose bits to underflow.
  if (a > 2 ** 1000) return Math.log(Math.hypot(a * 2 ** -600, b * 2 ** -600)) + 600 * LN2;
  if (a < 2 ** -1000) return Math.log(Math.hypot(a * 2 ** 600, b * 2 ** 600)) - 600 * LN2;
  const h = Math.hypot(a, b);
  if (h < 0.7 || h > 1.42) return Math.log(h);
  const p = a * a;
  const q = b * b;
  const [h1, l1] = twoSum(p, -1);
  const [h2, l2] = twoSum(h1, q);
  const t = h2 + (l1 + l2 + fma64(a, a, -p) + fma64(b, b, -q));
  return Math.log1p(t) / 2;
}

/** log|z| + i arg(z), with glibc clog's special values. */
export function clog(x: number, y: number): [number, number] {
  if (x === 0 && y === 0) return [-Infinity, signbit(x) ? copysign(Math.PI, y) : copysign(0, y)];
  if (!isNaN(x) && !isNaN(y)) return [logAbs(x, y), Math.atan2(y, x)];
  return [isInf(x) || isInf(y) ? Infinity : NaN, NaN];
}

/** The principal square root (real part >= 0), with glibc csqrt's special values. */
export function csqrt(x: number, y: number): [number, number] {
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (isInf(y)) return [Infinity, y];
    if (isInf(x)) {
      if (x < 0) return [isNaN(y) ? NaN : 0, isNaN(y) ? Infinity : copysign(Infinity, y)];
      return [x, isNaN(y) ? NaN : copysign(0, y)];
    }
    return [NaN, NaN];
  }
  if (y === 0) return x < 0 ? [0, copysign(Math.sqrt(-x), y)] : [Math.abs(Math.sqrt(x)), copysign(0, y)];
  // Scaled by an even power of two (its root is exact) so neither x + |z| overflows nor subnormal bits are lost.
  const m = Math.max(Math.abs(x), Math.abs(y));
  const k = m > 2 ** 1000 ? -200 : m < 2 ** -1000 ? 200 : 0;
  const [u, v] = [x * 2 ** k, y * 2 ** k];
  const back = 2 ** (-k / 2);
  if (u === 0) {
    const r = Math.sqrt(0.5 * Math.abs(v)) * back;
    return [r, copysign(r, y)];
  }
  const d = Math.hypot(u, v);
  let r: number;
  let s: number;
  if (u > 0) {
    r = Math.sqrt(0.5 * (d + u));
    s = 0.5 * (v / r);
  } else {
    s = Math.sqrt(0.5 * (d - u));
    r = Math.abs(0.5 * (v / s));
  }
  return [r * back, copysign(s * back, y)];
}

const FUNCTIONS: Record<ElementaryName, (x: number, y: number) => [number, number]> = { exp: cexp, log: clog, sqrt: csqrt };

/** f applied to each element of a complex tensor: a new contiguous tensor of its dtype. */
export function complexElementary(name: ElementaryName, z: Tensor): Tensor {
  const f = FUNCTIONS[name];
  // Each part read as a real strided tensor, in logical order (any layout: views, expanded dims).
  const read = (which: 0 | 1) => backendFor('cpu').readSync!(part(z, which)) as Float32Array | Float64Array;
  const [x, y] = [read(0), read(1)];
  const out = empty(z.shape, z.dtype);
  const o = out.storage.data as Float32Array | Float64Array;
  // A Float32Array store rounds the double result once to float32.
  for (let k = 0; k < x.length; k++) {
    const [re, im] = f(x[k]!, y[k]!);
    o[2 * k] = re;
    o[2 * k + 1] = im;
  }
  return out;
}
