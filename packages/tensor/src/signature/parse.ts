import { type ArgType, NO_MATCH, argType } from './arg-types.js';

/**
 * A signature as text, in the form PyTorch's argument parser declares its own
 * (`sum(Tensor input, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)`):
 *
 *   name(type name[=default], ..., *, keyword-only params)
 *
 * - types: Tensor, int, SymInt (64-bit), float, bool, str, Scalar, ScalarType, Device, Generator,
 *   MemoryFormat, Layout, Callable, dict, Any, and those packages add (defineArgType); `T?` also
 *   takes None (null), `T[]` is a list, `T[N]` a list of N that one T also stands for, `A|B`
 *   takes either;
 * - `*` starts the keyword-only parameters; `T *name` collects the remaining positional
 *   arguments (Python's *args);
 * - defaults: None, True, False, numbers (inf, nan), 'strings', lists [..] or tuples (..), and
 *   bare names (torch.contiguous_format is the string 'contiguous_format');
 * - a trailing `|deprecated` marks an overload PyTorch hides (tried last, never in messages).
 */
export interface Param {
  readonly name: string;
  readonly type: ArgType;
  /** The type as written, for messages and the signature conformance test. */
  readonly typeText: string;
  readonly kwOnly: boolean;
  /** `T *name`: takes every remaining positional argument, as a list. */
  readonly varargs: boolean;
  /** A method's self: positional only, never by name. */
  readonly self: boolean;
  readonly hasDefault: boolean;
  /** The default, already converted by the type (so an int[2] default of 1 is [1, 1]). */
  readonly default: unknown;
  /** The default as written (null when there is none). */
  readonly defaultText: string | null;
}

export interface Signature {
  /** The name messages use: `sum`, `Linear.__init__`. */
  readonly name: string;
  readonly params: readonly Param[];
  readonly text: string;
  /** A deprecated overload (`...)|deprecated`): tried after the others, never named in messages. */
  readonly hidden: boolean;
}

/**
 * Parses a signature. For a method (`method`), the first parameter is self: bound from `this`,
 * never by position or name (so `sum(Tensor input, ...)` declares both torch.sum and Tensor.sum).
 */
export function parseSignature(written: string, method = false): Signature {
  const hidden = written.endsWith('|deprecated');
  const text = hidden ? written.slice(0, -'|deprecated'.length) : written;
  const open = text.indexOf('(');
  if (open <= 0 || !text.endsWith(')')) throw new SignatureSyntaxError(text, 'expected name(params)');
  const name = text.slice(0, open).trim();
  const body = text.slice(open + 1, -1).trim();
  const params: Param[] = [];
  let kwOnly = false;
  for (const piece of body === '' ? [] : splitTopLevel(body)) {
    const p = piece.trim();
    if (p === '*') {
      kwOnly = true;
      continue;
    }
    const param = parseParam(p, kwOnly, text);
    if (param.varargs) kwOnly = true;
    params.push(method && params.length === 0 ? { ...param, self: true } : param);
  }
  if (method && (params.length === 0 || params[0]!.kwOnly)) throw new SignatureSyntaxError(text, 'a method needs self first');
  return { name, params, text, hidden };
}

function parseParam(p: string, kwOnly: boolean, text: string): Param {
  const eq = p.indexOf('=');
  const decl = (eq < 0 ? p : p.slice(0, eq)).trim();
  const defaultText = eq < 0 ? null : p.slice(eq + 1).trim();
  const space = decl.lastIndexOf(' ');
  if (space < 0) throw new SignatureSyntaxError(text, `parameter '${p}' needs a type and a name`);
  const typeText = decl.slice(0, space).trim();
  let name = decl.slice(space + 1);
  const varargs = name.startsWith('*');
  if (varargs) name = name.slice(1);
  const type = argType(typeText);
  let value: unknown;
  if (defaultText !== null) {
    const literal = parseLiteral(defaultText, text);
    value = literal === null ? null : type.coerce(literal);
    if (value === NO_MATCH) throw new SignatureSyntaxError(text, `default ${defaultText} is not a ${typeText}`);
    if (Array.isArray(value)) Object.freeze(value);
  }
  return {
    name, type, typeText, kwOnly, varargs, self: false, hasDefault: defaultText !== null, default: value, defaultText,
  };
}

/** Splits on commas outside brackets and quotes. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

export function parseLiteral(s: string, text = s): unknown {
  if (s === 'None') return null;
  if (s === 'True') return true;
  if (s === 'False') return false;
  if (s === 'inf' || s === 'math.inf') return Infinity;
  if (s === '-inf' || s === '-math.inf') return -Infinity;
  if (s === 'nan') return NaN;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (/^'.*'$|^".*"$/.test(s)) return s.slice(1, -1);
  if (/^[[(].*[\])]$/.test(s)) {
    const inner = s.slice(1, -1).trim();
    return inner === '' ? [] : splitTopLevel(inner).filter((e) => e.trim() !== '').map((e) => parseLiteral(e.trim(), text));
  }
  if (/^[A-Za-z_][\w.]*$/.test(s)) return s.replace(/^torch\./, '');
  throw new SignatureSyntaxError(text, `cannot read the default ${s}`);
}

/** A mistake in a signature's text: a bug in wick, found when the signature is first used. */
export class SignatureSyntaxError extends Error {
  constructor(text: string, why: string) {
    super(`bad signature '${text}': ${why}`);
    this.name = 'SignatureSyntaxError';
  }
}
