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
 * e^x for four float32 lanes in float32 (Cephes' expf: a degree-7 polynomial after x = n ln2 + r,
 * within about 1 ULP). Results below float32's smallest normal (x < -87.34) are 0. For softmax, whose
 * terms are summed and scaled: the standalone exp above rounds from double instead.
 */
// @ts-ignore: decorator
@inline
function expf4(v: v128): v128 {
  // Clamped so that 2^n stays a normal float32 (n >= -126); below that the result is set to 0.
  const x0 = f32x4.min(f32x4.max(v, f32x4.splat(-87.33654475)), f32x4.splat(88.3762626647949));
  const n = f32x4.nearest(f32x4.mul(x0, f32x4.splat(1.44269504088896341)));
  const x = f32x4.sub(f32x4.sub(x0, f32x4.mul(n, f32x4.splat(0.693359375))), f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(x, x)), x), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  // A NaN lane (NaN input, or inf - inf) stays NaN: y is NaN there; -inf (a masked score) gives 0.
  return v128.andnot(f32x4.mul(y, scale), f32x4.lt(v, f32x4.splat(-87.33654475)));
}

/**
 * Softmax (or log-softmax) of `rows` contiguous rows of n float32 values (x and out may be the
 * same): the maximum, then e = e^(x - max) in float32 (kept in out) summed in double, then
 * e * (1 / sum); log-softmax: (x - max) - log(sum) in double. A NaN anywhere in a row makes it NaN.
 */
export function softmax_f32(tid: i32, nt: i32, x: usize, out: usize, rows: i32, n: i32, log: i32): void {
  const r0 = i32((i64(rows) * tid) / nt);
  const r1 = i32((i64(rows) * (tid + 1)) / nt);
  for (let r = r0; r < r1; r++) {
    const px = x + ((<usize>r * n) << 2);
    const po = out + ((<usize>r * n) << 2);
    // f32x4.max propagates NaN, so a NaN sticks as in the plain-JS kernel.
    let mv = f32x4.splat(-Infinity);
    let i = 0;
    for (; i + 4 <= n; i += 4) mv = f32x4.max(mv, v128.load(px + (<usize>i << 2)));
    let m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (; i < n; i++) m = max(m, load<f32>(px + (<usize>i << 2)));
    const mm = f32x4.splat(m);
    let acc = f64x2.splat(0);
    i = 0;
    for (; i + 4 <= n; i += 4) {
      const e = expf4(f32x4.sub(v128.load(px + (<usize>i << 2)), mm));
      if (!log) v128.store(po + (<usize>i << 2), e);
      acc = f64x2.add(acc, f64x2.add(f64x2.promote_low_f32x4(e), f64x2.promote_low_f32x4(i32x4.shuffle(e, e, 2, 3, 0, 1))));
    }
    let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; i < n; i++) {
      const e = f32x4.extract_lane(expf4(f32x4.splat(load<f32>(px + (<usize>i << 2)) - m)), 0);
      if (!log) store<f32>(po + (<usize>i << 2), e);
      sum += <f64>e;
    }
    if (log) {
      // (x - max) - log(sum), each step in double, as the plain-JS kernel.
      const ls = logOf(sum);
      for (let j = 0; j < n; j++) store<f32>(po + (<usize>j << 2), <f32>((<f64>load<f32>(px + (<usize>j << 2)) - <f64>m) - ls));
      continue;
    }
    const inv = f32x4.splat(<f32>(1.0 / sum));
    i = 0;
    for (; i + 4 <= n; i += 4) v128.store(po + (<usize>i << 2), f32x4.mul(v128.load(po + (<usize>i << 2)), inv));
    for (; i < n; i++) store<f32>(po + (<usize>i << 2), load<f32>(po + (<usize>i << 2)) * f32x4.extract_lane(inv, 0));
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
