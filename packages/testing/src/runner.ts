import { Tensor, WickError } from '@wick/tensor';
import { afterAll, expect, it } from 'vitest';
import { type Agreement, type Tolerance, compareValue } from './compare.js';
import { decodeValue } from './decode.js';
import { type DeviceUnderTest, HostCopies, SkipReport, familyOf, groupedLines, placeOn, toleranceOn, unheldReason } from './device.js';
import { type FixtureCase, loadFixture } from './fixtures.js';

/** Where fixture function names are looked up: `torch`, with dotted paths like nn.functional.pad. */
export type Namespace = Record<string, unknown>;

export interface RunOptions {
  /** Functions the namespace does not have under the fixture's name (e.g. repr). */
  extra?: Record<string, (...args: unknown[]) => unknown>;
  /** Cases to leave out, each with the reason, printed in the report. */
  skip?: Record<string, string>;
  /**
   * Run every case on this device instead of the CPU: inputs moved there, results read back with
   * `await t.read()`, cases the device cannot hold skipped and listed.
   */
  device?: DeviceUnderTest;
  /**
   * Cases expected to fail (on the device), each with the reason: registered with `it.fails`, so
   * the entry must be removed once the case passes.
   */
  knownFailures?: Record<string, string>;
  /**
   * Arguments a device run leaves on the CPU because PyTorch keeps them there (a packed sequence's
   * batch_sizes), by position counting `self` as 0 for methods.
   */
  onCpu?: OnCpu;
  /**
   * Factory calls (no tensor inputs) to run with `device=` the device under test, so that creation
   * happens there too; PyTorch's values do not depend on where a tensor is made.
   */
  createOnDevice?: (c: FixtureCase) => boolean;
}

export type OnCpu = (c: FixtureCase, position: number) => boolean;

/** How a device run makes a case's inputs. */
export interface Placement {
  /** Moves a decoded input tensor to the device (before the fixture's views are applied). */
  place: (t: Tensor) => Tensor;
  /** Inputs that stay on the CPU, by position counting `self` as 0 for methods. */
  onCpu?: OnCpu;
  /** A device to name as `device=` in the call (a factory call). */
  create?: string;
}

export function resolveFn(ns: Namespace, path: string, extra: RunOptions['extra']): (...args: unknown[]) => unknown {
  const special = extra?.[path];
  if (special) return special;
  let v: unknown = ns;
  for (const part of path.split('.')) v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[part];
  if (typeof v !== 'function') throw new Error(`no function '${path}' in the namespace under test`);
  return v as (...args: unknown[]) => unknown;
}

/**
 * Runs one case; returns the call's result and the (possibly viewed) self/first input and its base.
 * With `placement` (a device run) the inputs are made on the device.
 */
export function callCase(ns: Namespace, c: FixtureCase, extra?: RunOptions['extra'], placement?: Placement) {
  const placeAt = (position: number) => (placement?.onCpu?.(c, position) ? undefined : placement?.place);
  const first = c.method ? 1 : 0;
  const args = (c.args ?? []).map((a, i) => decodeValue(a, placeAt(first + i)));
  let kwargs = c.kwargs && Object.keys(c.kwargs).length ? decodeValue(c.kwargs, placement?.place).value : undefined;
  if (placement?.create !== undefined) kwargs = { ...(kwargs as object | undefined), device: placement.create };
  const callArgs = [...args.map((a) => a.value), ...(kwargs === undefined ? [] : [kwargs])];
  if (c.method) {
    const self = decodeValue(c.self, placeAt(0));
    const fn: unknown = Reflect.get(self.value as object, c.fn);
    if (typeof fn !== 'function') throw new Error(`Tensor has no method '${c.fn}'`);
    return { result: Reflect.apply(fn, self.value, callArgs), input: self.value as Tensor, base: self.base };
  }
  return { result: resolveFn(ns, c.fn, extra)(...callArgs), input: args[0]?.value as Tensor | undefined, base: args[0]?.base };
}

/**
 * Registers one vitest test per fixture case and prints, after the file, the worst disagreement
 * with PyTorch (ULP and absolute) and which case it came from. With `options.device` the cases run
 * on that device (async tests) and the report lists the cases it could not hold.
 */
