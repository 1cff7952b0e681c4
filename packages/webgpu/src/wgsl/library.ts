// WGSL helper functions that kernels call: rounding to the 16-bit float formats, and 64-bit
// integer arithmetic on (low, high) word pairs. A kernel's source gets only the functions it uses.

const FUNCTIONS: Record<string, { deps: string[]; code: string }> = {
  // Round to nearest even into float16, returned as the float32 that float16 value is.
  round_f16: {
    deps: [],
    code: `
fn round_f16(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  let sign = b & 0x80000000u;
  let a = b & 0x7fffffffu;
  if (a >= 0x7f800000u) { return x; }
  if (a >= 0x477ff000u) { return bitcast<f32>(sign | 0x7f800000u); }
  if (a >= 0x38800000u) {
    let r = a + 0xfffu + ((a >> 13u) & 1u);
    return bitcast<f32>(sign | (r & 0xffffe000u));
  }
  // A float16 subnormal: a multiple of 2^-24, found exactly by scaling (round() ties to even).
  let q = round(ldexp(bitcast<f32>(a), 24));
  return bitcast<f32>(sign | bitcast<u32>(ldexp(q, -24)));
}`,
  },
  round_bf16: {
    deps: [],
    code: `
fn round_bf16(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) > 0x7f800000u) { return bitcast<f32>(b | 0x00400000u); }
  return bitcast<f32>((b + 0x7fffu + ((b >> 16u) & 1u)) & 0xffff0000u);
}`,
  },
  is_nan: { deps: [], code: `fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }` },
  // WGSL evaluates bitcast<f32>(literal) at shader creation and refuses an infinite or NaN
  // result, so these read their bits from private variables, which are not constant.
  nan_f32: { deps: [], code: `var<private> NAN_BITS: u32 = 0x7fc00000u;\nfn nan_f32() -> f32 { return bitcast<f32>(NAN_BITS); }` },
  inf_f32: { deps: [], code: `var<private> INF_BITS: u32 = 0x7f800000u;\nfn inf_f32() -> f32 { return bitcast<f32>(INF_BITS); }` },
  i64_from_i32: { deps: [], code: `fn i64_from_i32(x: i32) -> vec2<u32> { return vec2<u32>(bitcast<u32>(x), select(0u, 0xffffffffu, x < 0)); }` },
  i64_add: {
    deps: [],
    code: `
fn i64_add(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.x + b.x;
  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}`,
  },
  i64_neg: { deps: ['i64_add'], code: `fn i64_neg(a: vec2<u32>) -> vec2<u32> { return i64_add(~a, vec2<u32>(1u, 0u)); }` },
  i64_sub: { deps: ['i64_add', 'i64_neg'], code: `fn i64_sub(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return i64_add(a, i64_neg(b)); }` },
  i64_is_neg: { deps: [], code: `fn i64_is_neg(a: vec2<u32>) -> bool { return (a.y >> 31u) == 1u; }` },
  i64_abs: { deps: ['i64_neg', 'i64_is_neg'], code: `fn i64_abs(a: vec2<u32>) -> vec2<u32> { return select(a, i64_neg(a), i64_is_neg(a)); }` },
  i64_lt: {
    deps: [],
    code: `
fn i64_lt(a: vec2<u32>, b: vec2<u32>) -> bool {
  if (a.y != b.y) { return bitcast<i32>(a.y) < bitcast<i32>(b.y); }
  return a.x < b.x;
}`,
  },
  i64_ult: { deps: [], code: `fn i64_ult(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y < b.y || (a.y == b.y && a.x < b.x); }` },
  i64_eq: { deps: [], code: `fn i64_eq(a: vec2<u32>, b: vec2<u32>) -> bool { return all(a == b); }` },
  i64_mul_wide: {
    deps: [],
    code: `
fn i64_mul_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu; let a1 = a >> 16u; let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>((p00 & 0xffffu) | (mid << 16u), p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u));
}`,
  },
  i64_mul: {
    deps: ['i64_mul_wide'],
    code: `
fn i64_mul(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let w = i64_mul_wide(a.x, b.x);
  return vec2<u32>(w.x, w.y + a.x * b.y + a.y * b.x);
}`,
  },
  i64_shl: {
    deps: [],
    code: `
fn i64_shl(a: vec2<u32>, s: u32) -> vec2<u32> {
  if (s == 0u) { return a; }
  if (s >= 32u) { return vec2<u32>(0u, a.x << (s - 32u)); }
  return vec2<u32>(a.x << s, (a.y << s) | (a.x >> (32u - s)));
}`,
  },
  // Unsigned division with remainder, one bit at a time (a zero divisor gives 0 and a).
  i64_udivmod: {
    deps: ['i64_ult', 'i64_shl', 'i64_sub'],
    code: `
fn i64_udivmod(n: vec2<u32>, d: vec2<u32>) -> array<vec2<u32>, 2> {
  var q = vec2<u32>(0u);
  var r = vec2<u32>(0u);
  if (all(d == vec2<u32>(0u))) { return array<vec2<u32>, 2>(q, n); }
  for (var i = 63i; i >= 0i; i = i - 1i) {
    let bit = select((n.x >> u32(i)) & 1u, (n.y >> u32(i - 32i)) & 1u, i >= 32i);
    r = i64_shl(r, 1u) | vec2<u32>(bit, 0u);
    if (!i64_ult(r, d)) {
      r = i64_sub(r, d);
      q = q | i64_shl(vec2<u32>(1u, 0u), u32(i));
    }
  }
  return array<vec2<u32>, 2>(q, r);
}`,
  },
  // Truncating division and C's remainder (sign of the dividend).
  i64_divmod: {
    deps: ['i64_udivmod', 'i64_abs', 'i64_neg', 'i64_is_neg'],
    code: `
fn i64_divmod(a: vec2<u32>, b: vec2<u32>) -> array<vec2<u32>, 2> {
  let u = i64_udivmod(i64_abs(a), i64_abs(b));
  let q = select(u[0], i64_neg(u[0]), i64_is_neg(a) != i64_is_neg(b));
  let r = select(u[1], i64_neg(u[1]), i64_is_neg(a));
  return array<vec2<u32>, 2>(q, r);
}`,
  },
  f32_to_i32: {
    deps: ['is_nan'],
    code: `
fn f32_to_i32(x: f32) -> i32 {
  if (is_nan(x) || !(abs(x) < 2147483648.0)) { return bitcast<i32>(0x80000000u); }
  return i32(x);
}`,
  },
  i64_from_f32: {
    deps: ['i64_neg', 'i64_from_i32', 'is_nan'],
    code: `
fn i64_from_f32(x: f32) -> vec2<u32> {
  if (is_nan(x) || !(abs(x) < 9223372036854775808.0)) { return vec2<u32>(0u, 0x80000000u); }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i64_from_i32(i32(t)); }
  let a = abs(t);
  let hi = floor(a / 4294967296.0);
  let v = vec2<u32>(u32(a - hi * 4294967296.0), u32(hi));
  return select(v, i64_neg(v), t < 0.0);
}`,
  },
  // Exact round-to-nearest-even conversion of a 64-bit integer to float32.
  i64_to_f32: {
    deps: ['i64_abs', 'i64_is_neg', 'i64_shl'],
    code: `
fn i64_to_f32(v: vec2<u32>) -> f32 {
  let a = i64_abs(v);
  var r: f32;
  if (a.y == 0u && a.x < 16777216u) {
    r = f32(a.x);
  } else {
    let lz = select(countLeadingZeros(a.y), 32u + countLeadingZeros(a.x), a.y == 0u);
    let n = i64_shl(a, lz);
    var m = n.y >> 8u;
    let below = n.y & 0xffu;
    if (below > 0x80u || (below == 0x80u && (n.x != 0u || (m & 1u) == 1u))) { m = m + 1u; }
    r = ldexp(f32(m), i32(40u - lz));
  }
  return select(r, -r, i64_is_neg(v));
}`,
  },
};

