// The sympy expressions of a serialized program's symbolic sizes, as PyTorch writes them
// (sympy's srepr: `Symbol('s77', positive=True, integer=True)`, `Mul(Integer(2), Symbol('s0'))`).
// Only what sizes of inputs use is evaluated: integers, symbols, +, *, floor division, mod, powers.
import { ExportError } from './errors.js';

export type SymExpr =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly SymExpr[] };

/** Parses one srepr string; anything but the forms above is refused with the text. */
export function parseSymExpr(text: string): SymExpr {
  let at = 0;
  const fail = (): never => {
    throw new ExportError(`cannot read the symbolic expression ${JSON.stringify(text)} (at character ${at})`);
  };
  const skip = (): void => {
    while (text[at] === ' ') at++;
  };
  const ident = (): string => {
    skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
    if (m === null) fail();
    at += m![0].length;
    return m![0];
  };
  const expect = (c: string): void => {
    skip();
    if (text[at] !== c) fail();
    at++;
  };
  const quoted = (): string => {
    skip();
    const q = text[at];
    if (q !== "'" && q !== '"') fail();
    const end = text.indexOf(q!, at + 1);
    if (end < 0) fail();
    const s = text.slice(at + 1, end);
    at = end + 1;
    return s;
  };
  const expr = (): SymExpr => {
    const fn = ident();
    expect('(');
    if (fn === 'Symbol') {
      const name = quoted();
      // Assumptions (`positive=True, integer=True`) follow; they do not change the value.
      skip();
      while (text[at] === ',') {
        at++;
        ident();
        expect('=');
        ident();
        skip();
      }
      expect(')');
      return { kind: 'symbol', name };
    }
    if (fn === 'Integer') {
      skip();
      const m = /^-?\d+/.exec(text.slice(at));
      if (m === null) fail();
      at += m![0].length;
      expect(')');
      return { kind: 'int', value: Number(m![0]) };
    }
    const args: SymExpr[] = [];
    skip();
    while (text[at] !== ')') {
      if (args.length > 0) expect(',');
      args.push(expr());
      skip();
    }
    at++;
    return { kind: 'call', fn, args };
  };
  const e = expr();
  skip();
  if (at !== text.length) fail();
  return e;
}

/** The value of `e` with `symbols` bound; a symbol not bound or a function not known is refused. */
export function evalSymExpr(e: SymExpr, symbols: ReadonlyMap<string, number>): number {
  switch (e.kind) {
    case 'int':
      return e.value;
    case 'symbol': {
      const v = symbols.get(e.name);
      if (v === undefined) throw new ExportError(`the symbol ${e.name} is not bound by any input size`);
      return v;
    }
    case 'call': {
      const a = e.args.map((x) => evalSymExpr(x, symbols));
      const two = (): [number, number] => {
        if (a.length !== 2) throw new ExportError(`${e.fn} takes 2 arguments, found ${a.length}`);
        return [a[0]!, a[1]!];
      };
      switch (e.fn) {
        case 'Add':
          return a.reduce((x, y) => x + y, 0);
        case 'Mul':
          return a.reduce((x, y) => x * y, 1);
        case 'FloorDiv': {
          const [x, y] = two();
          return Math.floor(x / y);
        }
        case 'Mod':
        case 'PythonMod': {
          const [x, y] = two();
          return ((x % y) + y) % y;
        }
        case 'Pow': {
          const [x, y] = two();
          return x ** y;
        }
        case 'Max':
          return Math.max(...a);
        case 'Min':
          return Math.min(...a);
        default:
          throw new ExportError(`wick cannot evaluate the symbolic function ${e.fn}`);
      }
    }
  }
}

/** The expression as PyTorch prints sizes (`s77`, `2*s0`), for messages and `wick inspect`. */
export function formatSymExpr(e: SymExpr): string {
  switch (e.kind) {
    case 'int':
      return String(e.value);
    case 'symbol':
      return e.name;
    case 'call': {
      const parts = e.args.map(formatSymExpr);
      if (e.fn === 'Add') return parts.join(' + ');
      if (e.fn === 'Mul') return parts.join('*');
      if (e.fn === 'FloorDiv') return `(${parts[0]})//(${parts[1]})`;
      return `${e.fn}(${parts.join(', ')})`;
    }
  }
}
