import type { Device } from '../storage.js';
import type { Tensor } from '../tensor.js';
import { checkDTypeSupport } from './dtype-support.js';
import { sameDevice } from './device-check.js';
import { checkInplaceOverlap } from './overlap.js';

/**
 * The op table: every tensor operation is one entry, found by name. Tensor methods and torch.*
 * functions call entries through `call`/`callInplace`, which is where a recorder (autograd) sees
 * every op. The backend-facing rows (UnaryOp, BinaryOp) carry the CPU formula once.
 */

/** How an elementwise op chooses its compute and result dtypes from the promoted input dtype. */
export type DTypeRule =
  | 'same' // result = promoted inputs (add, neg, maximum)
  | 'float' // integer inputs compute in the default float dtype (exp, sigmoid, true division)
  | 'bool'; // computes in the promoted dtype, returns bool (comparisons)

export interface UnaryOp {
  readonly name: string;
  readonly dtype: DTypeRule;
  /** The formula on JS numbers (float dtypes, and integers when no integer form is given). */
  readonly f: (x: number) => number | boolean;
  /** The formula for float32 where rounding intermediates to float32 is what PyTorch does. */
  readonly f32?: (x: number) => number | boolean;
  /** The formula on int64 elements, when `f` does not work on bigint. */
  readonly i64?: (x: bigint) => bigint | boolean;
  /** Refuse bool input (PyTorch: "Negation, the `-` operator, on a bool tensor is not supported"). */
  readonly noBool?: string;
  /** Refuse integer input for ops that PyTorch only defines on floats when used in place. */
  readonly intResultCast?: boolean;
}

export interface BinaryOp {
  readonly name: string;
  readonly dtype: DTypeRule;
  readonly f: (a: number, b: number) => number | boolean;
  /** The formula on int32 and narrower integers when `f` is not exact there (Math.imul for mul). */
  readonly int?: (a: number, b: number) => number;
  readonly i64?: (a: bigint, b: bigint) => bigint | boolean;
}

export type ReduceOp = 'sum' | 'prod' | 'mean' | 'max' | 'min' | 'argmax' | 'argmin' | 'var' | 'std' | 'logsumexp' | 'all' | 'any';

export type Attrs = object;
export type OpResult = Tensor | Tensor[];

export interface OpEntry<A extends Attrs = Attrs> {
  readonly name: string;
  /** Validates, computes the result, and writes into `out` when given (in-place forms). */
  run(inputs: readonly Tensor[], attrs: A, out?: Tensor): OpResult;
  /**
   * Checks that PyTorch makes before its in-place memory-overlap check (its meta function's
   * checks, for ops outside TensorIterator); run before `run` in both forms.
   */
  check?(inputs: readonly Tensor[], attrs: A): void;
  /** Not recorded itself: its gradients come from the ops it runs (defineComposite). */
  readonly implicit?: boolean;
  readonly devices?: 'same' | 'own';
}

export interface OpOptions<A extends Attrs> {
  check?: OpEntry<A>['check'];
  /**
   * Which inputs must share one device: 'same' (the default) all of them, as PyTorch's generated
   * wrappers check; 'own' none here, for ops that check devices themselves (copy_ copies across
   * devices, advanced indexing reads CPU index tensors on the host).
   */
  devices?: 'same' | 'own';
}

/** Sees every op call. The autograd layer installs one to build the graph. */
export interface Recorder {
  /** Called before an in-place op writes, so values it will overwrite can still be saved or refused. */
  beforeInplace?(op: string, inputs: readonly Tensor[], attrs: Attrs): void;
  record(op: string, inputs: readonly Tensor[], attrs: Attrs, result: OpResult, inplace: boolean): void;
  /**
   * After an in-place view op (t_, squeeze_, as_strided_, ...): `self` now shows what `view` (the
   * op's out-of-place result, already recorded) shows, and takes over its history.
   */
  adoptView?(self: Tensor, view: Tensor): void;
  /** Whether an op on these inputs would be recorded now (grad mode on and an input requires grad). */
  wouldRecord?(inputs: readonly Tensor[]): boolean;
  /**
   * Sees a composite op (one not recorded itself) whole: `run` computes it, recording the ops it
   * runs as usual. An exporter that maps the op as one unit runs it with no recorder and records
   * the op itself; without this method the composite's ops are recorded one by one.
   */
  composite?(op: string, inputs: readonly Tensor[], attrs: Attrs, run: () => OpResult): OpResult;
}

