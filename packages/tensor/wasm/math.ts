// Vectorised exp, sigmoid and tanh for float32 data, computed in double precision two lanes at a
// time and rounded once to float32: the results are the correctly rounded values except in rare
// near-ties (the polynomial's error is below 1e-11 relative, float32's half-ULP is 6e-8).

const LOG2E: f64 = 1.4426950408889634;
// ln 2 split in two: n * LN2_HI is exact for |n| < 2^11, so r = x - n ln 2 loses nothing.
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;

/**
 * e^x for two doubles, |x| <= 708. x = n ln2 + r with |r| <= ln2 / 2, e^r by its Taylor series to
 * r^10 (error < r^11 / 11! < 2e-13 relative), then scaled by 2^n built in the exponent bits.
 */
// @ts-ignore: decorator
@inline
export function exp2x(x: v128): v128 {
  const n = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
  // Horner: 1 + r(1 + r/2(1 + r/3(...)))
  let p = f64x2.splat(1.0 / 3628800.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  // 2^n: (n + 1023) << 52 as the bits of a double.
  const ni = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n));
  const scale = i64x2.shl(i64x2.add(ni, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

/** e^x for float32 inputs held as doubles: clamped where float32's result is already 0 or inf. */
// @ts-ignore: decorator
@inline
export function expF32Range(x: v128): v128 {
  // e^-104 is below half the smallest float32 subnormal; e^89 is above float32's largest value.
  const c = f64x2.pmax(f64x2.pmin(x, f64x2.splat(89.0)), f64x2.splat(-104.0));
  const e = exp2x(c);
  // A NaN input compares false and comes back as NaN.
  return v128.bitselect(e, x, f64x2.eq(x, x));
}

/**
 * 1 / (1 + e^-x) in double, with e^-x first rounded to float32: PyTorch's float32 sigmoid rounds
 * it there (its 1 / (1 + e) then underflows to 0 below x = -88.72, where double would not).
 */
// @ts-ignore: decorator
@inline
export function sigmoid2x(x: v128): v128 {
  const e = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(expF32Range(f64x2.neg(x))));
  return f64x2.div(f64x2.splat(1.0), f64x2.add(f64x2.splat(1.0), e));
}

/** tanh x in double: (1 - t) / (1 + t) with t = e^-2|x|, or its series x - x^3/3 + 2x^5/15 near 0. */
// @ts-ignore: decorator
@inline
export function tanh2x(x: v128): v128 {
  const ax = f64x2.abs(x);
  const t = exp2x(f64x2.neg(f64x2.min(f64x2.add(ax, ax), f64x2.splat(40.0))));
  const big = f64x2.div(f64x2.sub(f64x2.splat(1.0), t), f64x2.add(f64x2.splat(1.0), t));
  const x2 = f64x2.mul(x, x);
  // |x| < 2^-10: the next term (17x^7/315) is below 1e-22 of x.
  const small = f64x2.mul(x, f64x2.add(f64x2.splat(1.0), f64x2.mul(x2, f64x2.add(f64x2.splat(-1.0 / 3.0), f64x2.mul(x2, f64x2.splat(2.0 / 15.0))))));
  const signed = v128.or(big, v128.and(x, f64x2.splat(-0.0)));
  const r = v128.bitselect(small, signed, f64x2.lt(ax, f64x2.splat(0.0009765625)));
  return v128.bitselect(r, x, f64x2.eq(x, x));
}

// One loop per function: AssemblyScript has no closures, and a function-typed argument would be
// an indirect call per vector.

/** out[i] = e^x[i] for n float32 values, thread tid's share of them (x and out may be the same). */
export function exp_f32(tid: i32, nt: i32, x: usize, out: usize, n: i32): void {
  const s = slice(n, tid, nt);
  const e = slice(n, tid + 1, nt);
  let i = s;
  for (; i + 4 <= e; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f32x4.demote_f64x2_zero(expF32Range(f64x2.promote_low_f32x4(v)));
    const hi = f32x4.demote_f64x2_zero(expF32Range(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))));
    v128.store(out + (<usize>i << 2), i32x4.shuffle(lo, hi, 0, 1, 4, 5));
  }
  for (; i < e; i++) store<f32>(out + (<usize>i << 2), <f32>f64x2.extract_lane(expF32Range(f64x2.splat(<f64>load<f32>(x + (<usize>i << 2)))), 0));
}

/** out[i] = 1 / (1 + e^-x[i]), as exp_f32. */
export function sigmoid_f32(tid: i32, nt: i32, x: usize, out: usize, n: i32): void {
  const s = slice(n, tid, nt);
  const e = slice(n, tid + 1, nt);
  let i = s;
  for (; i + 4 <= e; i += 4) v128.store(out + (<usize>i << 2), sigmoid4(v128.load(x + (<usize>i << 2))));
  for (; i < e; i++) store<f32>(out + (<usize>i << 2), <f32>f64x2.extract_lane(sigmoid2x(f64x2.splat(<f64>load<f32>(x + (<usize>i << 2)))), 0));
}

