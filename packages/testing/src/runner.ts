import { Tensor, WickError } from '@wick/tensor';
import { afterAll, expect, it } from 'vitest';
import { type Agreement, compareValue } from './compare.js';
import { decodeValue } from './decode.js';
import { type FixtureCase, loadFixture } from './fixtures.js';

/** Where fixture function names are looked up: `torch`, with dotted paths like nn.functional.pad. */
export type Namespace = Record<string, unknown>;

export interface RunOptions {
  /** Functions the namespace does not have under the fixture's name (e.g. repr). */
  extra?: Record<string, (...args: unknown[]) => unknown>;
  /** Cases to leave out, each with the reason, printed in the report. */
  skip?: Record<string, string>;
}

export function resolveFn(ns: Namespace, path: string, extra: RunOptions['extra']): (...args: unknown[]) => unknown {
  const special = extra?.[path];
  if (special) return special;
  let v: unknown = ns;
  for (const part of path.split('.')) v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[part];
  if (typeof v !== 'function') throw new Error(`no function '${path}' in the namespace under test`);
  return v as (...args: unknown[]) => unknown;
}

/** Runs one case; returns the call's result and the (possibly viewed) self/first input and its base. */
export function callCase(ns: Namespace, c: FixtureCase, extra?: RunOptions['extra']) {
  const args = (c.args ?? []).map((a) => decodeValue(a));
  const kwargs = c.kwargs && Object.keys(c.kwargs).length ? decodeValue(c.kwargs).value : undefined;
  const callArgs = [...args.map((a) => a.value), ...(kwargs === undefined ? [] : [kwargs])];
  if (c.method) {
    const self = decodeValue(c.self);
    const fn: unknown = Reflect.get(self.value as object, c.fn);
    if (typeof fn !== 'function') throw new Error(`Tensor has no method '${c.fn}'`);
    return { result: Reflect.apply(fn, self.value, callArgs), input: self.value as Tensor, base: self.base };
  }
  const first = args[0];
  return { result: resolveFn(ns, c.fn, extra)(...callArgs), input: first?.value as Tensor | undefined, base: first?.base };
}

/**
 * Registers one vitest test per fixture case and prints, after the file, the worst disagreement
 * with PyTorch (ULP and absolute) and which case it came from.
 */
export function runFixture(file: string, ns: Namespace, options: RunOptions = {}): void {
  const fixture = loadFixture(file);
  const worst = { ulp: 0, ulpCase: '', abs: 0, absCase: '', cases: 0, errors: 0 };
  const note = (name: string, a: Agreement) => {
    worst.cases++;
    if (a.worstUlp > worst.ulp) Object.assign(worst, { ulp: a.worstUlp, ulpCase: name });
    if (a.worstAbs > worst.abs) Object.assign(worst, { abs: a.worstAbs, absCase: name });
  };
  for (const c of fixture.cases) {
    const reason = options.skip?.[c.name];
    if (reason) continue;
    it(c.name, () => {
      if (c.error) {
        let thrown: unknown;
        try {
          callCase(ns, c, options.extra);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `expected ${c.error.type}: ${c.error.message}`).toBeDefined();
        expect(WickError.isInstance(thrown), `a named wick error, got ${String(thrown)}`).toBe(true);
        expect((thrown as WickError).message).toBe(c.error.message);
        expect((thrown as WickError).pytorchType).toBe(c.error.type);
        worst.cases++;
        worst.errors++;
        return;
      }
      const { result, input, base } = callCase(ns, c, options.extra);
      // A method that returns nothing in JS returns None in Python (__setitem__).
      const agreement = compareValue(result === undefined ? null : result, c.out, c.tol ?? {}, input);
      expect(agreement.ok, agreement.problem).toBe(true);
      if (c.self_after !== undefined) {
        const after = compareValue(input, c.self_after, c.tol ?? {});
        expect(after.ok, `self after the call: ${after.problem}`).toBe(true);
      }
      if (c.base_after !== undefined && base instanceof Tensor) {
        const after = compareValue(base, c.base_after, c.tol ?? {});
        expect(after.ok, `base after the in-place call: ${after.problem}`).toBe(true);
      }
      note(c.name, agreement);
    });
  }
  afterAll(() => {
    const skipped = Object.entries(options.skip ?? {});
    const lines = [
      `${file}: ${worst.cases} cases agree with PyTorch (${worst.errors} error messages); ` +
        `worst ${worst.ulp} ULP${worst.ulpCase ? ` (${worst.ulpCase})` : ''}; ` +
        `worst abs error where judged by the absolute bound ${worst.abs.toExponential(2)}${worst.absCase ? ` (${worst.absCase})` : ''}`,
      ...skipped.map(([name, why]) => `  skipped ${name}: ${why}`),
    ];
    console.log(lines.join('\n'));
  });
}
