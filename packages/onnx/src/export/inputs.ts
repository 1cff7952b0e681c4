// The forward's arguments: tensors, or (nested) lists of them as PyTorch's exporter takes them
// (an LSTM's (h0, c0)), flattened in order to the graph's inputs; and the same arguments with
// each dynamic axis at another size, for the second trace.
import { Tensor, cat } from '@wick/tensor';
import { OnnxError } from '../errors.js';

export type Arg = Tensor | readonly Arg[];

export const isTensor = (v: unknown): v is Tensor => v instanceof Tensor;

export function forwardArgs(args: unknown): Arg[] {
  const list = isTensor(args) ? [args] : Array.isArray(args) ? args : null;
  if (list === null) throw new OnnxError(`torch.onnx.export: args must be a Tensor or a list of them (the forward's arguments), got ${describe(args)}`);
  const check = (a: unknown): void => {
    if (Array.isArray(a)) a.forEach(check);
    else if (!isTensor(a)) throw new OnnxError(`torch.onnx.export: every argument of forward must be a Tensor (or a list of them), got ${describe(a)}`);
  };
  list.forEach(check);
  return list as Arg[];
}

function describe(v: unknown): string {
  return v === null ? 'None' : Array.isArray(v) ? 'a list' : typeof v;
}

export function flatten(args: readonly Arg[]): Tensor[] {
  return args.flatMap((a) => (isTensor(a) ? [a] : flatten(a as readonly Arg[])));
}

/** The arguments with the tensors replaced in order by `next`'s. */
export function rebuild(args: readonly Arg[], next: () => Tensor): Arg[] {
  return args.map((a) => (isTensor(a) ? next() : rebuild(a as readonly Arg[], next)));
}

/**
 * `t` with each of its dynamic axes grown by the step of its dim name (distinct per name, so that
 * two names never share sizes by chance), repeating its own entries (valid indices stay valid).
 */
export function grown(t: Tensor, axes: ReadonlyMap<number, string>, step: (dim: string) => number): Tensor {
  let out = t;
  for (const [axis, dim] of axes) {
    const size = out.shape[axis]!;
    if (size === 0) throw new OnnxError(`torch.onnx.export: a dynamic axis (${dim}) has size 0 in the example input`);
    const target = size + step(dim);
    out = cat(new Array<Tensor>(Math.ceil(target / size)).fill(out), axis).narrow(axis, 0, target).contiguous();
  }
  return out;
}
