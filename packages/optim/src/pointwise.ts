// The pointwise updates PyTorch's optimizers are made of (add with alpha, addcmul_, addcdiv_,
// lerp_), composed from @wick/tensor ops so that each rounds as PyTorch's CPU kernel does.
// Callers run them under no_grad: they write parameters and state in place.
//
// NOTE: PyTorch's CPU kernels for add(alpha), addcmul and lerp compile to fused multiply-adds
// (one rounding), in the vectorised and in the scalar tail alike; addcdiv does not fuse (its last
// step adds a quotient). A plain `mul` then `add` would round twice and drift by an ULP now and
// then, so `fma` below rounds once.
import { type Tensor, deviceHolds } from '@wick/tensor';

/** A Python float as PyTorch's kernel for `dtype` sees it: a float32 scalar for float32 tensors. */
export function scalarFor(value: number, dtype: string): number {
  return dtype === 'float64' ? value : Math.fround(value);
}

// Veltkamp's constant for splitting a double into two 26-bit halves whose products are exact.
const SPLIT = 134217729;

function split(x: Tensor): [Tensor, Tensor] {
  const t = x.mul(SPLIT);
  const hi = t.sub(t.sub(x));
  return [hi, x.sub(hi)];
}

function splitNumber(x: number): [number, number] {
  const t = x * SPLIT;
  const hi = t - (t - x);
  return [hi, x - hi];
}

/**
 * a * b + c rounded once to c's dtype (a and c tensors of that dtype, b a tensor or a scalar
 * already rounded to it). float64: Dekker's exact product and Knuth's two-sum, so the only
 * rounding is the last one (bar ties too close to call). Narrower floats: the product of two
 * float32 values is exact in float64, so one float64 add and the final conversion round once
 * (bar double-rounding ties, about one in 2^29).
 */
export function fma(a: Tensor, b: Tensor | number, c: Tensor): Tensor {
  // NOTE: a device without float64 (WebGPU) has nothing wider to round once in: there the
  // product and the sum round separately, at most 1 ULP from the fused value per call.
  if (!deviceHolds(c.device, 'float64')) return a.mul(b).add(c);
  if (c.dtype !== 'float64') {
    const wide = typeof b === 'number' ? a.double().mul(b) : a.double().mul(b.double());
    return wide.add(c.double()).to(c.dtype);
  }
  const p = a.mul(b);
  const [ah, al] = split(a);
  let e: Tensor;
  if (typeof b === 'number') {
    const [bh, bl] = splitNumber(b);
    e = ah.mul(bh).sub(p).add(ah.mul(bl)).add(al.mul(bh)).add(al.mul(bl));
  } else {
    const [bh, bl] = split(b);
    e = ah.mul(bh).sub(p).add(ah.mul(bl)).add(al.mul(bh)).add(al.mul(bl));
  }
  const s = p.add(c);
  const bb = s.sub(p);
  const t = p.sub(s.sub(bb)).add(c.sub(bb));
  return s.add(t.add(e));
}

/** self + alpha * other (PyTorch's add with alpha: one fused multiply-add). */
export function addScaled(self: Tensor, other: Tensor, alpha: number): Tensor {
  if (alpha === 1) return self.add(other);
  return fma(other, scalarFor(alpha, self.dtype), self);
}

/** self.add_(other, alpha=alpha) */
export function addScaled_(self: Tensor, other: Tensor, alpha: number): Tensor {
  if (alpha === 1) return self.add_(other);
  return self.copy_(addScaled(self, other, alpha));
}

/** self + value * t1 * t2: PyTorch computes (value * t1) then fuses `* t2 + self`. */
export function addcmul(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const scaled = value === 1 ? t1 : t1.mul(scalarFor(value, self.dtype));
  return fma(scaled, t2, self);
}

export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return self.copy_(addcmul(self, t1, t2, value));
}

/** self.addcdiv_(t1, t2, value): self + ((value * t1) / t2), each step rounded. */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const scaled = value === 1 ? t1 : t1.mul(scalarFor(value, self.dtype));
  return self.add_(scaled.div(t2));
}

/**
 * self.lerp_(end, weight) with a scalar weight. PyTorch's kernel: for |weight| < 0.5,
 * fma(weight, end - self, self); otherwise fma(weight - 1, end - self, end), with weight - 1
 * computed in the tensor's precision.
 */
export function lerp_(self: Tensor, end: Tensor, weight: number): Tensor {
  const w = scalarFor(weight, self.dtype);
  const diff = end.sub(self);
  if (Math.abs(w) < 0.5) return self.copy_(fma(diff, w, self));
  return self.copy_(fma(diff, scalarFor(w - 1, self.dtype), end));
}
