import { type DType, Tensor, hostValues, isFloating } from '@wick/tensor';
import { decodeBase, type EncodedTensor, isEncodedTensor } from './decode.js';

export interface Tolerance {
  /** Largest allowed distance in units in the last place of the output dtype. */
  ulp?: number;
  /** Largest allowed absolute error (an element passes if within either bound). */
  atol?: number;
  /**
   * float32 subnormal results may read as zero of the same sign or either sign: a GPU may flush
   * them (WGSL allows it, and Mesa's software adapter does).
   */
  flushedSubnormals?: boolean;
}

/** float32's smallest normal magnitude. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

/** The worst disagreement found by one comparison. */
export interface Agreement {
  ok: boolean;
  worstUlp: number;
  worstAbs: number;
  /** The first failure, in words. */
  problem?: string;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** Maps a float's bits to an integer that counts representable values (monotonic, -0 = +0). */
function ordered32(x: number): number {
  f32[0] = x;
  const b = i32[0]!;
  return b < 0 ? -(b & 0x7fffffff) : b;
}
function ordered64(x: number): bigint {
  f64[0] = x;
  const b = i64[0]!;
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}
function ordered16(x: number, dtype: DType): number {
  // float16 and bfloat16 are compared through their float32 value: both embed exactly in float32,
  // and the ULP of the 16-bit format is 2^13 (float16 normals) or 2^16 (bfloat16) float32 ULPs.
  return ordered32(x) / (dtype === 'bfloat16' ? 2 ** 16 : 2 ** 13);
}

/** Distance in ULP of `dtype` between two values; 0 for equal values and for two NaNs. */
export function ulpDistance(a: number, b: number, dtype: DType): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  if (dtype === 'float64') return Number(ordered64(a) - ordered64(b) < 0n ? ordered64(b) - ordered64(a) : ordered64(a) - ordered64(b));
  if (dtype === 'float32') return Math.abs(ordered32(a) - ordered32(b));
  return Math.abs(ordered16(a, dtype) - ordered16(b, dtype));
}

export function compareTensors(actual: Tensor, expected: Tensor, tol: Tolerance = {}): Agreement {
  const result: Agreement = { ok: true, worstUlp: 0, worstAbs: 0 };
  const fail = (problem: string): Agreement => ({ ...result, ok: false, problem });
  if (actual.dtype !== expected.dtype) return fail(`dtype ${actual.dtype}, expected ${expected.dtype}`);
  if (actual.shape.join(',') !== expected.shape.join(',')) {
    return fail(`shape [${actual.shape.join(', ')}], expected [${expected.shape.join(', ')}]`);
  }
  const a = hostValues(actual);
  const e = hostValues(expected);
  const float = isFloating(expected.dtype);
  for (let i = 0; i < e.length; i++) {
    if (!float) {
      // Exact, NaN matching NaN (complex parts: a complex NaN is NaN in either part).
      const bothNaN = Number.isNaN(a[i]) && Number.isNaN(e[i]);
      if (a[i] !== e[i] && !bothNaN) return fail(`element ${i} is ${a[i]}, expected ${e[i]} (exact)`);
      continue;
    }
    const x = a[i] as number;
    const y = e[i] as number;
    if (tol.flushedSubnormals && expected.dtype === 'float32' && x === 0 && Math.abs(y) < FLOAT32_MIN_NORMAL) continue;
    const ulp = ulpDistance(x, y, expected.dtype);
    const abs = Number.isNaN(x) && Number.isNaN(y) ? 0 : Math.abs(x - y);
    const withinUlp = ulp <= (tol.ulp ?? 0);
    const withinAbs = tol.atol !== undefined && abs <= tol.atol;
    // An element accepted by the absolute bound (a cancelling sum, a value near zero) reports its
    // absolute error only: its ULP distance measures the tiny result, not the error.
    if (withinAbs && !withinUlp) {
      if (abs > result.worstAbs) result.worstAbs = abs;
    } else if (ulp > result.worstUlp) {
      result.worstUlp = ulp;
    }
    if (!withinUlp && !withinAbs && result.ok) {
      result.ok = false;
      result.problem = `element ${i} is ${x}, expected ${y} (${ulp} ULP, abs ${abs}; allowed ${tol.ulp ?? 0} ULP${tol.atol !== undefined ? ` or ${tol.atol} abs` : ''})`;
    }
  }
  return result;
}

/** Compares any fixture result: tensors (with view metadata), arrays, scalars and strings. */
export function compareValue(actual: unknown, expected: unknown, tol: Tolerance = {}, input?: Tensor): Agreement {
  if (isEncodedTensor(expected)) {
    if (!(actual instanceof Tensor)) return { ok: false, worstUlp: 0, worstAbs: 0, problem: `expected a tensor, got ${describe(actual)}` };
    const agreement = compareTensors(actual, decodeBase(expected), tol);
    return agreement.ok ? compareLayout(actual, expected, agreement, input) : agreement;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return { ok: false, worstUlp: 0, worstAbs: 0, problem: `expected a list of ${expected.length}, got ${describe(actual)}` };
    }
    const total: Agreement = { ok: true, worstUlp: 0, worstAbs: 0 };
    for (let i = 0; i < expected.length; i++) {
      const r = compareValue(actual[i], expected[i], tol, input);
      total.worstUlp = Math.max(total.worstUlp, r.worstUlp);
      total.worstAbs = Math.max(total.worstAbs, r.worstAbs);
      if (!r.ok && total.ok) Object.assign(total, { ok: false, problem: `[${i}]: ${r.problem}` });
    }
    return total;
  }
  const e = typeof expected === 'bigint' && expected >= -(2n ** 53n) && expected <= 2n ** 53n ? Number(expected) : expected;
  const same = typeof e === 'number' && typeof actual === 'number' ? Object.is(e, actual) || e === actual : e === actual;
  return same
    ? { ok: true, worstUlp: 0, worstAbs: 0 }
    : { ok: false, worstUlp: 0, worstAbs: 0, problem: `got ${describe(actual)}, expected ${describe(e)}` };
}

function compareLayout(actual: Tensor, expected: EncodedTensor, agreement: Agreement, input?: Tensor): Agreement {
  const problems: string[] = [];
  if (expected.stride && actual.stride().join(',') !== expected.stride.join(',')) {
    problems.push(`strides [${actual.stride().join(', ')}], expected [${expected.stride.join(', ')}]`);
  }
  if (expected.storage_offset !== undefined && actual.storage_offset() !== expected.storage_offset) {
    problems.push(`storage offset ${actual.storage_offset()}, expected ${expected.storage_offset}`);
  }
  if (expected.shares_storage !== undefined && input && (actual.storage === input.storage) !== expected.shares_storage) {
    problems.push(expected.shares_storage ? 'expected a view of the input, got a copy' : 'expected a copy, got a view of the input');
  }
  return problems.length ? { ...agreement, ok: false, problem: problems.join('; ') } : agreement;
}

function describe(v: unknown): string {
  if (v instanceof Tensor) return `tensor of shape [${v.shape.join(', ')}] ${v.dtype}`;
  if (Array.isArray(v)) return `list of ${v.length}`;
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v);
}
