import { DeviceError, type Tensor, isFloating } from '@wick/tensor';
import type { Ctx, Derivative, Formula } from './derivatives/index.js';
import { sumTo } from './derivatives/helpers.js';
import { AutogradError } from './errors.js';
import { type Edge, Node, type SavedTensor, type TensorInfo, zerosFor } from './node.js';

/** The backward node of one recorded op: its derivative row, attrs and saved tensors. */
export class OpNode extends Node {
  constructor(
    private readonly nodeName: string,
    private readonly row: Derivative,
    private readonly attrs: object,
    next: Edge[],
    outputs: readonly TensorInfo[],
    private readonly inputs: readonly TensorInfo[],
    /** Which inputs get a gradient (an input with no edge may still be wanted inside CopySlices). */
    private readonly needs: readonly boolean[],
    readonly saved: Map<string, SavedTensor>,
  ) {
    super(next, outputs);
  }

  name(): string {
    return this.nodeName;
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const full = this.outputs.map((o, i) => grads[i] ?? zerosFor(o));
    const saved = (name: string): Tensor => {
      const s = this.saved.get(name);
      if (!s) throw new Error(`internal: ${this.nodeName} reads '${name}', which its derivative row does not save`);
      return s.unpack();
    };
    const ctx: Ctx<object> = {
      grad: full[0]!,
      grads: full,
      attrs: this.attrs,
      get self() { return saved('self'); },
      get other() { return saved('other'); },
      get result() { return saved('result'); },
      saved,
      savedList: (name) => {
        const list: Tensor[] = [];
        for (let j = 0; this.saved.has(`${name}.${j}`); j++) list.push(saved(`${name}.${j}`));
        return list;
      },
      inputs: this.inputs,
      needs: this.needs,
    };
    return this.inputs.map((input, i) => {
      if (!this.needs[i]) return null;
      const each = this.row.each;
      const f: Formula<object> | undefined = each ? (c) => each(c, i) : this.row.grads[this.row.args[i]!];
      if (!f) return null;
      return fit(f(ctx), input, this.nodeName, i);
    });
  }

  override release(): void {
    for (const s of this.saved.values()) s.release();
  }
}

/**
 * A formula's gradient made to match its input: broadcast dims summed away (once, here, for
 * every formula) and converted to the input's dtype (PyTorch's validate_outputs).
 */
export function fit(g: Tensor, input: TensorInfo, node: string, index: number): Tensor {
  let r = g;
  if (r.shape.join() !== input.shape.join()) r = sumTo(r, input.shape);
  if (r.shape.join() !== input.shape.join()) {
    throw new AutogradError(
      `Function ${node} returned an invalid gradient at index ${index} - got [${r.shape.join(', ')}] but expected shape compatible with [${input.shape.join(', ')}]`,
    );
  }
  if (r.dtype !== input.dtype && isFloating(input.dtype)) r = r.to(input.dtype);
  if (r.device !== input.device) r = toInputDevice(r, input, node, index);
  return r;
}

/**
 * A gradient moved to its input's device (PyTorch's validate_outputs moves it). NOTE: moving a
 * device gradient to the CPU means reading device memory, which is asynchronous here: a CPU
 * tensor that takes part in a device op (a 0-dim CPU tensor used as a scalar) cannot get its
 * gradient synchronously, so that is refused with a DeviceError rather than read.
 */
function toInputDevice(g: Tensor, input: TensorInfo, node: string, index: number): Tensor {
  if (input.device === 'cpu') {
    throw new DeviceError(
      `Function ${node} computed the gradient at index ${index} on '${g.device}' for an input on 'cpu': reading it back is asynchronous, `
      + 'so a CPU tensor that requires grad cannot take part in a device op; move it to the device first',
    );
  }
  return g.to(input.device);
}
