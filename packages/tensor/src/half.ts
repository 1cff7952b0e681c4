// float16 and bfloat16 are stored as raw 16-bit patterns (Uint16Array); these convert to and from
// JS numbers with round-to-nearest-even, as PyTorch's c10::Half and c10::BFloat16 do.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function halfBitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

export function numberToHalfBits(value: number): number {
  // NOTE: PyTorch converts through float32 (c10::Half is built from a float), so a double is
  // rounded twice: to float32, then to half. Rounding the double directly would differ.
  const x = Math.fround(value);
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00; // rounds to infinity
  if (a < 2 ** -14) {
    // Subnormal: units of 2^-24, round half to even.
    return sign | roundHalfEven(a * 2 ** 24);
  }
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp -= 1; // guard log2 rounding
  if (2 ** (exp + 1) <= a) exp += 1;
  let mant = roundHalfEven((a / 2 ** exp - 1) * 1024);
  if (mant === 1024) {
    mant = 0;
    exp += 1;
  }
  if (exp > 15) return sign | 0x7c00;
  return sign | ((exp + 15) << 10) | mant;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export function bfloat16BitsToNumber(h: number): number {
  u32[0] = h << 16;
  return f32[0]!;
}

export function numberToBfloat16Bits(x: number): number {
  // PyTorch rounds float32 -> bfloat16 (round-to-nearest-even on the float32 bits), so a double
  // is rounded to float32 first, exactly as PyTorch's conversion from a double goes.
  f32[0] = x;
  const bits = u32[0]!;
  if (Number.isNaN(f32[0]!)) return 0x7fc0;
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}
