import { ArgumentError } from '../errors.js';
import { type ArgType, NO_MATCH, argType, badElement, isPlainObject, pyTypeName } from './arg-types.js';
import { Tensor } from '../tensor.js';
import { invalidCombination } from './invalid-args.js';
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

/** A method PyTorch writes in Python (`Linear.__init__`, `SGD.step`): Python's messages, self counted. */
export const PY_METHOD = { style: 'python', pythonMethod: true } as const satisfies SignatureOptions;
/** A function PyTorch writes in Python (most of nn.functional, nn.init, torch.utils.data). */
export const PY_FUNCTION = { style: 'python' } as const satisfies SignatureOptions;

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
  /** Every name a parameter takes by keyword: its own and, for builtins, PyTorch's NumPy aliases. */
  readonly byName: Map<string, number>;
  readonly aliases: ReadonlyMap<string, readonly string[]>;
  /** One int-list parameter that also takes its ints as separate arguments (`view(2, 3)`). */
  readonly varargsIntList: boolean;
  readonly varargsAt: number;
  /** The argument count range PyTorch uses to pick a plausible overload for its message. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** How an all-positional call binds without the general machinery, or null (varargs). */
  readonly fast: FastPlan | null;
}

/**
 * The all-positional call, bound in one loop (API.md asks binding to be cheap: it sits on every
 * call's path). `template` holds every name in order with its default, so the result has the same
 * shape as the general binder's; a call the plan does not fit goes the general way.
 */
interface FastPlan {
  readonly coerce: readonly ArgType['coerce'][];
  readonly passesTensor: readonly boolean[];
  /** Each parameter's default (undefined where it has none), in order. */
  readonly defaults: readonly unknown[];
  readonly make: MakeBound;
  /** Positional arguments (self counted) the plan takes: every later parameter has a default. */
  readonly minGiven: number;
  readonly maxGiven: number;
  /** 1 when the first parameter is a method's self. */
  readonly offset: number;
}

