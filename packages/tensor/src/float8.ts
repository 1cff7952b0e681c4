// The float8 dtypes are stored as raw bytes (Uint8Array). Decoding goes through a 256-entry table
// of float32 values; encoding follows PyTorch's CPU conversion (c10's Float8 types, built from a
// float): round to nearest even, then each format's rule for what does not fit.

/** A float8 format: exponent and mantissa bits, bias, and how it encodes NaN, inf and overflow. */
interface Format {
  readonly e: number;
  readonly m: number;
  readonly bias: number;
  /**
   * 'ieee' (e5m2): inf and NaNs as IEEE, overflow rounds to inf. 'fn' (e4m3fn): no inf, one NaN
   * per sign (0x7f), overflow and inf saturate to the largest finite value. 'fnuz': no inf, no
   * negative zero, the one NaN is 0x80, overflow is NaN. 'e8m0': exponent only, unsigned.
   */
  readonly kind: 'ieee' | 'fn' | 'fnuz' | 'e8m0';
}

const FORMATS: Readonly<Record<string, Format>> = {
  float8_e5m2: { e: 5, m: 2, bias: 15, kind: 'ieee' },
  float8_e4m3fn: { e: 4, m: 3, bias: 7, kind: 'fn' },
  float8_e5m2fnuz: { e: 5, m: 2, bias: 16, kind: 'fnuz' },
  float8_e4m3fnuz: { e: 4, m: 3, bias: 8, kind: 'fnuz' },
  float8_e8m0fnu: { e: 8, m: 0, bias: 127, kind: 'e8m0' },
};

const tables = new Map<string, Float32Array>();

/**
 * All 256 values of a float8 dtype as float32 (each is exact there), with the NaN bit patterns
 * PyTorch's `.float()` produces, so a widened tensor matches PyTorch's bit for bit.
 */
export function float8Table(dtype: string): Float32Array {
  let t = tables.get(dtype);
  if (t) return t;
  const f = FORMATS[dtype]!;
  t = new Float32Array(256);
  const bits = new Uint32Array(t.buffer);
  for (let b = 0; b < 256; b++) {
    const sign = b & 0x80 ? 0x80000000 : 0;
    const exp = (b >> f.m) & ((1 << f.e) - 1);
    const man = b & ((1 << f.m) - 1);
    const expMax = (1 << f.e) - 1;
    if (f.kind === 'e8m0') {
      if (b === 0xff) bits[b] = 0x7f800001;
      else t[b] = 2 ** (b - 127);
    } else if (f.kind === 'fnuz' && b === 0x80) {
      bits[b] = 0x7f800001; // NOTE: the one NaN of the fnuz formats converts to this signalling pattern
    } else if (f.kind === 'ieee' && exp === expMax) {
      // e5m2 is the top byte of a float16: its NaNs come back quieted, payload kept.
      bits[b] = (sign | 0x7f800000 | (man << 21) | (man === 0 ? 0 : 0x400000)) >>> 0;
    } else if (f.kind === 'fn' && exp === expMax && man === (1 << f.m) - 1) {
      bits[b] = (sign | 0x7f800000 | (man << 20)) >>> 0;
    } else {
      const magnitude = exp === 0 ? man * 2 ** (1 - f.bias - f.m) : (1 + man / (1 << f.m)) * 2 ** (exp - f.bias);
      t[b] = sign ? -magnitude : magnitude;
    }
  }
  tables.set(dtype, t);
  return t;
}

/** float8Table as float32 bit patterns: how a float8 → float32 copy keeps PyTorch's NaN bits. */
export function float8Bits(dtype: string): Uint32Array {
  const t = float8Table(dtype);
  return new Uint32Array(t.buffer, t.byteOffset, t.length);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d !== 0.5) return d > 0.5 ? f + 1 : f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * e8m0: the float32's exponent field, rounded to nearest even as if the implied bit (1 for a
 * normal float32, 0 for a subnormal) were the last kept bit, so a tie rounds up unless the input
 * is subnormal; the sign is dropped, inf and NaN become the NaN 0xff.
 */
function toE8m0(x: number): number {
  f32[0] = x;
  const bits = u32[0]! & 0x7fffffff;
  if (bits >= 0x7f800000) return 0xff;
  const exp = bits >>> 23;
  const mant = bits & 0x7fffff;
  const up = mant > 0x400000 || (mant === 0x400000 && exp !== 0);
  return Math.min(0xff, exp + (up ? 1 : 0));
}

/** The float8 byte of `value` (a double is rounded to float32 first, as PyTorch converts through float). */
export function numberToFloat8Bits(dtype: string, value: number): number {
  const f = FORMATS[dtype]!;
  const x = Math.fround(value);
  if (f.kind === 'e8m0') return toE8m0(x);
  // NOTE: the sign comes from the float32's bits, as a NaN's sign does not show in comparisons.
  f32[0] = x;
  const sign = u32[0]! >>> 31 ? 0x80 : 0;
  if (Number.isNaN(x)) return f.kind === 'fnuz' ? 0x80 : sign | 0x7f;
  const maxCode = f.kind === 'ieee' ? 0x7b : f.kind === 'fn' ? 0x7e : 0x7f;
  const overflow = f.kind === 'ieee' ? sign | 0x7c : f.kind === 'fn' ? sign | 0x7e : 0x80;
  const a = Math.abs(x);
  if (a === Infinity) return overflow;
  const minNormal = 2 ** (1 - f.bias);
  let code: number;
  if (a < minNormal) {
    // Subnormal: a multiple of the smallest step; reaching 2^m is the smallest normal's code.
    code = roundHalfEven(a / 2 ** (1 - f.bias - f.m));
  } else {
    let e = Math.floor(Math.log2(a));
    if (2 ** e > a) e -= 1; // guard log2's rounding
    if (2 ** (e + 1) <= a) e += 1;
    let mant = roundHalfEven((a / 2 ** e - 1) * (1 << f.m));
    if (mant === 1 << f.m) {
      mant = 0;
      e += 1;
    }
    code = e + f.bias > (1 << f.e) - 1 ? Infinity : ((e + f.bias) << f.m) | mant;
  }
  if (code > maxCode) return overflow;
  // The fnuz formats have no negative zero: 0x80 is their NaN.
  return f.kind === 'fnuz' && code === 0 ? 0 : sign | code;
}

/** The largest finite value of a float8 dtype (its numeric_limits max), for PyTorch's overflow check. */
export function float8Max(dtype: string): number {
  const t = float8Table(dtype);
  let max = 0;
  for (const v of t) if (Number.isFinite(v) && v > max) max = v;
  return max;
}
