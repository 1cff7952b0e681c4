// Exact fused multiply-adds, which JavaScript lacks. PyTorch's compiled CPU kernels fuse
// `x * range + from` (uniform_) and `n * std + mean` (normal_) into one rounding; two roundings
// differ from it for a large share of inputs, so these emulations are what makes the bits match.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Typed arrays use the platform's byte order: find which 32-bit half holds the low mantissa bits.
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/**
 * s rounded to odd, given that the exact value is s + e (s = RN(exact), e the rounding error):
 * when inexact and s has an even last bit, the odd neighbour towards the exact value. A value
 * rounded to odd with two spare bits rounds correctly to any narrower format (Boldo-Melquiond).
 */
function toOdd(s: number, e: number): number {
  if (e === 0 || s !== s || s === Infinity || s === -Infinity) return s;
  f64[0] = s;
  if ((u32[LO]! & 1) !== 0) return s;
  if (e > 0 === s > 0) {
    // Away from zero: the magnitude's last bit goes from 0 to 1, no carry.
    u32[LO] = u32[LO]! | 1;
  } else if (u32[LO] === 0) {
    // Towards zero with a borrow from the high word.
    u32[LO] = 0xffffffff;
    u32[HI] = u32[HI]! - 1;
  } else {
    u32[LO] = u32[LO]! - 1;
  }
  return f64[0];
}

/**
 * float32 fma(a, b, c) with one rounding, for float32 inputs. The product of two float32 values
 * is exact in double; the double sum is made round-to-odd so that the final rounding to float32
 * is the single rounding of the exact a*b + c.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  // TwoSum: e is exactly (p + c) - s.
  const bv = s - p;
  const e = p - (s - bv) + (c - bv);
  return Math.fround(toOdd(s, e));
}

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter for 53-bit doubles

/**
 * double fma(a, b, c) with one rounding: the exact product as a double pair (Dekker), its high
 * part added exactly to c (TwoSum), the two low parts added with rounding to odd, and one final
 * rounded addition (Boldo-Melquiond's emulated FMA). Exact unless the product underflows below
 * 2^-969 or overflows, ranges that random-number bounds and normal mean/std never reach; those
 * fall back to a*b + c.
 */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  if (p === 0 || !Number.isFinite(p) || Math.abs(p) > 2 ** 995 || Math.abs(p) < 2 ** -969 || !Number.isFinite(c)) {
    return p + c;
  }
  const ta = SPLIT * a;
  const ahi = ta - (ta - a);
  const alo = a - ahi;
  const tb = SPLIT * b;
  const bhi = tb - (tb - b);
  const blo = b - bhi;
  const pe = ahi * bhi - p + ahi * blo + alo * bhi + alo * blo;
  // (th, tl) = TwoSum(c, p)
  const th = c + p;
  const bv = th - c;
  const tl = c - (th - bv) + (p - bv);
  // v = RO(tl + pe)
  const v = tl + pe;
  const bw = v - tl;
  const ve = tl - (v - bw) + (pe - bw);
  return th + toOdd(v, ve);
}
