// The allowlisted globals that are plain data constructors (OrderedDict, Counter, set, complex,
// bytearray, _codecs.encode, torch.Size, torch.device, _get_layout), called as Python calls them:
// what Python accepts builds the same value, what it refuses is refused with Python's message
// (checked against torch.load(weights_only=True) in tools/fixtures/serialize_cases/hostile_scale.py).

import { encodeUtf8 } from '../bytes.js';
import { UnpicklingError } from '../errors.js';
import { Complex, type PyGlobal, isTuple, shortTypeName, tuple } from './values.js';

type PyErrorType = 'TypeError' | 'ValueError' | 'RuntimeError';

function refuse(message: string, type: PyErrorType = 'TypeError'): never {
  throw new UnpicklingError(message, type);
}

const isInt = (v: unknown): v is number | bigint | boolean =>
  typeof v === 'boolean' || typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
const intValue = (v: number | bigint | boolean): number | bigint => (typeof v === 'boolean' ? Number(v) : v);

/** Python's iter(v) over the values wick has: elements of sequences, code points, bytes, keys. */
function items(v: unknown): readonly unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (v instanceof Uint8Array) return [...v];
  if (v instanceof Set) return [...v];
  if (v instanceof Map) return [...v.keys()];
  return refuse(`'${shortTypeName(v)}' object is not iterable`);
}

/** set members and dict keys must be hashable: lists, dicts, sets and bytearrays are not. */
function hashable(v: unknown): unknown {
  if ((Array.isArray(v) && !isTuple(v)) || v instanceof Map || v instanceof Set) refuse(`unhashable type: '${shortTypeName(v)}'`);
  return v;
}

function orderedDict(args: readonly unknown[]): Map<unknown, unknown> {
  if (args.length > 1) refuse(`expected at most 1 arguments, got ${args.length}`);
  const d = new Map<unknown, unknown>();
  const init = args[0];
  if (init === undefined) return d;
  if (init instanceof Map) {
    for (const [k, v] of init) d.set(k, v);
    return d;
  }
  for (const pair of items(init)) {
    const kv = items(pair);
    if (kv.length < 2) refuse(`need more than ${kv.length} value${kv.length === 1 ? '' : 's'} to unpack`, 'ValueError');
    if (kv.length > 2) refuse('too many values to unpack (expected 2)', 'ValueError');
    d.set(hashable(kv[0]), kv[1]);
  }
  return d;
}

function counter(args: readonly unknown[]): Map<unknown, unknown> {
  if (args.length > 1) refuse(`Counter.__init__() takes from 1 to 2 positional arguments but ${args.length + 1} were given`);
  const d = new Map<unknown, unknown>();
  const init = args[0];
  if (init === undefined || init === null) return d;
  if (init instanceof Map) {
    for (const [k, v] of init) d.set(k, v);
    return d;
  }
  for (const x of items(init)) d.set(hashable(x), ((d.get(x) as number | undefined) ?? 0) + 1);
  return d;
}

function set(args: readonly unknown[]): Set<unknown> {
  if (args.length > 1) refuse(`set expected at most 1 argument, got ${args.length}`);
  return new Set(args.length === 0 ? [] : items(args[0]).map(hashable));
}

function size(args: readonly unknown[]): readonly unknown[] {
  if (args.length > 1) refuse(`tuple expected at most 1 argument, got ${args.length}`);
  const dims = args.length === 0 ? [] : items(args[0]);
  return tuple(dims.map((d, i) => (isInt(d) ? intValue(d) : refuse(`torch.Size() takes an iterable of 'int' (item ${i} is '${shortTypeName(d)}')`))));
}