/** out[i] = tanh x[i], as exp_f32. */
export function tanh_f32(tid: i32, nt: i32, x: usize, out: usize, n: i32): void {
  const s = slice(n, tid, nt);
  const e = slice(n, tid + 1, nt);
  let i = s;
  for (; i + 4 <= e; i += 4) v128.store(out + (<usize>i << 2), tanh4(v128.load(x + (<usize>i << 2))));
  for (; i < e; i++) store<f32>(out + (<usize>i << 2), <f32>f64x2.extract_lane(tanh2x(f64x2.splat(<f64>load<f32>(x + (<usize>i << 2)))), 0));
}

/** Sigmoid of four float32 lanes, each rounded once from double. */
// @ts-ignore: decorator
@inline
export function sigmoid4(v: v128): v128 {
  const lo = f32x4.demote_f64x2_zero(sigmoid2x(f64x2.promote_low_f32x4(v)));
  const hi = f32x4.demote_f64x2_zero(sigmoid2x(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))));
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

/** tanh of four float32 lanes, each rounded once from double. */
// @ts-ignore: decorator
@inline
export function tanh4(v: v128): v128 {
  const lo = f32x4.demote_f64x2_zero(tanh2x(f64x2.promote_low_f32x4(v)));
  const hi = f32x4.demote_f64x2_zero(tanh2x(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))));
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

/** Thread t's first element of n, in multiples of 4 so that shares stay vector-aligned. */
// @ts-ignore: decorator
@inline
function slice(n: i32, t: i32, nt: i32): i32 {
  if (t >= nt) return n;
  return i32((i64(n >> 2) * t) / nt) << 2;
}

/**
 * Softmax (or log-softmax) of `rows` contiguous rows of n float32 values: the maximum, then the
 * sum of e^(x - max) in double, then e^(x - max) / sum (or x - max - log sum) rounded once.
 */
export function softmax_f32(tid: i32, nt: i32, x: usize, out: usize, rows: i32, n: i32, log: i32): void {
  const r0 = i32((i64(rows) * tid) / nt);
  const r1 = i32((i64(rows) * (tid + 1)) / nt);
  for (let r = r0; r < r1; r++) {
    const px = x + ((<usize>r * n) << 2);
    const po = out + ((<usize>r * n) << 2);
    let m: f32 = -Infinity;
    let sawNaN = false;
    for (let i = 0; i < n; i++) {
      const v = load<f32>(px + (<usize>i << 2));
      if (v > m) m = v;
      else if (v != v) sawNaN = true;
    }
    if (sawNaN) m = NaN;
    const md = f64x2.splat(<f64>m);
    let acc = f64x2.splat(0);
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const v = f64x2.promote_low_f32x4(v128.load64_zero(px + (<usize>i << 2)));
      acc = f64x2.add(acc, expF32Range(f64x2.sub(v, md)));
    }
    let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; i < n; i++) sum += f64x2.extract_lane(expF32Range(f64x2.splat(<f64>load<f32>(px + (<usize>i << 2)) - <f64>m)), 0);
    if (log) {
      // (x - max) - log(sum), each step in double, as the plain-JS kernel.
      const ls = logOf(sum);
      for (let j = 0; j < n; j++) store<f32>(po + (<usize>j << 2), <f32>((<f64>load<f32>(px + (<usize>j << 2)) - <f64>m) - ls));
      continue;
    }
    const inv = f64x2.splat(sum);
    i = 0;
    for (; i + 2 <= n; i += 2) {
      const v = f64x2.promote_low_f32x4(v128.load64_zero(px + (<usize>i << 2)));
      const p = f32x4.demote_f64x2_zero(f64x2.div(expF32Range(f64x2.sub(v, md)), inv));
      v128.store64_lane(po + (<usize>i << 2), p, 0);
    }
    for (; i < n; i++) {
      const e = f64x2.extract_lane(expF32Range(f64x2.splat(<f64>load<f32>(px + (<usize>i << 2)) - <f64>m)), 0);
      store<f32>(po + (<usize>i << 2), <f32>(e / sum));
    }
  }
}

/**
 * ln x for a finite x > 0 (a softmax sum, at least 1): x = m 2^k with m in [sqrt(1/2), sqrt(2)),
 * ln m = 2 atanh s with s = (m - 1) / (m + 1), |s| < 0.172, by its series to s^23 (error < 1e-19).
 * Written out rather than Math.log, whose tables would be a data segment: every thread's
 * instantiation rewrites a module's data in the shared memory.
 */
function logOf(x: f64): f64 {
  let bits = reinterpret<i64>(x);
  let k = <i32>((bits >> 52) & 0x7ff) - 1023;
  bits = (bits & 0x000fffffffffffff) | 0x3ff0000000000000;
  let m = reinterpret<f64>(bits);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    k++;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let t: f64 = 1.0 / 23.0;
  for (let d = 21; d >= 1; d -= 2) t = t * s2 + 1.0 / <f64>d;
  return <f64>k * 0.6931471805599453 + 2 * s * t;
}
