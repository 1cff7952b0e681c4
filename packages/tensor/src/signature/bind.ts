import { ArgumentError } from '../errors.js';
import { NO_MATCH, argType, badElement, isPlainObject, pyTypeName } from './arg-types.js';
import { type Param, type Signature, parseSignature } from './parse.js';

/** The arguments of one call by parameter name, converted by their types. */
export type Bound = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Whose rules a callable's messages follow: 'builtin' for what PyTorch binds in C++ (torch.*,
 * Tensor methods, a few nn.functional entries), 'python' for what PyTorch writes in Python
 * (modules, optimizers, most of nn.functional): Python's own wording, with self counted.
 */
export type Style = 'builtin' | 'python';

export interface SignatureOptions {
  style?: Style;
  /** A builtin method: the first parameter is self, bound from `this` (parseSignature). */
  self?: boolean;
  /** Python methods (`__init__`, `forward`): messages count self as Python does. */
  pythonMethod?: boolean;
  /**
   * Why this signature deliberately differs from PyTorch's (or why wick has a callable PyTorch
   * lacks). The signature conformance test requires a reason for every difference, here.
   */
  differs?: string;
  /** Why PyTorch overloads of this callable are left out (named-tensor ones need no reason). */
  leftOut?: string;
}

type Failure =
  | { kind: 'extra'; given: number }
  | { kind: 'unexpected'; key: string }
  | { kind: 'multiple'; key: string }
  | { kind: 'missing'; params: Param[] }
  | { kind: 'type'; param: Param; value: unknown; position: number | null };

/** Where each signature keeps what binding needs, computed once when it is parsed. */
interface Compiled {
  readonly sig: Signature;
  /** Positional parameters (not keyword-only), self included. */
  readonly positional: number;
  readonly requiredPositional: number;
  readonly byName: Map<string, number>;
  /** One int-list parameter that also takes its ints as separate arguments (`view(2, 3)`). */
  readonly varargsIntList: boolean;
  readonly varargsAt: number;
  /** The argument count range PyTorch uses to pick a plausible overload for its message. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Whether a parameter takes a dict, so that a trailing plain object may be that dict. */
  readonly takesDict: boolean;
}

/**
 * One callable's overloads, parsed on first use, and the binder that applies Python's rules:
 * positional arguments in order, or the rest by name in one trailing plain object; overloads
 * tried in order, as PyTorch's argument parser tries them.
 */
export class Signatures {
  private compiled: Compiled[] | null = null;
  readonly style: Style;
  readonly self: boolean;
  readonly pythonMethod: boolean;
  readonly differs: string | null;
  readonly leftOut: string | null;

  constructor(
    readonly texts: readonly string[],
    opts: SignatureOptions = {},
  ) {
    this.style = opts.style ?? 'builtin';
    this.self = opts.self ?? false;
    this.pythonMethod = opts.pythonMethod ?? false;
    this.differs = opts.differs ?? null;
    this.leftOut = opts.leftOut ?? null;
  }

  get signatures(): readonly Signature[] {
    return this.compile().map((c) => c.sig);
  }

  get name(): string {
    return this.compile()[0]!.sig.name;
  }

  private compile(): Compiled[] {
    this.compiled ??= this.texts.map((t) => compile(parseSignature(t, this.self)));
    return this.compiled;
  }

  /**
   * Binds `args` (and `self`, for a builtin method) to parameter names. Throws an ArgumentError
   * in PyTorch's words when no overload takes them.
   */
  bind(args: readonly unknown[], self?: unknown): Bound {
    let n = args.length;
    // Trailing undefineds are omitted arguments: how JS forwards optional parameters.
    while (n > 0 && args[n - 1] === undefined) n--;
    const last = n > 0 ? args[n - 1] : undefined;
    const kw = isPlainObject(last) ? last : null;
    const npos = kw === null ? n : n - 1;
    const compiled = this.compile();
    let failures: Failure[] | null = null;
    for (const c of compiled) {
      const r = tryBind(c, this.style, self, args, npos, kw);
      if (!(r instanceof Mismatch)) return r;
      // An int list whose first element matched fails as PyTorch's parser fails it: when it is
      // unpacked, after its overload was chosen, so no later overload is tried.
      if (isUnpackFailure(r.failure)) throw this.describe(c, r.failure);
      // A trailing plain object that is not options may be a positional dict (a state_dict).
      if (kw !== null && c.takesDict) {
        const asDict = tryBind(c, this.style, self, args, n, null);
        if (!(asDict instanceof Mismatch)) return asDict;
      }
      (failures ??= []).push(r.failure);
    }
    throw this.error(failures!, args, npos, kw);
  }

