/**
 * Builds one loop function per elementwise op.
 *
 * NOTE: a single shared loop `for (...) o[i] = f(x[i])` called with many different `f` becomes
 * megamorphic in V8 and costs ~10 ns per element; a loop whose source is unique to the op gets
 * its own type feedback, inlines `f`, and runs 5x faster for cheap ops (measured on Node 20).
 * So each op gets a loop compiled from a source text that names the op. Where `new Function` is
 * forbidden (a strict Content-Security-Policy), the shared loop is used: same results, slower.
 */

/** Any typed array, written element by element (the formula's value type matches the array's). */
export interface Elements {
  [i: number]: unknown;
}

export type UnaryLoop = (x: ArrayLike<unknown>, xi: number, xs: number, o: Elements, oi: number, os: number, n: number) => void;
export type BinaryLoop = (
  a: ArrayLike<unknown>, ai: number, as: number,
  b: ArrayLike<unknown>, bi: number, bs: number,
  o: Elements, oi: number, os: number, n: number,
) => void;

let canCompile = true;

function compile<T>(name: string, params: string, body: string, f: unknown, fallback: () => T): T {
  if (canCompile) {
    try {
      const ident = name.replace(/[^A-Za-z0-9_]/g, '_');
      return new Function('f', `return function ${ident}(${params}) {\n${body}\n};`)(f) as T;
    } catch {
      canCompile = false;
    }
  }
  return fallback();
}

/** `store` wraps the formula's value: '' stores it as is, 'bool' stores 1/0. */
export function unaryLoop(name: string, f: (x: never) => unknown, toBool: boolean): UnaryLoop {
  const value = toBool ? '(f(x[xi]) ? 1 : 0)' : 'f(x[xi])';
  const body = `for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = ${value};`;
  return compile(`${name}_unary${toBool ? '_bool' : ''}`, 'x, xi, xs, o, oi, os, n', body, f, () =>
    toBool
      ? (x, xi, xs, o, oi, os, n) => {
          for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = f(x[xi] as never) ? 1 : 0;
        }
      : (x, xi, xs, o, oi, os, n) => {
          for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = f(x[xi] as never);
        },
  );
}

export function binaryLoop(name: string, f: (a: never, b: never) => unknown, toBool: boolean): BinaryLoop {
  const value = toBool ? '(f(a[ai], b[bi]) ? 1 : 0)' : 'f(a[ai], b[bi])';
  const body = `for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = ${value};`;
  return compile(`${name}_binary${toBool ? '_bool' : ''}`, 'a, ai, as, b, bi, bs, o, oi, os, n', body, f, () =>
    toBool
      ? (a, ai, as, b, bi, bs, o, oi, os, n) => {
          for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = f(a[ai] as never, b[bi] as never) ? 1 : 0;
        }
      : (a, ai, as, b, bi, bs, o, oi, os, n) => {
          for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = f(a[ai] as never, b[bi] as never);
        },
  );
}
