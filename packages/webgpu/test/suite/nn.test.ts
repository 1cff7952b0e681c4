// Modules, functions, losses and PyTorch's error messages on the device under test:
// fixtures/nn/{layers,rnn,calls,losses,activations,norm,embedding,conv,pool,attention}.msgpack, as packages/nn/test (fixtures.test.ts,
// gradients.test.ts, losses.test.ts) runs them on the CPU. A module case loads PyTorch's weights,
// moves the module with `.to('webgpu')`, moves the inputs, runs forward and reads the outputs back;
// its gradients case does the same, then backward, and reads the input and parameter gradients.
import { install } from '@wick/autograd';
import * as nn from '@wick/nn';
import { Parameter, PackedSequence } from '@wick/nn';
import { type DType, Tensor, WickError, manual_seed } from '@wick/tensor';
import {
  type Agreement, type FixtureCase, HostCopies, SkipReport, compareValue, decodeValue, loadFixture, placeOn, toleranceOn, unheldReason,
} from '@wick/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { construct, loadedModule } from '../../../nn/test/module-cases.js';
import { suiteDevice } from './device.js';
import { knownFailures, notOnADevice } from './known-failures.js';

install();
const device = await suiteDevice();
const place = placeOn(device);
type Ctor = new (...args: unknown[]) => nn.Module;

/** Results as comparable values: a PackedSequence becomes its four fields. */
function actualValue(v: unknown): unknown {
  if (v instanceof PackedSequence) return [v.data, v.batch_sizes, v.sorted_indices, v.unsorted_indices];
  if (Array.isArray(v)) return v.map(actualValue);
  return v;
}
function expectedValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && 'packed_sequence' in v) return (v as { packed_sequence: unknown[] }).packed_sequence;
  if (Array.isArray(v)) return v.map(expectedValue);
  return v;
}

interface Pack {
  pack: { padded: unknown; lengths: unknown; batch_first: boolean; enforce_sorted: boolean };
}

/**
 * A recorded input on the device: tensors, [h, c] lists, and {pack: ...} as a PackedSequence of the
 * padded batch on the device (its lengths stay on the CPU, as PyTorch requires).
 */
function deviceInput(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && 'pack' in v) {
    const p = (v as Pack).pack;
    const padded = decodeValue(p.padded, place).value as Tensor;
    const lengths = decodeValue(p.lengths).value as number[];
    return nn.utils.rnn.pack_padded_sequence(padded, lengths, { batch_first: p.batch_first, enforce_sorted: p.enforce_sorted });
  }
  if (Array.isArray(v)) return v.map(deviceInput);
  return decodeValue(v, place).value;
}

/**
 * A recorded input on the device as [value, leaf], as packages/nn/test/module-cases.ts's leafInput:
 * float tensors (a pack's padded batch) become fresh leaves that require grad.
 */
function deviceLeafInput(v: unknown): [unknown, unknown] {
  if (v !== null && typeof v === 'object' && 'pack' in v) {
    const p = (v as Pack).pack;
    const padded = (decodeValue(p.padded, place).value as Tensor).clone().requires_grad_();
    const lengths = decodeValue(p.lengths).value as number[];
    const packed = nn.utils.rnn.pack_padded_sequence(padded, lengths, { batch_first: p.batch_first, enforce_sorted: p.enforce_sorted });
    return [packed, padded];
  }
  if (Array.isArray(v)) {
    const parts = v.map(deviceLeafInput);
    return [parts.map((p) => p[0]), parts.map((p) => p[1])];
  }
  const t = decodeValue(v, place).value;
  if (t instanceof Tensor && t.is_floating_point()) {
    const leaf = t.clone().requires_grad_();
    return [leaf, leaf];
  }
  return [t, null];
}

/** The float outputs a module case's gradients weight: a PackedSequence contributes its data. */
function floats(v: unknown): Tensor[] {
  if (v instanceof PackedSequence) return [v.data];
  if (v instanceof Tensor) return v.is_floating_point() ? [v] : [];
  if (Array.isArray(v)) return v.flatMap(floats);
  return [];
}
const gradOf = (l: unknown): unknown => (Array.isArray(l) ? l.map(gradOf) : l instanceof Tensor ? l.grad : null);