  private error(failures: Failure[], args: readonly unknown[], npos: number, kw: Record<string, unknown> | null): ArgumentError {
    const compiled = this.compile();
    if (compiled.length === 1) return this.describe(compiled[0]!, failures[0]!);
    const count = npos + (kw ? Object.keys(kw).length : 0);
    const plausible = compiled.map((c, i) => [c, i] as const).filter(([c]) => count >= c.minArgs && count <= c.maxArgs);
    if (plausible.length === 1) {
      const [c, i] = plausible[0]!;
      return this.describe(c, failures[i]!);
    }
    const got = [...args.slice(0, npos).map(pyTypeName), ...Object.entries(kw ?? {}).map(([k, v]) => `${k}=${pyTypeName(v)}`)];
    const forms = compiled.map((c) => ` * (${formatParams(c.sig)})`);
    return new ArgumentError(
      `${this.name}() received an invalid combination of arguments - got (${got.join(', ')}), but expected one of:\n${forms.join('\n')}\n`,
    );
  }

  private describe(c: Compiled, f: Failure): ArgumentError {
    const name = c.sig.name;
    const python = this.style === 'python';
    const selfCount = this.self || this.pythonMethod ? 1 : 0;
    switch (f.kind) {
      case 'extra': {
        // Python counts self; PyTorch's parser does not.
        const shift = python ? (this.pythonMethod ? 1 : 0) : -(this.self ? 1 : 0);
        const lo = c.requiredPositional + shift;
        const hi = c.positional + shift;
        const given = f.given + shift;
        const takes = lo === hi ? `${hi} positional argument${hi === 1 ? '' : 's'}` : `from ${lo} to ${hi} positional arguments`;
        return new ArgumentError(`${name}() takes ${takes} but ${given} ${given === 1 ? 'was' : 'were'} given`);
      }
      case 'unexpected':
        return new ArgumentError(`${name}() got an unexpected keyword argument '${f.key}'`);
      case 'multiple':
        return new ArgumentError(`${name}() got multiple values for argument '${f.key}'`);
      case 'missing': {
        const names = f.params.map((p) => p.name);
        if (!python) {
          return new ArgumentError(`${name}() missing ${names.length} required positional arguments: ${names.map((s) => `"${s}"`).join(', ')}`);
        }
        const kind = f.params[0]!.kwOnly ? 'keyword-only' : 'positional';
        const s = names.length === 1 ? '' : 's';
        return new ArgumentError(`${name}() missing ${names.length} required ${kind} argument${s}: ${pyList(names)}`);
      }
      case 'type': {
        const where = f.position === null ? '' : ` (position ${f.position + 1 - selfCount + (this.pythonMethod ? 1 : 0)})`;
        const bad = badElement(f.param.type, f.value);
        const element = bad >= 0 ? pyTypeName((f.value as unknown[])[bad]) : '';
        // NOTE: PyTorch's parser checks an int list's first element; a later one fails when it is unpacked.
        if (bad > 0 && f.param.type.intList) {
          return new ArgumentError(
            `${name}(): argument '${f.param.name}' failed to unpack the object at pos ${bad + 1} with error "type must be ${f.param.type.label},but got ${element}"`,
          );
        }
        const found = bad >= 0 ? `but found element of type ${element} at pos ${f.param.type.intList ? bad : bad + 1}` : `not ${pyTypeName(f.value)}`;
        return new ArgumentError(`${name}(): argument '${f.param.name}'${where} must be ${f.param.type.label}, ${found}`);
      }
    }
  }
}

/** 'a', 'a' and 'b', 'a', 'b', and 'c': Python's list of missing names. */
function pyList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 2) return q.join(' and ');
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

/** `Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None`. */
export function formatParams(sig: Signature): string {
  const out: string[] = [];
  let star = false;
  for (const p of sig.params) {
    if (p.self) continue;
    if (p.kwOnly && !star && !p.varargs) {
      out.push('*');
      star = true;
    }
    const name = p.varargs ? `*${p.name}` : p.name;
    out.push(`${p.type.label} ${name}${p.defaultText === null ? '' : ` = ${p.defaultText}`}`);
  }
  return out.join(', ');
}