/** The helper functions `code` calls, and the ones they call, in an order WGSL accepts. */
export function libraryFor(code: string): string {
  const wanted = new Set<string>();
  const calls = (text: string, self?: string): string[] =>
    Object.keys(FUNCTIONS).filter((name) => name !== self && new RegExp(`\\b${name}\\(`).test(text));
  const add = (name: string): void => {
    if (wanted.has(name)) return;
    for (const d of [...FUNCTIONS[name]!.deps, ...calls(FUNCTIONS[name]!.code, name)]) add(d);
    wanted.add(name);
  };
  for (const name of calls(code)) add(name);
  return [...wanted].map((n) => FUNCTIONS[n]!.code).join('\n');
}

// Float functions whose WGSL built-ins are too loose (WGSL lets exp/log/pow be several ULP off,
// and defines no fmod): written so their error is that of the built-ins they rest on.
Object.assign(FUNCTIONS, {
  // Series near zero, where exp(x) - 1 would cancel (and where fast-math compilers undo the
  // usual rounding tricks); exp(x) - 1 elsewhere, where the result is at least 0.29 in magnitude.
  expm1_f32: {
    deps: [],
    code: `
fn expm1_f32(x: f32) -> f32 {
  if (abs(x) >= 0.34657359) { return exp_f32(x) - 1.0; }
  var term = x;
  var sum = x;
  for (var n = 2; n < 12; n = n + 1) {
    term = term * x / f32(n);
    sum = sum + term;
  }
  return sum;
}`,
  },
  // log1p = 2 atanh(x / (2 + x)) as a series near zero; log(1 + x) elsewhere.
  log1p_f32: {
    deps: [],
    code: `
fn log1p_f32(x: f32) -> f32 {
  if (x != x || abs(x) >= 0.25) { return log_f32(1.0 + x); }
  let t = x / (2.0 + x);
  let t2 = t * t;
  var p = t;
  var sum = t;
  for (var n = 3; n < 16; n = n + 2) {
    p = p * t2;
    sum = sum + p / f32(n);
  }
  return 2.0 * sum;
}`,
  },
  tanh_f32: {
    deps: ['expm1_f32'],
    code: `
fn tanh_f32(x: f32) -> f32 {
  let a = abs(x);
  if (a > 9.0) { return sign(x); }
  let t = expm1_f32(2.0 * a);
  return select(-1.0, 1.0, x >= 0.0) * (t / (t + 2.0));
}`,
  },
  sigmoid_f32: { deps: [], code: `fn sigmoid_f32(x: f32) -> f32 { return 1.0 / (1.0 + exp_f32(-x)); }` },
  // erf: its Taylor series below 1 in magnitude, 1 - erfc from a continued fraction above.
  erf_f32: {
    deps: ['is_nan'],
    code: `
fn erf_f32(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  if (a < 1.0) {
    let x2 = x * x;
    var term = x;
    var sum = x;
    for (var n = 1; n < 24; n = n + 1) {
      term = -term * x2 / f32(n);
      sum = sum + term / f32(2 * n + 1);
    }
    return sum * 1.1283791670955126;
  }
  if (a >= 4.0) { return sign(x); }
  // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))), evaluated from the tail.
  var f = a;
  for (var k = 60; k >= 1; k = k - 1) { f = a + (f32(k) * 0.5) / f; }
  let erfc = exp_f32(-a * a) / f * 0.5641895835477563;
  return sign(x) * (1.0 - erfc);
}`,
  },
  // C's fmod, exactly: the remainder is reduced by |b| scaled by powers of two (each step exact).
  fmod_f32: {
    deps: ['is_nan'],
    code: `
fn fmod_f32(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b) || b == 0.0 || abs(a) == inf_f32()) { return nan_f32(); }
  let bb = abs(b);
  if (bb == inf_f32()) { return a; }
  var r = abs(a);
  for (var guard = 0; guard < 300 && r >= bb; guard = guard + 1) {
    var s = ldexp(bb, max(0, i32(floor(log2(r))) - i32(floor(log2(bb)))));
    if (s > r) { s = s * 0.5; }
    r = r - s;
  }
  return select(r, -r, a < 0.0 || (a == 0.0 && bitcast<u32>(a) != 0u));
}`,
  },
  pow_f32: {
    deps: ['is_nan'],
    code: `
fn pow_f32(a: f32, b: f32) -> f32 {
  let inf = inf_f32();
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  if (b == 1.0) { return a; }
  if (b == 2.0) { return a * a; }
  if (b == 3.0) { return a * a * a; }
  if (b == 0.5) { return sqrt(a); }
  if (b == -1.0) { return 1.0 / a; }
  if (b == -2.0) { return 1.0 / (a * a); }
  if (a == -1.0 && abs(b) == inf) { return 1.0; }
  let ab = abs(a);
  let whole = floor(b) == b && abs(b) < 16777216.0;
  let odd = whole && fract(b * 0.5) != 0.0;
  var r: f32;
  if (ab == 0.0) { r = select(inf, 0.0, b > 0.0); }
  else if (ab == inf) { r = select(0.0, inf, b > 0.0); }
  else if (abs(b) == inf) { r = select(select(inf, 0.0, b > 0.0), select(0.0, inf, b > 0.0), ab > 1.0); }
  else { r = exp_f32(b * log_f32(ab)); }
  let negative = a < 0.0 || bitcast<u32>(a) == 0x80000000u;
  if (negative) {
    if (!whole && abs(b) != inf && ab != 0.0 && ab != inf) { return nan_f32(); }
    if (odd) { r = -r; }
  }
  return r;
}`,
  },
  pow_i32: {
    deps: [],
    code: `
fn pow_i32(a: i32, b: i32) -> i32 {
  if (b < 0) { return select(select(0, select(-1, 1, (b & 1) == 0), a == -1), 1, a == 1); }
  var r = 1;
  var base = a;
  var e = b;
  while (e > 0) {
    if ((e & 1) == 1) { r = r * base; }
    base = base * base;
    e = e >> 1u;
  }
  return r;
}`,
  },
  pow_i64: {
    deps: ['i64_mul', 'i64_is_neg', 'i64_eq', 'i64_neg'],
    code: `
fn pow_i64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let one = vec2<u32>(1u, 0u);
  if (i64_is_neg(b)) {
    if (i64_eq(a, one)) { return one; }
    if (i64_eq(a, i64_neg(one))) { return select(i64_neg(one), one, (b.x & 1u) == 0u); }
    return vec2<u32>(0u);
  }
  var r = one;
  var base = a;
  var e = b;
  while (any(e != vec2<u32>(0u))) {
    if ((e.x & 1u) == 1u) { r = i64_mul(r, base); }
    base = i64_mul(base, base);
    e = vec2<u32>((e.x >> 1u) | (e.y << 31u), e.y >> 1u);
  }
  return r;
}`,
  },
});

