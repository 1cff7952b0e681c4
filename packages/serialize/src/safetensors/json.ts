// A strict JSON reader for safetensors headers, with serde_json's rules and messages (the
// reference reader is Rust's serde_json): integers stay integers (u64/i64) and floats floats,
// lone surrogates in \u escapes are refused, nesting deeper than serde_json's recursion limit
// (128) is refused, duplicate keys are kept in order for the caller to resolve, and every error
// names its place as serde_json does ("at line 1 column 55", columns counted in UTF-8 bytes). It
// is iterative: no input nests it deeper than one loop. JSON.parse sees none of these differences.
// It reads the header's text (already checked to be UTF-8), so names are slices of it.

import { encodeUtf8 } from '../bytes.js';

/**
 * A JSON number as serde_json parses it, beyond what a plain JS number stands for here: a plain
 * number is a u64 up to 2^53; this is a larger u64, a negative i64, or an f64 (anything else).
 */
export class JsonNumber {
  constructor(
    readonly kind: 'u64' | 'i64' | 'f64',
    readonly value: bigint | number,
  ) {}
}

/** An object's keys and values in file order, duplicates included. */
export class JsonObject {
  readonly keys: string[] = [];
  readonly values: JsonValue[] = [];
}

export type JsonValue = null | boolean | number | string | JsonNumber | JsonValue[] | JsonObject;

/** A syntax error, or one raised by a hook: `at` is how many characters serde_json had consumed. */
export class JsonError extends Error {
  constructor(
    readonly reason: string,
    readonly at: number,
  ) {
    super(reason);
  }
}