function compile(sig: Signature): Compiled {
  const byName = new Map<string, number>();
  sig.params.forEach((p, i) => {
    if (!p.self) byName.set(p.name, i);
  });
  const positionalParams = sig.params.filter((p) => !p.kwOnly && !p.varargs);
  const users = positionalParams.filter((p) => !p.self);
  const varargsAt = sig.params.findIndex((p) => p.varargs);
  return {
    sig,
    positional: positionalParams.length,
    requiredPositional: positionalParams.filter((p) => !p.hasDefault).length,
    byName,
    varargsIntList: users.length === 1 && users[0]!.type.intList === true,
    varargsAt,
    minArgs: sig.params.filter((p) => !p.self && !p.hasDefault && !p.varargs).length,
    maxArgs: varargsAt >= 0 ? Infinity : sig.params.filter((p) => !p.self).length,
    takesDict: sig.params.some((p) => /\bdict\b|\bAny\b/.test(p.typeText)),
  };
}

function isUnpackFailure(f: Failure): boolean {
  return f.kind === 'type' && f.param.type.intList === true && badElement(f.param.type, f.value) > 0;
}

/** Why a signature does not take a call (a class, so a bound object is never mistaken for it). */
class Mismatch {
  constructor(readonly failure: Failure) {}
}

/** An int as PyTorch's parser takes one (a one-element integer tensor too, through __index__). */
function isIndexLike(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint' || argType('int').coerce(v) !== NO_MATCH;
}

/** Binds one signature or returns why it does not fit; never throws. */
function tryBind(
  c: Compiled,
  style: Style,
  self: unknown,
  args: readonly unknown[],
  npos: number,
  kw: Record<string, unknown> | null,
): Bound | Mismatch {
  const params = c.sig.params;
  const hasSelf = params.length > 0 && params[0]!.self;
  const offset = hasSelf ? 1 : 0;
  // `view(2, 3)`, `zeros(2)`: one int-list parameter takes all positional arguments when the first is an int.
  const packed = c.varargsIntList && npos >= 1 && isIndexLike(args[0]);
  const given = packed ? offset + 1 : npos + offset;
  if (given > c.positional && c.varargsAt < 0) return new Mismatch({ kind: 'extra', given });

  const out: Bound = {};
  let usedKw = 0;
  let missing: Param[] | null = null;
  let typeFailure: Failure | null = null;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    let value: unknown;
    let position: number | null = null;
    if (p.varargs) {
      value = i < given ? args.slice(i - offset, npos) : [];
      out[p.name] = value;
      continue;
    }
    if (i < given) {
      position = i;
      value = i < offset ? self : packed ? args.slice(0, npos) : args[i - offset];
      if (value === undefined) {
        typeFailure ??= { kind: 'type', param: p, value, position };
        continue;
      }
    } else if (kw !== null && !p.self && Object.hasOwn(kw, p.name)) {
      value = kw[p.name];
      usedKw++;
    } else if (p.hasDefault) {
      out[p.name] = p.default;
      continue;
    } else {
      (missing ??= []).push(p);
      if (style === 'builtin') break;
      continue;
    }
    const coerced = p.type.coerce(value);
    if (coerced === NO_MATCH) {
      typeFailure ??= { kind: 'type', param: p, value, position };
      if (style === 'builtin') break;
      continue;
    }
    out[p.name] = coerced;
  }
  const keyFailure = kw !== null && (missing !== null || typeFailure !== null || usedKw !== countKeys(kw)) ? checkKeys(c, kw, given) : null;
  // Python reports names before missing arguments; PyTorch's parser reports in parameter order.
  const first = style === 'python' ? keyFailure ?? missingFailure(missing) ?? typeFailure : orderFirst(c, missing, typeFailure) ?? keyFailure;
  return first === null ? out : new Mismatch(first);
}

function missingFailure(missing: Param[] | null): Failure | null {
  return missing === null ? null : { kind: 'missing', params: missing.filter((p) => p.kwOnly === missing[0]!.kwOnly) };
}

/** Of a missing parameter and a type failure, the one PyTorch's parser meets first. */
function orderFirst(c: Compiled, missing: Param[] | null, typeFailure: Failure | null): Failure | null {
  if (missing === null) return typeFailure;
  if (typeFailure === null || typeFailure.kind !== 'type') return missingFailure(missing);
  return c.sig.params.indexOf(typeFailure.param) < c.sig.params.indexOf(missing[0]!) ? typeFailure : missingFailure(missing);
}

function countKeys(kw: Record<string, unknown>): number {
  let n = 0;
  for (const k in kw) if (Object.hasOwn(kw, k)) n++;
  return n;
}

/** The first keyword that names no parameter, or one already given positionally. */
function checkKeys(c: Compiled, kw: Record<string, unknown>, given: number): Failure | null {
  for (const key of Object.keys(kw)) {
    const i = c.byName.get(key);
    if (i === undefined || c.sig.params[i]!.varargs) return { kind: 'unexpected', key };
    if (i < given) return { kind: 'multiple', key };
  }
  return null;
}
