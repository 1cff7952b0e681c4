// The pickle machine: every opcode of protocols 0-5 that only builds data, with PyTorch's
// weights_only rules for the ones that name or call something. GLOBAL/STACK_GLOBAL are checked
// against the allowlist when they are read, so a hostile call is refused before its arguments are
// even used; REDUCE/NEWOBJ/BUILD act only on allowlisted references, through `hooks`.
//
// NOTE: PyTorch's weights_only unpickler refuses some data-only opcodes of protocols 0, 3, 4 and
// 5 (text ints, BINBYTES, FRAME, MEMOIZE, SHORT_BINUNICODE ...) although they cannot run code; the
// issue asks for protocols 0-5 to be readable, so we accept those. Opcodes that import, call by
// themselves or reach outside the stream (INST, OBJ, EXT*, PERSID, NEXT_BUFFER, NEWOBJ_EX) are
// refused with PyTorch's "Unsupported operand N".

import { decodeLatin1, decodeUtf8, viewOf } from '../bytes.js';
import { UnpicklingError } from '../errors.js';
import { DTYPE_GLOBALS, checkGlobal, mapPython2Name } from './allowlist.js';
import { callConstructor } from './constructors.js';
import { decodeLong, parseFloatText, parseIntOpcode, parseLongOpcode } from './numbers.js';
import { op } from './opcodes.js';
import { type PyDict, PyGlobal, isList, isTuple, tuple, typeName } from './values.js';

export interface PickleHooks {
  /** BINPERSID with a ('storage', ...) tuple. */
  persistentLoad(pid: readonly unknown[]): unknown;
  /** REDUCE/NEWOBJ of an allowlisted torch global that builds a tensor; undefined if not handled. */
  call(fn: PyGlobal, args: readonly unknown[]): unknown;
  /** BUILD on something that is not an OrderedDict: true when handled. */
  build(inst: unknown, state: unknown): boolean;
}


/** A Python 2 `str` literal as the STRING opcode writes it (repr with quotes and escapes). */
function parseQuoted(text: string): string {
  const q = text[0];
  if (text.length < 2 || (q !== "'" && q !== '"') || text[text.length - 1] !== q) {
    throw new UnpicklingError('the STRING opcode argument must be quoted');
  }
  const body = text.slice(1, -1);
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i] ?? '';
    if (e in simple) out += simple[e];
    else if (e === 'x') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new UnpicklingError(`invalid \\x escape at position ${i - 1}`, 'ValueError');
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if (/[0-7]/.test(e)) {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else out += '\\' + e;
  }
  return out;
}

/** V8's longest string (2^29 - 24 UTF-16 units): a pickled str past it is refused by name. */
const MAX_STRING_LENGTH = 2 ** 29 - 24;

function fitsString(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_STRING_LENGTH) {
    throw new UnpicklingError(`a pickled string of ${bytes.length} bytes is longer than the longest JavaScript string (${MAX_STRING_LENGTH})`, 'ValueError');
  }
  return bytes;
}

/** Latin-1 text of at most MAX_STRING_LENGTH bytes. */
function latin1(bytes: Uint8Array): string {
  return decodeLatin1(fitsString(bytes));
}

/** Python's raw-unicode-escape, used by the UNICODE opcode. */
function rawUnicodeEscape(bytes: Uint8Array): string {
  return latin1(bytes).replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, u4: string, u8: string, at: number) => {
    const code = parseInt(u4 ?? u8, 16);
    if (code > 0x10ffff) {
      throw new UnpicklingError(`'rawunicodeescape' codec can't decode bytes in position ${at}-${at + 9}: \\Uxxxxxxxx out of range`, 'ValueError');
    }
    return String.fromCodePoint(code);
  });
}

/** PUT/GET's memo index: decimal text (CPython: int(text, 10)). */
function memoIndex(text: string): number {
  const t = text.trim();
  if (!/^[+-]?[0-9]+$/.test(t) || t.length > 20) throw new UnpicklingError(`invalid literal for int() with base 10: '${text.slice(0, 200)}'`, 'ValueError');
  return Number(t);
}

export interface UnpickleResult {
  value: unknown;
  /** Position just after STOP. */
  end: number;
}

