// Lowering a trace to an ONNX graph: the calls that reach an output are mapped in order, each
// through its op's mapping; values the trace did not make (constants made inside forward) become
// initializers, and sizes of dynamic axes are read from Shape rather than written as numbers.
import type { DType, Tensor } from '@wick/tensor';
import { OnnxError } from '../errors.js';
import { type MapContext, castTo } from './context.js';
import type { Graph } from './graph.js';
import { MAPPERS } from './ops/index.js';
import type { Call, Trace } from './trace.js';

interface Known {
  name: string;
  shape1: readonly number[];
  shape2: readonly number[];
}

/** The calls that an output depends on, in trace order. */
export function liveCalls(trace: Trace, outputs: readonly number[]): number[] {
  const producer = new Map<number, number>();
  trace.calls.forEach((c, k) => c.outputs.forEach((v) => producer.set(v, k)));
  const live = new Set<number>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const k = producer.get(stack.pop()!);
    if (k === undefined || live.has(k)) continue;
    live.add(k);
    stack.push(...trace.calls[k]!.inputs);
  }
  return [...live].sort((a, b) => a - b);
}

/** Every op with no mapping among the live calls, once each, in trace order. */
export function unmappedOps(trace: Trace, live: readonly number[]): string[] {
  return [...new Set(live.map((k) => trace.calls[k]!.op).filter((op) => MAPPERS[op] === undefined))];
}

export class Lowering {
  /** Each value's ONNX name, once it has one. */
  readonly names = new Map<number, string>();
  /** Values whose shape differs between the traces (they carry dynamic sizes). */
  private readonly known: Known[] = [];
  private readonly sizeCache = new Map<string, string>();
  /** The initializer of each constant made inside forward, per dtype it is read in. */
  private readonly constNames = new Map<string, string>();

  constructor(
    private readonly g: Graph,
    private readonly trace: Trace,
    private readonly trace2: Trace,
  ) {}

  /** Names a value (a graph input or an initializer), with its shape in both traces. */
  name(id: number, name: string, shape2: readonly number[]): void {
    this.names.set(id, name);
    this.remember(name, this.trace.values[id]!.tensor.shape, shape2);
  }

  private remember(name: string, shape1: readonly number[], shape2: readonly number[]): void {
    if (shape1.some((d, i) => d !== shape2[i])) this.known.push({ name, shape1, shape2 });
  }

  /** Maps call k; its outputs get their names. */
  lower(k: number): void {
    const call = this.trace.calls[k]!;
    const call2 = this.trace2.calls[k]!;
    const outputs = MAPPERS[call.op]!(this.context(call, call2));
    call.outputs.forEach((v, j) => {
      this.names.set(v, outputs[j]!);
      this.remember(outputs[j]!, this.trace.values[v]!.tensor.shape, this.trace2.values[call2.outputs[j]!]!.tensor.shape);
    });
  }

  private context(call: Call, call2: Call): MapContext {
    const { g, trace } = this;
    const t = (i: number): Tensor => trace.values[call.inputs[i]!]!.tensor;
    const shape2 = (i: number): readonly number[] => this.trace2.values[call2.inputs[i]!]!.tensor.shape;
    const fail = (why: string): never => {
      throw new OnnxError(`torch.onnx.export: cannot export ${call.op}: ${why}`);
    };
    const isConstant = (i: number) => trace.values[call.inputs[i]!]!.kind === 'const';
    const ctx: MapContext = {
      g, opset: g.opset, call, attrs: call.attrs, attrs2: call2.attrs,
      t, shape2,
      out: (k) => trace.values[call.outputs[k]!]!.tensor,
      x: (i, dtype) => this.input(call, i, shape2(i), dtype, fail),
      isConstant,
      isZeros: (i) => isConstant(i) && t(i).eq(0).all().item() === true,
      sizes: (s1, s2, minusOne = false) => this.sizes(s1, s2, minusOne, fail),
      fail,
    };
    return ctx;
  }

