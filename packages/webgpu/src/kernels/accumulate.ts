import { type Kind, wgslType } from '../wgsl/dtypes.js';

// Per-lane accumulators of the line kernels, in WGSL: a state type, its starting value, how an
// element is added, how two lanes' states merge (for treeCode), and the final value.

export interface Accumulator {
  readonly type: string;
  readonly init: string;
  /** WGSL declarations the accumulator needs. */
  readonly decls: string;
  add(state: string, value: string): string;
  /** The function merging two states (a WGSL function name). */
  readonly merge: string;
  value(state: string): string;
}

// A compensated (Kahan) float32 sum: `c` holds the low-order part lost by the running sum `v`,
// so a long run keeps about float32 precision instead of losing a bit per doubling. A non-finite
// running sum drops the compensation (inf - inf would turn it into NaN).
const KAHAN = `
struct Kahan { v: f32, c: f32 }
fn kahan_add(s: Kahan, x: f32) -> Kahan {
  let y = x - s.c;
  let t = s.v + y;
  return Kahan(t, select(0.0, (t - s.v) - y, is_finite_f32(t)));
}
fn kahan_merge(a: Kahan, b: Kahan) -> Kahan {
  let t = a.v + b.v;
  let bb = t - a.v;
  let err = (a.v - (t - bb)) + (b.v - bb);
  return Kahan(t, select(0.0, a.c + b.c - err, is_finite_f32(t)));
}`;

const plain = (kind: Kind, init: string, merge: string, decls = ''): Accumulator => ({
  type: wgslType(kind),
  init,
  decls,
  add: (s, v) => `${merge}(${s}, ${v})`,
  merge,
  value: (s) => s,
});

/** Sum and product accumulators of a kind (i32 wraps as C's int32 does; i64 in word pairs). */
export function accumulators(kind: Kind): { sum: Accumulator; prod: Accumulator } {
  switch (kind) {
    case 'f32':
      return {
        sum: { type: 'Kahan', init: 'Kahan(0.0, 0.0)', decls: KAHAN, add: (s, v) => `kahan_add(${s}, ${v})`, merge: 'kahan_merge', value: (s) => `(${s}.v - ${s}.c)` },
        prod: plain('f32', '1.0', 'mul_f32', 'fn mul_f32(a: f32, b: f32) -> f32 { return a * b; }'),
      };
    case 'i64':
      return { sum: plain('i64', 'vec2<u32>(0u)', 'i64_add'), prod: plain('i64', 'vec2<u32>(1u, 0u)', 'i64_mul') };
    default:
      return {
        sum: plain('i32', '0', 'add_i32', 'fn add_i32(a: i32, b: i32) -> i32 { return a + b; }'),
        prod: plain('i32', '1', 'mul_i32', 'fn mul_i32(a: i32, b: i32) -> i32 { return a * b; }'),
      };
  }
}

/**
 * WGSL for the running max (or min) with its first position, as PyTorch's kernels keep it: a NaN
 * wins (the first NaN), equal values keep the earliest position. Declares struct `Ext_<name>` { v,
 * i } (i = 0xffffffff: nothing seen yet), `ext_init()`, `add_<name>(s, v, j)` and `merge_<name>`.
 */
export function extremumCode(name: string, kind: Kind, isMax: boolean): string {
  const T = wgslType(kind);
  const nan = (v: string): string => (kind === 'f32' ? `is_nan(${v})` : 'false');
  const beats = (a: string, b: string): string => {
    if (kind === 'i64') return isMax ? `i64_lt(${b}, ${a})` : `i64_lt(${a}, ${b})`;
    return isMax ? `${a} > ${b}` : `${a} < ${b}`;
  };
  const S = `Ext_${name}`;
  return `
struct ${S} { v: ${T}, i: u32 }
fn ext_init() -> ${T} { return ${T}(); }
fn add_${name}(s: ${S}, x: ${T}, j: u32) -> ${S} {
  if (s.i == 0xffffffffu || (!${nan('s.v')} && (${nan('x')} || ${beats('x', 's.v')}))) { return ${S}(x, j); }
  return s;
}
fn merge_${name}(a: ${S}, b: ${S}) -> ${S} {
  if (b.i == 0xffffffffu) { return a; }
  if (a.i == 0xffffffffu) { return b; }
  let an = ${nan('a.v')};
  let bn = ${nan('b.v')};
  var take_b: bool;
  if (an || bn) { take_b = bn && (!an || b.i < a.i); }
  else if (${beats('b.v', 'a.v')}) { take_b = true; }
  else if (${beats('a.v', 'b.v')}) { take_b = false; }
  else { take_b = b.i < a.i; }
  if (take_b) { return b; }
  return a;
}`;
}