Object.assign(FUNCTIONS, {
  remainder_f32: {
    deps: ['fmod_f32'],
    code: `
fn remainder_f32(a: f32, b: f32) -> f32 {
  let m = fmod_f32(a, b);
  return select(m, m + b, m != 0.0 && ((m < 0.0) != (b < 0.0)));
}`,
  },
  // PyTorch's floor division of floats (Python's): from the exact remainder, then rounded to a whole.
  floor_div_f32: {
    deps: ['fmod_f32'],
    code: `
fn floor_div_f32(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return a / b; }
  let m = fmod_f32(a, b);
  var d = (a - m) / b;
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) { d = d - 1.0; }
  if (d == 0.0) { return select(0.0, -0.0, (a / b) < 0.0); }
  let f = floor(d);
  return select(f, f + 1.0, d - f > 0.5);
}`,
  },
  floor_div_i64: {
    deps: ['i64_divmod', 'i64_is_neg', 'i64_sub'],
    code: `
fn floor_div_i64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let qr = i64_divmod(a, b);
  let adjust = any(qr[1] != vec2<u32>(0u)) && (i64_is_neg(qr[1]) != i64_is_neg(b));
  return select(qr[0], i64_sub(qr[0], vec2<u32>(1u, 0u)), adjust);
}`,
  },
  remainder_i64: {
    deps: ['i64_divmod', 'i64_is_neg', 'i64_add'],
    code: `
fn remainder_i64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let r = i64_divmod(a, b)[1];
  let adjust = any(r != vec2<u32>(0u)) && (i64_is_neg(r) != i64_is_neg(b));
  return select(r, i64_add(r, b), adjust);
}`,
  },
});