  private input(call: Call, i: number, shape2: readonly number[], dtype: DType | undefined, fail: (why: string) => never): string {
    const id = call.inputs[i]!;
    const v = this.trace.values[id]!;
    if (v.kind === 'untraced') fail('an input shares memory with a traced tensor but was made outside the op table, so its link to the inputs is unknown');
    if (v.kind === 'const') {
      if (v.tensor.shape.some((d, j) => d !== shape2[j])) return this.filled(v.tensor, shape2, dtype ?? v.tensor.dtype, fail);
      const key = `${id}:${dtype ?? v.tensor.dtype}`;
      let name = this.constNames.get(key);
      if (name === undefined) {
        name = this.g.initializer(this.g.fresh('Constant').slice(1), v.tensor, dtype ?? v.tensor.dtype);
        this.constNames.set(key, name);
      }
      return name;
    }
    const name = this.names.get(id);
    if (name === undefined) throw new Error(`torch.onnx.export: value ${id} used before it was made`);
    return dtype === undefined ? name : castTo(this.g, name, v.tensor.dtype, dtype);
  }

  /**
   * A tensor made inside forward whose shape follows a dynamic axis (zeros_like, full): one value
   * expanded to the shape, read from Shape. Other values would bake in the traced size.
   */
  private filled(t: Tensor, shape2: readonly number[], dtype: DType, fail: (why: string) => never): string {
    const first = t.numel() > 0 ? t.flatten().select(0, 0) : null;
    if (first === null || !t.eq(first).all().item()) {
      fail(`a tensor made inside forward has the shape [${t.shape.join(', ')}], which follows the size of a dynamic axis, and its values differ; ONNX would keep the traced size`);
    }
    const value = this.g.initializer(this.g.fresh('Constant').slice(1), first!.reshape([]), dtype);
    return this.g.op('Expand', [value, this.sizes(t.shape, shape2, false, fail)]);
  }

  private sizes(s1: readonly number[], s2: readonly number[], minusOne: boolean, fail: (why: string) => never): string {
    const dynamic = s1.map((d, i) => d !== s2[i]);
    if (!dynamic.some(Boolean)) return this.g.ints(s1);
    // One dynamic size and -1 allowed: Reshape infers it (the plainest graph).
    if (minusOne && dynamic.filter(Boolean).length === 1 && !s1.includes(-1)) return this.g.ints(s1.map((d, i) => (dynamic[i] ? -1 : d)));
    const parts: string[] = [];
    let run: number[] = [];
    let inferred = s1.includes(-1);
    const flush = () => {
      if (run.length > 0) parts.push(this.g.ints(run));
      run = [];
    };
    s1.forEach((d, i) => {
      if (!dynamic[i]) return void run.push(d);
      const source = this.sizeOf(d, s2[i]!);
      if (source === null && minusOne && !inferred) {
        inferred = true;
        return void run.push(-1);
      }
      if (source === null) fail(`a size (${d} when traced) follows a dynamic axis but is no axis of any input or earlier value`);
      flush();
      parts.push(source);
    });
    flush();
    return parts.length === 1 ? parts[0]! : this.g.op('Concat', parts, { axis: 0 });
  }

  /** A [1] int64 value holding a dynamic size, from the Shape of a value with an axis of that size. */
  private sizeOf(d1: number, d2: number): string | null {
    const key = `${d1},${d2}`;
    const cached = this.sizeCache.get(key);
    if (cached !== undefined) return cached;
    for (const k of this.known) {
      const axis = k.shape1.findIndex((d, j) => d === d1 && k.shape2[j] === d2);
      if (axis < 0) continue;
      const name = this.g.opset >= 15
        ? this.g.op('Shape', [k.name], { start: axis, end: axis + 1 })
        : this.g.op('Gather', [this.g.op('Shape', [k.name]), this.g.ints([axis])], { axis: 0 });
      this.sizeCache.set(key, name);
      return name;
    }
    return null;
  }
}