export function runFixture(file: string, ns: Namespace, options: RunOptions = {}): void {
  const fixture = loadFixture(file);
  const worst = { ulp: 0, ulpCase: '', abs: 0, absCase: '', cases: 0, errors: 0 };
  const note = (name: string, a: Agreement) => {
    worst.cases++;
    if (a.worstUlp > worst.ulp) Object.assign(worst, { ulp: a.worstUlp, ulpCase: name });
    if (a.worstAbs > worst.abs) Object.assign(worst, { abs: a.worstAbs, absCase: name });
  };
  const expectError = (c: FixtureCase, call: () => unknown) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown, `expected ${c.error!.type}: ${c.error!.message}`).toBeDefined();
    expect(WickError.isInstance(thrown), `a named wick error, got ${String(thrown)}`).toBe(true);
    expect((thrown as WickError).message).toBe(c.error!.message);
    expect((thrown as WickError).pytorchType).toBe(c.error!.type);
    worst.cases++;
    worst.errors++;
  };
  const check = (c: FixtureCase, result: unknown, input: unknown, base: unknown, tol: Tolerance) => {
    // A method that returns nothing in JS returns None in Python (__setitem__).
    const agreement = compareValue(result === undefined ? null : result, c.out, tol, input as Tensor | undefined);
    expect(agreement.ok, agreement.problem).toBe(true);
    if (c.self_after !== undefined) {
      const after = compareValue(input, c.self_after, tol);
      expect(after.ok, `self after the call: ${after.problem}`).toBe(true);
    }
    if (c.base_after !== undefined && base instanceof Tensor) {
      const after = compareValue(base, c.base_after, tol);
      expect(after.ok, `base after the in-place call: ${after.problem}`).toBe(true);
    }
    note(c.name, agreement);
  };
  const device = options.device;
  const family = familyOf(file);
  const unheld = new SkipReport();
  for (const c of fixture.cases) {
    registerCase(c, options, device, unheld, {
      tensors: [c.self, c.args, c.kwargs, c.out, c.self_after, c.base_after],
      named: [c.self, c.args, c.kwargs],
      cpu: () => {
        if (c.error) return expectError(c, () => callCase(ns, c, options.extra));
        const { result, input, base } = callCase(ns, c, options.extra);
        check(c, result, input, base, c.tol ?? {});
      },
      device: async (device) => {
        const placement: Placement = {
          place: placeOn(device),
          onCpu: options.onCpu,
          create: options.createOnDevice?.(c) ? device.name : undefined,
        };
        if (c.error) return expectError(c, () => callCase(ns, c, options.extra, placement));
        const { result, input, base } = callCase(ns, c, options.extra, placement);
        const host = new HostCopies();
        const hostResult = await host.of(result);
        const hostInput = input instanceof Tensor ? await host.tensor(input) : input;
        const hostBase = base instanceof Tensor ? await host.tensor(base) : base;
        check(c, hostResult, hostInput, hostBase, toleranceOn(device, family, c));
      },
    });
  }
  afterAll(() => {
    const skipped = Object.entries(options.skip ?? {});
    const lines = [
      `${file}${device ? ` on '${device.name}'` : ''}: ${worst.cases} cases agree with PyTorch (${worst.errors} error messages); ` +
        `worst ${worst.ulp} ULP${worst.ulpCase ? ` (${worst.ulpCase})` : ''}; ` +
        `worst abs error where judged by the absolute bound ${worst.abs.toExponential(2)}${worst.absCase ? ` (${worst.absCase})` : ''}`,
      ...(device ? groupedLines('skipped', options.skip, fixture.cases) : skipped.map(([name, why]) => `  skipped ${name}: ${why}`)),
      ...unheld.lines(),
      ...groupedLines('known failures', options.knownFailures, fixture.cases),
    ];
    console.log(lines.join('\n'));
  });
}

/** How one fixture case runs on the CPU and on a device, and what the device must hold for it. */
export interface CaseRun {
  /** The case's tensors (inputs and expected results), whose dtypes the device must hold. */
  tensors: unknown[];
  /** The arguments that may name a dtype. */
  named: unknown[];
  cpu(): void;
  device(device: DeviceUnderTest): Promise<void>;
}

/**
 * Registers one fixture case with vitest. A case `options.skip` names is left out (registered as
 * skipped on a device, so the counts show it, and a family whose every case is skipped is not an
 * empty suite). Without a device the case runs on the CPU; on a device it is skipped and reported
 * in `unheld` when it needs a dtype or size the device does not hold, and a known failure runs
 * with it.fails.
 */
export function registerCase(c: FixtureCase, options: RunOptions, device: DeviceUnderTest | undefined, unheld: SkipReport, run: CaseRun): void {
  if (options.skip?.[c.name]) {
    if (device !== undefined) it.skip(c.name, () => {});
    return;
  }
  if (device === undefined) {
    it(c.name, run.cpu);
    return;
  }
  const why = unheldReason(device, run.tensors, run.named);
  if (why !== null) {
    unheld.add(c.name, why);
    it.skip(c.name, () => {});
    return;
  }
  (options.knownFailures?.[c.name] ? it.fails : it)(c.name, () => run.device(device));
}
