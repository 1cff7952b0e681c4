// Numbers as the pickle opcodes carry them: LONG1/LONG4 (little-endian two's complement bytes)
// and the text opcodes INT/LONG/FLOAT of protocol 0, read as CPython's _pickle reads them.

import { UnpicklingError } from '../errors.js';
import { pyInt } from './values.js';

/** Python's sys.int_max_str_digits default: decimal text longer than this is refused. */
export const INT_MAX_STR_DIGITS = 4300;

/** V8's largest BigInt has 2^30 bits; a two's complement int of this many bytes still fits. */
const MAX_LONG_BYTES = 2 ** 27 - 1;

const HEX = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));
const ascii = new TextDecoder('latin1');

/**
 * Little-endian two's complement (LONG1/LONG4) in linear time: the bytes become one hex string
 * and BigInt parses it (shifting a BigInt per byte is quadratic: minutes for 1 MB).
 */
export function decodeLong(bytes: Uint8Array): number | bigint {
  const n = bytes.length;
  if (n === 0) return 0;
  if (n > MAX_LONG_BYTES) {
    throw new UnpicklingError(`a pickled int of ${n} bytes is larger than the largest JavaScript BigInt (2^30 bits, ${MAX_LONG_BYTES} bytes)`, 'ValueError');
  }
  const text = new Uint8Array(2 + 2 * n);
  text[0] = 0x30; // '0x'
  text[1] = 0x78;
  for (let i = 0; i < n; i++) {
    const b = bytes[n - 1 - i]!;
    text[2 + 2 * i] = HEX[b >> 4]!;
    text[3 + 2 * i] = HEX[b & 15]!;
  }
  let v = BigInt(ascii.decode(text));
  if (bytes[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
  return pyInt(v);
}

function tooManyDigits(digits: number): UnpicklingError {
  return new UnpicklingError(
    `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; ` +
      'use sys.set_int_max_str_digits() to increase the limit',
    'ValueError',
  );
}

/**
 * Python's int(text, 0): decimal (no leading zeros), 0x/0o/0b prefixes, underscores between
 * digits, surrounding whitespace; null when the text is not such a literal.
 */
function parseBase0(text: string): bigint | null {
  const m = /^\s*([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?[0-9])*|0(?:_?0)*)\s*$/.exec(text);
  if (!m) return null;
  const body = m[2]!.replace(/_/g, '');
  const decimal = !/^0[xXoObB]/.test(body);
  if (decimal && body.length > INT_MAX_STR_DIGITS) throw tooManyDigits(body.length);
  // NOTE: no digit limit in base 2, 8 or 16 (as in Python), but a BigInt holds at most 2^30 bits.
  if (!decimal && (body.length - 2) * 4 > 2 ** 30 - 1) {
    throw new UnpicklingError(`an int of ${body.length - 2} digits is larger than the largest JavaScript BigInt (2^30 bits)`, 'ValueError');
  }
  const v = BigInt(decimal ? body : body.slice(0, 2).toLowerCase() + body.slice(2));
  return m[1] === '-' ? -v : v;
}

/** The INT opcode: C strtol(text, 0) first (so '010' is octal 8), then int(text, 0). */
export function parseIntOpcode(text: string): number | bigint {
  const octal = /^\s*([+-]?)0([0-7]+)$/.exec(text);
  if (octal) {
    const v = BigInt('0o' + octal[2]);
    return pyInt(octal[1] === '-' ? -v : v);
  }
  try {
    const v = parseBase0(text);
    if (v !== null) return pyInt(v);
  } catch {
    // CPython's INT replaces whatever int() raised (the digit limit included) with this.
  }
  throw new UnpicklingError('could not convert string to int', 'ValueError');
}

/** The LONG opcode: int(text, 0) after dropping Python 2's trailing 'L'. */
export function parseLongOpcode(line: string): number | bigint {
  const text = line.endsWith('L') ? line.slice(0, -1) : line;
  const v = parseBase0(text);
  if (v === null) throw new UnpicklingError(`invalid literal for int() with base 0: '${text.slice(0, 200)}'`, 'ValueError');
  return pyInt(v);
}

/** The FLOAT opcode (Python's float(text)). */
export function parseFloatText(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan' || t === '+nan') return NaN;
  const v = Number(t);
  if (t === '' || Number.isNaN(v) || /^[+-]?0[xob]/.test(t)) throw new UnpicklingError(`could not convert string to float: '${text.slice(0, 200)}'`, 'ValueError');
  return v;
}