// exp, log, sin and cos by range reduction and minimax polynomials (the classic single-precision
// coefficients), so that results are within a few ULP on any adapter: the built-ins may be fast
// approximations (Mesa's llvmpipe gives log 80 ULP off near 1, sin wrong past a few periods).
Object.assign(FUNCTIONS, {
  exp_f32: {
    deps: [],
    code: `
fn exp_f32(x: f32) -> f32 {
  if (x != x) { return x; }
  if (x > 88.72283935546875) { return inf_f32(); }
  if (x < -103.97207708) { return 0.0; }
  let n = floor(x * 1.4426950408889634 + 0.5);
  let r = (x - n * 0.693359375) - n * -2.12194440e-4;
  let z = r * r;
  let p = (((((1.9875691500e-4 * r + 1.3981999507e-3) * r + 8.3334519073e-3) * r + 4.1665795894e-2) * r + 1.6666665459e-1) * r + 5.0000001201e-1) * z + r + 1.0;
  let k = i32(n);
  if (k > 127) { return ldexp(ldexp(p, 127), k - 127); }
  if (k < -125) { return ldexp(ldexp(p, -125), k + 125); }
  return ldexp(p, k);
}`,
  },
  // log as its two parts: x = 2^e * (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)); returns (e, log(1 + f)).
  log_parts: {
    deps: [],
    code: `
fn log_parts(x: f32) -> vec2<f32> {
  // A subnormal x is its bits times 2^-149: taken apart as integers, since an adapter that
  // flushes subnormals gets frexp (and any arithmetic on x) wrong.
  let bits = bitcast<u32>(x);
  let subnormal = (bits & 0x7f800000u) == 0u;
  let fr = frexp(select(x, f32(bits & 0x7fffffu), subnormal));
  var m = fr.fract;
  var e = fr.exp - select(0, 149, subnormal);
  var f: f32;
  if (m < 0.70710678118654752) { e = e - 1; f = m + m - 1.0; } else { f = m - 1.0; }
  let z = f * f;
  var y = ((((((((7.0376836292e-2 * f - 1.1514610310e-1) * f + 1.1676998740e-1) * f - 1.2420140846e-1) * f + 1.4249322787e-1) * f - 1.6668057665e-1) * f + 2.0000714765e-1) * f - 2.4999993993e-1) * f + 3.3333331174e-1) * f * z;
  y = y - 0.5 * z;
  return vec2<f32>(f32(e), f + y);
}`,
  },
  log_f32: {
    deps: [],
    code: `
fn log_f32(x: f32) -> f32 {
  if (x != x || x == inf_f32()) { return x; }
  if (x < 0.0) { return nan_f32(); }
  if ((bitcast<u32>(x) & 0x7fffffffu) == 0u) { return -inf_f32(); }
  let p = log_parts(x);
  return (p.y + p.x * -2.12194440e-4) + p.x * 0.693359375;
}`,
  },
  log2_f32: {
    deps: [],
    code: `
fn log2_f32(x: f32) -> f32 {
  if (x != x || x == inf_f32()) { return x; }
  if (x < 0.0) { return nan_f32(); }
  if ((bitcast<u32>(x) & 0x7fffffffu) == 0u) { return -inf_f32(); }
  let p = log_parts(x);
  return p.y * 1.4426950408889634 + p.x;
}`,
  },
  log10_f32: {
    deps: [],
    code: `
fn log10_f32(x: f32) -> f32 {
  if (x != x || x == inf_f32()) { return x; }
  if (x < 0.0) { return nan_f32(); }
  if ((bitcast<u32>(x) & 0x7fffffffu) == 0u) { return -inf_f32(); }
  let p = log_parts(x);
  return ((p.y * 7.00731903251827651e-4 + p.x * 2.48745663981195213739e-4) + p.y * 0.43359375) + p.x * 0.30078125;
}`,
  },
  // sin and cos share the reduction x = j (pi/4) + r, |r| <= pi/4, with pi/4 in three parts.
  sincos_f32: {
    deps: [],
    code: `
fn sincos_f32(x: f32) -> vec2<f32> {
  let a = abs(x);
  var j = u32(a * 1.2732395447351628);
  var y = f32(j);
  if ((j & 1u) == 1u) { j = j + 1u; y = y + 1.0; }
  j = j & 7u;
  let r = ((a - y * 0.78515625) - y * 2.4187564849853515625e-4) - y * 3.77489497744594108e-8;
  let z = r * r;
  let s = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  let c = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  var sn = select(s, c, j == 2u || j == 6u);
  var cs = select(c, s, j == 2u || j == 6u);
  if (j > 3u) { sn = -sn; }
  if (j == 2u || j == 4u) { cs = -cs; }
  if (x < 0.0) { sn = -sn; }
  return vec2<f32>(sn, cs);
}`,
  },
  sin_f32: {
    deps: [],
    code: `
fn sin_f32(x: f32) -> f32 {
  if (x != x || abs(x) == inf_f32()) { return nan_f32(); }
  if (x == 0.0) { return x; }
  if (abs(x) > 8192.0) { return sincos_large(x).x; }
  return sincos_f32(x).x;
}`,
  },
  cos_f32: {
    deps: [],
    code: `
fn cos_f32(x: f32) -> f32 {
  if (x != x || abs(x) == inf_f32()) { return nan_f32(); }
  if (abs(x) > 8192.0) { return sincos_large(x).y; }
  return sincos_f32(x).y;
}`,
  },
  tan_f32: {
    deps: [],
    code: `
fn tan_f32(x: f32) -> f32 {
  if (x != x || abs(x) == inf_f32()) { return nan_f32(); }
  if (x == 0.0) { return x; }
  let sc = select(sincos_f32(x), sincos_large(x), abs(x) > 8192.0);
  return sc.x / sc.y;
}`,
  },
});

