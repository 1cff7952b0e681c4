import type { DType } from '../dtype.js';
import { bfloat16BitsToNumber, halfBitsToNumber, numberToBfloat16Bits, numberToHalfBits } from '../half.js';
import type { Generator } from '../random.js';
import { fma32, fma64 } from './fma.js';
import { normalChunk32 } from './normal-avx2.js';

// PyTorch's CPU distributions as sequences of values in draw order (the caller writes them in the
// tensor's memory order). float64 works in double with 53-bit uniforms; float32, float16 and
// bfloat16 work in float32 ("opmath") with 24-bit uniforms and are rounded when stored.

export type FloatValues = Float32Array | Float64Array;

const TWO_PI = 2 * Math.PI; // c10::pi<double> * 2, exact in double

/** A float32 value rounded to a reduced float dtype (PyTorch's static_cast<Half>(float)). */
function roundTo(dtype: DType, v: number): number {
  if (dtype === 'float16') return halfBitsToNumber(numberToHalfBits(v));
  if (dtype === 'bfloat16') return bfloat16BitsToNumber(numberToBfloat16Bits(v));
  return Math.fround(v);
}

/**
 * uniform_(from, to): x * (to - from) + from with one rounding (the compiled kernel fuses it),
 * and a result equal to `to` (after rounding to the dtype) replaced by `from`.
 */
export function uniformValues(n: number, dtype: DType, from: number, to: number, gen: Generator): FloatValues {
  if (dtype === 'float64') {
    const out = new Float64Array(n);
    const range = to - from;
    for (let i = 0; i < n; i++) {
      const v = fma64(gen.uniformFloat64(), range, from);
      out[i] = v === to ? from : v;
    }
    return out;
  }
  const out = new Float32Array(n);
  // NOTE: bounds go to float32 first (opmath), and the range is a float32 subtraction.
  const f = Math.fround(from);
  const t = Math.fround(to);
  const range = Math.fround(t - f);
  const fromScalar = roundTo(dtype, f);
  const toScalar = roundTo(dtype, t);
  const reduced = dtype !== 'float32';
  for (let i = 0; i < n; i++) {
    const x = gen.uniformFloat32();
    let v = fma32(x, range, f);
    if (reduced) v = roundTo(dtype, v);
    out[i] = v === toScalar ? fromScalar : v;
  }
  return out;
}

/**
 * The chunked normal path (contiguous tensors of 16 or more elements): Box-Muller over chunks of
 * 16 uniforms, and, when n is not a multiple of 16, the last 16 slots redone with fresh draws.
 * float32 fills all n uniforms first; float16/bfloat16 draw 16 per chunk into a float32 buffer,
 * so their tail starts right after the last full chunk (fewer draws than float32).
 */
export function normalChunked(n: number, dtype: DType, mean: number, std: number, gen: Generator): FloatValues {
  if (dtype === 'float64') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = gen.uniformFloat64();
    for (let i = 0; i + 16 <= n; i += 16) normalChunk64(out, i, mean, std);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = gen.uniformFloat64();
      normalChunk64(out, n - 16, mean, std);
    }
    return out;
  }
  const m = Math.fround(mean);
  const s = Math.fround(std);
  const out = new Float32Array(n);
  if (dtype === 'float32') {
    for (let i = 0; i < n; i++) out[i] = gen.uniformFloat32();
    for (let i = 0; i + 16 <= n; i += 16) normalChunk32(out, i, m, s);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = gen.uniformFloat32();
      normalChunk32(out, n - 16, m, s);
    }
    return out;
  }
  const buf = new Float32Array(16);
  const chunk = (offset: number): void => {
    for (let j = 0; j < 16; j++) buf[j] = gen.uniformFloat32();
    normalChunk32(buf, 0, m, s);
    out.set(buf, offset);
  };
  for (let i = 0; i + 16 <= n; i += 16) chunk(i);
  if (n % 16 !== 0) chunk(n - 16);
  return out;
}

/** float64 Box-Muller on data[start .. start+16): log and sincos in double (glibc's in PyTorch). */
function normalChunk64(data: Float64Array, start: number, mean: number, std: number): void {
  const plain = std === 1 && mean === 0;
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[start + j]!;
    const radius = Math.sqrt(Math.log(u1) * -2);
    const theta = TWO_PI * data[start + j + 8]!;
    const c = radius * Math.cos(theta);
    const s = Math.sin(theta) * radius;
    // fma(v, 1, 0) is v + 0 (which only turns -0 into +0).
    data[start + j] = plain ? c + 0 : fma64(c, std, mean);
    data[start + j + 8] = plain ? s + 0 : fma64(s, std, mean);
  }
}

/**
 * The scalar normal path (fewer than 16 elements, or non-contiguous): one double Box-Muller pair
 * per two values, the cosine half returned and the sine half cached in the generator, where the
 * next scalar-path value (of any call, any mean/std) takes it first.
 */
