import { fma32 } from './fma.js';

// PyTorch's float32 Box-Muller step on x86-64 (NormalFill16<float> in the AVX2 build, with the
// Cephes-style log256_ps and sincos256_ps of avx_mathfun.h), one lane at a time. Every step is a
// float32 rounding (Math.fround) and every fma32 is a multiply-add the compiled code fuses:
// transcribed from the compiled instructions, so dropping or adding a rounding changes bits.

const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);

function f32(hex: number): number {
  bits[0] = hex;
  return asFloat[0]!;
}

const P = [0x3d9021bb, 0xbdebd1b8, 0x3def251a, 0xbdfe5d4f, 0x3e11e9bf, 0xbe2aae50, 0x3e4cceac, 0xbe7ffffc, 0x3eaaaaaa].map(f32);
const Q1 = f32(0xb95e8083);
const Q2 = f32(0x3f318000);
const SQRTHF = f32(0x3f3504f3);
const TWO_PI = f32(0x40c90fdb);
const FOPI = f32(0x3fa2f983);
const DP1 = f32(0xbf490000);
const DP2 = f32(0xb97da000);
const DP3 = f32(0xb3222169);
const CP0 = f32(0x37ccf5ce);
const CP1 = f32(0xbab6061a);
const CP2 = f32(0x3d2aaaa5);
const SP0 = f32(0xb94ca1f9);
const SP1 = f32(0x3c08839e);
const SP2 = f32(0xbe2aaaa3);
const fr = Math.fround;

/** log256_ps for u in [2^-24, 1] (u = 1 - uniform, never <= 0 here). */
function logAvx(u: number): number {
  asFloat[0] = u;
  const b = bits[0]!;
  let e = ((b >>> 23) & 0xff) - 126;
  bits[0] = (b & 0x807fffff) | (126 << 23);
  const m = asFloat[0]!;
  let x: number;
  if (m < SQRTHF) {
    e -= 1;
    x = fr(fr(m - 1) + m);
  } else {
    x = fr(m - 1);
  }
  const z = fr(x * x);
  let y = fma32(P[0]!, x, P[1]!);
  for (let k = 2; k <= 8; k++) y = fma32(y, x, P[k]!);
  y = fr(x * y);
  y = fma32(y, z, fr(e * Q1));
  y = fr(y - 0.5 * z);
  return fma32(e, Q2, fr(x + y));
}

let sinOut = 0;
let cosOut = 0;

/** sincos256_ps for theta in [0, 2pi): sets sinOut and cosOut. */
function sincosAvx(theta: number): void {
  let j = Math.trunc(fr(theta * FOPI));
  j = (j + 1) & ~1;
  const t = j;
  let r = fma32(t, DP1, theta);
  r = fma32(DP2, t, r);
  r = fma32(t, DP3, r);
  const z = fr(r * r);
  const h = z * 0.5;
  let c = fma32(CP0, z, CP1);
  c = fma32(c, z, CP2);
  c = fr(z * c);
  c = fma32(z, c, -h);
  c = fr(c + 1);
  let s = fma32(SP0, z, SP1);
  s = fma32(s, z, SP2);
  s = fr(z * s);
  s = fma32(r, s, r);
  // NOTE: the +0 and x - x steps only decide signed zeros, as the blends in the SIMD code do.
  let sn: number;
  let cs: number;
  if ((j & 2) === 0) {
    sn = 0 + s;
    cs = s - s + c;
  } else {
    sn = c + 0;
    cs = s + (c - c);
  }
  sinOut = (j & 4) !== 0 ? -sn : sn;
  cosOut = ((j - 2) & 4) === 0 ? -cs : cs;
}

/**
 * Box-Muller on data[start .. start+16) in place, float32 and AVX2-exact: the radius from the
 * first 8 uniforms, the angle from the last 8. mean and std are float32 values.
 */
export function normalChunk32(data: Float32Array, start: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = fr(1 - data[start + j]!);
    const radius = fr(Math.sqrt(fr(logAvx(u1) * -2)));
    const theta = fr(TWO_PI * data[start + j + 8]!);
    sincosAvx(theta);
    data[start + j] = fma32(fr(radius * cosOut), std, mean);
    data[start + j + 8] = fma32(fr(radius * sinOut), std, mean);
  }
}