const table = new Map<string, OpEntry>();

let recorder: Recorder | null = null;

export function setRecorder(r: Recorder | null): void {
  recorder = r;
}

/** The recorder in place now, so that one installed for a while (an exporter's) can put it back. */
export function getRecorder(): Recorder | null {
  return recorder;
}

export function getOp(name: string): OpEntry | undefined {
  return table.get(name);
}

export function opNames(): string[] {
  return [...table.keys()];
}

export class Op<A extends Attrs> {
  constructor(private readonly entry: OpEntry<A>) {}

  get name(): string {
    return this.entry.name;
  }

  /**
   * Every input on one device, unless the op checks devices itself. Python scalars and 0-dim CPU
   * tensors that PyTorch accepts beside device tensors (TensorIterator's CPU scalars) are moved
   * to the op's device before the op is called (ops/elementwise.ts), so an op sees one device.
   */
  private checkDevices(inputs: readonly Tensor[]): void {
    if (this.entry.devices !== 'own' && inputs.length > 1) sameDevice(inputs);
  }

  call(inputs: readonly Tensor[], attrs: A): Tensor {
    return this.callMulti(inputs, attrs) as Tensor;
  }

  callMulti(inputs: readonly Tensor[], attrs: A): OpResult {
    this.checkDevices(inputs);
    checkDTypeSupport(this.entry.name, inputs);
    this.entry.check?.(inputs, attrs);
    if (this.entry.implicit === true) {
      const run = () => this.entry.run(inputs, attrs);
      return recorder?.composite !== undefined ? recorder.composite(this.entry.name, inputs, attrs, run) : run();
    }
    const result = this.entry.run(inputs, attrs);
    recorder?.record(this.entry.name, inputs, attrs, result, false);
    return result;
  }

  /**
   * The in-place form: writes into self (inputs[0]) and bumps its version counter. Nothing is
   * written when self's memory overlaps itself or an input the way PyTorch refuses (ops/overlap.ts).
   */
  callInplace(inputs: readonly Tensor[], attrs: A): Tensor {
    const self = inputs[0]!;
    // PyTorch's order: autograd's in-place checks, the op's own checks, then the overlap check.
    recorder?.beforeInplace?.(this.entry.name, inputs, attrs);
    this.checkDevices(inputs);
    checkDTypeSupport(this.entry.name, inputs);
    this.entry.check?.(inputs, attrs);
    checkInplaceOverlap(this.entry.name, inputs);
    this.entry.run(inputs, attrs, self);
    self.storage.version++;
    recorder?.record(this.entry.name, inputs, attrs, self, true);
    return self;
  }

  /**
   * An in-place view op (t_, squeeze_, as_strided_, ...): self becomes the op's view of itself.
   * The out-of-place view is computed and recorded as usual; then self takes its geometry
   * (`become`) and its history. No element is written, so there is no overlap to check.
   */
  callInplaceView(self: Tensor, attrs: A, become: (self: Tensor, view: Tensor) => void): Tensor {
    recorder?.beforeInplace?.(this.entry.name, [self], attrs);
    const view = this.call([self], attrs);
    become(self, view);
    self.storage.version++;
    recorder?.adoptView?.(self, view);
    return self;
  }
}

/** One op's kernel for one device: the op's result from inputs its entry has already checked. */
export type Kernel<A extends Attrs = Attrs> = (inputs: readonly Tensor[], attrs: A) => OpResult;

export interface CompositeOptions<A extends Attrs> extends OpOptions<A> {
  /**
   * The op written with other ops. It runs on a device with no kernel registered for the op, and
   * it is the reference a kernel is tested against (`runComposite`).
   */
  composite: Kernel<A>;
  /**
   * 'own': the op has a row in autograd's derivative table, so the op is recorded as one node and
   * the ops of its composite are not (PyTorch's ops with a derivatives.yaml entry, such as
   * _thnn_fused_gru_cell). 'composite': the op has no row; gradients flow through the ops its
   * composite records (PyTorch's CompositeImplicitAutograd, such as gru), and only a kernel, when
   * one runs, must be paired with grad mode off or inputs that need no gradient.
   */
  derivative: 'own' | 'composite';
}

