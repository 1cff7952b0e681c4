import { type DType, isFloating } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Scalar } from './helpers.js';

// A Python scalar converted to a tensor dtype the way PyTorch converts a Scalar it stores
// (c10's checked_convert, behind `x[i] = 2.5` and masked_fill_): integers truncate, a value the
// dtype cannot hold is an error, except that float16/bfloat16 round to inf and bool takes any
// nonzero as True. A bigint is a Python int, and so is a JS number that is a safe integer
// (|v| < 2^53); other numbers are Python floats (1e40 is a float to a JS user, as it is in Python).

/** C++'s name of each integer dtype, as the overflow message prints it. */
const cName: Partial<Record<DType, string>> = {
  int64: 'int64_t', int32: 'int', int16: 'int16_t', int8: 'int8_t', uint8: 'uint8_t', float32: 'float',
};

const intRange: Partial<Record<DType, readonly [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
};

const FLOAT32_MAX = 3.4028234663852886e38;

function overflow(dtype: DType): ValueError {
  return new ValueError(`value cannot be converted to type ${cName[dtype]} without overflow`);
}

/**
 * The value `dtype` stores for a scalar: a number for float and narrow integer dtypes, a bigint
 * for int64, a boolean for bool. Throws PyTorch's errors for values it refuses.
 */
export function checkedScalar(value: Scalar, dtype: DType): Scalar {
  const isInt = typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
  if (isInt) {
    // A Python int beyond int64 does not even become a Scalar.
    const big = BigInt(value as number | bigint);
    if (big >= 2n ** 63n || big < -(2n ** 63n)) throw new ValueError('Overflow when unpacking long long');
  }
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (dtype === 'bool') return typeof v === 'bigint' ? v !== 0n : v !== 0;
  if (isFloating(dtype)) {
    const x = Number(v);
    // float32 refuses finite values beyond its range; inf and NaN pass, as do float16/bfloat16 (-> inf).
    if (dtype === 'float32' && Number.isFinite(x) && Math.abs(x) > FLOAT32_MAX) throw overflow(dtype);
    return x;
  }
  const [lo, hi] = intRange[dtype]!;
  let n: bigint;
  if (!isInt && typeof v === 'number') {
    // A Python float: NaN, inf and anything outside [lowest, max] overflow; the rest truncate.
    if (!Number.isFinite(v) || v < Number(lo) || v > Number(hi)) throw overflow(dtype);
    n = BigInt(Math.trunc(v));
  } else {
    n = BigInt(v);
    // NOTE: uint8 takes negative ints down to -255 and wraps them (C's two's complement), as c10 allows.
    const low = dtype === 'uint8' ? -255n : lo;
    if (n < low || n > hi) throw overflow(dtype);
    if (n < 0n && dtype === 'uint8') n += 256n;
  }
  return dtype === 'int64' ? n : Number(n);
}