/** Runs the pickle that starts at `start` in `bytes`. */
export function unpickle(bytes: Uint8Array, hooks: PickleHooks, start = 0): UnpickleResult {
  const n = bytes.length;
  const view = viewOf(bytes);
  let pos = start;
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();
  const ordered = new WeakSet<object>();

  const need = (k: number): void => {
    if (k < 0 || pos + k > n) throw new UnpicklingError('pickle data was truncated');
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = (): number => {
    need(2);
    pos += 2;
    return view.getUint16(pos - 2, true);
  };
  const u32 = (): number => {
    need(4);
    pos += 4;
    return view.getUint32(pos - 4, true);
  };
  const u64 = (): number => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(n)) throw new UnpicklingError('pickle data was truncated');
    return Number(v);
  };
  const take = (k: number): Uint8Array => {
    need(k);
    pos += k;
    return bytes.subarray(pos - k, pos);
  };
  const line = (): string => {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) throw new UnpicklingError('pickle data was truncated');
    const s = latin1(bytes.subarray(pos, nl));
    pos = nl + 1;
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  };
  const utf8 = (b: Uint8Array): string => {
    fitsString(b);
    try {
      return decodeUtf8(b);
    } catch {
      // NOTE: Python decodes with surrogatepass, which accepts encoded lone surrogates; a
      // stricter decoder refuses them, with a clear message instead of garbled text.
      throw new UnpicklingError("'utf-8' codec can't decode a string in the pickle");
    }
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError('unpickling stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError('unpickling stack underflow');
    return stack[stack.length - 1];
  };
  // NOTE: call popMark() before naming `stack` in the same expression: it replaces `stack`.
  const popMark = (): unknown[] => {
    const items = stack;
    const prev = metastack.pop();
    if (prev === undefined) throw new UnpicklingError('could not find MARK');
    stack = prev;
    return items;
  };
  const pushGlobal = (moduleRaw: string, nameRaw: string): void => {
    const [module, name] = mapPython2Name(moduleRaw, nameRaw);
    const full = checkGlobal(module, name);
    // dtype objects load as their names ('float32'); classes and functions as references.
    const dtype = full.startsWith('torch.') ? full.slice(6) : '';
    stack.push(DTYPE_GLOBALS.has(dtype) ? dtype : new PyGlobal(full));
  };
  const setItems = (target: unknown, items: unknown[], opname: string): void => {
    if (!(target instanceof Map)) {
      throw new UnpicklingError(`Can only ${opname} for dict, collections.OrderedDict, collections.Counter, but got ${typeName(target)}`);
    }
    for (let i = 0; i + 1 < items.length; i += 2) target.set(items[i], items[i + 1]);
  };
  const reduce = (fn: unknown, args: unknown): unknown => {
    if (!(fn instanceof PyGlobal)) throw new UnpicklingError(`Trying to call reduce for unrecognized function ${String(fn)}`);
    if (!isTuple(args)) throw new UnpicklingError(`REDUCE arguments must be a tuple, but got ${typeName(args)}`);
    const result = callConstructor(fn, args, ordered, n);
    if (result !== undefined) return result;
    const r = hooks.call(fn, args);
    if (r === undefined) throw new UnpicklingError(`Trying to call reduce for unrecognized function ${fn.name}`);
    return r;
  };

  for (;;) {
    if (pos >= n) throw new UnpicklingError('pickle data was truncated');
    const code = bytes[pos++]!;
    switch (code) {
      case op.PROTO: {
        const p = u8();
        if (p > 5) throw new UnpicklingError(`unsupported pickle protocol: ${p}`);
        break;
      }
      case op.FRAME: u64(); break; // frames only group bytes; the data follows inline
      case op.STOP: return { value: pop(), end: pos };
      case op.MARK: metastack.push(stack); stack = []; break;
      case op.POP: if (stack.length) stack.pop(); else popMark(); break;
      case op.POP_MARK: popMark(); break;
      case op.DUP: stack.push(top()); break;
      case op.NONE: stack.push(null); break;
      case op.NEWTRUE: stack.push(true); break;
      case op.NEWFALSE: stack.push(false); break;
      case op.BININT: need(4); stack.push(view.getInt32(pos, true)); pos += 4; break;
      case op.BININT1: stack.push(u8()); break;
      case op.BININT2: stack.push(u16()); break;
      case op.LONG1: stack.push(decodeLong(take(u8()))); break;
      case op.LONG4: {
        need(4);
        const len = view.getInt32(pos, true);
        pos += 4;
        if (len < 0) throw new UnpicklingError('LONG pickle has negative byte count');
        stack.push(decodeLong(take(len)));
        break;
      }
      case op.INT: {
        const t = line();
        stack.push(t === '01' ? true : t === '00' ? false : parseIntOpcode(t));
        break;
      }
      case op.LONG: stack.push(parseLongOpcode(line())); break;
      case op.FLOAT: stack.push(parseFloatText(line())); break;
      case op.BINFLOAT: need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break;
      case op.BINUNICODE: stack.push(utf8(take(u32()))); break;
      case op.SHORT_BINUNICODE: stack.push(utf8(take(u8()))); break;
      case op.BINUNICODE8: stack.push(utf8(take(u64()))); break;
      case op.UNICODE: stack.push(rawUnicodeEscape(take(bytes.indexOf(0x0a, pos) - pos))); pos++; break;
      // Python 2 str: torch.load decodes it with encoding='ASCII'... we take latin-1, a superset.
      case op.SHORT_BINSTRING: stack.push(latin1(take(u8()))); break;
      case op.BINSTRING: {
        need(4);
        const len = view.getInt32(pos, true);
        pos += 4;
        if (len < 0) throw new UnpicklingError('BINSTRING pickle has negative byte count');
        stack.push(latin1(take(len)));
        break;
      }
      case op.STRING: stack.push(parseQuoted(line())); break;
      case op.SHORT_BINBYTES: stack.push(take(u8()).slice()); break;
      case op.BINBYTES: stack.push(take(u32()).slice()); break;
      case op.BINBYTES8: stack.push(take(u64()).slice()); break;
      case op.BYTEARRAY8: stack.push(take(u64()).slice()); break;
      case op.EMPTY_TUPLE: stack.push(tuple([])); break;
      case op.TUPLE: { const items = popMark(); stack.push(tuple(items)); break; }
      case op.TUPLE1: stack.push(tuple([pop()])); break;
      case op.TUPLE2: { const b = pop(); const a = pop(); stack.push(tuple([a, b])); break; }
      case op.TUPLE3: { const c = pop(); const b = pop(); const a = pop(); stack.push(tuple([a, b, c])); break; }
      case op.EMPTY_LIST: stack.push([]); break;
      case op.LIST: { const items = popMark(); stack.push(items); break; }
      case op.EMPTY_DICT: stack.push(new Map()); break;
      case op.DICT: { const items = popMark(); const d = new Map(); setItems(d, items, 'DICT'); stack.push(d); break; }
      case op.EMPTY_SET: stack.push(new Set()); break;
      case op.FROZENSET: { const items = popMark(); stack.push(new Set(items)); break; }
      case op.ADDITEMS: {
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) throw new UnpicklingError(`Can only add items to sets, but got ${typeName(s)}`);
        for (const x of items) s.add(x);
        break;
      }
      case op.APPEND: {
        const item = pop();
        const l = top();
        if (!isList(l)) throw new UnpicklingError(`Can only append to lists, but got ${typeName(l)}`);
        l.push(item);
        break;
      }
      case op.APPENDS: {
        const items = popMark();
        const l = top();
        if (!isList(l)) throw new UnpicklingError(`Can only extend lists, but got ${typeName(l)}`);
        for (const x of items) l.push(x);
        break;
      }
      case op.SETITEM: { const v = pop(); const k = pop(); setItems(top(), [k, v], 'SETITEM'); break; }
      case op.SETITEMS: { const items = popMark(); setItems(top(), items, 'SETITEMS'); break; }
      case op.BINPUT: memo.set(u8(), top()); break;
      case op.LONG_BINPUT: memo.set(u32(), top()); break;
      case op.PUT: {
        const i = memoIndex(line());
        if (i < 0) throw new UnpicklingError('negative PUT argument');
        memo.set(i, top());
        break;
      }
      case op.MEMOIZE: memo.set(memo.size, top()); break;
      case op.BINGET:
      case op.LONG_BINGET:
      case op.GET: {
        const i = code === op.BINGET ? u8() : code === op.LONG_BINGET ? u32() : memoIndex(line());
        if (!memo.has(i)) throw new UnpicklingError(`Memo value not found at index ${i}`);
        stack.push(memo.get(i));
        break;
      }
      case op.GLOBAL: { const module = line(); const name = line(); pushGlobal(module, name); break; }
      case op.STACK_GLOBAL: {
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new UnpicklingError('STACK_GLOBAL requires str');
        pushGlobal(module, name);
        break;
      }
      case op.REDUCE: { const args = pop(); const fn = pop(); stack.push(reduce(fn, args)); break; }
      case op.NEWOBJ: {
        const args = pop();
        const cls = pop();
        if (!(cls instanceof PyGlobal)) {
          throw new UnpicklingError(`Can only create new object for nn.Parameter or classes allowlisted via \`add_safe_globals\` but got ${String(cls)}`);
        }
        stack.push(reduce(cls, args));
        break;
      }
      case op.BUILD: {
        const state = pop();
        const inst = top();
        if (inst instanceof Map && ordered.has(inst)) {
          // OrderedDict state is its __dict__: state_dict()'s `_metadata` arrives this way.
          if (state instanceof Map) for (const [k, v] of state) if (k === '_metadata') (inst as PyDict)._metadata = v;
          break;
        }
        if (hooks.build(inst, state)) break;
        throw new UnpicklingError(`Can only build Tensor, Parameter, OrderedDict or types allowlisted via \`add_safe_globals\`, but got ${typeName(inst)}`);
      }
      case op.BINPERSID: {
        const pid = pop();
        if (!isTuple(pid)) throw new UnpicklingError(`persistent_load id must be tuple or int, but got ${typeName(pid)}`);
        const tag = pid[0] instanceof Uint8Array ? latin1(pid[0]) : pid[0];
        if (pid.length > 0 && tag !== 'storage') {
          throw new UnpicklingError(`Only persistent_load of storage is allowed, but got ${typeName(pid[0])}`);
        }
        stack.push(hooks.persistentLoad(pid));
        break;
      }
      default:
        throw new UnpicklingError(`Unsupported operand ${code}`);
    }
  }
}