/** Python's complex(text): optional parentheses around `real`, `imagj` or `real±imagj`. */
function parseComplex(text: string): Complex {
  const u = String.raw`(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:e[+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.?(?:e[+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)`;
  const body = text.trim().replace(/^\((.*)\)$/s, '$1').trim();
  const num = (s: string | undefined, sign = ''): number => {
    if (s === undefined || s === '') return sign === '-' ? -1 : 1;
    const t = (sign + s).replace(/_/g, '').toLowerCase().replace(/infinity$/, 'inf');
    return t.endsWith('inf') ? (t.startsWith('-') ? -Infinity : Infinity) : t.endsWith('nan') ? NaN : Number(t);
  };
  let m = new RegExp(`^([+-]?${u})$`, 'i').exec(body);
  if (m) return new Complex(num(m[1]), 0);
  m = new RegExp(`^([+-]?)(${u})?j$`, 'i').exec(body);
  if (m) return new Complex(0, num(m[2], m[1]));
  m = new RegExp(`^([+-]?${u})([+-])(${u})?j$`, 'i').exec(body);
  if (m) return new Complex(num(m[1]), num(m[3], m[2]));
  return refuse('complex() arg is a malformed string', 'ValueError');
}

function toFloat(v: number | bigint | boolean): number {
  const x = Number(intValue(v));
  if (!Number.isFinite(x) && typeof v === 'bigint') refuse('int too large to convert to float', 'ValueError');
  return x;
}

function complex(args: readonly unknown[]): Complex {
  if (args.length > 2) refuse(`complex() takes at most 2 arguments (${args.length} given)`);
  const [re = 0, im] = args;
  if (typeof re === 'string') {
    if (im !== undefined) refuse("complex() can't take second arg if first is a string");
    return parseComplex(re);
  }
  if (typeof im === 'string') refuse("complex() second arg can't be a string");
  const part = (v: unknown, which: string): Complex => {
    if (v instanceof Complex) return v;
    if (typeof v === 'number' || isInt(v)) return new Complex(typeof v === 'number' ? v : toFloat(v), 0);
    return refuse(`complex() ${which} argument must be a string or a number, not '${shortTypeName(v)}'`);
  };
  const a = part(re, 'first');
  if (im === undefined) return a;
  const b = part(im, 'second');
  return new Complex(a.re - b.im, a.im + b.re);
}