/** Whether the positional parameter after `npos` arguments takes a dict (so a trailing plain object may be it). */
function takesDictAt(c: Compiled, npos: number): boolean {
  const offset = c.sig.params[0]?.self ? 1 : 0;
  const p = c.sig.params[npos + offset];
  return p !== undefined && !p.kwOnly && !p.varargs && /\bdict\b|\bAny\b/.test(p.typeText);
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
    // Deprecated overloads are tried last and never listed in messages, as PyTorch's parser does.
    this.compiled ??= this.texts
      .map((t) => compile(parseSignature(t, this.self), this.style === 'builtin'))
      .sort((a, b) => Number(a.sig.hidden) - Number(b.sig.hidden));
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
    const compiled = this.compiled ?? this.compile();
    if (kw === null) {
      // Overloads in order; one without a fast plan (varargs) sends the call the general way.
      for (let i = 0; i < compiled.length; i++) {
        const c = compiled[i]!;
        if (c.fast === null) break;
        const r = fastBind(c, c.fast, self, args, npos);
        if (r !== null) return r;
      }
    }
    let failures: Failure[] | null = null;
    for (const c of compiled) {
      const r = tryBind(c, this.style, self, args, npos, kw);
      if (!(r instanceof Mismatch)) return r;
      // An int list whose first element matched fails as PyTorch's parser fails it: when it is
      // unpacked, after its overload was chosen, so no later overload is tried.
      if (isUnpackFailure(r.failure)) throw this.describe(c, r.failure);
      // A trailing plain object that is not options may be a positional dict (a state_dict).
      if (kw !== null && takesDictAt(c, npos)) {
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
    // PyTorch names an overload's own problem when the argument count fits only that (visible) one.
    const count = npos + (kw ? Object.keys(kw).length : 0);
    const visible = compiled.map((c, i) => [c, i] as const).filter(([c]) => !c.sig.hidden);
    const plausible = visible.filter(([c]) => count >= c.minArgs && count <= c.maxArgs);
    if (plausible.length === 1) {
      const [c, i] = plausible[0]!;
      return this.describe(c, failures[i]!);
    }
    const forms = visible.map(([c]) => `(${formatParams(c.sig)})`);
    return new ArgumentError(invalidCombination(this.name, forms, args.slice(0, npos), kw ?? {}), this.name);
  }

  private describe(c: Compiled, f: Failure): ArgumentError {
    const name = c.sig.name;
    const python = this.style === 'python';
    const selfCount = this.self || this.pythonMethod ? 1 : 0;
    switch (f.kind) {
      case 'extra': {
        // Python counts self; PyTorch's parser does not, and its lower bound counts every required
        // parameter, keyword-only ones too ("nonzero() takes from 1 to 0 positional arguments").
        const shift = python ? (this.pythonMethod ? 1 : 0) : -(this.self ? 1 : 0);
        const lo = python ? c.requiredPositional + shift : c.minArgs;
        const hi = c.positional + shift;
        const given = f.given + shift;
        if (lo !== hi) return new ArgumentError(`${name}() takes from ${lo} to ${hi} positional arguments but ${given} were given`, name);
        return new ArgumentError(`${name}() takes ${hi} positional argument${hi === 1 ? '' : 's'} but ${given} ${given === 1 ? 'was' : 'were'} given`, name);
      }
      case 'unexpected':
        return new ArgumentError(`${name}() got an unexpected keyword argument '${f.key}'`, name);
      case 'multiple':
        return new ArgumentError(`${name}() got multiple values for argument '${f.key}'`, name);
      case 'missing': {
        const names = f.params.map((p) => p.name);
        if (!python) {
          // NOTE: PyTorch's parser pluralises backwards ("1 required positional arguments", "2 ... argument").
          const s = names.length === 1 ? 's' : '';
          return new ArgumentError(`${name}() missing ${names.length} required positional argument${s}: ${names.map((n) => `"${n}"`).join(', ')}`, name);
        }
        const kind = f.params[0]!.kwOnly ? 'keyword-only' : 'positional';
        const s = names.length === 1 ? '' : 's';
        return new ArgumentError(`${name}() missing ${names.length} required ${kind} argument${s}: ${pyList(names)}`, name);
      }
      case 'type': {
        const where = f.position === null ? '' : ` (position ${f.position + 1 - selfCount + (this.pythonMethod ? 1 : 0)})`;
        const bad = badElement(f.param.type, f.value);
        if (bad < 0) return new ArgumentError(`${name}(): argument '${f.param.name}'${where} must be ${f.param.type.label}, not ${pyTypeName(f.value)}`, name);
        // PyTorch's parser matches a list by its first element; a later bad element fails when the
        // list is unpacked, with another message (positions 0-based in the first, 1-based in the second).
        const got = pyTypeName((f.value as unknown[])[bad]);
        if (f.param.type.element!.label === 'Tensor') {
          const argument = c.sig.params.filter((p) => !p.self).indexOf(f.param);
          return new ArgumentError(`expected Tensor as element ${bad} in argument ${argument}, but got ${got}`, name);
        }
        if (bad > 0 && f.param.type.intList) {
          return new ArgumentError(`${name}(): argument '${f.param.name}' failed to unpack the object at pos ${bad + 1} with error "type must be ${f.param.type.label},but got ${got}"`, name);
        }
        return new ArgumentError(`${name}(): argument '${f.param.name}'${where} must be ${f.param.type.label}, but found element of type ${got} at pos ${bad}`, name);
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

/**
 * The NumPy names PyTorch's argument parser also takes for some parameters, by name only
 * (`torch.sum(x, axis=1, keepdims=True)`, `torch.add(x1=a, x2=b)`).
 */
const numpyNames: Readonly<Record<string, readonly string[]>> = {
  dim: ['axis'],
  keepdim: ['keepdims'],
  input: ['x', 'a', 'x1'],
  other: ['x2'],
};

function compile(sig: Signature, numpyAliases: boolean): Compiled {
  const byName = new Map<string, number>();
  const aliases = new Map<string, readonly string[]>();
  sig.params.forEach((p, i) => {
    if (p.self) return;
    byName.set(p.name, i);
    const extra = numpyAliases ? (numpyNames[p.name] ?? []).filter((a) => !sig.params.some((q) => q.name === a)) : [];
    if (extra.length > 0) aliases.set(p.name, extra);
    for (const a of extra) byName.set(a, i);
  });
  const positionalParams = sig.params.filter((p) => !p.kwOnly && !p.varargs);
  const users = positionalParams.filter((p) => !p.self);
  const varargsAt = sig.params.findIndex((p) => p.varargs);
  return {
    sig,
    aliases,
    positional: positionalParams.length,
    requiredPositional: positionalParams.filter((p) => !p.hasDefault).length,
    byName,
    // NOTE: an IntArrayRef[N] takes one int itself (dim=1 is [1]), so PyTorch never collects the
    // following arguments into it: x.std(1, 'a') is not a list [1, 'a'].
    varargsIntList: users.length === 1 && users[0]!.type.intList === true && (users[0]!.type.size ?? null) === null,
    varargsAt,
    minArgs: sig.params.filter((p) => !p.self && !p.hasDefault && !p.varargs).length,
    maxArgs: varargsAt >= 0 ? Infinity : sig.params.filter((p) => !p.self).length,
    fast: varargsAt >= 0 ? null : fastPlan(sig, positionalParams.length),
  };
}

/** Makes a call's bound object from the given values, then the defaults of the parameters after them. */
type MakeBound = (values: readonly unknown[], defaults: readonly unknown[]) => Bound;

/**
 * A MakeBound for these parameter names. Once the binder has seen many signatures, filling an
 * object key by key (or copying a template) costs about 60-70 ns a call in V8 (measured with Node
 * 20); an object literal written for the signature costs about 10 ns and gives its bound objects
 * one hidden class. So the literal is compiled once per signature, where the page allows it; a
 * Content-Security-Policy without 'unsafe-eval' refuses `new Function`, and then the binder fills
 * the object key by key. The names are PyTorch parameter names, quoted with JSON.stringify.
 */
function boundMaker(names: readonly string[]): MakeBound {
  const byKey: MakeBound = (v, d) => {
    const out: Bound = {};
    names.forEach((name, i) => {
      out[name] = i < v.length ? v[i] : d[i];
    });
    return out;
  };
  if (names.includes('__proto__')) return byKey; // a literal would set the prototype instead
  try {
    const fields = names.map((name, i) => `${JSON.stringify(name)}: ${i} < v.length ? v[${i}] : d[${i}]`);
    return new Function('v', 'd', `return { ${fields.join(', ')} };`) as MakeBound;
  } catch {
    return byKey;
  }
}

function fastPlan(sig: Signature, positional: number): FastPlan {
  let lastRequired = -1;
  sig.params.forEach((p, i) => {
    if (!p.hasDefault) lastRequired = i;
  });
  return {
    coerce: sig.params.map((p) => p.type.coerce),
    passesTensor: sig.params.map((p) => p.type.passesTensor === true),
    defaults: sig.params.map((p) => (p.hasDefault ? p.default : undefined)),
    make: boundMaker(sig.params.map((p) => p.name)),
    minGiven: lastRequired + 1,
    maxGiven: positional,
    offset: sig.params.length > 0 && sig.params[0]!.self ? 1 : 0,
  };
}

/**
 * Binds an all-positional call by the fast plan, or returns null: then the signature does not
 * take the call, and the general binder finds out why.
 */
function fastBind(c: Compiled, plan: FastPlan, self: unknown, args: readonly unknown[], npos: number): Bound | null {
  const offset = plan.offset;
  const packed = c.varargsIntList && npos >= 1 && isIndexLike(args[0]);
  const given = packed ? offset + 1 : npos + offset;
  if (given < plan.minGiven || given > plan.maxGiven) return null;
  const values = new Array<unknown>(given);
  for (let i = 0; i < given; i++) {
    const value = i < offset ? self : packed ? args.slice(0, npos) : args[i - offset];
    if (value === undefined) return null;
    // Most arguments are tensors where tensors go: kept without a call through coerce.
    if (value instanceof Tensor && plan.passesTensor[i]) {
      values[i] = value;
      continue;
    }
    const coerced = plan.coerce[i]!(value);
    if (coerced === NO_MATCH) return null;
    values[i] = coerced;
  }
  return plan.make(values, plan.defaults);
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
  // `view(2, 3)`: one int-list parameter takes all positional arguments when the first is an int.
  // (PyTorch's allow_varargs_intlist: a first positional int starts the list, even a lone one: x.view(6).)
  const packed = c.varargsIntList && npos >= 1 && isIndexLike(args[0]);
  const given = packed ? offset + 1 : npos + offset;
  if (given > c.positional && c.varargsAt < 0) return new Mismatch({ kind: 'extra', given });

  const values = new Array<unknown>(params.length);
  let usedKw = 0;
  let missing: Param[] | null = null;
  let typeFailure: Failure | null = null;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    let value: unknown;
    let position: number | null = null;
    if (p.varargs) {
      const rest = i < given ? args.slice(i - offset, npos) : [];
      const bad = rest.findIndex((v) => p.type.coerce(v) === NO_MATCH);
      if (bad >= 0) {
        typeFailure ??= { kind: 'type', param: p, value: rest[bad], position: i + bad };
        continue;
      }
      values[i] = rest.map((v) => p.type.coerce(v));
      continue;
    }
    if (i < given) {
      position = i;
      value = i < offset ? self : packed ? args.slice(0, npos) : args[i - offset];
      if (value === undefined) {
        typeFailure ??= { kind: 'type', param: p, value, position };
        continue;
      }
    } else if (kw !== null && !p.self && keywordFor(c, p, kw) !== null) {
      value = kw[keywordFor(c, p, kw)!];
      usedKw++;
    } else if (p.hasDefault) {
      values[i] = p.default;
      continue;
    } else {
      if (style === 'builtin') {
        // PyTorch's parser names every required parameter from the first missing one on.
        missing = params.slice(i).filter((q) => !q.hasDefault && !q.varargs);
        break;
      }
      (missing ??= []).push(p);
      continue;
    }
    const coerced = p.type.coerce(value);
    if (coerced === NO_MATCH) {
      typeFailure ??= { kind: 'type', param: p, value, position };
      if (style === 'builtin') break;
      continue;
    }
    values[i] = coerced;
  }
  const keyFailure = kw !== null && (missing !== null || typeFailure !== null || usedKw !== countKeys(kw)) ? checkKeys(c, kw, given) : null;
  // Python reports names before missing arguments; PyTorch's parser reports in parameter order.
  const first = style === 'python' ? keyFailure ?? missingFailure(missing) ?? typeFailure : orderFirst(c, missing, typeFailure) ?? keyFailure;
  if (first !== null) return new Mismatch(first);
  return c.fast !== null ? c.fast.make(values, c.fast.defaults) : Object.fromEntries(params.map((p, i) => [p.name, values[i]]));
}

/** Python names the missing positional parameters first, then (in another call) keyword-only ones. */
function missingFailure(missing: Param[] | null): Failure | null {
  return missing === null ? null : { kind: 'missing', params: missing.filter((p) => p.kwOnly === missing[0]!.kwOnly) };
}

/** Of a missing parameter and a type failure, the one PyTorch's parser meets first. */
function orderFirst(c: Compiled, missing: Param[] | null, typeFailure: Failure | null): Failure | null {
  if (missing === null) return typeFailure;
  const all: Failure = { kind: 'missing', params: missing };
  if (typeFailure === null || typeFailure.kind !== 'type') return all;
  return c.sig.params.indexOf(typeFailure.param) < c.sig.params.indexOf(missing[0]!) ? typeFailure : all;
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
    const p = c.sig.params[i]!;
    // An alias beside the parameter's own name is left over, as in PyTorch (sum(dim=1, axis=1)).
    if (key !== p.name && keywordFor(c, p, kw) !== key) return { kind: 'unexpected', key };
    if (i < given) return { kind: 'multiple', key };
  }
  return null;
}

/** The keyword by which `kw` gives parameter p: its name, or one of its NumPy aliases; null when none. */
function keywordFor(c: Compiled, p: Param, kw: Record<string, unknown>): string | null {
  if (Object.hasOwn(kw, p.name)) return p.name;
  for (const alias of c.aliases.get(p.name) ?? []) if (Object.hasOwn(kw, alias)) return alias;
  return null;
}
