// The emulated fused multiply-adds behind uniform_ and normal_ (src/rng/fma.ts), checked against an
// independent oracle: the exact a*b + c in BigInt arithmetic, rounded once to nearest-even.
import { describe, expect, it } from 'vitest';
import { fma32, fma64 } from '../src/rng/fma.js';

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** x = m * 2^e exactly, for a finite normal double. */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const b = u64[0]!;
  const exp = Number((b >> 52n) & 0x7ffn);
  const mant = (b & 0xfffffffffffffn) | (exp === 0 ? 0n : 1n << 52n);
  const m = b >> 63n ? -mant : mant;
  return [m, (exp === 0 ? 1 : exp) - 1075];
}

/** The exact a*b + c rounded to nearest-even with `bits` significant bits (normal range). */
function exactFma(a: number, b: number, c: number, bits: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const e = Math.min(ea + eb, ec);
  const n = ma * mb * (1n << BigInt(ea + eb - e)) + mc * (1n << BigInt(ec - e));
  if (n === 0n) return a * b + c; // the sign of an exact zero follows IEEE's sum rules
  const neg = n < 0n;
  const mag = neg ? -n : n;
  const len = mag.toString(2).length;
  if (len <= bits) return (neg ? -1 : 1) * Number(mag) * 2 ** e;
  const shift = BigInt(len - bits);
  let q = mag >> shift;
  const rem = mag - (q << shift);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return (neg ? -1 : 1) * Number(q) * 2 ** (e + Number(shift));
}

/** A deterministic stream of test values (xorshift), so failures reproduce. */
function* values(seed: number, count: number, float32: boolean): Generator<[number, number, number]> {
  let s = seed;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const val = (spread: number) => {
    const v = (next() + 0.5) * 2 ** Math.floor((next() - 0.5) * spread) * (next() < 0.5 ? -1 : 1);
    return float32 ? Math.fround(v) : v;
  };
  for (let i = 0; i < count; i++) {
    const a = val(20);
    const b = val(20);
    // c near a*b's magnitude (cancellation), far below it (sticky bits only), or anywhere.
    const k = i % 3;
    const c = k === 0 ? (float32 ? Math.fround(-a * b * (1 + (next() - 0.5) * 2 ** -10)) : -a * b * (1 + (next() - 0.5) * 2 ** -20)) : k === 1 ? val(20) * 2 ** -40 : val(60);
    yield [a, b, c];
  }
}

describe('fma32', () => {
  it('rounds a*b + c once to float32 (ties decided by bits beyond double precision)', () => {
    // 3 * (1 + 2^-23) lies exactly halfway between two float32 values; a c far below double
    // precision decides the direction, which a double sum then float32 rounding gets wrong once.
    const a = 3;
    const b = Math.fround(1 + 2 ** -23);
    for (const c of [2 ** -70, -(2 ** -70)]) expect(fma32(a, b, c)).toBe(exactFma(a, b, c, 24));
    expect(fma32(a, b, 2 ** -70)).not.toBe(fma32(a, b, -(2 ** -70)));
  });
  it('agrees with the exact oracle on 100000 inputs', () => {
    let bad = 0;
    for (const [a, b, c] of values(12345, 100000, true)) if (fma32(a, b, c) !== exactFma(a, b, c, 24)) bad++;
    expect(bad).toBe(0);
  });
});

describe('fma64', () => {
  it('decides a halfway product by bits far below it', () => {
    const b = 1 + 2 ** -52; // 3 * b is exactly halfway between two doubles
    for (const c of [2 ** -120, -(2 ** -120)]) expect(fma64(3, b, c)).toBe(exactFma(3, b, c, 53));
    expect(fma64(3, b, 2 ** -120)).not.toBe(fma64(3, b, -(2 ** -120)));
  });
  it('agrees with the exact oracle on 100000 inputs, including cancellation and sticky bits', () => {
    let bad = 0;
    for (const [a, b, c] of values(777, 100000, false)) if (!Object.is(fma64(a, b, c), exactFma(a, b, c, 53))) bad++;
    expect(bad).toBe(0);
  });
  it('keeps the signs of zeros', () => {
    expect(Object.is(fma64(-0, 1, 0), 0)).toBe(true);
    expect(Object.is(fma64(-0, 1, -0), -0)).toBe(true);
    expect(Object.is(fma64(2, 3, -6), 0)).toBe(true);
  });
});
