// What an ONNX operator is to the interpreter: the attributes it knows (any other is refused
// before anything runs) and how it runs one node through wick's ops.
import { type Tensor, hostValues } from '@wick/tensor';
import { OnnxError } from '../../errors.js';
import type { Attributes } from '../attributes.js';

export interface NodeRun {
  /** The node's inputs in order; an omitted optional input ('' in the file) is undefined. */
  inputs: readonly (Tensor | undefined)[];
  attrs: Attributes;
  /** The opset version of the node's domain. */
  opset: number;
  /** How many outputs the node names (trailing optional outputs may be left off). */
  outputs: number;
  /** "node 'name' (OpType)", for errors. */
  label: string;
}

export interface Operator {
  attributes: readonly string[];
  run(node: NodeRun): Tensor | readonly (Tensor | undefined)[];
}

export function op(attributes: readonly string[], run: Operator['run']): Operator {
  return { attributes, run };
}

/** Input i, which the operator needs. */
export function need(node: NodeRun, i: number, what: string): Tensor {
  const t = node.inputs[i];
  if (t === undefined) throw new OnnxError(`${node.label}: input ${i} (${what}) is required but missing`);
  return t;
}

/**
 * The values of a shape-like input (Reshape's shape, Slice's starts, Unsqueeze's axes) as
 * numbers. NOTE: these are read on the host, unlike data: in exported graphs they are constants
 * or come from Shape, so they are small CPU tensors whose values follow from shapes alone.
 */
export function intsOf(t: Tensor): number[] {
  return Array.from(hostValues(t, 'ONNX shape input'), Number);
}

/** One host number from a one-element tensor (a Range bound, a ConstantOfShape value). */
export function scalarOf(t: Tensor): number {
  return Number(hostValues(t, 'ONNX scalar input')[0]);
}

/** An axis in [-rank, rank) as a non-negative one, or a named error. */
export function axisOf(node: NodeRun, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) throw new OnnxError(`${node.label}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** The output count must be one of `allowed`: optional outputs wick does not compute are errors. */
export function outputsAtMost(node: NodeRun, most: number, what: string): void {
  if (node.outputs > most) throw new OnnxError(`${node.label}: its optional output(s) ${what} are not supported by wick`);
}

/**
 * The tensors on one device: where data is on a device and an operand on the CPU (a value the
 * graph computed from shapes or constants, which stay on the host), the CPU operand is moved
 * there. Moving to a device writes; nothing reads a device tensor's values.
 */
export function onOneDevice(tensors: readonly Tensor[]): Tensor[] {
  const device = tensors.find((t) => t.device !== 'cpu')?.device;
  return device === undefined ? [...tensors] : tensors.map((t) => (t.device === device ? t : t.to(device)));
}