export function normalScalar(n: number, dtype: DType, mean: number, std: number, gen: Generator): FloatValues {
  const out = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    if (gen.nextDoubleNormal !== null) {
      v = gen.nextDoubleNormal;
      gen.nextDoubleNormal = null;
    } else {
      const u1 = gen.uniformFloat64();
      const u2 = gen.uniformFloat64();
      const r = Math.sqrt(-2 * Math.log1p(-u2));
      const theta = TWO_PI * u1;
      gen.nextDoubleNormal = r * Math.sin(theta);
      v = r * Math.cos(theta);
    }
    out[i] = fma64(v, std, mean);
  }
  return out;
}

/** bernoulli_(p) with a number p: one 53-bit uniform per element, 1 when below p. */
export function bernoulliScalar(n: number, p: number, gen: Generator): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.uniformFloat64() < p ? 1 : 0;
  return out;
}

/**
 * bernoulli_(p) with a tensor p (values in draw order): a float64 p compares 53-bit uniforms in
 * double; any other p dtype compares 24-bit uniforms with p in float32.
 */
export function bernoulliTensor(p: FloatValues, pIsDouble: boolean, gen: Generator): Uint8Array {
  const out = new Uint8Array(p.length);
  if (pIsDouble) {
    for (let i = 0; i < p.length; i++) out[i] = gen.uniformFloat64() < p[i]! ? 1 : 0;
  } else {
    for (let i = 0; i < p.length; i++) out[i] = gen.uniformFloat32() < Math.fround(p[i]!) ? 1 : 0;
  }
  return out;
}

/** exponential_(lambd): (-1 / lambd) * log1p(-u) in double from a 53-bit uniform. */
export function exponentialValues(n: number, dtype: DType, lambd: number, gen: Generator): FloatValues {
  const out = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  const scale = -1 / lambd;
  for (let i = 0; i < n; i++) out[i] = scale * Math.log1p(-gen.uniformFloat64());
  return out;
}

/** Integer draws: values and the dtype they are exact in (float64 when below 2^53, else int64). */
export interface IntValues {
  dtype: 'float64' | 'int64';
  data: Float64Array | BigInt64Array;
}

/**
 * random_(from, to) / randint: draw % range + from, with a 32-bit draw when range < 2^28 and a
 * 64-bit draw otherwise (PyTorch's rule outside fbcode builds).
 */
export function randomFromTo(n: number, from: bigint, range: bigint, gen: Generator): IntValues {
  const small = range < 2n ** 28n;
  const fromN = Number(from);
  if (small && Math.abs(fromN) < 2 ** 52) {
    const r = Number(range);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = (gen.nextUint32() % r) + fromN;
    return { dtype: 'float64', data };
  }
  const data = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const draw = small ? BigInt(gen.nextUint32()) : gen.nextUint64();
    data[i] = (draw % range) + from; // wraps like int64 when stored
  }
  return { dtype: 'int64', data };
}

/** How random_() without bounds reduces a draw, per dtype: 64-bit or 32-bit draw, modulus. */
const fullRange: Partial<Record<DType, { wide: boolean; mod: bigint }>> = {
  int64: { wide: true, mod: 2n ** 63n },
  float64: { wide: true, mod: 2n ** 53n + 1n },
  int32: { wide: false, mod: 2n ** 31n },
  int16: { wide: false, mod: 2n ** 15n },
  int8: { wide: false, mod: 2n ** 7n },
  uint8: { wide: false, mod: 2n ** 8n },
  float32: { wide: false, mod: 2n ** 24n + 1n },
  float16: { wide: false, mod: 2n ** 11n + 1n },
  bfloat16: { wide: false, mod: 2n ** 8n + 1n },
  bool: { wide: false, mod: 2n },
};

/** random_() without bounds: [0, 2^mantissa] for floats, [0, max] for integers, the low bit for bool. */
export function randomFull(n: number, dtype: DType, gen: Generator): IntValues {
  const { wide, mod } = fullRange[dtype]!;
  if (!wide) {
    const m = Number(mod);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = gen.nextUint32() % m;
    return { dtype: 'float64', data };
  }
  const data = new BigInt64Array(n);
  for (let i = 0; i < n; i++) data[i] = gen.nextUint64() % mod;
  return { dtype: 'int64', data };
}

/**
 * randperm(n): Fisher-Yates from the front with one 32-bit draw per position but the last; from
 * about 214.7 million elements PyTorch switches to an inside-out shuffle with 64-bit draws.
 */
export function randpermValues(n: number, gen: Generator): Float64Array {
  const out = new Float64Array(n);
  if (n < Math.floor((2 ** 32 - 1) / 20)) {
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = i + (gen.nextUint32() % (n - i));
      const tmp = out[i]!;
      out[i] = out[z]!;
      out[z] = tmp;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const z = Number(gen.nextUint64() % BigInt(i + 1));
    out[i] = out[z]!;
    out[z] = i;
  }
  return out;
}