/** The results of a case, read back to the CPU and compared with PyTorch's. */
async function agreeWith(family: string, c: FixtureCase, out: unknown, expected: unknown): Promise<Agreement> {
  const agreement = compareValue(await new HostCopies().of(actualValue(out)), expectedValue(expected), toleranceOn(device, family, c));
  expect(agreement.problem ?? 'ok').toBe('ok');
  return agreement;
}

async function runModuleCase(family: string, c: FixtureCase): Promise<void> {
  const m = loadedModule(c).to(device.name);
  const args = (c.inputs as unknown[]).map(deviceInput);
  // A case that draws (dropout in training) was recorded right after manual_seed(seed); the draws
  // come from the CPU generator and are uploaded, so the device sees PyTorch's masks.
  if (c.seed !== undefined) manual_seed(Number(c.seed));
  const out = m.forward(...args);
  await agreeWith(family, c, out, c.out);
}

/** A gradient case's forward on the device: a function differentiates its arguments only, a module also its parameters. */
function deviceForward(c: FixtureCase): { out: unknown; pairs: [unknown, unknown][]; named: Map<string, Tensor> } {
  if (c.kind === 'function') {
    const pairs = (c.args as unknown[]).map(deviceLeafInput);
    const kwargs = c.kwargs && Object.keys(c.kwargs).length > 0 ? [decodeValue(c.kwargs, place).value] : [];
    if (c.seed !== undefined) manual_seed(Number(c.seed));
    const fn = functionAt(String(c.fn));
    if (typeof fn !== 'function') throw new Error(`no function ${c.fn}`);
    return { out: Reflect.apply(fn, undefined, [...pairs.map((p) => p[0]), ...kwargs]), pairs, named: new Map() };
  }
  const m = loadedModule(c).to(device.name);
  const pairs = (c.inputs as unknown[]).map(deviceLeafInput);
  if (c.seed !== undefined) manual_seed(Number(c.seed));
  return { out: m.forward(...pairs.map((p) => p[0])), pairs, named: new Map(m.named_parameters()) };
}

/**
 * Gradients of sum(weight * output) w.r.t. the inputs and every parameter, on the device, as
 * packages/nn/test/gradients.test.ts checks them on the CPU.
 */
async function runGradients(family: string, c: FixtureCase): Promise<void> {
  const { out, pairs, named } = deviceForward(c);
  const fs = floats(out);
  const ws = (c.grad_outputs as unknown[]).map((w) => decodeValue(w, place).value as Tensor);
  let total = fs[0]!.mul(ws[0]!).sum();
  for (let i = 1; i < fs.length; i++) total = total.add(fs[i]!.mul(ws[i]!).sum());
  total.backward();
  const g = c.grads as { inputs: unknown[]; params: [string, unknown][] };
  const gradCase = { ...c, tol: { ulp: 4, atol: Number(c.grad_tol) }, out: g };
  await agreeWith(family, gradCase, g.params.map(([n]) => named.get(n)!.grad), g.params.map(([, t]) => t));
  await agreeWith(family, gradCase, pairs.map((p) => gradOf(p[1])), g.inputs);
}

