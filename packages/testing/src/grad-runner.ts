import { Tensor, isFloating } from '@wick/tensor';
import { afterAll, expect } from 'vitest';
import { type Agreement, type Tolerance, compareValue } from './compare.js';
import { HostCopies, SkipReport, familyOf, groupedLines, placeOn, toleranceOn } from './device.js';
import { type EncodedTensor, decodeBase, decodeValue, isEncodedTensor } from './decode.js';
import { type FixtureCase, loadFixture } from './fixtures.js';
import { type Namespace, type RunOptions, registerCase, resolveFn } from './runner.js';

/** The autograd under test: gradients of `outputs` (weighted by `grad_outputs`) with respect to `inputs`. */
export type GradFn = (outputs: Tensor[], inputs: Tensor[], grad_outputs: Tensor[]) => (Tensor | null)[];

export interface GradRunOptions extends RunOptions {
  grad: GradFn;
}

/** An argument whose base becomes a leaf that requires grad (views are applied after). */
interface Leafed {
  value: unknown;
  leaves: Tensor[];
  /** The per-argument structure of leaves: a tensor, a list, or null. */
  shape: Tensor | Tensor[] | null;
}

type Place = ((t: Tensor) => Tensor) | undefined;

function leafOf(v: EncodedTensor, place: Place): { value: Tensor; leaf: Tensor } {
  const base = (place ? place(decodeBase(v)) : decodeBase(v)).requires_grad_();
  let t: Tensor = base;
  for (const [method, ...args] of v.view ?? []) {
    const fn: unknown = Reflect.get(t, String(method));
    if (typeof fn !== 'function') throw new Error(`fixture view method ${String(method)} is not a Tensor method`);
    t = Reflect.apply(fn, t, args.map((a) => decodeValue(a).value)) as Tensor;
  }
  return { value: t, leaf: base };
}

function decodeArg(v: unknown, wanted: boolean, place: Place): Leafed {
  if (wanted && isEncodedTensor(v)) {
    const { value, leaf } = leafOf(v, place);
    return { value, leaves: [leaf], shape: leaf };
  }
  if (wanted && Array.isArray(v) && v.every(isEncodedTensor)) {
    const parts = v.map((x) => leafOf(x, place));
    return { value: parts.map((p) => p.value), leaves: parts.map((p) => p.leaf), shape: parts.map((p) => p.leaf) };
  }
  return { value: decodeValue(v, place).value, leaves: [], shape: null };
}

const tensorsOf = (r: unknown): Tensor[] => (r instanceof Tensor ? [r] : Array.isArray(r) ? r.flatMap(tensorsOf) : []);

/**
 * Runs one gradient case; returns the forward result and the gradients shaped like the fixture's
 * `grads`. `place` moves each decoded input (leaves included) to the device under test.
 */
export function callGradCase(ns: Namespace, c: FixtureCase, options: GradRunOptions, place?: (t: Tensor) => Tensor) {
  const wrt = new Set((c.wrt as number[] | undefined) ?? []);
  const all = c.method ? [c.self, ...(c.args ?? [])] : [...(c.args ?? [])];
  const decoded = all.map((a, i) => decodeArg(a, wrt.has(i), options.onCpu?.(c, i) ? undefined : place));
  const kwargs = c.kwargs && Object.keys(c.kwargs).length ? decodeValue(c.kwargs, place).value : undefined;
  const values = decoded.map((d) => d.value);
  const rest = [...values.slice(c.method ? 1 : 0), ...(kwargs === undefined ? [] : [kwargs])];
  let result: unknown;
  if (c.method) {
    const fn: unknown = Reflect.get(values[0] as object, c.fn);
    if (typeof fn !== 'function') throw new Error(`Tensor has no method '${c.fn}'`);
    result = Reflect.apply(fn, values[0], rest);
  } else {
    result = resolveFn(ns, c.fn, options.extra)(...rest);
  }
  const outputs = tensorsOf(result).filter((t) => isFloating(t.dtype));
  const gradOutputs = ((c.grad_outputs as unknown[]) ?? []).map((g) => decodeValue(g, place).value as Tensor);
  const leaves = decoded.flatMap((d) => d.leaves);
  const flat = options.grad(outputs, leaves, gradOutputs);
  let k = 0;
  const grads = decoded.map((d) => (d.shape === null ? null : Array.isArray(d.shape) ? d.shape.map(() => flat[k++] ?? null) : (flat[k++] ?? null)));
  return { result, grads };
}

/**
 * Registers one vitest test per gradient case (fixtures/autograd/*.msgpack) and prints the worst
 * disagreement with PyTorch's gradients after the file. With `options.device` the cases run on that
 * device (async tests) and the report lists the cases it could not hold.
 */
export function runGradFixture(file: string, ns: Namespace, options: GradRunOptions): void {
  const fixture = loadFixture(file);
  const worst = { ulp: 0, ulpCase: '', abs: 0, absCase: '', cases: 0 };
  const note = (name: string, a: Agreement) => {
    worst.cases++;
    if (a.worstUlp > worst.ulp) Object.assign(worst, { ulp: a.worstUlp, ulpCase: name });
    if (a.worstAbs > worst.abs) Object.assign(worst, { abs: a.worstAbs, absCase: name });
  };
  const check = (c: FixtureCase, result: unknown, grads: unknown, tol: Tolerance) => {
    const forward = compareValue(result, c.out, tol);
    expect(forward.ok, `forward: ${forward.problem}`).toBe(true);
    const agreement = compareValue(grads, c.grads, tol);
    expect(agreement.ok, `gradients: ${agreement.problem}`).toBe(true);
    note(c.name, agreement);
  };
  const device = options.device;
  const family = familyOf(file);
  const unheld = new SkipReport();
  for (const c of fixture.cases) {
    registerCase(c, options, device, unheld, {
      tensors: [c.self, c.args, c.kwargs, c.out, c.grad_outputs, c.grads],
      named: [c.self, c.args, c.kwargs],
      cpu: () => {
        const { result, grads } = callGradCase(ns, c, options);
        check(c, result, grads, c.tol ?? {});
      },
      device: async (device) => {
        const { result, grads } = callGradCase(ns, c, options, placeOn(device));
        const host = new HostCopies();
        check(c, await host.of(result), await host.of(grads), toleranceOn(device, family, c));
      },
    });
  }
  afterAll(() => {
    const skipped = Object.entries(options.skip ?? {});
    console.log(
      [
        `${file}${device ? ` on '${device.name}'` : ''}: gradients of ${worst.cases} cases agree with PyTorch; ` +
          `worst ${worst.ulp} ULP${worst.ulpCase ? ` (${worst.ulpCase})` : ''}, ` +
          `worst abs ${worst.abs.toExponential(2)}${worst.absCase ? ` (${worst.absCase})` : ''}`,
        ...(device ? groupedLines('skipped', options.skip, fixture.cases) : skipped.map(([name, why]) => `  skipped ${name}: ${why}`)),
        ...unheld.lines(),
        ...groupedLines('known failures', options.knownFailures, fixture.cases),
      ].join('\n'),
    );
  });
}