const composites = new Map<string, CompositeOptions<Attrs>>();
const kernels = new Map<string, Map<Device, Kernel>>();

/**
 * Registers `kernel` as op `name`'s implementation on `device` (a backend's fused kernel). The op
 * must have been defined with `defineComposite`; a second kernel for the same device replaces the first.
 */
export function registerKernel<A extends Attrs>(name: string, device: Device, kernel: Kernel<A>): void {
  if (!composites.has(name)) throw new Error(`registerKernel: ${name} is not an op defined with a composite`);
  let byDevice = kernels.get(name);
  if (byDevice === undefined) kernels.set(name, (byDevice = new Map()));
  byDevice.set(device, kernel as Kernel);
}

/** Removes op `name`'s kernel on `device`, so that its composite runs there (tests of both paths). */
export function unregisterKernel(name: string, device: Device): void {
  kernels.get(name)?.delete(device);
}

/** The kernel registered for op `name` on `device`, if any. */
export function kernelFor(name: string, device: Device): Kernel | undefined {
  return kernels.get(name)?.get(device);
}

/** Runs op `name`'s composite on already-checked inputs, whatever kernels are registered. */
export function runComposite(name: string, inputs: readonly Tensor[], attrs: Attrs): OpResult {
  const c = composites.get(name);
  if (c === undefined) throw new Error(`runComposite: ${name} has no composite`);
  return c.derivative === 'own' ? unrecorded(() => c.composite(inputs, attrs)) : c.composite(inputs, attrs);
}

/** Whether autograd would record an op on these inputs now (a kernel may then skip what only backward needs). */
export function wouldRecord(inputs: readonly Tensor[]): boolean {
  return recorder?.wouldRecord?.(inputs) ?? false;
}

/** Runs f with no recorder: the ops inside are not seen by autograd (an op recorded as one node). */
function unrecorded<T>(f: () => T): T {
  const saved = recorder;
  recorder = null;
  try {
    return f();
  } finally {
    recorder = saved;
  }
}

/**
 * An op with a composite and, per device, an optional kernel (how PyTorch's native functions and
 * ONNX Runtime's execution providers work): the kernel registered for the first input's device
 * runs when there is one, and the composite otherwise. An op whose derivative comes from its
 * composite is not itself recorded: the ops its composite runs are.
 */
export function defineComposite<A extends Attrs>(name: string, options: CompositeOptions<A>): Op<A> {
  const { composite, derivative, ...rest } = options;
  composites.set(name, options as unknown as CompositeOptions<Attrs>);
  const run = (inputs: readonly Tensor[], attrs: A): OpResult => {
    const kernel = inputs.length > 0 ? kernelFor(name, inputs[0]!.device) : undefined;
    // A kernel records nothing, so an op differentiated through its composite runs the composite
    // whenever autograd would record.
    const recording = derivative === 'composite' && (recorder?.wouldRecord?.(inputs) ?? false);
    if (kernel !== undefined && !recording) return kernel(inputs, attrs);
    return derivative === 'own' ? unrecorded(() => composite(inputs, attrs)) : composite(inputs, attrs);
  };
  if (derivative === 'own') return defineOp(name, run, rest);
  // Not recorded as one node: callMulti's record call must not see it.
  if (table.has(name)) throw new Error(`op ${name} is defined twice`);
  const entry: OpEntry<A> = { name, run, ...rest, implicit: true };
  table.set(name, entry as OpEntry);
  return new Op(entry);
}

export function defineOp<A extends Attrs>(name: string, run: OpEntry<A>['run'], options: OpOptions<A> = {}): Op<A> {
  if (table.has(name)) throw new Error(`op ${name} is defined twice`);
  const entry: OpEntry<A> = { name, run, ...options };
  table.set(name, entry);
  return new Op(entry);
}