function runErrorCase(c: FixtureCase): void {
  let thrown: unknown = null;
  try {
    const m = construct(c);
    if (String(c.dtype) !== 'float32') m.to(String(c.dtype) as DType);
    m.to(device.name);
    if (c.inputs !== null && c.inputs !== undefined) m.forward(...(c.inputs as unknown[]).map(deviceInput));
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected an error').not.toBeNull();
  expect(WickError.isInstance(thrown) ? thrown.message : String(thrown)).toBe(c.error!.message);
  // The generator records a NotImplementedError as RuntimeError, the Python base class it matched.
  const type = (e: WickError) => (e.pytorchType === 'NotImplementedError' ? 'RuntimeError' : e.pytorchType);
  if (WickError.isInstance(thrown)) expect(type(thrown)).toBe(c.error!.type);
}

/** The function at a recorded path: `nn.utils.rnn.pad_sequence`, `nn.functional.layer_norm`. */
function functionAt(path: string): unknown {
  return path.split('.').slice(1).reduce<unknown>((ns, part) => (ns === undefined ? undefined : Reflect.get(Object(ns), part)), nn);
}

async function runFunctionCase(family: string, c: FixtureCase): Promise<void> {
  const fn = functionAt(String(c.fn));
  if (typeof fn !== 'function') throw new Error(`no function ${c.fn}`);
  const args = (c.args ?? []).map(deviceInput);
  const kwargs = c.kwargs && Object.keys(c.kwargs).length > 0 ? [decodeValue(c.kwargs, place).value] : [];
  if (c.seed !== undefined) manual_seed(Number(c.seed));
  await agreeWith(family, c, Reflect.apply(fn, undefined, [...args, ...kwargs]), c.out);
  // A function that writes into an argument (F.embedding's max_norm renormalises weight rows).
  if (c.args_after !== undefined) await agreeWith(family, c, args, c.args_after);
}

/** A function call that must raise PyTorch's error (its class and message) with its arguments on the device. */
function runFunctionErrorCase(c: FixtureCase): void {
  const fn = functionAt(String(c.fn));
  if (typeof fn !== 'function') throw new Error(`no function ${c.fn}`);
  const args = (c.args ?? []).map(deviceInput);
  const kwargs = c.kwargs && Object.keys(c.kwargs).length > 0 ? [decodeValue(c.kwargs, place).value] : [];
  let thrown: unknown = null;
  try {
    Reflect.apply(fn, undefined, [...args, ...kwargs]);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected an error').not.toBeNull();
  expect(WickError.isInstance(thrown) ? thrown.message : String(thrown)).toBe(c.error!.message);
  if (WickError.isInstance(thrown)) expect(thrown.pytorchType).toBe(c.error!.type);
}

interface TrainStep {
  training: boolean;
  input: unknown;
  out: unknown;
  buffers: [string, unknown][];
}

/** Several forward calls of one module (BatchNorm's running statistics), each output and every buffer after it. */
async function runTrainStepsCase(family: string, c: FixtureCase): Promise<void> {
  const m = loadedModule(c).to(device.name);
  for (const step of c.steps as TrainStep[]) {
    m.train(step.training);
    await agreeWith(family, c, m.forward(deviceInput(step.input)), step.out);
    const buffers = m.named_buffers();
    expect(buffers.map(([k]) => k)).toEqual(step.buffers.map(([k]) => k));
    await agreeWith(family, c, buffers.map(([, b]) => b), step.buffers.map(([, t]) => t));
  }
}

/** A loss's value and its gradients w.r.t. input (and target), as packages/nn/test/losses.test.ts checks them. */
async function runLossCase(c: FixtureCase): Promise<void> {
  const ctor: unknown = Reflect.get(nn, String(c.module));
  // Weights given to the constructor (weight=, pos_weight=) are buffers: .to moves them.
  const m = Reflect.construct(ctor as Ctor, [decodeValue(c.kwargs ?? {}).value]).to(device.name);
  const [x, t] = (c.inputs as unknown[]).map((v) => decodeValue(v, place).value as Tensor);
  const grads = c.grads as (unknown | null)[];
  const input = x!.clone().requires_grad_();
  const target = grads[1] !== null ? t!.clone().requires_grad_() : t!;
  const out = m.forward(input, target) as Tensor;
  await agreeWith('nn/losses', c, out, c.out);
  const w = decodeValue((c.grad_outputs as unknown[])[0], place).value as Tensor;
  out.mul(w).sum().backward();
  const gradCase = { ...c, tol: { ulp: 4, atol: Number(c.grad_tol) } };
  for (const [i, leaf] of [input, target].entries()) {
    if (grads[i] === null) continue;
    await agreeWith('nn/losses', gradCase, leaf.grad, grads[i]);
  }
}

async function runClipCase(c: FixtureCase): Promise<void> {
  const before = (c.grads as unknown[]).map((g) => decodeValue(g, place).value as Tensor);
  const params = before.map((g) => {
    const p = new Parameter(g.clone().zero_());
    p.grad = g.clone();
    return p;
  });
  const args = c.args as number[];
  const fn = String(c.fn);
  if (fn === 'clip_grad_norm_') await agreeWith('nn/losses', c, nn.utils.clip_grad_norm_(params, args[0]!, args[1]!), c.out);
  if (fn === 'clip_grad_value_') nn.utils.clip_grad_value_(params, args[0]!);
  await agreeWith('nn/losses', c, params.map((p) => p.grad), c.grads_after);
}

// Kinds with nothing to run on a device: a module's repr is the same everywhere, and the
// word-language-model port trains on the CPU (training.test.ts trains on the device).
const notRun: Record<string, string> = {
  repr: "a module's repr does not depend on the device",
  word_lm: 'a CPU training program (training on the device: training.test.ts)',
  init_module: "default initialisation draws from the CPU generator before any move (the CPU suite checks it)",
};

const unheld = new SkipReport();
const expectedToFail = new SkipReport('known failures');
const FAMILIES = ['norm', 'embedding', 'conv', 'pool', 'attention'];
for (const family of ['layers', 'rnn', 'calls', 'losses', 'activations', ...FAMILIES]) {
  const file = `nn/${family}.msgpack`;
  const skip = notOnADevice(file);
  const known = knownFailures(file);
  describe(family, () => {
    for (const c of loadFixture(file).cases) {
      const why = notRun[String(c.kind)] ?? skip[c.name] ??
        unheldReason(device, [c.state_dict, c.inputs, c.args, c.kwargs, c.out, c.grads, c.grads_after], [c.dtype, c.args, c.kwargs]);
      if (why !== null) {
        unheld.add(`${family}: ${c.name}`, why);
        it.skip(c.name, () => {});
        continue;
      }
      if (known[c.name]) expectedToFail.add(`${family}: ${c.name}`, known[c.name]!);
      const test = known[c.name] ? it.fails : it;
      test(c.name, async () => {
        if (c.kind === 'module') await runModuleCase(`nn/${family}`, c);
        else if (c.kind === 'error') runErrorCase(c);
        else if (c.kind === 'function') await runFunctionCase(`nn/${family}`, c);
        else if (c.kind === 'loss') await runLossCase(c);
        else if (c.kind === 'clip_grad') await runClipCase(c);
        else if (c.kind === 'train_steps') await runTrainStepsCase(`nn/${family}`, c);
        else if (c.kind === 'function_error') runFunctionErrorCase(c);
        else throw new Error(`unknown case kind ${String(c.kind)}`);
      });
    }
  });
}

// Module gradients (the case name with ' gradients' in the tables of known-failures.ts).
for (const family of ['layers', 'rnn', 'calls', 'activations', ...FAMILIES]) {
  const file = `nn/${family}.msgpack`;
  const known = knownFailures(file);
  describe(`${family} gradients`, () => {
    for (const c of loadFixture(file).cases) {
      if ((c.kind !== 'module' && c.kind !== 'function') || !c.grads) continue;
      const name = `${c.name} gradients`;
      const why = unheldReason(device, [c.state_dict, c.inputs, c.args, c.kwargs, c.grads, c.grad_outputs], [c.dtype]);
      if (why !== null) {
        unheld.add(`${family}: ${name}`, why);
        it.skip(name, () => {});
        continue;
      }
      if (known[name]) expectedToFail.add(`${family}: ${name}`, known[name]!);
      (known[name] ? it.fails : it)(name, () => runGradients(`nn/${family}`, c));
    }
  });
}

afterAll(() => console.log([`nn fixtures on '${device.name}':`, ...unheld.lines(), ...expectedToFail.lines()].join('\n')));