/** Python's codec names for the encodings wick writes and reads: utf-8, latin-1, ascii. */
function codec(encoding: string): { name: string; fn: string; max: number } | null {
  const e = encoding.toLowerCase().replace(/[-_ ]/g, '');
  if (e === 'utf8' || e === 'u8' || e === 'utf') return { name: 'utf-8', fn: 'utf_8_encode', max: 0x10ffff };
  if (['latin1', 'latin', 'l1', 'iso88591', 'iso885911987', 'cp819', '8859', 'iso8859'].includes(e)) return { name: 'latin-1', fn: 'latin_1_encode', max: 0xff };
  if (e === 'ascii' || e === 'usascii' || e === '646') return { name: 'ascii', fn: 'ascii_encode', max: 0x7f };
  return null;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Python's str.encode(encoding, errors) for the codecs above, errors 'strict', 'ignore' or 'replace'. */
function encode(text: string, encoding: string, errors: string, caller: string): Uint8Array {
  const c = codec(encoding);
  if (c === null) refuse(`unknown encoding: ${encoding}`, 'ValueError');
  // Fast paths (a torch.save'd bytes object is a latin-1 str of any size): nothing to refuse.
  if (c.max === 0x10ffff && !LONE_SURROGATE.test(text)) return encodeUtf8(text);
  if (c.max < 0x10ffff) {
    const out = new Uint8Array(text.length);
    let i = 0;
    for (; i < text.length; i++) {
      const u = text.charCodeAt(i);
      if (u > c.max) break;
      out[i] = u;
    }
    if (i === text.length) return out;
  }
  const points = Array.from(text, (ch) => ch.codePointAt(0)!);
  const bad = (p: number): boolean => p > c.max || (c.max === 0x10ffff && p >= 0xd800 && p <= 0xdfff);
  const first = points.findIndex(bad);
  if (errors !== 'ignore' && errors !== 'replace') {
    if (errors !== 'strict') refuse(`${caller}encoding with '${encoding}' codec failed (LookupError: unknown error handler name '${errors}')`, 'ValueError');
    let last = first;
    while (last + 1 < points.length && bad(points[last + 1]!) && c.max !== 0x10ffff) last++;
    const p = points[first]!;
    const shown = p <= 0xff ? `\\x${p.toString(16).padStart(2, '0')}` : p <= 0xffff ? `\\u${p.toString(16).padStart(4, '0')}` : `\\U${p.toString(16).padStart(8, '0')}`;
    const where = last === first ? `character '${shown}' in position ${first}` : `characters in position ${first}-${last}`;
    const why = c.max === 0x10ffff ? 'surrogates not allowed' : `ordinal not in range(${c.max + 1})`;
    refuse(`'${c.name}' codec can't encode ${where}: ${why}`, 'ValueError');
  }
  const kept = points.flatMap((p) => (!bad(p) ? [p] : errors === 'replace' ? [0x3f] : []));
  if (c.max < 0x10ffff) return Uint8Array.from(kept);
  let out = '';
  for (let i = 0; i < kept.length; i += 8192) out += String.fromCodePoint(...kept.slice(i, i + 8192));
  return encodeUtf8(out);
}

function codecsEncode(args: readonly unknown[]): Uint8Array {
  if (args.length === 0) refuse("encode() missing required argument 'obj' (pos 1)");
  if (args.length > 3) refuse(`encode() takes at most 3 arguments (${args.length} given)`);
  const [obj, encoding = 'utf-8', errors = 'strict'] = args;
  if (typeof encoding !== 'string') refuse(`encode() argument 'encoding' must be str, not ${shortTypeName(encoding)}`);
  if (typeof errors !== 'string') refuse(`encode() argument 'errors' must be str, not ${shortTypeName(errors)}`);
  const c = codec(encoding);
  if (c === null) refuse(`unknown encoding: ${encoding}`, 'ValueError');
  if (typeof obj !== 'string') refuse(`encoding with '${encoding}' codec failed (TypeError: ${c.fn}() argument 1 must be str, not ${shortTypeName(obj)})`);
  return encode(obj, encoding, errors, '');
}

function bytearray(args: readonly unknown[], limit: number): Uint8Array {
  if (args.length > 3) refuse(`bytearray() takes at most 3 arguments (${args.length} given)`);
  const [source, encoding, errors = 'strict'] = args;
  if (source === undefined) return new Uint8Array(0);
  if (typeof source === 'string') {
    if (encoding === undefined) refuse('string argument without an encoding');
    if (typeof encoding !== 'string') refuse(`bytearray() argument 'encoding' must be str, not ${shortTypeName(encoding)}`);
    if (typeof errors !== 'string') refuse(`bytearray() argument 'errors' must be str, not ${shortTypeName(errors)}`);
    return encode(source, encoding, errors, '');
  }
  if (encoding !== undefined) refuse('encoding without a string argument');
  if (isInt(source)) {
    const n = intValue(source);
    if (n < 0) refuse('negative count', 'ValueError');
    // NOTE: Python allocates whatever count a file names (a few bytes can ask for terabytes); wick
    // allows no more zero bytes than the pickle itself has, which no real checkpoint exceeds.
    if (n > limit) refuse(`bytearray(${n}) would allocate more bytes than the ${limit}-byte pickle holds`, 'ValueError');
    return new Uint8Array(Number(n));
  }
  if (source instanceof Uint8Array) return source.slice();
  if (Array.isArray(source) || source instanceof Set || source instanceof Map) {
    return Uint8Array.from(items(source), (b) => {
      if (!isInt(b)) refuse(`'${shortTypeName(b)}' object cannot be interpreted as an integer`);
      const v = intValue(b);
      if (v < 0 || v > 255) refuse('byte must be in range(0, 256)', 'ValueError');
      return Number(v);
    });
  }
  return refuse(`cannot convert '${shortTypeName(source)}' object to bytearray`);
}

// c10's DeviceType names, in the order of PyTorch's message.
const DEVICE_TYPES = [
  'cpu', 'cuda', 'ipu', 'xpu', 'mkldnn', 'opengl', 'opencl', 'ideep', 'hip', 've', 'fpga', 'maia', 'xla', 'lazy', 'vulkan', 'mps',
  'meta', 'hpu', 'mtia', 'privateuseone',
];

function invalidDevice(args: readonly unknown[]): never {
  return refuse(
    `device() received an invalid combination of arguments - got (${args.map(shortTypeName).join(', ')}), but expected one of:\n` +
      ' * (torch.device device)\n * (str type, int index = -1)\n',
  );
}

/** torch.device(type[, index]): 'cpu', 'cuda:1', ... (wick keeps devices as strings). */
function device(args: readonly unknown[]): string {
  if (args.length === 0 || args.length > 2) invalidDevice(args);
  const [type, index] = args;
  if (typeof type === 'number' && Number.isInteger(type)) refuse('Cannot access accelerator device when none is available.', 'RuntimeError');
  if (typeof type !== 'string') return invalidDevice(args);
  if (type === '') refuse('Device string must not be empty', 'RuntimeError');
  const m = /^([a-zA-Z_]+)(?::([1-9]\d*|0))?$/.exec(type);
  if (!m) refuse(`Invalid device string: '${type}'`, 'RuntimeError');
  if (!DEVICE_TYPES.includes(m[1]!)) {
    refuse(`Expected one of ${DEVICE_TYPES.join(', ')} device type at start of device string: ${m[1]}`, 'RuntimeError');
  }
  if (index === undefined) return type;
  if (!isInt(index) || typeof index === 'boolean') refuse(`device(): argument 'index' (position 2) must be int, not ${shortTypeName(index)}`);
  if (m[2] !== undefined) refuse(`type (string) must not include an index because index was passed explicitly: ${type}`, 'RuntimeError');
  if (index < 0) refuse('Device index must not be negative', 'RuntimeError');
  return `${type}:${index}`;
}

// torch.serialization._get_layout's table (str(layout) -> layout); wick keeps layouts as names.
const LAYOUTS = new Set(['torch.strided', 'torch.sparse_coo', 'torch.sparse_csr', 'torch.sparse_csc', 'torch.sparse_bsr', 'torch.sparse_bsc', 'torch._mkldnn', 'torch.jagged']);

function layout(args: readonly unknown[]): string {
  if (args.length !== 1) refuse(`_get_layout() takes 1 positional argument but ${args.length} were given`);
  const [name] = args;
  if (typeof name !== 'string' || !LAYOUTS.has(name)) {
    refuse(`KeyError: ${typeof name === 'string' ? `'${name}'` : String(name)} is not a layout (torch.serialization._get_layout)`, 'RuntimeError');
  }
  return name;
}

/**
 * Calls an allowlisted data constructor; undefined when `fn` is not one (torch's own rebuild
 * functions go to the loader's hooks). `limit` bounds what bytearray(n) may allocate.
 */
export function callConstructor(fn: PyGlobal, args: readonly unknown[], ordered: WeakSet<object>, limit: number): unknown {
  switch (fn.name) {
    case 'collections.OrderedDict': {
      const d = orderedDict(args);
      ordered.add(d);
      return d;
    }
    case 'collections.Counter': return counter(args);
    case 'builtins.set': return set(args);
    case 'builtins.complex': return complex(args);
    case 'builtins.bytearray': return bytearray(args, limit);
    case '_codecs.encode': return codecsEncode(args);
    case 'torch.Size': return size(args);
    case 'torch.device': return device(args);
    case 'torch.serialization._get_layout': return layout(args);
    default: return undefined;
  }
}