Object.assign(FUNCTIONS, {
  // atan: reduced to |x| <= tan(pi/8) by pi/4 or pi/2 offsets, then an odd polynomial.
  atan_f32: {
    deps: [],
    code: `
fn atan_f32(v: f32) -> f32 {
  var x = abs(v);
  var y = 0.0;
  if (x > 2.414213562373095) { y = 1.5707963267948966; x = -1.0 / x; }
  else if (x > 0.4142135623730950) { y = 0.7853981633974483; x = (x - 1.0) / (x + 1.0); }
  let z = x * x;
  y = y + (((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z * x + x;
  return select(y, -y, v < 0.0);
}`,
  },
  // atan2 with C's values where WGSL leaves the built-in undefined: zeros and infinities.
  atan2_f32: {
    deps: ['is_nan'],
    code: `
fn atan2_f32(y: f32, x: f32) -> f32 {
  if (is_nan(y) || is_nan(x)) { return nan_f32(); }
  let pi = 3.14159265358979;
  let xneg = x < 0.0 || bitcast<u32>(x) == 0x80000000u;
  let ysign = select(1.0, -1.0, y < 0.0 || bitcast<u32>(y) == 0x80000000u);
  if (y == 0.0) { return select(y, ysign * pi, xneg); }
  let inf = inf_f32();
  if (abs(y) == inf) {
    if (abs(x) == inf) { return ysign * select(pi * 0.25, pi * 0.75, xneg); }
    return ysign * pi * 0.5;
  }
  if (abs(x) == inf) { return select(ysign * 0.0, ysign * pi, xneg); }
  if (x == 0.0) { return ysign * pi * 0.5; }
  let z = atan_f32(y / x);
  if (x > 0.0) { return z; }
  return z + ysign * pi;
}`,
  },
});

