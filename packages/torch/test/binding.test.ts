import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

// Every public callable binds its arguments through the shared binder: called with an unknown
// option, each throws the binder's ArgumentError (which names the callable whose signature
// refused it). Public means a PyTorch-style name
// (snake_case functions, PascalCase classes) in the torch namespace tree, every method of those
// classes, and every Tensor method; camelCase exports are wick's internal helpers for its own
// packages, and error classes are thrown, not called.

const PROBE = Object.freeze({ __probe__: 1 });

const namespaces: [string, object][] = [
  ['torch', torch],
  ['torch.nn', torch.nn],
  ['torch.nn.functional', torch.nn.functional],
  ['torch.nn.init', torch.nn.init],
  ['torch.nn.utils', torch.nn.utils],
  ['torch.nn.utils.rnn', torch.nn.utils.rnn],
  ['torch.optim', torch.optim],
  ['torch.optim.lr_scheduler', torch.optim.lr_scheduler],
  ['torch.autograd', torch.autograd],
  ['torch.safetensors', torch.safetensors],
  ['torch.utils.data', torch.utils.data],
];

/**
 * Exports that are not PyTorch-style callables a user calls, each with the reason: wick's
 * machinery for its own packages, and callables that pass their arguments through unbound.
 */
const notBound: Readonly<Record<string, string>> = {
  'torch.declare()': "wick's signature declaration for its own packages (declare(path, texts))",
  'new torch.TorchDevice()': 'made by torch.device(...)',
  'new torch.autograd.FunctionCtx()': 'made by Function.apply for each call',
  'new torch.autograd.Function()': "custom Functions are used through their static apply, which passes its arguments to the subclass's forward as PyTorch's does",
  'torch.autograd.FunctionCtx.release()': "frees a custom Function's saved tensors: called by the autograd engine after backward",
  'new torch.safetensors.SafeOpen()': 'made by safe_open(...)',
  'new torch.Complex()': "a value (Python's complex), made by item() and tolist() of complex tensors, and by users as new Complex(re, im)",
};

/**
 * wick's machinery classes, exported for its own packages: made and called by the op table, the
 * binder, backends and the autograd engine, never by users (their constructors and methods).
 */
const machinery: Readonly<Record<string, string>> = {
  'torch.Op': 'an op-table entry, made by defineOp and called by the op functions',
  'torch.Storage': 'the memory behind tensors, made by backends',
  'torch.Signatures': "a callable's parsed signatures, made by declare and used by the binder",
  'torch.autograd.Node': 'graph nodes are made and run by the autograd engine as ops record',
  'torch.autograd.SavedTensor': 'made and unpacked by the autograd engine',
  'torch.autograd.AccumulateGrad': "a leaf's gradient sink, made and run by the autograd engine",
};

/** Probes for callables that take any object first (a plain object is their value, not options). */
const probes: Readonly<Record<string, () => unknown>> = {
  'torch.is_tensor()': () => Reflect.apply(torch.is_tensor, undefined, [torch.ones(1), PROBE]),
  'torch.use()': () => Reflect.apply(torch.use, undefined, [torch.cpuBackend, PROBE]),
  'torch.save()': () => Reflect.apply(torch.save, undefined, [torch.ones(1), PROBE]),
  'torch.to_cpu()': () => Reflect.apply(torch.to_cpu, undefined, [torch.ones(1), PROBE]),
  'torch.safetensors.save()': () => Reflect.apply(torch.safetensors.save, undefined, [{ t: torch.ones(1) }, null, PROBE]),
};

const isInternal = (name: string) => /^[a-z][a-z0-9]*[A-Z]/.test(name) || name.startsWith('_');
const isClass = (v: unknown): v is new (...args: unknown[]) => unknown =>
  typeof v === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(v));
const isErrorClass = (v: unknown) => isClass(v) && v.prototype instanceof Error;

/**
 * null when the shared binder refused the call (about the probe, or, for a builtin, about a
 * required argument it meets first, as PyTorch's parser does), else what happened.
 */
function probe(call: () => unknown): string | null {
  try {
    call();
    return 'returned normally';
  } catch (e) {
    if (torch.ArgumentError.isInstance(e) && e.callable !== null) return null;
    return `threw ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`;
  }
}

/**
 * Public methods a class defines: its own, and its ancestors' up to the first ancestor that is
 * itself probed (a Module subclass's inherited Module methods are probed once, under nn.Module).
 */
function methodsOf(cls: { prototype: object }, probed: ReadonlySet<object>): string[] {
  const names = new Set<string>();
  for (let p: object | null = cls.prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (p !== cls.prototype && probed.has(p)) break;
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name)!;
      if (name !== 'constructor' && typeof d.value === 'function' && !isInternal(name)) names.add(name);
    }
  }
  return [...names].sort();
}

function publicCallables(): [string, () => unknown][] {
  const out: [string, () => unknown][] = [];
  const seen = new Set<unknown>();
  const probed = new Set<object>([torch.Tensor.prototype]);
  for (const [, ns] of namespaces) {
    for (const [name, value] of Object.entries(ns)) {
      if (isClass(value) && !isInternal(name) && !isErrorClass(value)) probed.add(value.prototype as object);
    }
  }
  for (const [prefix, ns] of namespaces) {
    for (const [name, value] of Object.entries(ns)) {
      if (typeof value !== 'function' || isInternal(name) || isErrorClass(value)) continue;
      if (isClass(value)) {
        if (seen.has(value) || `${prefix}.${name}` in machinery) continue;
        seen.add(value);
        const cls = value;
        out.push([`new ${prefix}.${name}()`, () => new cls(PROBE)]);
        if (cls === torch.Tensor) continue;
        for (const m of methodsOf(cls, probed)) {
          const bare = Object.create(cls.prototype) as Record<string, (...args: unknown[]) => unknown>;
          out.push([`${prefix}.${name}.${m}()`, () => bare[m]!(PROBE)]);
        }
      } else {
        out.push([`${prefix}.${name}()`, () => value(PROBE)]);
      }
    }
  }
  const x = torch.ones([2, 3]);
  for (const m of methodsOf(torch.Tensor, probed)) out.push([`Tensor.${m}()`, () => (x as unknown as Record<string, (a: unknown) => unknown>)[m]!(PROBE)]);
  return out;
}

describe('every public callable binds through the shared binder', () => {
  const callables = publicCallables().filter(([name]) => !(name in notBound));
  it(`all ${callables.length} of them`, () => {
    const failing = callables
      .map(([name, call]) => [name, probe(probes[name] ?? call)] as const)
      .filter(([, why]) => why !== null);
    expect(failing.map(([name, why]) => `${name}: ${why}`)).toEqual([]);
  });

  it('names no exemption that is not an export', () => {
    const names = new Set(publicCallables().map(([name]) => name));
    expect(Object.keys(notBound).filter((n) => !names.has(n))).toEqual([]);
    const exported = (path: string) => path.split('.').slice(1).reduce<unknown>((ns, key) => (ns as Record<string, unknown>)?.[key], torch);
    expect(Object.keys(machinery).filter((p) => !isClass(exported(p)))).toEqual([]);
  });
});
