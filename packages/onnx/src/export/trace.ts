// Tracing a forward through the op table's recorder: every op call becomes a Call on numbered
// values (a new value per result, so in-place ops and views stay in order), and composite ops
// the exporter maps whole (the RNNs) are recorded as one call with their inner ops unseen.
import { type Attrs, type OpResult, type Recorder, type Tensor, getRecorder, setRecorder } from '@wick/tensor';

/** 'untraced': a tensor the trace did not see made that shares memory with one it did, in another layout. */
export type ValueKind = 'input' | 'param' | 'const' | 'op' | 'untraced';

export interface Value {
  readonly id: number;
  readonly tensor: Tensor;
  readonly kind: ValueKind;
  /** The state_dict key of a parameter or buffer. */
  readonly key?: string;
}

export interface Call {
  readonly op: string;
  readonly inputs: readonly number[];
  readonly attrs: Attrs;
  readonly outputs: readonly number[];
}

export class Trace implements Recorder {
  readonly values: Value[] = [];
  readonly calls: Call[] = [];
  private readonly current = new Map<Tensor, number>();
  /** The traced values on each storage, to recognise tensors that share them (detach). */
  private readonly byStorage = new Map<object, number[]>();

  /** `whole(op, attrs)`: whether a composite op is recorded as one call. */
  constructor(private readonly whole: (op: string, attrs: Attrs) => boolean) {}

  add(tensor: Tensor, kind: ValueKind, key?: string): number {
    const id = this.values.length;
    this.values.push(key === undefined ? { id, tensor, kind } : { id, tensor, kind, key });
    this.current.set(tensor, id);
    if (kind !== 'const') this.byStorage.set(tensor.storage, [...(this.byStorage.get(tensor.storage) ?? []), id]);
    return id;
  }

  /**
   * The value a tensor holds now. One the trace has not seen is a constant made inside forward,
   * unless it shares a traced value's memory: in the same layout (detach) it is that value.
   */
  valueOf(t: Tensor): number {
    const known = this.current.get(t);
    if (known !== undefined) return known;
    const sharing = this.byStorage.get(t.storage) ?? [];
    const same = sharing.find((id) => sameLayout(this.values[id]!.tensor, t));
    if (same !== undefined) {
      this.current.set(t, same);
      return same;
    }
    return this.add(t, sharing.length > 0 ? 'untraced' : 'const');
  }

  record(op: string, inputs: readonly Tensor[], attrs: Attrs, result: OpResult): void {
    const ins = inputs.map((t) => this.valueOf(t));
    const outs = (Array.isArray(result) ? result : [result]).map((t) => this.add(t, 'op'));
    this.calls.push({ op, inputs: ins, attrs, outputs: outs });
  }

  /** Every composite decomposes into recorded ops (a fused kernel would hide them). */
  wouldRecord(): boolean {
    return true;
  }

  composite(op: string, inputs: readonly Tensor[], attrs: Attrs, run: () => OpResult): OpResult {
    if (!this.whole(op, attrs)) return run();
    const result = unrecorded(run);
    this.record(op, inputs, attrs, result);
    return result;
  }
}

function sameLayout(a: Tensor, b: Tensor): boolean {
  const same = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((d, i) => d === y[i]);
  return a.offset === b.offset && a.dtype === b.dtype && same(a.shape, b.shape) && same(a.strides, b.strides);
}

/** Runs f with no recorder (a composite recorded whole; the second trace's inputs). */
export function unrecorded<T>(f: () => T): T {
  const saved = getRecorder();
  setRecorder(null);
  try {
    return f();
  } finally {
    setRecorder(saved);
  }
}

/** Runs f with `trace` as the op table's recorder, and puts the previous recorder back (autograd's). */
export function tracing<T>(trace: Trace, f: () => T): T {
  const saved = getRecorder();
  setRecorder(trace);
  try {
    return f();
  } finally {
    setRecorder(saved);
  }
}