/** serde_json's "line L column C" for `at` consumed characters of `src` (columns in bytes). */
export function where(src: string, at: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at && i < src.length; i++) {
    if (src.charCodeAt(i) === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  // NOTE: serde_json consumes the offending character's first byte only.
  const column = at > start ? encodeUtf8(src.slice(start, at - 1)).length + 1 : 0;
  return `line ${line} column ${column}`;
}

/** Called as the reader goes, so a caller can refuse as early as serde_json's visitor does. */
export interface JsonHooks {
  /** A key of an object at `depth` (1: the top-level object) ends at `end`. */
  key?(depth: number, key: string, end: number): void;
  /** A value inside an object at `depth` (0: the document) starts with byte `first` at `at` (not yet consumed). */
  valueStart?(depth: number, key: string, first: number, at: number): void;
  /** A value inside an object at `depth` ends at `end` (consumed). */
  entry?(depth: number, key: string, value: JsonValue, end: number): void;
}

/** serde_json's recursion limit: an array or object opened with this many already open fails. */
const RECURSION_LIMIT = 128;

const isWs = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

/**
 * An integer beyond u64/i64 as serde_json makes it a float: the digits that fit a u64, as an f64,
 * times 10 to the number of digits left over (two roundings, so not always the nearest f64).
 */
function longInteger(text: string): number {
  const digits = text.replace('-', '');
  let significand = 0n;
  let i = 0;
  for (; i < digits.length; i++) {
    const d = BigInt(digits.charCodeAt(i) - 0x30);
    if (significand >= 1844674407370955161n && (significand > 1844674407370955161n || d > 5n)) break;
    significand = significand * 10n + d;
  }
  const f = Number(significand) * 10 ** (digits.length - i);
  return text.startsWith('-') ? -f : f;
}

/**
 * The strings every tensor entry repeats. NOTE: returning one shared string for them, instead of
 * a new slice of the header each time, roughly halves what a large header leaves to collect.
 */
const COMMON = ['dtype', 'shape', 'data_offsets', 'F32', 'F16', 'BF16', 'F64', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL'];

/** Parses `src` (one JSON value, whitespace around it) or throws a JsonError. */
export function parseJson(src: string, hooks: JsonHooks = {}): JsonValue {
  const n = src.length;
  const at = (i: number): number | undefined => (i < n ? src.charCodeAt(i) : undefined);
  let pos = 0;
  const fail = (reason: string, at: number): never => {
    throw new JsonError(reason, at);
  };
  const text = (from: number, to: number): string => src.slice(from, to);
  const common = (from: number, to: number): string | undefined => {
    if (to - from > 12) return undefined;
    for (const word of COMMON) if (word.length === to - from && src.startsWith(word, from)) return word;
    return undefined;
  };
  const skipWs = (): void => {
    while (isWs(at(pos))) pos++;
  };

  const readString = (): string => {
    // At the opening quote.
    pos++;
    const start = pos;
    while (pos < n) {
      const b = src.charCodeAt(pos);
      if (b === 0x22) break;
      if (b === 0x5c) return readEscaped(start);
      if (b < 0x20) fail('control character (\\u0000-\\u001F) found while parsing a string', pos + 1);
      pos++;
    }
    if (pos >= n) fail('EOF while parsing a string', n);
    const s = common(start, pos) ?? text(start, pos);
    pos++;
    return s;
  };

  const readHex4 = (): number => {
    if (pos + 4 > n) fail('EOF while parsing a string', n);
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const h = hexValue(src.charCodeAt(pos + i));
      if (h < 0) fail('invalid escape', pos + 4);
      v = v * 16 + h;
    }
    pos += 4;
    return v;
  };

  const readEscaped = (start: number): string => {
    const parts: string[] = [text(start, pos)];
    let run = pos;
    while (pos < n) {
      const b = src.charCodeAt(pos);
      if (b === 0x22) {
        parts.push(text(run, pos));
        pos++;
        return parts.join('');
      }
      if (b < 0x20) fail('control character (\\u0000-\\u001F) found while parsing a string', pos + 1);
      if (b !== 0x5c) {
        pos++;
        continue;
      }
      parts.push(text(run, pos));
      pos++;
      if (pos >= n) fail('EOF while parsing a string', n);
      const e = src.charCodeAt(pos++);
      const simple = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' }[e];
      if (simple !== undefined) parts.push(simple);
      else if (e === 0x75) {
        const u = readHex4();
        if (u >= 0xdc00 && u <= 0xdfff) fail('lone leading surrogate in hex escape', pos);
        if (u >= 0xd800 && u <= 0xdbff) {
          // A lead surrogate must be followed at once by an escaped trail surrogate.
          if (pos >= n) fail('EOF while parsing a string', n);
          if (at(pos) !== 0x5c) fail('unexpected end of hex escape', pos + 1);
          pos++;
          if (pos >= n) fail('EOF while parsing a string', n);
          if (at(pos) !== 0x75) fail('unexpected end of hex escape', pos + 1);
          pos++;
          const lo = readHex4();
          if (lo < 0xdc00 || lo > 0xdfff) fail('lone leading surrogate in hex escape', pos);
          parts.push(String.fromCharCode(u, lo));
        } else parts.push(String.fromCharCode(u));
      } else fail('invalid escape', pos);
      run = pos;
    }
    return fail('EOF while parsing a string', n);
  };

  const readNumber = (): number | JsonNumber => {
    const start = pos;
    const negative = at(pos) === 0x2d;
    if (negative) pos++;
    if (pos >= n) fail('EOF while parsing a value', n);
    if (!isDigit(at(pos))) fail('invalid number', pos + 1);
    if (at(pos) === 0x30) {
      pos++;
      if (isDigit(at(pos))) fail('invalid number', pos + 1);
    } else while (isDigit(at(pos))) pos++;
    let float = false;
    if (at(pos) === 0x2e) {
      float = true;
      pos++;
      if (pos >= n) fail('EOF while parsing a value', n);
      if (!isDigit(at(pos))) fail('invalid number', pos + 1);
      while (isDigit(at(pos))) pos++;
    }
    if (at(pos) === 0x65 || at(pos) === 0x45) {
      float = true;
      pos++;
      if (at(pos) === 0x2b || at(pos) === 0x2d) pos++;
      if (pos >= n) fail('EOF while parsing a value', n);
      if (!isDigit(at(pos))) fail('invalid number', pos + 1);
      while (isDigit(at(pos))) pos++;
    }
    const literal = text(start, pos);
    if (!float) {
      // NOTE: up to 15 digits a double is exact, and far cheaper to make than BigInt(text).
      if (!negative && pos - start <= 15) return Number(literal);
      const v = BigInt(literal);
      if (!negative && v < 1n << 64n) return new JsonNumber('u64', v);
      // NOTE: serde_json reads "-0" as the float -0.0, not the integer 0.
      if (negative && v !== 0n && v >= -(1n << 63n)) return new JsonNumber('i64', v);
      if (v !== 0n) return new JsonNumber('f64', longInteger(literal));
    }
    const f = Number(literal);
    if (!Number.isFinite(f)) fail('number out of range', pos);
    return new JsonNumber('f64', f);
  };

  const readLiteral = (word: string, value: JsonValue): JsonValue => {
    for (let i = 0; i < word.length; i++) {
      if (pos >= n) fail('EOF while parsing a value', n);
      if (at(pos) !== word.charCodeAt(i)) fail('expected ident', pos + 1);
      pos++;
    }
    return value;
  };

  // The open containers, and for objects the key being read (parallel arrays: no object per level).
  const stack: (JsonValue[] | JsonObject)[] = [];
  const keys: string[] = [];

  /** Reads a scalar, or opens a container (pushed on the stack) and returns undefined. */
  const startValue = (): JsonValue | undefined => {
    skipWs();
    if (pos >= n) fail('EOF while parsing a value', n);
    const b = src.charCodeAt(pos);
    if (b === 0x5b || b === 0x7b) {
      if (stack.length + 1 >= RECURSION_LIMIT) fail('recursion limit exceeded', pos + 1);
      pos++;
      skipWs();
      if (b === 0x5b) {
        if (at(pos) === 0x5d) {
          pos++;
          return [];
        }
        stack.push([]);
        keys.push('');
        return undefined;
      }
      const obj = new JsonObject();
      if (at(pos) === 0x7d) {
        pos++;
        return obj;
      }
      stack.push(obj);
      keys.push('');
      readKey(false);
      return undefined;
    }
    if (b === 0x22) return readString();
    if (b === 0x2d || isDigit(b)) return readNumber();
    if (b === 0x74) return readLiteral('true', true);
    if (b === 0x66) return readLiteral('false', false);
    if (b === 0x6e) return readLiteral('null', null);
    return fail('expected value', pos + 1);
  };

  /** In an object, at a key: reads it and the colon; announces the value's start. */
  const readKey = (afterComma: boolean): void => {
    skipWs();
    if (pos >= n) fail(afterComma ? 'EOF while parsing a value' : 'EOF while parsing an object', n);
    if (at(pos) !== 0x22) fail('key must be a string', pos + 1);
    const key = readString();
    keys[keys.length - 1] = key;
    hooks.key?.(stack.length, key, pos);
    skipWs();
    if (pos >= n) fail('EOF while parsing an object', n);
    if (at(pos) !== 0x3a) fail('expected `:`', pos + 1);
    pos++;
    skipWs();
    if (pos < n) hooks.valueStart?.(stack.length, key, src.charCodeAt(pos), pos);
  };

  skipWs();
  if (pos < n) hooks.valueStart?.(0, '', src.charCodeAt(pos), pos);
  let value = startValue();
  for (;;) {
    if (value === undefined) {
      value = startValue();
      continue;
    }
    const container = stack[stack.length - 1];
    if (!container) break;
    const array = Array.isArray(container);
    if (array) container.push(value);
    else {
      const key = keys[keys.length - 1]!;
      container.keys.push(key);
      container.values.push(value);
      hooks.entry?.(stack.length, key, value, pos);
    }
    skipWs();
    if (pos >= n) fail(array ? 'EOF while parsing a list' : 'EOF while parsing an object', n);
    const b = src.charCodeAt(pos);
    if (b === (array ? 0x5d : 0x7d)) {
      pos++;
      stack.pop();
      keys.pop();
      value = container;
      continue;
    }
    if (b !== 0x2c) fail(array ? 'expected `,` or `]`' : 'expected `,` or `}`', pos + 1);
    pos++;
    skipWs();
    if (at(pos) === (array ? 0x5d : 0x7d)) fail('trailing comma', pos + 1);
    if (!array) readKey(true);
    value = undefined;
  }
  skipWs();
  if (pos < n) fail('trailing characters', pos + 1);
  return value;
}
