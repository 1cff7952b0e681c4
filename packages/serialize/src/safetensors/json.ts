// A strict JSON reader for safetensors headers, with serde_json's rules and messages (the
// reference reader is Rust's serde_json): integers stay integers (u64/i64) and floats floats,
// lone surrogates in \u escapes are refused, nesting deeper than serde_json's recursion limit
// (128) is refused, duplicate keys are kept in order for the caller to resolve, and every error
// names its place as serde_json does ("at line 1 column 55", columns counted in bytes). It is
// iterative: no input nests it deeper than one loop. JSON.parse sees none of these differences.

import { decodeUtf8 } from '../bytes.js';

/** A JSON number as serde_json parses it: u64, negative i64, or f64 (anything else). */
export class JsonNumber {
  constructor(
    readonly kind: 'u64' | 'i64' | 'f64',
    readonly value: bigint | number,
  ) {}
}

/** An object's entries in file order, duplicates included. */
export class JsonObject {
  readonly entries: [string, JsonValue][] = [];
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

/** A syntax error, or one raised by a hook: `at` is how many bytes serde_json had consumed. */
export class JsonError extends Error {
  constructor(
    readonly reason: string,
    readonly at: number,
  ) {
    super(reason);
  }
}

/** serde_json's "line L column C" for `at` consumed bytes. */
export function where(bytes: Uint8Array, at: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return `line ${line} column ${at - start}`;
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

interface Frame {
  readonly container: JsonValue[] | JsonObject;
  key: string;
}

/** Parses `bytes` (one JSON value, whitespace around it) or throws a JsonError. */
export function parseJson(bytes: Uint8Array, hooks: JsonHooks = {}): JsonValue {
  const n = bytes.length;
  let pos = 0;
  const fail = (reason: string, at: number): never => {
    throw new JsonError(reason, at);
  };
  const skipWs = (): void => {
    while (isWs(bytes[pos])) pos++;
  };

  const readString = (): string => {
    // At the opening quote.
    pos++;
    const start = pos;
    while (pos < n) {
      const b = bytes[pos]!;
      if (b === 0x22) break;
      if (b === 0x5c) return readEscaped(start);
      if (b < 0x20) fail('control character (\\u0000-\\u001F) found while parsing a string', pos + 1);
      pos++;
    }
    if (pos >= n) fail('EOF while parsing a string', n);
    const s = decodeUtf8(bytes.subarray(start, pos));
    pos++;
    return s;
  };

  const readHex4 = (): number => {
    if (pos + 4 > n) fail('EOF while parsing a string', n);
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const h = hexValue(bytes[pos + i]!);
      if (h < 0) fail('invalid escape', pos + 4);
      v = v * 16 + h;
    }
    pos += 4;
    return v;
  };

  const readEscaped = (start: number): string => {
    const parts: string[] = [decodeUtf8(bytes.subarray(start, pos))];
    let run = pos;
    while (pos < n) {
      const b = bytes[pos]!;
      if (b === 0x22) {
        parts.push(decodeUtf8(bytes.subarray(run, pos)));
        pos++;
        return parts.join('');
      }
      if (b < 0x20) fail('control character (\\u0000-\\u001F) found while parsing a string', pos + 1);
      if (b !== 0x5c) {
        pos++;
        continue;
      }
      parts.push(decodeUtf8(bytes.subarray(run, pos)));
      pos++;
      if (pos >= n) fail('EOF while parsing a string', n);
      const e = bytes[pos++]!;
      const simple = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' }[e];
      if (simple !== undefined) parts.push(simple);
      else if (e === 0x75) {
        const u = readHex4();
        if (u >= 0xdc00 && u <= 0xdfff) fail('lone leading surrogate in hex escape', pos);
        if (u >= 0xd800 && u <= 0xdbff) {
          // A lead surrogate must be followed at once by an escaped trail surrogate.
          if (pos >= n) fail('EOF while parsing a string', n);
          if (bytes[pos] !== 0x5c) fail('unexpected end of hex escape', pos + 1);
          pos++;
          if (pos >= n) fail('EOF while parsing a string', n);
          if (bytes[pos] !== 0x75) fail('unexpected end of hex escape', pos + 1);
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

  const readNumber = (): JsonNumber => {
    const start = pos;
    const negative = bytes[pos] === 0x2d;
    if (negative) pos++;
    if (pos >= n) fail('EOF while parsing a value', n);
    if (!isDigit(bytes[pos])) fail('invalid number', pos + 1);
    if (bytes[pos] === 0x30) {
      pos++;
      if (isDigit(bytes[pos])) fail('invalid number', pos + 1);
    } else while (isDigit(bytes[pos])) pos++;
    let float = false;
    if (bytes[pos] === 0x2e) {
      float = true;
      pos++;
      if (pos >= n) fail('EOF while parsing a value', n);
      if (!isDigit(bytes[pos])) fail('invalid number', pos + 1);
      while (isDigit(bytes[pos])) pos++;
    }
    if (bytes[pos] === 0x65 || bytes[pos] === 0x45) {
      float = true;
      pos++;
      if (bytes[pos] === 0x2b || bytes[pos] === 0x2d) pos++;
      if (pos >= n) fail('EOF while parsing a value', n);
      if (!isDigit(bytes[pos])) fail('invalid number', pos + 1);
      while (isDigit(bytes[pos])) pos++;
    }
    let text = '';
    for (let i = start; i < pos; i++) text += String.fromCharCode(bytes[i]!);
    if (!float) {
      const v = BigInt(text);
      if (!negative && v < 1n << 64n) return new JsonNumber('u64', v);
      // NOTE: serde_json reads "-0" as the float -0.0, not the integer 0.
      if (negative && v !== 0n && v >= -(1n << 63n)) return new JsonNumber('i64', v);
      if (v !== 0n) return new JsonNumber('f64', longInteger(text));
    }
    const f = Number(text);
    if (!Number.isFinite(f)) fail('number out of range', pos);
    return new JsonNumber('f64', f);
  };

  const readLiteral = (word: string, value: JsonValue): JsonValue => {
    for (let i = 0; i < word.length; i++) {
      if (pos >= n) fail('EOF while parsing a value', n);
      if (bytes[pos] !== word.charCodeAt(i)) fail('expected ident', pos + 1);
      pos++;
    }
    return value;
  };

  const stack: Frame[] = [];

  /** Reads a scalar, or opens a container (pushed on the stack) and returns undefined. */
  const startValue = (): JsonValue | undefined => {
    skipWs();
    if (pos >= n) fail('EOF while parsing a value', n);
    const b = bytes[pos]!;
    if (b === 0x5b || b === 0x7b) {
      if (stack.length + 1 >= RECURSION_LIMIT) fail('recursion limit exceeded', pos + 1);
      pos++;
      skipWs();
      if (b === 0x5b) {
        if (bytes[pos] === 0x5d) {
          pos++;
          return [];
        }
        stack.push({ container: [], key: '' });
        return undefined;
      }
      const obj = new JsonObject();
      if (bytes[pos] === 0x7d) {
        pos++;
        return obj;
      }
      stack.push({ container: obj, key: '' });
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
    if (bytes[pos] !== 0x22) fail('key must be a string', pos + 1);
    const frame = stack[stack.length - 1]!;
    frame.key = readString();
    hooks.key?.(stack.length, frame.key, pos);
    skipWs();
    if (pos >= n) fail('EOF while parsing an object', n);
    if (bytes[pos] !== 0x3a) fail('expected `:`', pos + 1);
    pos++;
    skipWs();
    if (pos < n) hooks.valueStart?.(stack.length, frame.key, bytes[pos]!, pos);
  };

  skipWs();
  if (pos < n) hooks.valueStart?.(0, '', bytes[pos]!, pos);
  let value = startValue();
  for (;;) {
    if (value === undefined) {
      value = startValue();
      continue;
    }
    const frame = stack[stack.length - 1];
    if (!frame) break;
    const array = Array.isArray(frame.container);
    if (array) (frame.container as JsonValue[]).push(value);
    else {
      (frame.container as JsonObject).entries.push([frame.key, value]);
      hooks.entry?.(stack.length, frame.key, value, pos);
    }
    skipWs();
    if (pos >= n) fail(array ? 'EOF while parsing a list' : 'EOF while parsing an object', n);
    const b = bytes[pos]!;
    if (b === (array ? 0x5d : 0x7d)) {
      pos++;
      stack.pop();
      value = frame.container;
      continue;
    }
    if (b !== 0x2c) fail(array ? 'expected `,` or `]`' : 'expected `,` or `}`', pos + 1);
    pos++;
    skipWs();
    if (bytes[pos] === (array ? 0x5d : 0x7d)) fail('trailing comma', pos + 1);
    if (!array) readKey(true);
    value = undefined;
  }
  skipWs();
  if (pos < n) fail('trailing characters', pos + 1);
  return value;
}