// The line kernels' (reductions, scans, softmax, sort) helpers.
Object.assign(FUNCTIONS, {
  is_inf_f32: { deps: [], code: `fn is_inf_f32(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }` },
  is_finite_f32: { deps: [], code: `fn is_finite_f32(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }` },
});

// Large arguments of sin, cos and tan (|x| > 2^13) are reduced exactly, as fdlibm and CUDA's slow
// path do (Payne and Hanek): |x| = m 2^e with m a 24-bit integer, multiplied by a 96-bit window of
// 2/pi's bits starting where the earlier bits can only add multiples of 8, in integer arithmetic.
// The result's integer part gives the quadrant and its next 64 bits the angle within it.
Object.assign(FUNCTIONS, {
  two_over_pi_word: {
    deps: [],
    code: `
fn two_over_pi_word(k: u32) -> u32 {
  var words = array<u32, 10>(0xa2f9836eu, 0x4e441529u, 0xfc2757d1u, 0xf534ddc0u, 0xdb629599u,
                             0x3c439041u, 0xfe5163abu, 0xdebbc561u, 0xb7246e3au, 0x424dd2e0u);
  return words[min(k, 9u)];
}`,
  },
  // Bits [p + 1, p + 32] of 2/pi's binary fraction.
  two_over_pi_bits: {
    deps: [],
    code: `
fn two_over_pi_bits(p: u32) -> u32 {
  let w = p / 32u;
  let b = p % 32u;
  if (b == 0u) { return two_over_pi_word(w); }
  return (two_over_pi_word(w) << b) | (two_over_pi_word(w + 1u) >> (32u - b));
}`,
  },
  // Bits [at, at + 32) of a 128-bit little-endian number (zero past its top).
  bits128: {
    deps: [],
    code: `
fn bits128(s: array<u32, 4>, at: u32) -> u32 {
  let w = at / 32u;
  let b = at % 32u;
  var lo = 0u;
  var hi = 0u;
  if (w < 4u) { lo = s[w]; }
  if (w + 1u < 4u) { hi = s[w + 1u]; }
  if (b == 0u) { return lo; }
  return (lo >> b) | (hi << (32u - b));
}`,
  },
  // (quadrant, reduced angle in [-pi/4, pi/4]) of |x| for |x| >= 2^13.
  reduce_large: {
    deps: ['i64_mul_wide'],
    code: `
fn reduce_large(a: f32) -> vec2<f32> {
  let bits = bitcast<u32>(a);
  let e = i32(bits >> 23u) - 150;
  let m = (bits & 0x7fffffu) | 0x800000u;
  let p = u32(max(0, e - 3));
  let w2 = two_over_pi_bits(p);
  let w1 = two_over_pi_bits(p + 32u);
  let w0 = two_over_pi_bits(p + 64u);
  let lo = i64_mul_wide(m, w0);
  let mid = i64_mul_wide(m, w1);
  let hi = i64_mul_wide(m, w2);
  let s1 = lo.y + mid.x;
  let c1 = select(0u, 1u, s1 < lo.y);
  let s2a = mid.y + hi.x;
  let c2a = select(0u, 1u, s2a < mid.y);
  let s2 = s2a + c1;
  let c2 = c2a + select(0u, 1u, s2 < s2a);
  let s = array<u32, 4>(lo.x, s1, s2, hi.y + c2);
  let sh = u32(i32(p) + 96 - e);
  var q = bits128(s, sh) & 3u;
  var fh = bits128(s, sh - 32u);
  var fl = bits128(s, sh - 64u);
  var sgn = 1.0;
  if ((fh >> 31u) == 1u) {
    // The angle is nearer the next quadrant: take 1 - fraction exactly (two's complement).
    fh = ~fh;
    fl = ~fl + 1u;
    if (fl == 0u) { fh = fh + 1u; }
    q = (q + 1u) & 3u;
    sgn = -1.0;
  }
  let fr = f32(fh) * 2.3283064365386963e-10 + f32(fl) * 5.421010862427522e-20;
  return vec2<f32>(f32(q), sgn * fr * 1.5707963267948966);
}`,
  },
  // sin and cos of a reduced angle |r| <= pi/4.
  sincos_reduced: {
    deps: [],
    code: `
fn sincos_reduced(r: f32) -> vec2<f32> {
  let z = r * r;
  let s = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  let c = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  return vec2<f32>(s, c);
}`,
  },
  sincos_large: {
    deps: [],
    code: `
fn sincos_large(x: f32) -> vec2<f32> {
  let qr = reduce_large(abs(x));
  let sc = sincos_reduced(qr.y);
  let q = u32(qr.x);
  var sn = sc.x;
  var cs = sc.y;
  if (q == 1u) { sn = sc.y; cs = -sc.x; }
  if (q == 2u) { sn = -sc.x; cs = -sc.y; }
  if (q == 3u) { sn = -sc.y; cs = sc.x; }
  return vec2<f32>(select(sn, -sn, x < 0.0), cs);
}`,
  },
});
