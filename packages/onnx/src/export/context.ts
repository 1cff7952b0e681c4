// What an op mapping sees of one traced call: its inputs as ONNX value names (cast or made
// constant as needed), the traced tensors and attributes, the same call in the second trace
// (whose dynamic axes had other sizes), and the graph to add nodes to.
import type { Attrs, DType, Tensor } from '@wick/tensor';
import { ONNX_DATA_TYPE } from '../dtypes.js';
import { OnnxError } from '../errors.js';
import type { Graph } from './graph.js';
import type { Call } from './trace.js';

export interface MapContext {
  readonly g: Graph;
  readonly opset: number;
  readonly call: Call;
  /** The call's attributes in the first trace, and in the second (equal when no axis is dynamic). */
  readonly attrs: Attrs;
  readonly attrs2: Attrs;
  /** Input i's traced tensor, and its shape in the second trace. */
  t(i: number): Tensor;
  shape2(i: number): readonly number[];
  /** Output k's traced tensor. */
  out(k: number): Tensor;
  /** Input i's ONNX name, Cast to `dtype` when given and different (a constant is written in it). */
  x(i: number, dtype?: DType): string;
  /** Whether input i is a constant made inside forward, and (when so) whether all of it is zero. */
  isConstant(i: number): boolean;
  isZeros(i: number): boolean;
  /**
   * A 1-D int64 value of these sizes: a constant, with each size that differs between the traces
   * (a dynamic axis's) read from the Shape of a value that has it; `minusOne` puts -1 for one
   * dynamic size that no value has (Reshape infers it).
   */
  sizes(sizes1: readonly number[], sizes2: readonly number[], minusOne?: boolean): string;
  /** An error naming this op. */
  fail(why: string): never;
}

/** An op's ONNX form: the names of its outputs (an input's name when the op is an alias). */
export type Mapper = (c: MapContext) => string[];

export function castTo(g: Graph, name: string, from: DType, to: DType): string {
  if (from === to) return name;
  const onnxType = ONNX_DATA_TYPE[to];
  if (onnxType === undefined) throw new OnnxError(`torch.onnx.export: ONNX has no ${to} element type`);
  return g.op('Cast', [name], { to: onnxType });
}

/** A dim index made non-negative against a rank (PyTorch's wrap_dim). */
export function wrapDim(dim: number, rank: number): number {
  return dim < 0 ? dim + rank : dim;
}
